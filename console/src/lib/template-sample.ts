/**
 * The live preview's sample, remembered for the tab (sessionStorage) so it survives saving and
 * reloads, and forgotten at sign-out: it is a record of the application signed in.
 */
const KEY = 'docket.console.templateSample';

/** A record uploaded as the preview's sample. */
export interface TemplateSample {
  id: string;
  name: string;
  mimeType: string;
}

export function rememberedSample(): TemplateSample | null {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as TemplateSample) : null;
  } catch {
    return null;
  }
}

/** Remembers a sample, or with `null` forgets it. */
export function rememberSample(sample: TemplateSample | null): void {
  try {
    if (sample) window.sessionStorage.setItem(KEY, JSON.stringify(sample));
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // Storage can be disabled: the sample is then forgotten on reload.
  }
}
