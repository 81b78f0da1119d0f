/**
 * The writing side of the embedded job table, used inside the transactions that need a task:
 * enqueue (idempotent on its key) and fenced completion.
 */
import type { Kysely } from 'kysely';
import { LeaseLostError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Clock, LeasedTask, TaskSpec, TaskWriter } from '../../core/ports.ts';
import type { PreparedQueries } from './prepared-queries.ts';
import type { Database } from './schema.ts';

/** Enqueue and fenced completion, bound to whatever Kysely handle (transaction or not) it is given. */
export class SqlTaskWriter implements TaskWriter {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #onEnqueued: (type: string) => void;
  readonly #prepared: PreparedQueries;

  /**
   * `onEnqueued` runs after each enqueue with the task's type; in a transaction it should defer
   * its wake-up to the commit.
   */
  constructor(
    db: Kysely<Database>,
    clock: Clock,
    onEnqueued: (type: string) => void,
    prepared: PreparedQueries,
  ) {
    this.#db = db;
    this.#clock = clock;
    this.#onEnqueued = onEnqueued;
    this.#prepared = prepared;
  }

  async enqueue(spec: TaskSpec): Promise<void> {
    const now = this.#clock.now().getTime();
    const row = {
      id: newId(),
      type: spec.type,
      payload: JSON.stringify(spec.payload),
      run_at: spec.runAt?.getTime() ?? now,
      idempotency_key: spec.idempotencyKey ?? null,
      created_at: now,
      lane: spec.lane ?? '',
    };
    // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed statement
    // would abort the caller's whole transaction. An existing key means nothing more to do.
    await this.#prepared.execute(
      this.#db,
      'tasks.enqueue',
      (db, values: typeof row) =>
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
            state: 'ready',
            attempts: 0,
            lease_token: 0,
            leased_until: null,
            last_error: null,
          })
          .onConflict((oc) => oc.column('idempotency_key').doNothing()),
      row,
    );
    this.#onEnqueued(spec.type);
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
