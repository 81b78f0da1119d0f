const SAFE_KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/**
 * Refuses a blob key that is not a plain relative path of safe segments: none may start with a
 * dot (no `.`, no `..`, and room for a backend's own dot-files beside the blobs), so no backend
 * ever turns a key into a path or object name outside its root.
 */
export function assertBlobKey(key: string): void {
  if (!SAFE_KEY.test(key)) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
}
