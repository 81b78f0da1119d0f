/**
 * The scale-out queue: pg-boss 12 on the same PostgreSQL as the records, mapped onto Docket's
 * TaskQueue/TaskWriter ports.
 *
 * - enqueue runs `boss.send(…, { db })` on the caller's Kysely transaction (pg-boss's Kysely
 *   adapter), so a record, its event and its job commit together or not at all;
 * - a claim is a pg-boss fetch with `batchSize` = the free slots of the worker lane; pg-boss marks
 *   the job `active` and stamps its heartbeat; `renew` is `touch`;
 * - fencing: every pg-boss claim increments `retry_count`, and complete/touch/cancel are passed
 *   `{ id, retryCount }` (pg-boss's attempt fence), so a worker whose job was reclaimed after a
 *   missed heartbeat can neither complete nor keep alive the newer attempt. `leaseToken` is that
 *   `retryCount`;
 * - a killed worker stops heartbeating; pg-boss's supervisor (every `superviseSeconds`) puts the
 *   job back, and the next claim runs it again;
 * - retry/release finish the current job and send its successor with `startAfter = runAt` in one
 *   transaction (each attempt is its own job with a run-at time, as in the job table); attempts
 *   carry over in the job data;
 * - lanes are pg-boss groups: a fair claim fetches with `groupConcurrency`, so one application
 *   holds at most that many active analyses across every worker and the rest go to others;
 * - bury cancels the job and copies it, with the error, to the `<type>.dead` queue, which is also
 *   the pg-boss dead-letter queue for jobs pg-boss itself gives up on.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { type CommandResponse, fromKysely, type PgBoss, type Queue } from 'pg-boss';
import { LeaseLostError } from '../../core/errors.ts';
import type { ClaimOptions, Clock, LeasedTask, TaskQueue, TaskSpec, TaskWriter } from '../../core/ports.ts';
import type { Database } from '../sql/schema.ts';
import type { TaskSignal } from '../sql/task-table.ts';
import { TASKS_CHANNEL } from './database.ts';

/** What Docket stores as a pg-boss job's data. */
interface JobData {
  /** The task payload. */
  p: Record<string, unknown>;
  /** Claims made by earlier jobs of the same task (retries are successor jobs). */
  a: number;
  /** The task's lane (its pg-boss group), carried over to successor jobs. */
  l?: string;
}

/** Dead tasks of type T land in this queue. */
function deadQueueName(type: string): string {
  return `${type}.dead`;
}

/** Deterministic job id for an idempotency key: a second send with it is a no-op (ON CONFLICT). */
function jobIdForKey(type: string, key: string): string {
  const hex = createHash('sha256').update(`${type}\0${key}`).digest('hex');
  // Shaped as a version-8 (custom) UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface PgBossTasksOptions {
  boss: PgBoss;
  /** pg-boss's schema, for the one read pg-boss has no API for (the earliest start_after). */
  schema: string;
  /** Lease length asked for by the worker; becomes the queues' heartbeat interval (min 10 s). */
  leaseMs: number;
  /** Most active jobs of one group (lane) in a fair claim. */
  groupConcurrency?: number;
}

/** State shared by the writers (one per transaction) and the queue: the boss and its queues. */
export class PgBossTasks {
  readonly boss: PgBoss;
  readonly schema: string;
  readonly heartbeatSeconds: number;
  readonly groupConcurrency: number;
  readonly #ensured = new Map<string, Promise<void>>();

  constructor(options: PgBossTasksOptions) {
    this.boss = options.boss;
    this.schema = options.schema;
    this.heartbeatSeconds = Math.max(10, Math.ceil(options.leaseMs / 1000));
    this.groupConcurrency = options.groupConcurrency ?? 4;
  }

  #queueOptions(type: string): Omit<Queue, 'name'> {
    return {
      // A missed heartbeat, not a wall-clock limit, is how a dead worker is detected; the expiry
      // only bounds a handler that heartbeats forever.
      heartbeatSeconds: this.heartbeatSeconds,
      expireInSeconds: 6 * 3600,
      // Reclaims after lost heartbeats count as retries; Docket's runtime decides when to give up.
      retryLimit: 1_000_000,
      retryDelay: 0,
      retryBackoff: false,
      // Finished jobs are kept an hour for inspection, then deleted by pg-boss maintenance.
      deleteAfterSeconds: 3600,
      deadLetter: deadQueueName(type),
    };
  }

  /** Creates the queue (and its dead-letter queue) once per process; idempotent across processes. */
  ensure(type: string): Promise<void> {
    let ready = this.#ensured.get(type);
    if (!ready) {
      ready = (async () => {
        await this.boss.createQueue(deadQueueName(type), { deleteAfterSeconds: 30 * 86_400 });
        const options = this.#queueOptions(type);
        await this.boss.createQueue(type, options);
        // An existing queue takes the current settings (e.g. a changed lease).
        await this.boss.updateQueue(type, options);
      })();
      ready.catch(() => this.#ensured.delete(type));
      this.#ensured.set(type, ready);
    }
    return ready;
  }

  leasedFrom(job: { id: string; name: string; data: unknown; retryCount: number }, now: number): LeasedTask {
    const data = (job.data ?? { p: {}, a: 0 }) as JobData;
    return {
      id: job.id,
      type: job.name,
      payload: data.p ?? {},
      ...(data.l ? { lane: data.l } : {}),
      attempts: (data.a ?? 0) + job.retryCount + 1,
      leaseToken: job.retryCount,
      leasedUntil: new Date(now + this.heartbeatSeconds * 1000),
    };
  }

  /** Sends a task's job through `db` (the caller's transaction or autocommit). */
  async send(db: Kysely<Database>, spec: TaskSpec, priorAttempts: number): Promise<string | null> {
    await this.ensure(spec.type);
    const data: JobData = { p: spec.payload, a: priorAttempts, ...(spec.lane ? { l: spec.lane } : {}) };
    return this.boss.send(spec.type, data, {
      ...(spec.idempotencyKey ? { id: jobIdForKey(spec.type, spec.idempotencyKey) } : {}),
      ...(spec.runAt ? { startAfter: spec.runAt } : {}),
      ...(spec.lane ? { group: { id: spec.lane } } : {}),
      db: fromKysely(db),
    });
  }
}

const attemptOf = (task: LeasedTask) => ({ id: task.id, retryCount: task.leaseToken });

/** Jobs a settle/touch call changed (pg-boss 12 returns it; its typings leave the object empty). */
const affected = (response: CommandResponse): number =>
  Number((response as { affected?: number | string }).affected ?? 0);

/** Enqueue and fenced completion inside whatever Kysely handle (transaction or pool) it is given. */
export class PgBossTaskWriter implements TaskWriter {
  readonly #tasks: PgBossTasks;
  readonly #db: Kysely<Database>;
  readonly #onEnqueued: () => void;

  constructor(tasks: PgBossTasks, db: Kysely<Database>, onEnqueued: () => void) {
    this.#tasks = tasks;
    this.#db = db;
    this.#onEnqueued = onEnqueued;
  }

  async enqueue(spec: TaskSpec): Promise<void> {
    await this.#tasks.send(this.#db, spec, 0);
    this.#onEnqueued();
  }

  async complete(task: LeasedTask): Promise<void> {
    const result = await this.#tasks.boss.complete(task.type, attemptOf(task), null, {
      db: fromKysely(this.#db),
    });
    if (affected(result) !== 1) throw new LeaseLostError(`task ${task.id} was reclaimed by another worker`);
  }
}

/** The consuming side, over pg-boss fetch/touch/complete/cancel. */
export class PgBossTaskQueue implements TaskQueue {
  readonly #tasks: PgBossTasks;
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #signal: TaskSignal;

  constructor(tasks: PgBossTasks, db: Kysely<Database>, clock: Clock, signal: TaskSignal) {
    this.#tasks = tasks;
    this.#db = db;
    this.#clock = clock;
    this.#signal = signal;
  }

  async claim(
    types: readonly string[],
    limit: number,
    _leaseMs: number,
    options: ClaimOptions = {},
  ): Promise<LeasedTask[]> {
    const claimed: LeasedTask[] = [];
    for (const type of types) {
      const want = limit - claimed.length;
      if (want < 1) break;
      await this.#tasks.ensure(type);
      const jobs = await this.#tasks.boss.fetch<JobData>(type, {
        batchSize: want,
        ...(options.fair ? { groupConcurrency: this.#tasks.groupConcurrency } : {}),
      });
      const now = this.#clock.now().getTime();
      for (const job of jobs) claimed.push(this.#tasks.leasedFrom(job, now));
    }
    return claimed;
  }

  async renew(task: LeasedTask, _leaseMs: number): Promise<boolean> {
    const result = await this.#tasks.boss.touch(task.type, attemptOf(task));
    if (affected(result) !== 1) return false;
    task.leasedUntil = new Date(this.#clock.now().getTime() + this.#tasks.heartbeatSeconds * 1000);
    return true;
  }

  async complete(task: LeasedTask): Promise<boolean> {
    const result = await this.#tasks.boss.complete(task.type, attemptOf(task));
    return affected(result) === 1;
  }

  /** Finishes the current job and sends its successor, atomically; `false` when the lease was lost. */
  async #requeue(
    task: LeasedTask,
    runAt: Date,
    priorAttempts: number,
    error: string | null,
  ): Promise<boolean> {
    const requeued = await this.#db.transaction().execute(async (trx) => {
      const done = await this.#tasks.boss.complete(
        task.type,
        attemptOf(task),
        { requeued: true, error: error?.slice(0, 2000) ?? null },
        { db: fromKysely(trx) },
      );
      if (affected(done) !== 1) return false;
      await this.#tasks.send(
        trx,
        { type: task.type, payload: task.payload, runAt, ...(task.lane ? { lane: task.lane } : {}) },
        priorAttempts,
      );
      await sql`select pg_notify(${TASKS_CHANNEL}, ${task.type})`.execute(trx);
      return true;
    });
    if (requeued) this.#signal.notify();
    return requeued;
  }

  retry(task: LeasedTask, runAt: Date, error: string): Promise<boolean> {
    return this.#requeue(task, runAt, task.attempts, error);
  }

  async bury(task: LeasedTask, error: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const db = fromKysely(trx);
      const cancelled = await this.#tasks.boss.cancel(task.type, attemptOf(task), { db });
      if (affected(cancelled) !== 1) return false;
      await this.#tasks.boss.send(
        deadQueueName(task.type),
        {
          type: task.type,
          p: task.payload,
          a: task.attempts,
          error: error.slice(0, 2000),
          source_id: task.id,
        },
        { db },
      );
      return true;
    });
  }

  async release(task: LeasedTask): Promise<void> {
    // Undo this claim's attempt so a graceful shutdown does not count against the task.
    await this.#requeue(task, this.#clock.now(), task.attempts - 1, null);
  }

  async nextRunAt(types: readonly string[]): Promise<Date | null> {
    if (types.length === 0) return null;
    // pg-boss has no API for "when is the next job due"; one indexed-partition aggregate.
    const { rows } = await sql<{ at: Date | null }>`
      select min(start_after) as at from ${sql.table(`${this.#tasks.schema}.job`)}
      where name = any(${[...types]}::text[]) and state < 'active'`.execute(this.#db);
    const at = rows[0]?.at;
    return at ? new Date(at) : null;
  }

  onReady(listener: (types?: ReadonlySet<string>) => void): () => void {
    return this.#signal.subscribe(listener);
  }

  async close(): Promise<void> {}
}
