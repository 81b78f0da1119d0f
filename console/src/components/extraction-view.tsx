/**
 * What a template extracted, for the editor's previews: the fields (with the page each was found
 * on), each line-item list as a table, and the sample's pages with a labelled box where each field
 * was printed (and, for zone rules, the zone searched).
 */
import { useEffect, useState } from 'react';
import { type Highlight, Highlighted } from './file-preview.tsx';
import { LineItemRows, type Rows, show } from './line-item-rows.tsx';
import { DrawablePage } from './zone-drawing.tsx';

export function ExtractionTables({
  fields,
  lists,
  matches,
}: {
  fields: Record<string, unknown>;
  lists: Record<string, Rows>;
  matches: Highlight[];
}) {
  const where = new Map(matches.filter((m) => m.tone !== 'zone').map((m) => [m.label, m.page]));
  const zones = new Map(matches.filter((m) => m.tone === 'zone').map((m) => [m.label, m.page]));
  const foundOn = (name: string, value: unknown) => {
    if (where.has(name)) return `page ${where.get(name)! + 1}`;
    const zone = zones.get(`zone: ${name}`);
    if (zone === undefined || value === null) return '—';
    return zone < 0 ? 'its zone, last page' : `its zone, page ${zone + 1}`;
  };
  return (
    <>
      <table className="extracted">
        <caption>Extracted fields</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">Found on</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(fields).map(([name, value]) => (
            <tr key={name} data-field-result={name} className={value === null ? 'not-found' : undefined}>
              <th scope="row">{name}</th>
              <td>{value === null ? 'not found' : show(value)}</td>
              <td>{foundOn(name, value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {Object.entries(lists).map(([name, rows]) => {
        const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
        return (
          <table key={name} className="extracted" data-line-items={name}>
            <caption>
              Line items: {name} ({rows.length})
            </caption>
            {rows.length === 0 ? (
              <tbody>
                <tr>
                  <td className="muted">
                    No rows matched: check the start and end markers and the row pattern.
                  </td>
                </tr>
              </tbody>
            ) : (
              <LineItemRows columns={columns} rows={rows} />
            )}
          </table>
        );
      })}
    </>
  );
}

function PageImage({ blob, alt }: { blob: Blob; alt: string }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url ? <img src={url} alt={alt} /> : null;
}

/**
 * Every page of the sample with a box where each field was found (page -1: the last page);
 * `zoom` (percent of the panel's width) enlarges the pages inside a scrolling frame; with
 * `onDraw`, a box dragged over a page is handed back with the page's index.
 */
export function SamplePages({
  pages,
  highlights,
  zoom = 100,
  onDraw,
}: {
  pages: Blob[];
  highlights: Highlight[];
  zoom?: number;
  onDraw?: ((page: number, box: Highlight['box']) => void) | undefined;
}) {
  if (pages.length === 0) return null;
  return (
    <div className={zoom > 100 ? 'preview-zoom' : undefined}>
      <div className="preview" style={zoom > 100 ? { width: `${zoom}%` } : undefined}>
        {pages.map((blob, index) => {
          const shown = highlights.filter(
            (h) => h.page === index || (h.page === -1 && index === pages.length - 1),
          );
          const alt = `Sample page ${index + 1} with the fields found`;
          return onDraw ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: pages are in order
            <DrawablePage key={index} onDraw={(box) => onDraw(index, box)}>
              <Highlighted highlights={shown}>
                <PageImage blob={blob} alt={alt} />
              </Highlighted>
            </DrawablePage>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: pages are in order
            <Highlighted key={index} highlights={shown}>
              <PageImage blob={blob} alt={alt} />
            </Highlighted>
          );
        })}
      </div>
    </div>
  );
}
