/** A chart's figures as a table behind a disclosure, one row per UTC day: the chart's accessible twin. */
import type { ReactNode } from 'react';

export interface DailyColumn<Day> {
  heading: string;
  cell: (day: Day) => ReactNode;
}

export function DailyFiguresTable<Day extends { date: string }>({
  summary,
  days,
  columns,
}: {
  summary: string;
  days: readonly Day[];
  columns: readonly DailyColumn<Day>[];
}) {
  return (
    <details>
      <summary>{summary}</summary>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              {columns.map((c) => (
                <th scope="col" className="num" key={c.heading}>
                  {c.heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <th scope="row">{d.date}</th>
                {columns.map((c) => (
                  <td className="num" key={c.heading}>
                    {c.cell(d)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
