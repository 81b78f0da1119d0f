/** Any JSON, pretty-printed: the fallback for results the console has no layout for. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json" title={label}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
