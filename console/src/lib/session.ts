/**
 * The signed-in API key, kept in sessionStorage: it lasts while the tab is open (a reload keeps
 * you signed in) and is gone when the tab closes. Never written to localStorage or a cookie.
 */
const KEY = 'docket.console.apiKey';

export function storedKey(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeKey(apiKey: string | null): void {
  try {
    if (apiKey) window.sessionStorage.setItem(KEY, apiKey);
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // Storage can be disabled; the key then lives only in memory until reload.
  }
}
