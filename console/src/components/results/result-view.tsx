/** Picks the readable layout for a record's result, by kind and shape, with raw JSON always one click away. */
import type { DocketRecord } from '../../api/types.ts';
import { JsonView } from '../json-view.tsx';
import { FieldsView, isFields } from './fields-view.tsx';
import { isLabReport, LabReportView } from './lab-report-view.tsx';
import { isNutrition, NutritionView } from './nutrition-view.tsx';
import { isText, TextView } from './text-view.tsx';

function Layout({ record }: { record: DocketRecord }) {
  const result = record.result;
  if (isLabReport(result)) return <LabReportView result={result} />;
  if (isNutrition(result)) return <NutritionView result={result} />;
  if (isFields(result)) return <FieldsView result={result} />;
  if (isText(result)) return <TextView result={result} />;
  return <JsonView value={result} label="Result as JSON" />;
}

export function ResultView({ record }: { record: DocketRecord }) {
  if (record.status === 'failed') {
    return (
      <div className="banner error" role="alert">
        <p>
          <strong>Analysis failed:</strong> {record.error?.message ?? 'no reason was given'}{' '}
          {record.error?.code ? <code className="code">{record.error.code}</code> : null}
        </p>
      </div>
    );
  }
  if (record.status !== 'completed') {
    return (
      <p role="status">
        The result appears here when the analysis finishes ({record.status}
        {record.stage ? `, ${record.stage}` : ''}).
      </p>
    );
  }
  return (
    <>
      <Layout record={record} />
      <details className="raw">
        <summary>Raw result (JSON)</summary>
        <JsonView value={record.result} label="Result as JSON" />
      </details>
    </>
  );
}
