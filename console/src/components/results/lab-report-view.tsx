/**
 * A lab report as its sections' result tables: value, unit, reference range and flag, with
 * out-of-range rows marked by colour, an icon-free word ("High", "Low", "Abnormal") and row
 * emphasis, so the meaning never rests on colour alone.
 */
export interface LabResultRow {
  original_test_name: string;
  loinc_code: string | null;
  loinc_common_name: string | null;
  value: number | string;
  original_unit_name: string | null;
  standard_unit_name: string | null;
  standard_value: number | null;
  reference_range: string | null;
  within_normal_range: boolean | null;
  flag: string | null;
  confidence?: number;
}

export interface LabReportResult {
  collection_date: string | null;
  result_date: string | null;
  sections: Array<{
    original_section_name: string | null;
    loinc_common_name: string | null;
    results: LabResultRow[];
  }>;
}

export function isLabReport(result: unknown): result is LabReportResult {
  return typeof result === 'object' && result !== null && Array.isArray((result as LabReportResult).sections);
}

const FLAG_WORDS: Record<string, string> = {
  H: 'High',
  HH: 'Critically high',
  L: 'Low',
  LL: 'Critically low',
  A: 'Abnormal',
  AA: 'Critically abnormal',
};

function flagOf(row: LabResultRow): { word: string; tone: 'high' | 'low' | 'abnormal' } | null {
  if (row.flag) {
    const tone = row.flag.startsWith('H') ? 'high' : row.flag.startsWith('L') ? 'low' : 'abnormal';
    return { word: FLAG_WORDS[row.flag] ?? row.flag, tone };
  }
  if (row.within_normal_range === false) return { word: 'Out of range', tone: 'abnormal' };
  return null;
}

export function LabReportView({ result }: { result: LabReportResult }) {
  const rows = result.sections.flatMap((s) => s.results);
  const flagged = rows.filter((r) => flagOf(r)).length;
  return (
    <div className="lab-report">
      <dl className="facts">
        <div>
          <dt>Collected</dt>
          <dd>{result.collection_date ?? '—'}</dd>
        </div>
        <div>
          <dt>Reported</dt>
          <dd>{result.result_date ?? '—'}</dd>
        </div>
        <div>
          <dt>Results</dt>
          <dd>
            {rows.length} ({flagged} outside the reference range)
          </dd>
        </div>
      </dl>
      {rows.length === 0 ? <p>No result rows were found in this report.</p> : null}
      {result.sections.map((section, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sections have no id; their order is fixed
        <section key={`${section.original_section_name}-${index}`} className="lab-section">
          <h3>{section.original_section_name ?? section.loinc_common_name ?? 'Results'}</h3>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Test</th>
                  <th scope="col" className="num">
                    Value
                  </th>
                  <th scope="col">Unit</th>
                  <th scope="col">Reference range</th>
                  <th scope="col">Flag</th>
                  <th scope="col">LOINC</th>
                </tr>
              </thead>
              <tbody>
                {section.results.map((row, i) => {
                  const flag = flagOf(row);
                  return (
                    <tr
                      // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; their order is fixed
                      key={`${row.original_test_name}-${i}`}
                      className={flag ? `flagged ${flag.tone}` : undefined}
                    >
                      <th scope="row">
                        {row.original_test_name}
                        {row.loinc_common_name && row.loinc_common_name !== row.original_test_name ? (
                          <span className="sub">{row.loinc_common_name}</span>
                        ) : null}
                      </th>
                      <td className="num value">{String(row.value)}</td>
                      <td>{row.original_unit_name ?? row.standard_unit_name ?? ''}</td>
                      <td>{row.reference_range ?? '—'}</td>
                      <td>{flag ? <span className={`flag ${flag.tone}`}>{flag.word}</span> : 'Normal'}</td>
                      <td>{row.loinc_code ? <code>{row.loinc_code}</code> : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
