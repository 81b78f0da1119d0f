/**
 * Extracted fields and line items (template results, seed 002): a field table and a line-item
 * table whose columns are the union of the items' keys.
 */
type Scalar = string | number | boolean | null;

export interface FieldsResult {
  fields?: Record<string, unknown> | Array<{ name: string; value: unknown }>;
  line_items?: Array<Record<string, unknown>>;
}

export function isFields(result: unknown): result is FieldsResult {
  if (typeof result !== 'object' || result === null) return false;
  return 'fields' in result || 'line_items' in result;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as Scalar);
}

export function FieldsView({ result }: { result: FieldsResult }) {
  const fields = Array.isArray(result.fields)
    ? result.fields.map((f) => [f.name, f.value] as const)
    : Object.entries(result.fields ?? {});
  const items = result.line_items ?? [];
  const columns = [...new Set(items.flatMap((item) => Object.keys(item)))];
  return (
    <div className="fields-result">
      <h3>Fields</h3>
      {fields.length === 0 ? (
        <p>No fields were extracted.</p>
      ) : (
        <dl className="facts">
          {fields.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{show(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <h3>Line items</h3>
      {items.length === 0 ? (
        <p>No line items.</p>
      ) : (
        <div className="table-scroll">
          <table>
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
              {items.map((item, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: line items have no id of their own
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c}>{show(item[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
