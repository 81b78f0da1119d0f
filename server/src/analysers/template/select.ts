/**
 * Choosing a template by its keywords, as invoice2data does: a template applies when every keyword
 * regex occurs in the (prepared) text and no exclude keyword does; among those that apply, the
 * highest `priority` wins, ties going to the one listed first.
 */
import type { TemplateDefinition } from './definition.ts';
import { PatternCache } from './patterns.ts';
import { prepareText } from './prepare.ts';

/** A stored template: its id and definition. */
export interface StoredTemplate {
  id: string;
  definition: TemplateDefinition;
}

/** Whether `definition` applies to `text` (see the module comment). */
export function templateMatches(definition: TemplateDefinition, text: string): boolean {
  const patterns = new PatternCache();
  const prepared = prepareText(text, definition.options ?? {}, patterns);
  if (definition.keywords.length === 0) return false;
  const all = definition.keywords.every((k, i) => patterns.get(k, '', `keywords[${i}]`).test(prepared));
  if (!all) return false;
  return !(definition.exclude_keywords ?? []).some((k, i) =>
    patterns.get(k, '', `exclude_keywords[${i}]`).test(prepared),
  );
}

/** The template to use for `text`, or `null` when none applies. */
export function selectTemplate(templates: readonly StoredTemplate[], text: string): StoredTemplate | null {
  let best: StoredTemplate | null = null;
  for (const t of templates) {
    if (!templateMatches(t.definition, text)) continue;
    if (!best || (t.definition.priority ?? 5) > (best.definition.priority ?? 5)) best = t;
  }
  return best;
}
