/** Node-only parts of the SDK: the `node:http` webhook receiver. */
export { nodeWebhook, rawBodyOf } from './handlers/node-http.ts';
