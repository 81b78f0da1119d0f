/**
 * The server's own test support, reused: a real Docket on a random port with a fresh data
 * directory, PDFs made with pdfkit, and a recording webhook receiver. Tests only: the SDK itself
 * imports nothing of the server.
 */
export { api, eventually, startTestDocket, type TestDocket } from '../../server/test/support/docket.ts';
export { corruptPdf, textPdf, tinyPng } from '../../server/test/support/pdfs.ts';
export { type Receiver, startReceiver } from '../../server/test/support/receiver.ts';
