import { EmptyState } from '../components/feedback.tsx';
import { href } from '../lib/router.ts';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <EmptyState title="No such page">
      <p>
        The console has no page at <code>{path}</code>. <a href={href('/records')}>Go to the records</a>.
      </p>
    </EmptyState>
  );
}
