/** A webhook receiver on a random local port that records every request and answers as scripted. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  /** The body as utf-8 text. */
  body: string;
  /** The body's bytes exactly as received. */
  raw: Buffer;
  at: number;
}

/** Decides the answer to the n-th request (0-based): a status, or 'hang' to never answer. */
export type Script = (
  n: number,
  request: ReceivedRequest,
) => number | 'hang' | { status: number; headers: Record<string, string> };

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(script: Script = () => 200): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const request = { headers: req.headers, body: raw.toString('utf8'), raw, at: Date.now() };
      const answer = script(requests.length, request);
      requests.push(request);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      const { status, headers } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end(status < 300 ? 'OK' : `status ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
