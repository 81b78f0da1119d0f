/** A coloured word for a record's or delivery's status; the word itself carries the meaning. */
const TONES: Record<string, string> = {
  queued: 'neutral',
  processing: 'info',
  pending: 'info',
  completed: 'good',
  succeeded: 'good',
  success: 'good',
  failed: 'bad',
  failure: 'bad',
  cancelled: 'neutral',
  active: 'good',
  to_validate: 'info',
  verified: 'good',
  synchronized: 'good',
  disabled: 'bad',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${TONES[status] ?? 'neutral'}`}>{status}</span>;
}
