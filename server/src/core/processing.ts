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
import { TASKS, taskSpec } from './tasks.ts';

/** A file of a batch upload, already stored, that becomes a child record with its own analysis. */
export interface ChildFile {
  blobKey: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
}

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

  /** The record as stored now (unscoped: workers act for every application). */
  current(recordId: string): Promise<DocketRecord | null> {
    return this.#deps.store.records.getById(recordId);
  }

  /**
   * Moves the record to `processing`; `null` when it is already terminal (nothing to do). Not
   * waited on to be durable: the analysis may start while it syncs. A power cut that loses it
   * leaves the record `queued` with its task ready or leased by a process that is gone, so the
   * task is claimed again, which is the truth; nothing was promised on the strength of it.
   */
  async begin(recordId: string, stage: string): Promise<DocketRecord | null> {
    const { store, clock } = this.#deps;
    return store.transaction((tx) => tx.records.markProcessing(recordId, stage, clock.now()), {
      durable: false,
    });
  }

  /** Moves a record in progress to a finer stage (`unzipping`, `ocr`, …) that profiles can show. */
  async stage(recordId: string, stage: string): Promise<void> {
    await this.#deps.store.records.setStage(recordId, stage, this.#deps.clock.now());
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

  /**
   * Turns a batch upload (a ZIP) into its children: every child record with the parent's kind,
   * options and end user, each child's analysis task, and the parent's completion (its result
   * lists the children and what was refused), in one transaction. After a crash there are all the
   * children or none, and the parent's task runs again. The parent's own completion causes no
   * event: each child's outcome is delivered on its own (seed 002: one webhook per file).
   */
  async expand(
    task: LeasedTask,
    parentId: string,
    children: readonly ChildFile[],
    summarise: (childIds: readonly string[]) => unknown,
  ): Promise<DocketRecord[] | null> {
    const { store, clock } = this.#deps;
    const ids = children.map(() => newId());
    const outcome = await store.transaction(async (tx) => {
      const parent = await tx.records.getById(parentId);
      if (!parent || parent.status === 'completed' || parent.status === 'failed') {
        await tx.tasks.complete(task);
        return null;
      }
      const now = clock.now();
      const inserted: DocketRecord[] = [];
      for (const [i, child] of children.entries()) {
        inserted.push(
          await tx.records.insert({
            id: ids[i]!,
            applicationId: parent.applicationId,
            kind: parent.kind,
            mimeType: child.mimeType,
            filename: child.filename,
            sizeBytes: child.sizeBytes,
            blobKey: child.blobKey,
            applicationUserId: parent.applicationUserId,
            options: parent.options,
            parentId: parent.id,
            idempotencyKey: null,
            createdAt: now,
          }),
        );
        await tx.tasks.enqueue(
          taskSpec(TASKS.analyse, { record_id: ids[i]! }, { lane: parent.applicationId }),
        );
      }
      const finished = await tx.records.finish(
        parentId,
        { status: 'completed', result: summarise(ids), pages: 0 },
        now,
      );
      await tx.tasks.complete(task);
      return finished ? { parent: finished, children: inserted } : null;
    });
    if (!outcome) return null;
    this.#deps.onTerminal(outcome.parent);
    return outcome.children;
  }
}
