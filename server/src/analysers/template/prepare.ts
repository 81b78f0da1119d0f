/** The text transformations a template's options ask for, applied before any rule runs. */
import type { TemplateOptions } from './definition.ts';
import type { PatternCache } from './patterns.ts';

/**
 * Applies, in invoice2data's order: `remove_whitespace` (drops runs of spaces), `remove_accents`,
 * `lowercase`, then each `replace` pair (a regex and a JavaScript replacement string).
 */
export function prepareText(text: string, options: TemplateOptions, patterns: PatternCache): string {
  let out = text;
  if (options.remove_whitespace) out = out.replace(/ +/g, '');
  if (options.remove_accents) out = out.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  if (options.lowercase) out = out.toLowerCase();
  (options.replace ?? []).forEach(([pattern, replacement], i) => {
    out = out.replace(patterns.get(pattern, 'g', `options.replace[${i}]`), replacement);
  });
  return out;
}
