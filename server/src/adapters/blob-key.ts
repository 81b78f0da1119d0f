const SAFE_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * Refuses a blob key that is not a plain relative path of safe segments (no `.` or `..`), so no
 * backend ever turns a key into a path or object name outside its root.
 */
export function assertBlobKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  }
}
