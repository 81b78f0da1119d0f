/**
 * A result's values as people read them, and the head and body of a line-item table: shared by
 * a record's template result and the template editor's live preview.
 */

/** Renders a value of the result for reading: lists joined, objects as JSON, nothing as a dash. */
export function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Line items: one object per row, keyed by column. */
export type Rows = Array<Record<string, unknown>>;

/** The `<thead>` and `<tbody>` of a line-item table, one column per key in `columns`. */
export function LineItemRows({ columns, rows }: { columns: readonly string[]; rows: Rows }) {
  return (
    <>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: line items are ordered rows with no id of their own
          <tr key={i}>
            {columns.map((c) => (
              <td key={c}>{show(row[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </>
  );
}
