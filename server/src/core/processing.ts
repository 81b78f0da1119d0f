/**
 * The record state machine's worker side: `queued → processing → completed | failed`. The final
 * transition, the event it causes, whatever the outbox hooks add (webhook deliveries) and the
 * task's completion commit in one transaction; a worker whose lease was lost rolls all of it back.
 */
import { type DocketEvent, type DocketRecord, EVENT_TYPES, type RecordError } from './domain.ts';
import { newId } from './ids.ts';
import type {
  Clock,
  EventRenderer,
  EventSubject,
  LeasedTask,
  OutboxHook,
  Repositories,
  Store,
} from './ports.ts';

/** Told after a record reached a terminal state (in-process; other processes poll). */
export type TerminalListener = (record: DocketRecord) => void;

export type ProcessingOutcome =
  | { ok: true; result: unknown; pages: number }
  | { ok: false; error: RecordError; pages?: number | null };

export interface RecordProcessorDeps {
  store: Store;
  clock: Clock;
  hooks: readonly OutboxHook[];
  render: EventRenderer;
  /** What an event about the record is about (its product and resource), for the hooks. */
  subjectOf: (record: DocketRecord) => EventSubject;
  onTerminal: TerminalListener;
}

/** Appends an event and runs the outbox hooks, inside the caller's transaction. */
export async function emitEvent(
  tx: Repositories,
  hooks: readonly OutboxHook[],
  event: Omit<DocketEvent, 'seq' | 'id'>,
  subject: EventSubject,
): Promise<DocketEvent> {
  const stored = await tx.events.append({ ...event, id: newId() });
  for (const hook of hooks) await hook(tx, stored, subject);
  return stored;
}

export class RecordProcessor {
  readonly #deps: RecordProcessorDeps;

  constructor(deps: RecordProcessorDeps) {
    this.#deps = deps;
  }

  /** Moves the record to `processing`; `null` when it is already terminal (nothing to do). */
  async begin(recordId: string, stage: string): Promise<DocketRecord | null> {
    const { store, clock } = this.#deps;
    return store.transaction((tx) => tx.records.markProcessing(recordId, stage, clock.now()));
  }

  /**
   * Records the outcome exactly once. Returns the terminal record, or `null` when the record had
   * already reached a terminal state (the task is still completed).
   */
  async finish(task: LeasedTask, recordId: string, outcome: ProcessingOutcome): Promise<DocketRecord | null> {
    const { store, clock, hooks, render, subjectOf } = this.#deps;
    const record = await store.transaction(async (tx) => {
      const now = clock.now();
      const finished = await tx.records.finish(
        recordId,
        outcome.ok
          ? { status: 'completed', result: outcome.result, pages: outcome.pages }
          : { status: 'failed', error: outcome.error, pages: outcome.pages ?? null },
        now,
      );
      if (finished) {
        const type = outcome.ok ? EVENT_TYPES.recordCompleted : EVENT_TYPES.recordFailed;
        await emitEvent(
          tx,
          hooks,
          {
            applicationId: finished.applicationId,
            type,
            recordId: finished.id,
            data: render(type, finished, now),
            createdAt: now,
          },
          subjectOf(finished),
        );
      }
      await tx.tasks.complete(task);
      return finished;
    });
    if (record) this.#deps.onTerminal(record);
    return record;
  }
}
