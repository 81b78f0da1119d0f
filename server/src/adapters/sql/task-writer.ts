/**
 * The writing side of the embedded job table, used inside the transactions that need a task:
 * enqueue (idempotent on its key) and fenced completion. A transaction given a handoff writes a
 * task that a local worker has a free slot for already leased to that worker, which starts it once
 * the commit is durable: no claim (a statement and a share of a commit) between the commit and the
 * work, and no wait for one.
 */
import type { Kysely } from 'kysely';
import { LeaseLostError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Clock, HandoffSlot, LeasedTask, TaskSpec, TaskWriter } from '../../core/ports.ts';
import type { PreparedQueries } from './prepared-queries.ts';
import type { Database } from './schema.ts';

/** How one transaction hands the tasks it enqueues to a worker of this process. */
export interface EnqueueHandoff {
  /** A worker's free slot for a task of `type` ready now, if one has one. */
  reserve(type: string): HandoffSlot | undefined;
  /** `task` was written leased to `slot`: start it once the transaction is durable. */
  written(slot: HandoffSlot, task: LeasedTask): void;
}

/** The columns of a task as `enqueue` writes it. */
interface NewTaskRow {
  id: string;
  type: string;
  payload: string;
  run_at: number;
  idempotency_key: string | null;
  created_at: number;
  lane: string;
  state: 'ready' | 'leased';
  attempts: number;
  lease_token: number;
  leased_until: number | null;
}

/** The lease columns of a task written for a claim, or already leased to a handoff slot. */
function leaseColumns(slot: HandoffSlot | undefined, now: number) {
  return slot
    ? { state: 'leased' as const, attempts: 1, lease_token: 1, leased_until: now + slot.leaseMs }
    : { state: 'ready' as const, attempts: 0, lease_token: 0, leased_until: null };
}

/** Enqueue and fenced completion, bound to whatever Kysely handle (transaction or not) it is given. */
export class SqlTaskWriter implements TaskWriter {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #onEnqueued: (type: string) => void;
  readonly #prepared: PreparedQueries;
  readonly #handoff: EnqueueHandoff | undefined;

  /**
   * `onEnqueued` runs after each enqueue left for a claim, with the task's type; in a transaction
   * it should defer its wake-up to the commit. `handoff`, in a transaction whose commit can start
   * tasks, offers each task that is ready now to a local worker first.
   */
  constructor(
    db: Kysely<Database>,
    clock: Clock,
    onEnqueued: (type: string) => void,
    prepared: PreparedQueries,
    handoff?: EnqueueHandoff,
  ) {
    this.#db = db;
    this.#clock = clock;
    this.#onEnqueued = onEnqueued;
    this.#prepared = prepared;
    this.#handoff = handoff;
  }

  async enqueue(spec: TaskSpec): Promise<void> {
    const now = this.#clock.now().getTime();
    const runAt = spec.runAt?.getTime() ?? now;
    const slot = runAt <= now ? this.#handoff?.reserve(spec.type) : undefined;
    const row: NewTaskRow = {
      id: newId(),
      type: spec.type,
      payload: JSON.stringify(spec.payload),
      run_at: runAt,
      idempotency_key: spec.idempotencyKey ?? null,
      created_at: now,
      lane: spec.lane ?? '',
      ...leaseColumns(slot, now),
    };
    let written: boolean;
    try {
      written = await this.#insert(row);
    } catch (error) {
      slot?.cancel();
      throw error;
    }
    if (!slot) {
      this.#onEnqueued(spec.type);
    } else if (!written) {
      slot.cancel(); // its key was enqueued before: that task is someone else's
    } else {
      this.#handoff!.written(slot, {
        id: row.id,
        type: row.type,
        payload: JSON.parse(row.payload) as Record<string, unknown>, // as a claim would read it
        attempts: row.attempts,
        leaseToken: row.lease_token,
        leasedUntil: new Date(row.leased_until!),
      });
    }
  }

  /** Inserts the task; `false` when a task with its idempotency key exists already. */
  async #insert(row: NewTaskRow): Promise<boolean> {
    // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed statement
    // would abort the caller's whole transaction. An existing key means nothing more to do.
    const result = await this.#prepared.execute(
      this.#db,
      'tasks.enqueue',
      (db, values: NewTaskRow) =>
        db
          .insertInto('tasks')
          .values({
            id: values.id,
            type: values.type,
            payload: values.payload,
            run_at: values.run_at,
            idempotency_key: values.idempotency_key,
            created_at: values.created_at,
            lane: values.lane,
            state: values.state,
            attempts: values.attempts,
            lease_token: values.lease_token,
            leased_until: values.leased_until,
            last_error: null,
          })
          .onConflict((oc) => oc.column('idempotency_key').doNothing()),
      row,
    );
    return Number(result.numAffectedRows) === 1;
  }

  async complete(task: LeasedTask): Promise<void> {
    if (!(await completeTask(this.#prepared, this.#db, task))) {
      throw new LeaseLostError(`task ${task.id} was reclaimed by another worker`);
    }
  }
}

/** Deletes a finished task if the lease is still the caller's (its fencing token matches). */
export async function completeTask(prepared: PreparedQueries, db: Kysely<Database>, task: LeasedTask) {
  const result = await prepared.execute(
    db,
    'tasks.complete',
    (builder, values: { id: string; token: number }) =>
      builder
        .deleteFrom('tasks')
        .where('id', '=', values.id)
        .where('lease_token', '=', values.token)
        .where('state', '=', 'leased'),
    { id: task.id, token: task.leaseToken },
  );
  return Number(result.numAffectedRows) === 1;
}
