/** Checks a definition beyond its schema: every pattern compiles, names are consistent. */
import type { TemplateDefinition } from './definition.ts';
import { compilePattern, PatternError } from './patterns.ts';

/**
 * Problems that make a (schema-valid) definition unusable, each naming where it is; empty when
 * the definition is fine. The API answers 400 with these before storing a template.
 */
export function validateTemplate(definition: TemplateDefinition): string[] {
  const problems: string[] = [];
  const check = (pattern: string, path: string, named = false) => {
    try {
      const re = compilePattern(pattern, '', path);
      if (named && !/\(\?<[^=!]/.test(re.source))
        problems.push(`${path}: a row pattern needs named groups (?<name>…)`);
    } catch (err) {
      if (err instanceof PatternError) problems.push(err.message);
      else throw err;
    }
  };
  const checkAll = (list: readonly string[] | undefined, path: string, named = false) => {
    for (const [i, p] of (list ?? []).entries()) check(p, `${path}[${i}]`, named);
  };
  checkAll(definition.keywords, 'keywords');
  checkAll(definition.exclude_keywords, 'exclude_keywords');
  for (const [name, field] of Object.entries(definition.fields)) {
    field.rules.forEach((rule, i) => {
      const path = `fields.${name}.rules[${i}]`;
      if ('regex' in rule) check(rule.regex, `${path}.regex`);
      if ('anchor' in rule && rule.anchor.pattern) check(rule.anchor.pattern, `${path}.anchor.pattern`);
      if ('zone' in rule) {
        if (rule.zone.pattern) check(rule.zone.pattern, `${path}.zone.pattern`);
        const { x0, y0, x1, y1 } = rule.zone.box;
        if (x1 <= x0 || y1 <= y0) problems.push(`${path}.zone.box: x1 must exceed x0 and y1 must exceed y0`);
      }
    });
  }
  for (const list of definition.line_items ?? []) {
    list.blocks.forEach((block, b) => {
      const path = `line_items.${list.name}.blocks[${b}]`;
      check(block.start, `${path}.start`);
      check(block.end, `${path}.end`);
      checkAll(block.line, `${path}.line`, true);
      checkAll(block.first_line, `${path}.first_line`);
      checkAll(block.last_line, `${path}.last_line`);
      checkAll(block.skip_line, `${path}.skip_line`);
    });
  }
  (definition.tables ?? []).forEach((table, t) => {
    check(table.start, `tables[${t}].start`);
    check(table.end, `tables[${t}].end`);
    checkAll(table.body, `tables[${t}].body`, true);
  });
  for (const [i, [p]] of (definition.options?.replace ?? []).entries()) check(p, `options.replace[${i}][0]`);
  return problems;
}
