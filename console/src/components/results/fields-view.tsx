/**
 * Extracted fields and line items (template results, seed 002): a field table and a line-item
 * table whose columns are the union of the items' keys.
 */
import { LineItemRows, show } from '../line-item-rows.tsx';
export interface FieldsResult {
  fields?: Record<string, unknown> | Array<{ name: string; value: unknown }>;
  line_items?: Array<Record<string, unknown>>;
}

export function isFields(result: unknown): result is FieldsResult {
  if (typeof result !== 'object' || result === null) return false;
  return 'fields' in result || 'line_items' in result;
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
            <LineItemRows columns={columns} rows={items} />
          </table>
        </div>
      )}
    </div>
  );
}
