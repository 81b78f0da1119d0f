/**
 * What the SDK needs from the runtime, found without importing anything Node-specific: Web Crypto
 * (global in Node 19+, browsers and edge runtimes; `node:crypto` on Node 18) and base64.
 */

/** Web Crypto: global in Node 19+, browsers and edge runtimes; Node 18 keeps it in `node:crypto`. */
export const webCrypto: WebCrypto =
  globalThis.crypto ?? ((await import('node:crypto')).webcrypto as WebCrypto);

type WebCrypto = typeof globalThis.crypto;

/** Web Crypto's SubtleCrypto. */
export async function subtleCrypto(): Promise<WebCrypto['subtle']> {
  return webCrypto.subtle;
}

/** A random UUID (v4), for idempotency keys and request ids. */
export function randomId(): string {
  return webCrypto.randomUUID();
}

export function randomBytes(length: number): Uint8Array {
  return webCrypto.getRandomValues(new Uint8Array(length));
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function toBase64(bytes: Uint8Array): string {
  // Node's Buffer is many times faster than btoa over a binary string.
  const NodeBuffer = (globalThis as { Buffer?: typeof import('node:buffer').Buffer }).Buffer;
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Standard base64 to bytes; `null` when it is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/** Hex to bytes; `null` when it is not an even-length hex string. */
export function fromHex(text: string): Uint8Array | null {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
