/** The `text` kind: each page's layout text, as printed. */
export interface TextResult {
  page_count: number;
  pages: Array<{ number: number; has_text_layer: boolean; text: string }>;
}

export function isText(result: unknown): result is TextResult {
  if (typeof result !== 'object' || result === null) return false;
  const pages = (result as TextResult).pages;
  return Array.isArray(pages) && pages.every((p) => typeof p?.text === 'string');
}

export function TextView({ result }: { result: TextResult }) {
  return (
    <div className="text-result">
      <p>
        {result.page_count} page{result.page_count === 1 ? '' : 's'}
      </p>
      {result.pages.map((page) => (
        <section key={page.number}>
          <h3>Page {page.number}</h3>
          {page.has_text_layer ? (
            <pre className="page-text">{page.text}</pre>
          ) : (
            <p>This page has no text layer (a scan): the lab_report kind reads it with OCR.</p>
          )}
        </section>
      ))}
    </div>
  );
}
