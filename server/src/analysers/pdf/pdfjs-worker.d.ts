// pdfjs-dist ships no types for its worker module; Docket uses one static method of it.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  /** The worker side of pdfjs: opens documents and answers the API's requests over a port. */
  export const WorkerMessageHandler: {
    /** Listens on `port` as the worker (handler names "worker" → "main") and posts "ready". */
    initializeFromPort(port: {
      postMessage(data: unknown, transfer?: Transferable[]): void;
      addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
    }): void;
  };
}
