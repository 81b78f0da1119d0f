/**
 * Python `re` syntax → JavaScript RegExp, for invoice2data templates. Walks the pattern once,
 * rewriting what differs (named groups, inline and scoped flags, \A \Z, `{,n}`, Unicode \w \d \b,
 * identity escapes) and refusing what JavaScript cannot express (possessive quantifiers, atomic
 * groups, conditionals) with an error that names the construct.
 */

/** A pattern Python accepts but that cannot be translated; the message says what and where. */
export class RegexTranslationError extends Error {
  readonly pattern: string;
  constructor(pattern: string, detail: string) {
    super(`Cannot translate the regex ${JSON.stringify(pattern)}: ${detail}`);
    this.name = 'RegexTranslationError';
    this.pattern = pattern;
  }
}

/** A translated pattern: source and flags for `new RegExp`. */
export interface TranslatedRegex {
  source: string;
  flags: string;
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  a: boolean;
}

const WORD = '\\p{L}\\p{N}\\p{M}_';
const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const SIMPLE_ESCAPES = new Set('nrtfv0'.split(''));

/** Translates one Python pattern; throws {@link RegexTranslationError}. */
export function translatePythonRegex(pattern: string): TranslatedRegex {
  const global: Flags = { i: false, m: false, s: false, x: false, a: false };
  let rest = pattern;
  // Global inline flags: Python allows them only at the start (3.11+); several groups may follow.
  for (;;) {
    const m = /^\(\?([aiLmsux]+)\)/.exec(rest);
    if (!m) break;
    for (const f of m[1]!) if (f in global) global[f as keyof Flags] = true;
    rest = rest.slice(m[0].length);
  }
  const source = new Walker(pattern, rest, global).run();
  const flags = `u${global.i ? 'i' : ''}${global.m ? 'm' : ''}${global.s ? 's' : ''}`;
  try {
    new RegExp(source, flags);
  } catch (err) {
    throw new RegexTranslationError(
      pattern,
      `the result is not a valid JavaScript regex (${(err as Error).message})`,
    );
  }
  return { source, flags };
}

/** Compiles a Python pattern, adding `extraFlags` (e.g. `g`). */
export function compilePythonRegex(pattern: string, extraFlags = ''): RegExp {
  const { source, flags } = translatePythonRegex(pattern);
  return new RegExp(source, mergeFlags(flags, extraFlags));
}

/** Flags with duplicates removed. */
export function mergeFlags(a: string, b: string): string {
  return [...new Set(`${a}${b}`)].join('');
}

/** Python replacement syntax (`\1`, `\g<name>`, `\g<1>`) → JavaScript (`$1`, `$<name>`). */
export function translatePythonReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '$') out += '$$';
    else if (c === '\\' && i + 1 < replacement.length) {
      const n = replacement[i + 1]!;
      const g = /^g<(\w+)>/.exec(replacement.slice(i + 1));
      if (g) {
        out += /^\d+$/.test(g[1]!) ? `$${g[1]}` : `$<${g[1]}>`;
        i += g[0].length;
      } else if (/\d/.test(n)) {
        const d = /^\d{1,2}/.exec(replacement.slice(i + 1))![0];
        out += `$${d}`;
        i += d.length;
      } else if (n === 'n') {
        out += '\n';
        i++;
      } else if (n === 't') {
        out += '\t';
        i++;
      } else if (n === '\\') {
        out += '\\';
        i++;
      } else out += c;
    } else out += c;
  }
  return out;
}

class Walker {
  private i = 0;
  private out = '';
  /** Flags in force for each open group (scoped flags push a copy). */
  private readonly stack: Flags[];

  private readonly original: string;
  private readonly p: string;

  constructor(original: string, p: string, global: Flags) {
    this.original = original;
    this.p = p;
    this.stack = [global];
  }

  private get flags(): Flags {
    return this.stack.at(-1)!;
  }

  private fail(detail: string): never {
    throw new RegexTranslationError(this.original, detail);
  }

  run(): string {
    const { p } = this;
    const global = this.stack[0]!;
    while (this.i < p.length) {
      const c = p[this.i]!;
      if (this.flags.x && /\s/.test(c)) {
        this.i++;
        continue;
      }
      if (this.flags.x && c === '#') {
        while (this.i < p.length && p[this.i] !== '\n') this.i++;
        continue;
      }
      switch (c) {
        case '\\':
          this.out += this.escape(false);
          break;
        case '[':
          this.out += this.charClass();
          break;
        case '(':
          this.group();
          break;
        case ')':
          if (this.stack.length === 1) this.fail('unbalanced parenthesis');
          this.stack.pop();
          this.out += ')';
          this.i++;
          break;
        case '{':
          this.brace();
          break;
        case '}':
          this.out += '\\}';
          this.i++;
          break;
        case '*':
        case '+':
        case '?':
          this.out += c;
          this.i++;
          this.quantifierSuffix();
          break;
        case '.':
          this.out += this.flags.s && !global.s ? '[\\s\\S]' : !this.flags.s && global.s ? '[^\\n]' : '.';
          this.i++;
          break;
        case '^':
          this.out +=
            this.flags.m && !global.m ? '(?<![^\\n])' : !this.flags.m && global.m ? '(?<![\\s\\S])' : '^';
          this.i++;
          break;
        case '$':
          // Python's `$` also matches before a final newline; JavaScript's does not.
          this.out += this.flags.m ? (global.m ? '$' : '(?![^\\n])') : '(?=\\n?(?![\\s\\S]))';
          this.i++;
          break;
        default:
          this.out += this.literal(c);
          this.i++;
      }
    }
    if (this.stack.length > 1) this.fail('missing closing parenthesis');
    return this.out;
  }

  /** A literal character outside a class, case-expanded under a scoped `i`. */
  private literal(c: string): string {
    const global = this.stack[0]!;
    if (this.flags.i && !global.i && c.toLowerCase() !== c.toUpperCase()) {
      return `[${c.toLowerCase()}${c.toUpperCase()}]`;
    }
    if (!this.flags.i && global.i && c.toLowerCase() !== c.toUpperCase()) {
      this.fail('a scoped (?-i:…) inside a case-insensitive pattern is not supported');
    }
    return c;
  }

  /** After `*`, `+` or `?` as a quantifier: a lazy `?` is copied, a possessive `+` refused. */
  private quantifierSuffix(): void {
    const quantifier = this.out.at(-1);
    const next = this.p[this.i];
    if (next === '+') {
      this.fail(
        `possessive quantifier "${quantifier}+" is not supported in JavaScript; use a plain quantifier`,
      );
    }
    if (next === '?') {
      this.out += '?';
      this.i++;
    }
  }

  /** `{m,n}` quantifiers (Python allows `{,n}`); anything else is a literal brace. */
  private brace(): void {
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.p.slice(this.i));
    if (m && (m[1] !== '' || (m[2] === ',' && m[3] !== ''))) {
      this.out += m[2] ? `{${m[1] || '0'},${m[3]}}` : `{${m[1]}}`;
      this.i += m[0].length;
      const next = this.p[this.i];
      if (next === '+') this.fail(`possessive quantifier "${m[0]}+" is not supported in JavaScript`);
      if (next === '?') {
        this.out += '?';
        this.i++;
      }
      return;
    }
    this.out += '\\{';
    this.i++;
  }

  private group(): void {
    const rest = this.p.slice(this.i);
    const named = /^\(\?P<([^>]+)>/.exec(rest);
    if (named) {
      if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(named[1]!)) this.fail(`invalid group name "${named[1]}"`);
      this.out += `(?<${named[1]}>`;
      this.i += named[0].length;
      this.stack.push(this.flags);
      return;
    }
    const backref = /^\(\?P=(\w+)\)/.exec(rest);
    if (backref) {
      this.out += `\\k<${backref[1]}>`;
      this.i += backref[0].length;
      return;
    }
    if (rest.startsWith('(?#')) {
      const end = rest.indexOf(')');
      if (end < 0) this.fail('unterminated comment (?#');
      this.i += end + 1;
      return;
    }
    if (rest.startsWith('(?>')) this.fail('atomic groups (?>…) are not supported in JavaScript');
    if (rest.startsWith('(?(')) this.fail('conditional groups (?(id)yes|no) are not supported in JavaScript');
    const scoped = /^\(\?([aimsux]*)(?:-([imsx]+))?:/.exec(rest);
    if (scoped && (scoped[1] || scoped[2])) {
      const next = { ...this.flags };
      for (const f of scoped[1]!) if (f in next) next[f as keyof Flags] = true;
      for (const f of scoped[2] ?? '') next[f as keyof Flags] = false;
      this.stack.push(next);
      this.out += '(?:';
      this.i += scoped[0].length;
      return;
    }
    if (/^\(\?[aiLmsux]+\)/.test(rest))
      this.fail('inline flags are only allowed at the start of the pattern');
    const plain = /^\((\?:|\?=|\?!|\?<=|\?<!)?/.exec(rest)!;
    if (rest.startsWith('(?') && !plain[1]) this.fail(`unknown group syntax "${rest.slice(0, 4)}"`);
    this.out += plain[0];
    this.i += plain[0].length;
    this.stack.push(this.flags);
  }

  /** One escape at `this.i` (a backslash); `inClass` changes the meaning of \b and class shorthands. */
  private escape(inClass: boolean): string {
    const n = this.p[this.i + 1];
    if (n === undefined) this.fail('trailing backslash');
    this.i += 2;
    const unicode = !this.flags.a;
    switch (n) {
      case 'A':
        if (inClass) this.fail('\\A inside a character class');
        return '(?<![\\s\\S])';
      case 'Z':
        if (inClass) this.fail('\\Z inside a character class');
        return '(?![\\s\\S])';
      case 'w':
        return unicode ? (inClass ? WORD : `[${WORD}]`) : '\\w';
      case 'W':
        if (!unicode) return '\\W';
        return inClass ? '\\W' : `[^${WORD}]`;
      case 'd':
        return unicode ? '\\p{Nd}' : '\\d';
      case 'D':
        return unicode ? '\\P{Nd}' : '\\D';
      case 's':
      case 'S':
        return `\\${n}`;
      case 'b':
        if (inClass) return '\\x08';
        return unicode ? `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))` : '\\b';
      case 'B':
        if (inClass) this.fail('\\B inside a character class');
        return unicode ? `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))` : '\\B';
      case 'x': {
        const hex = /^[0-9a-fA-F]{2}/.exec(this.p.slice(this.i));
        if (!hex) this.fail('\\x needs two hex digits');
        this.i += 2;
        return `\\x${hex[0]}`;
      }
      case 'u': {
        const hex = /^[0-9a-fA-F]{4}/.exec(this.p.slice(this.i));
        if (!hex) this.fail('\\u needs four hex digits');
        this.i += 4;
        return `\\u${hex[0]}`;
      }
      case 'U': {
        const hex = /^[0-9a-fA-F]{8}/.exec(this.p.slice(this.i));
        if (!hex) this.fail('\\U needs eight hex digits');
        this.i += 8;
        return `\\u{${hex[0].replace(/^0+(?=.)/, '')}}`;
      }
      case 'N':
        this.fail('named Unicode escapes \\N{…} are not supported; write the character itself');
    }
    if (SIMPLE_ESCAPES.has(n) && !(n === '0' && /\d/.test(this.p[this.i] ?? ''))) return `\\${n}`;
    if (/\d/.test(n)) {
      if (inClass) this.fail('octal escapes are not supported; write \\xNN');
      const d = /^\d*/.exec(this.p.slice(this.i))![0].slice(0, 1);
      this.i += d.length;
      return `\\${n}${d}`;
    }
    if (/[a-zA-Z]/.test(n)) this.fail(`unknown escape \\${n}`);
    if (SYNTAX.has(n) || (inClass && n === '-')) return `\\${n}`;
    // Python escapes any punctuation; JavaScript's Unicode mode only allows syntax characters.
    return inClass ? n : this.literal(n);
  }

  /** A character class `[…]`, copied with escapes translated. */
  private charClass(): string {
    const { p } = this;
    let out = '[';
    this.i++;
    if (p[this.i] === '^') {
      out += '^';
      this.i++;
    }
    if (p[this.i] === ']') {
      out += '\\]';
      this.i++;
    }
    const scopedI = this.flags.i && !this.stack[0]!.i;
    while (this.i < p.length && p[this.i] !== ']') {
      const c = p[this.i]!;
      if (c === '\\') {
        out += this.escape(true);
        continue;
      }
      if (c === '[') {
        out += '\\[';
        this.i++;
        continue;
      }
      if (scopedI && /[a-zA-Z]/.test(c)) {
        const range = /^([a-zA-Z])-([a-zA-Z])/.exec(p.slice(this.i));
        if (range) {
          out += `${range[1]!.toLowerCase()}-${range[2]!.toLowerCase()}${range[1]!.toUpperCase()}-${range[2]!.toUpperCase()}`;
          this.i += 3;
          continue;
        }
        out += c.toLowerCase() + c.toUpperCase();
        this.i++;
        continue;
      }
      out += c;
      this.i++;
    }
    if (this.i >= p.length) this.fail('unterminated character class');
    this.i++;
    return `${out}]`;
  }
}
