/**
 * The designed place for pages whose APIs are built on other branches (templates: issue 10,
 * documents: issue 11). The navigation lists them only when the server's OpenAPI document has their
 * routes; until their pages are written, this shows what the server already lists, as JSON.
 */
import type { ReactNode } from 'react';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../components/feedback.tsx';
import { JsonView } from '../components/json-view.tsx';
import { useConsole } from '../lib/console-context.ts';
import { useAsync } from '../lib/use-async.ts';

export function ComingFeature({
  title,
  available,
  listPath,
  children,
}: {
  title: string;
  available: boolean;
  listPath: string;
  children: ReactNode;
}) {
  const { client } = useConsole();
  const list = useAsync(
    (signal) => (available ? client.get<unknown>(listPath, signal) : Promise.resolve(null)),
    [client, available, listPath],
  );
  return (
    <>
      <PageHeader title={title} />
      {!available ? (
        <EmptyState title={`This Docket has no ${title.toLowerCase()} API`}>
          <p>
            The page appears in the navigation once the server offers <code>{listPath}</code>.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="banner info">{children}</div>
          {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
          {list.loading && !list.data ? <Loading /> : null}
          {list.data ? <JsonView value={list.data} label={`${title} as the API lists them`} /> : null}
        </>
      )}
    </>
  );
}
