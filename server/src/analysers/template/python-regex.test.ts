import { describe, expect, it } from 'vitest';
import { compilePythonRegex, translatePythonRegex, translatePythonReplacement } from './python-regex.ts';

const match = (pattern: string, text: string) => compilePythonRegex(pattern).exec(text);

describe('translatePythonRegex', () => {
  it('turns (?P<name>…) into a JavaScript named group and (?P=name) into a back-reference', () => {
    const m = match('(?P<word>\\w+) (?P=word)', 'say hello hello');
    expect(m?.groups?.word).toBe('hello');
  });

  it('moves global inline flags to RegExp flags', () => {
    expect(translatePythonRegex('(?i)total').flags).toContain('i');
    expect(match('(?i)total', 'TOTAL 5')).not.toBeNull();
    expect(match('(?s)a.b', 'a\nb')).not.toBeNull();
    expect(match('(?m)^b$', 'a\nb\nc')).not.toBeNull();
  });

  it('applies scoped flags only inside their group', () => {
    expect(match('(?i:paypal) NOW', 'PayPal NOW')).not.toBeNull();
    expect(match('(?i:paypal) NOW', 'PayPal now')).toBeNull();
    expect(match('a(?s:.)b.c', 'a\nbxc')).not.toBeNull();
    expect(match('a(?s:.)b.c', 'a\nb\nc')).toBeNull();
  });

  it('ignores whitespace and comments under (?x)', () => {
    expect(match('(?x) \\d+  # digits\n  [.] \\d{2}', 'total 12.50')?.[0]).toBe('12.50');
  });

  it('translates \\A, \\Z and Python-only quantifier {,n}', () => {
    expect(match('\\AInvoice', 'Invoice 1')).not.toBeNull();
    expect(match('\\AInvoice', 'x Invoice 1')).toBeNull();
    expect(match('end\\Z', 'the end')).not.toBeNull();
    expect(match('end\\Z', 'the end\n')).toBeNull();
    expect(match('^\\d{,3}$', '123')).not.toBeNull();
    expect(match('^\\d{,3}$', '1234')).toBeNull();
  });

  it('matches Unicode letters with \\w as Python 3 does', () => {
    expect(match('(\\w+) 2020', '20. März 2020')?.[1]).toBe('März');
  });

  it('accepts Python identity escapes of punctuation (\\# \\: \\%)', () => {
    expect(match('\\#\\s+(\\S+)', 'Invoice # 42')?.[1]).toBe('42');
    expect(match('\\d+\\%', '15%')).not.toBeNull();
  });

  it('treats a { that is no quantifier as a literal', () => {
    expect(match('a{b}', 'a{b}')).not.toBeNull();
  });

  it('keeps Python $ matching before a final newline', () => {
    expect(match('total$', 'total\n')).not.toBeNull();
  });

  it('refuses possessive quantifiers, atomic groups and conditionals with a clear message', () => {
    expect(() => translatePythonRegex('\\d++')).toThrow(/possessive quantifier/);
    expect(() => translatePythonRegex('(?>abc)')).toThrow(/atomic groups/);
    expect(() => translatePythonRegex('(a)?(?(1)b|c)')).toThrow(/conditional/);
    expect(() => translatePythonRegex('(abc')).toThrow(/missing closing parenthesis/);
  });
});

describe('translatePythonReplacement', () => {
  it('rewrites \\g<name>, \\g<1> and \\1 and escapes $', () => {
    expect(translatePythonReplacement('\\g<qty>LTR')).toBe('$<qty>LTR');
    expect(translatePythonReplacement('\\1-\\g<2> $')).toBe('$1-$2 $$');
    expect(
      '12 L'.replace(
        compilePythonRegex('(?P<qty>\\d{2}\\s)L', 'g'),
        translatePythonReplacement('\\g<qty>LTR'),
      ),
    ).toBe('12 LTR');
  });
});
