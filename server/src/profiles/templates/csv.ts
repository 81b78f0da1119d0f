/**
 * Job results as CSV (`result_format: csv`): a header row, then one row per line item with the
 * document's fields repeated on each, or one row for a document without line items. Columns:
 * `job_id`, `file_name`, the static values (`static_values.<name>`), the fields by name, then
 * each list's columns as `<list>.<column>`. Quoting is csv-stringify's (RFC 4180).
 */
import { stringify } from 'csv-stringify/sync';
import type { DocketRecord } from '../../core/domain.ts';
import { fieldsOf, lineItemsOf, staticValuesOf } from './render.ts';

type Row = Record<string, string>;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function prefixed(prefix: string, values: Record<string, unknown>): Row {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [`${prefix}${name}`, cell(value)]));
}

function rowsOf(job: DocketRecord): Row[] {
  const document: Row = {
    job_id: job.id,
    file_name: job.filename ?? '',
    ...prefixed('static_values.', staticValuesOf(job)),
    ...prefixed('', fieldsOf(job)),
  };
  const items = Object.entries(lineItemsOf(job)).flatMap(([list, rows]) =>
    rows.map((row) => prefixed(`${list}.`, row)),
  );
  return items.length === 0 ? [document] : items.map((item) => ({ ...document, ...item }));
}

/** The CSV of the completed jobs among `jobs` (a batch's failed files have no rows). */
export function jobResultsCsv(jobs: readonly DocketRecord[]): string {
  const rows = jobs.filter((job) => job.status === 'completed' && job.result !== null).flatMap(rowsOf);
  const columns = [...new Set(['job_id', 'file_name', ...rows.flatMap((row) => Object.keys(row))])];
  // A header row even when there is no row under it.
  if (rows.length === 0) return stringify([columns]);
  return stringify(rows, { header: true, columns, quoted_match: /^\s|\s$/ });
}
