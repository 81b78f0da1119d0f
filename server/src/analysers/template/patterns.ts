/**
 * Compiling the patterns of a definition. Every pattern is JavaScript syntax compiled in Unicode
 * mode; a pattern may start with inline flags `(?i)`, `(?m)`, `(?s)` (what the invoice2data importer
 * writes for Python's global flags), which become RegExp flags.
 */

/** A pattern that does not compile; `path` says where in the definition it is. */
export class PatternError extends Error {
  readonly path: string;
  readonly pattern: string;
  constructor(path: string, pattern: string, reason: string) {
    super(`${path}: the regex ${JSON.stringify(pattern)} is invalid (${reason})`);
    this.name = 'PatternError';
    this.path = path;
    this.pattern = pattern;
  }
}

/** Compiles patterns once per definition; the cache is per instance (no module state). */
export class PatternCache {
  private readonly cache = new Map<string, RegExp>();

  /** `pattern` compiled with `u`, its leading inline flags, `extra` flags; throws {@link PatternError}. */
  get(pattern: string, extra = '', path = 'pattern'): RegExp {
    const key = `${extra}\u0000${pattern}`;
    let re = this.cache.get(key);
    if (!re) {
      re = compilePattern(pattern, extra, path);
      this.cache.set(key, re);
    }
    re.lastIndex = 0;
    return re;
  }
}

/** Compiles one pattern (see the module comment). */
export function compilePattern(pattern: string, extra = '', path = 'pattern'): RegExp {
  const inline = /^\(\?([ims]+)\)/.exec(pattern);
  const source = inline ? pattern.slice(inline[0].length) : pattern;
  const flags = [...new Set(`u${inline?.[1] ?? ''}${extra}`)].join('');
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new PatternError(path, pattern, (err as Error).message);
  }
}

/** The value a match stands for: its first participating capture group, else the whole match. */
export function matchValue(m: RegExpExecArray): { text: string; index: number } {
  for (let g = 1; g < m.length; g++) {
    const text = m[g];
    if (text !== undefined) {
      const index = m.indices?.[g]?.[0] ?? m.index + Math.max(0, m[0].indexOf(text));
      return { text, index };
    }
  }
  if (m.length > 1) return { text: '', index: m.index };
  return { text: m[0], index: m.index };
}

/** Every match of `re` in `text` (global search; empty matches advance by one). */
export function findAll(re: RegExp, text: string): RegExpExecArray[] {
  const global = re.global ? re : new RegExp(re.source, `${re.flags}g`);
  global.lastIndex = 0;
  const out: RegExpExecArray[] = [];
  for (let m = global.exec(text); m; m = global.exec(text)) {
    out.push(m);
    if (m[0] === '') global.lastIndex++;
  }
  return out;
}
