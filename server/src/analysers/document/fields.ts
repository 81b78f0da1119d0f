/**
 * Labelled fields of a document: `Label: value` pairs on a line (several per line), a label cell
 * followed by a value cell, a row of label cells with their values on the next line (a grid), and a
 * label alone at the end of a line with its value on the line below.
 */
import { COMPILED_LABELS, type FieldKind, type LabelDef } from './labels.ts';
import type { DocLine } from './text.ts';

/** One labelled value. */
export interface Field {
  kind: FieldKind;
  idType?: string;
  /** The label as printed. */
  label: string;
  /** The value as printed (trimmed; may be empty when the label has none). */
  value: string;
  /** The line the value is on. */
  line: DocLine;
  /** Offset of the value in `line.text`. */
  valueIndex: number;
  /** How the value was attached: on the same line, or from the line below. */
  layout: 'inline' | 'grid' | 'below';
}

interface LabelHit {
  def: LabelDef;
  start: number;
  end: number;
}

/** Label occurrences on one line, the longest one winning where several overlap. */
function labelHits(line: DocLine): LabelHit[] {
  const hits: LabelHit[] = [];
  for (const def of COMPILED_LABELS) {
    def.re.lastIndex = 0;
    for (const m of line.folded.matchAll(def.re)) {
      hits.push({ def, start: m.index, end: m.index + m[0].length });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: LabelHit[] = [];
  for (const hit of hits) {
    const clash = kept.find((k) => hit.start < k.end && k.start < hit.end);
    if (!clash) kept.push(hit);
  }
  return kept;
}

/**
 * Whether a label occurrence really labels something: it must start the line, a cell, or follow
 * punctuation (`…, DOB 1/2/1980`), and be followed by a colon/#, a column gap, the line's end, or,
 * for strong labels, a space.
 */
function isLabel(line: DocLine, hit: LabelHit): { valueStart: number } | null {
  const text = line.text;
  const before = text.slice(0, hit.start);
  const startsUnit = before.trim() === '' || /(?:\s{2,}|[,;|([/•·-]\s*|:\s+)$/.test(before);
  const after = text.slice(hit.end);
  const sep = /^\s*(?:[:#=]|\.:|\s-\s)\s*/.exec(after);
  // A label and its colon label something wherever they stand after a space (`… 1985 Sex: F`).
  if (sep && (startsUnit || /\s$/.test(before))) return { valueStart: hit.end + sep[0].length };
  if (!startsUnit && !hit.def.strong) return null;
  const gap = /^\s{2,}/.exec(after);
  if (gap) return { valueStart: hit.end + gap[0].length };
  if (after.trim() === '') return { valueStart: text.length };
  if (hit.def.strong && /^\s/.test(after)) return { valueStart: hit.end + 1 };
  // A weak label directly followed by a number (`Datum 03.04.2024`, `Patient 123456`).
  if (/^\s\d/.test(after) && startsUnit) return { valueStart: hit.end + 1 };
  return null;
}

/** Labels that really label something on this line, with where each value starts. */
function lineLabels(line: DocLine): { hit: LabelHit; valueStart: number }[] {
  const out: { hit: LabelHit; valueStart: number }[] = [];
  for (const hit of labelHits(line)) {
    const at = isLabel(line, hit);
    if (at) out.push({ hit, valueStart: at.valueStart });
  }
  return out;
}

/**
 * True when the line is a grid's header row: at least two cells, and most of them, are a label and
 * nothing else (`Name  DOB  MRN  Requested by`; a cell the analyser has no label for may be among them).
 */
function isLabelRow(line: DocLine, labels: readonly { hit: LabelHit }[]): boolean {
  const labelCells = line.cells.filter((cell) =>
    labels.some(
      ({ hit }) => hit.start === cell.start && /^\s*[:#]?\s*$/.test(cell.text.slice(hit.end - hit.start)),
    ),
  ).length;
  return labelCells >= 2 && labelCells >= line.cells.length * 0.6 && !line.text.includes(': ');
}

/** Every labelled field of the document, in reading order. */
export function findFields(lines: readonly DocLine[]): Field[] {
  const fields: Field[] = [];
  for (const [i, line] of lines.entries()) {
    const hits = lineLabels(line);
    if (hits.length === 0) continue;
    const next = lines[i + 1];
    const nextLabels = next ? lineLabels(next) : [];
    // A grid: the line is nothing but labels, and the next line holds one value under each.
    if (
      hits.length >= 2 &&
      next &&
      next.page === line.page &&
      isLabelRow(line, hits) &&
      !isLabelRow(next, nextLabels)
    ) {
      for (const { hit } of hits) {
        const cell = line.cells.find((c) => c.start === hit.start);
        if (!cell) continue;
        // The value cell under the label: overlapping it, and starting nearest to where it starts
        // (grid columns are usually left-aligned).
        const below = next.cells
          .map((c) => ({
            c,
            overlap: Math.min(c.x1, cell.x1) - Math.max(c.x0, cell.x0),
            shift: Math.abs(c.x0 - cell.x0),
          }))
          .filter((o) => o.overlap > 0)
          .sort((a, b) => a.shift - b.shift)[0];
        if (!below) continue;
        fields.push({
          kind: hit.def.kind,
          ...(hit.def.idType ? { idType: hit.def.idType } : {}),
          label: line.text.slice(hit.start, hit.end),
          value: below.c.text.trim(),
          line: next,
          valueIndex: below.c.start,
          layout: 'grid',
        });
      }
      continue;
    }
    for (const [k, { hit, valueStart }] of hits.entries()) {
      const end = hits[k + 1]?.hit.start ?? line.text.length;
      let raw = line.text.slice(valueStart, Math.max(valueStart, end));
      // A column gap ends a value unless the next label follows right after it.
      const gap = /\s{2,}/.exec(raw.trimStart());
      if (gap) raw = raw.trimStart().slice(0, gap.index);
      raw = raw.replace(/[\s,;|/(-]+$/, '').trim();
      let value = raw;
      let valueLine = line;
      const rest = line.text.slice(valueStart);
      let valueIndex = valueStart + (rest.length - rest.trimStart().length);
      let layout: Field['layout'] = 'inline';
      // A label alone in its cell at the end of a line takes its value from the line below
      // (`Patient` / `Jane DOE`); a word at the end of a sentence or a name does not.
      const ownCell = line.cells.some((c) => c.start === hit.start);
      if (
        value === '' &&
        ownCell &&
        k === hits.length - 1 &&
        next &&
        next.page === line.page &&
        nextLabels.length === 0
      ) {
        value = next.cells[0]?.text.trim() ?? '';
        valueLine = next;
        valueIndex = Math.max(0, next.text.indexOf(value));
        layout = 'below';
      }
      fields.push({
        kind: hit.def.kind,
        ...(hit.def.idType ? { idType: hit.def.idType } : {}),
        label: line.text.slice(hit.start, hit.end),
        value,
        line: valueLine,
        valueIndex,
        layout,
      });
    }
  }
  return fields;
}
