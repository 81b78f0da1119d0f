/**
 * Docket's own job table: the embedded queue. Tasks are enqueued in the same transaction as the
 * record that needs them, leased with an expiry and a fencing token, and reclaimed when a lease
 * expires (a crashed process's tasks run again). The claim is one UPDATE … WHERE id IN (SELECT …)
 * statement: atomic on SQLite, and with `FOR UPDATE SKIP LOCKED` safe for concurrent claimers on
 * PostgreSQL.
 */
import {
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  sql,
  type UpdateQueryBuilder,
  type UpdateResult,
} from 'kysely';
import type { ClaimOptions, Clock, HandoffAcceptor, LeasedTask, TaskQueue } from '../../core/ports.ts';
import { PreparedQueries } from './prepared-queries.ts';
import type { Database, SqlDialectName, TasksTable } from './schema.ts';
import { completeTask } from './task-writer.ts';

/** Longest time between two scans for expired leases while claims keep coming. */
export const LEASE_SCAN_MAX_MS = 1000;

/** The columns a lease sets: leased until `leasedUntil`, a new fencing token, one more attempt. */
function leaseUntil(leasedUntil: number) {
  return (eb: ExpressionBuilder<Database, 'tasks'>) => ({
    state: 'leased' as const,
    lease_token: eb('lease_token', '+', 1),
    attempts: eb('attempts', '+', 1),
    leased_until: leasedUntil,
  });
}

/**
 * A task type or state written into a claim's SQL instead of bound. SQLite prepares a statement
 * again on every run when a query that orders its rows (`ORDER BY`, `min()`) filters with `=` or
 * `IN` on bound parameters: in the service that was 3–5 % of the event loop's CPU, and a claim
 * took 5× as long as the same statement with literals. Types and states come from code, never
 * from a request, so each list of types gets prepared statements of its own.
 */
const fixed = (value: string) => sql.lit(value);

function leasedFromRow(row: Selectable<TasksTable>): LeasedTask {
  return {
    id: row.id,
    type: row.type,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    attempts: row.attempts,
    leaseToken: row.lease_token,
    leasedUntil: new Date(Number(row.leased_until)),
  };
}

/**
 * Runs a unit of queue statements: directly, or as part of a store's group commit. `durable:
 * false` marks a unit whose loss in a power cut changes nothing (a lease taken or extended: the
 * process holding it is gone too, and the task is claimed again), so it need not wait for its own
 * fsync, only for those of the commits before it.
 */
export type WriteRunner = <T>(
  work: (db: Kysely<Database>) => Promise<T>,
  options?: { durable: boolean },
) => Promise<T>;

/**
 * A set of listeners told that tasks may be ready. Shared by the store (after commits) and the queue.
 * A notice names the task types it concerns when it knows them (a local commit that enqueued), so a
 * worker wakes only the lanes with something new, not every lane for every upload.
 */
export class TaskSignal {
  readonly #listeners = new Set<(types?: ReadonlySet<string>) => void>();

  subscribe(listener: (types?: ReadonlySet<string>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** `types`: the task types that may be ready; without it, any. */
  notify(types?: ReadonlySet<string>): void {
    for (const listener of this.#listeners) listener(types);
  }
}

/** What a {@link SqlTaskQueue} runs on. */
export interface SqlTaskQueueOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** Told when tasks may be ready; the queue's workers listen to it. */
  signal: TaskSignal;
  dialect: SqlDialectName;
  /**
   * Runs the queue's statements; the embedded store passes its group commit, so claims and lease
   * changes share fsyncs with other transactions. Default: on `db` directly.
   */
  write?: WriteRunner;
  /** The store's prepared statements, so the queue's statements take the store's fast path too. */
  prepared?: PreparedQueries;
  /** From a store whose commits can start tasks: lets a worker take them there (handoffs). */
  acceptHandoffs?: (acceptor: HandoffAcceptor) => () => void;
}

/** The consuming side of the job table. */
export class SqlTaskQueue implements TaskQueue {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #signal: TaskSignal;
  readonly #dialect: SqlDialectName;
  readonly #write: WriteRunner;
  readonly #prepared: PreparedQueries;
  /** Per task type, the lane a fair claim served last: the next fair claim starts after it. */
  readonly #laneCursor = new Map<string, string>();
  /**
   * Per list of types, the time before which no lease can have ended, so claims skip the scan for
   * expired leases until then (see {@link SqlTaskQueue.claim}).
   */
  readonly #leaseScanDue = new Map<string, number>();
  /** Set when the store's commits can hand tasks to this queue's worker (see TaskQueue). */
  readonly acceptHandoffs?: (acceptor: HandoffAcceptor) => () => void;

  constructor({
    db,
    clock,
    signal,
    dialect,
    write = (work) => work(db),
    prepared = new PreparedQueries(),
    acceptHandoffs,
  }: SqlTaskQueueOptions) {
    this.#db = db;
    this.#clock = clock;
    this.#signal = signal;
    this.#dialect = dialect;
    this.#write = write;
    this.#prepared = prepared;
    if (acceptHandoffs) this.acceptHandoffs = acceptHandoffs;
  }

  /**
   * Leases ready tasks, then tasks whose lease expired (their holder died).
   *
   * The scan for expired leases runs only once one can have ended: after a scan, at the earliest
   * end among the leases then held, or {@link LEASE_SCAN_MAX_MS} after it if that is sooner (for
   * leases other processes take meanwhile, whatever their length). Until then it would find
   * nothing, and under load it was most of the claims' statements. A worker's timer (`nextRunAt`)
   * wakes at the earliest lease end, when the scan is due again.
   */
  async claim(
    types: readonly string[],
    limit: number,
    leaseMs: number,
    options: ClaimOptions = {},
  ): Promise<LeasedTask[]> {
    if (types.length === 0 || limit < 1) return [];
    const now = this.#clock.now().getTime();
    const key = types.join('\n');
    // Two statements, each walking an index in order: a single one with an OR of both
    // conditions makes SQLite sort every due task on each claim, which is quadratic under a backlog.
    const { tasks, scanDue } = await this.#write(
      async (db) => {
        const ready = options.fair
          ? await this.#leaseInTurn(db, types, limit, leaseMs, now)
          : await this.#lease(db, types, limit, leaseMs, now, 'ready');
        if (ready.length === limit || now < (this.#leaseScanDue.get(key) ?? 0)) {
          return { tasks: ready, scanDue: undefined };
        }
        const expired = await this.#lease(db, types, limit - ready.length, leaseMs, now, 'expired');
        // A full claim may have left expired leases behind: scan again next time.
        if (ready.length + expired.length === limit) return { tasks: [...ready, ...expired], scanDue: now };
        const earliest = await this.#earliestLeaseEnd(db, types);
        return {
          tasks: [...ready, ...expired],
          scanDue: Math.min(now + LEASE_SCAN_MAX_MS, earliest ?? Infinity),
        };
      },
      { durable: false },
    );
    // Only now: a unit the group commit rolled back and ran again must not have moved it.
    if (scanDue !== undefined) this.#leaseScanDue.set(key, scanDue);
    return tasks;
  }

  /** The earliest end of a lease held on a task of these types, `null` when none is held. */
  async #earliestLeaseEnd(db: Kysely<Database>, types: readonly string[]): Promise<number | null> {
    const { rows } = await this.#prepared.execute(
      db,
      `tasks.lease-end.${types.join('\n')}`,
      (builder) =>
        builder
          .selectFrom('tasks')
          .select((eb) => eb.fn.min('leased_until').as('at'))
          .where('type', 'in', types.map(fixed))
          .where('state', '=', fixed('leased')),
      {},
    );
    const at = rows[0]?.at;
    return at === null || at === undefined ? null : Number(at);
  }

  async #lease(
    db: Kysely<Database>,
    types: readonly string[],
    limit: number,
    leaseMs: number,
    now: number,
    which: 'ready' | 'expired',
  ): Promise<LeasedTask[]> {
    // Prepared per list of types (one per worker lane in practice), which tasks, and the limit
    // (a lane's free slots), all written into the SQL (see `fixed`).
    const { rows } = await this.#prepared.execute(
      db,
      `tasks.lease.${which}.${limit}.${types.join('\n')}`,
      (builder, values: { leased_until: number; now: number }) =>
        builder
          .updateTable('tasks')
          .set(leaseUntil(values.leased_until))
          .where('id', 'in', (eb) => {
            let q = eb.selectFrom('tasks').select('id').where('type', 'in', types.map(fixed));
            q =
              which === 'ready'
                ? q.where('state', '=', fixed('ready')).where('run_at', '<=', values.now).orderBy('run_at')
                : q
                    .where('state', '=', fixed('leased'))
                    .where('leased_until', '<', values.now)
                    .orderBy('leased_until');
            q = q.limit(sql.lit(limit));
            if (this.#dialect === 'postgres') q = q.forUpdate().skipLocked();
            return q;
          })
          .returningAll(),
      { leased_until: now + leaseMs, now },
    );
    return rows.map(leasedFromRow);
  }

  /**
   * Leases ready tasks in turn across lanes: the oldest ready task of the first lane after the
   * one served last, then of the lane after that, wrapping around, until `limit` are leased or
   * none is left. Each pick is one seek on `tasks_lane_ready`, so the cost does not grow with
   * the backlog, and a lane with one task waits for at most one task of every other lane.
   */
  async #leaseInTurn(
    db: Kysely<Database>,
    types: readonly string[],
    limit: number,
    leaseMs: number,
    now: number,
  ): Promise<LeasedTask[]> {
    const leased: LeasedTask[] = [];
    for (const type of types) {
      let cursor = this.#laneCursor.get(type) ?? null;
      while (leased.length < limit) {
        let row = await this.#oldestReadyAfter(db, type, now, cursor);
        if (!row && cursor !== null) row = await this.#oldestReadyAfter(db, type, now, null);
        if (!row) break;
        cursor = row.lane;
        const { rows } = await this.#prepared.execute(
          db,
          'tasks.lease.one',
          (builder, values: { id: string; leased_until: number }) =>
            builder
              .updateTable('tasks')
              .set(leaseUntil(values.leased_until))
              .where('id', '=', values.id)
              .where('state', '=', 'ready')
              .returningAll(),
          { id: row.id, leased_until: now + leaseMs },
        );
        const task = rows[0];
        if (task) leased.push(leasedFromRow(task));
      }
      if (cursor !== null) this.#laneCursor.set(type, cursor);
    }
    return leased;
  }

  /** The oldest ready task of the first lane after `cursor` (any lane when `null`). */
  async #oldestReadyAfter(
    db: Kysely<Database>,
    type: string,
    now: number,
    cursor: string | null,
  ): Promise<{ id: string; lane: string } | undefined> {
    const { rows } = await this.#prepared.execute(
      db,
      `tasks.oldest-ready.${cursor === null ? 'any' : 'after'}.${type}`,
      (builder, values: { now: number; cursor?: string }) => {
        // On SQLite `+run_at`: a range on run_at makes its planner pick tasks_ready and sort every
        // ready task of the type by lane (≈0.9 ms with 2,000 waiting, against 2 µs); without it,
        // the walk of tasks_lane_ready in (lane, run_at) order stops at the first due task.
        const runAt =
          this.#dialect === 'sqlite' ? sql<number>`+${sql.ref('run_at')}` : sql.ref<number>('run_at');
        let q = builder
          .selectFrom('tasks')
          .select(['id', 'lane'])
          .where('type', '=', fixed(type))
          .where('state', '=', fixed('ready'))
          .where((eb) => eb(runAt, '<=', values.now));
        if (cursor !== null) q = q.where('lane', '>', values.cursor as string);
        q = q.orderBy('lane').orderBy('run_at').limit(sql.lit(1));
        if (this.#dialect === 'postgres') q = q.forUpdate().skipLocked();
        return q;
      },
      cursor === null ? { now } : { now, cursor },
    );
    return rows[0] as { id: string; lane: string } | undefined;
  }

  /**
   * Changes a task only while the caller still holds its lease (same fencing token, still
   * leased); `false` when the lease was lost.
   */
  async #whileLeased(
    task: LeasedTask,
    change: (query: UpdateQueryBuilder<Database, 'tasks', 'tasks', UpdateResult>) => typeof query,
    options = { durable: true },
  ): Promise<boolean> {
    const result = await this.#write(
      (db) =>
        change(db.updateTable('tasks'))
          .where('id', '=', task.id)
          .where('lease_token', '=', task.leaseToken)
          .where('state', '=', 'leased')
          .executeTakeFirst(),
      options,
    );
    return Number(result.numUpdatedRows) === 1;
  }

  async renew(task: LeasedTask, leaseMs: number): Promise<boolean> {
    const until = this.#clock.now().getTime() + leaseMs;
    if (!(await this.#whileLeased(task, (q) => q.set({ leased_until: until }), { durable: false })))
      return false;
    task.leasedUntil = new Date(until);
    return true;
  }

  async complete(task: LeasedTask): Promise<boolean> {
    return this.#write((db) => completeTask(this.#prepared, db, task));
  }

  retry(task: LeasedTask, runAt: Date, error: string): Promise<boolean> {
    return this.#whileLeased(task, (q) =>
      q.set({
        state: 'ready',
        run_at: runAt.getTime(),
        leased_until: null,
        last_error: error.slice(0, 2000),
      }),
    );
  }

  bury(task: LeasedTask, error: string): Promise<boolean> {
    return this.#whileLeased(task, (q) =>
      q.set({ state: 'dead', leased_until: null, last_error: error.slice(0, 2000) }),
    );
  }

  async release(task: LeasedTask): Promise<void> {
    // Undo the claim's attempt so a graceful shutdown does not count against the task.
    await this.#whileLeased(task, (q) =>
      q.set((eb) => ({ state: 'ready', leased_until: null, attempts: eb('attempts', '-', 1) })),
    );
    this.#signal.notify();
  }

  async nextRunAt(types: readonly string[]): Promise<Date | null> {
    if (types.length === 0) return null;
    // One statement, two index walks: the earliest run-at of a waiting task, and the earliest end
    // of a lease (a leased task becomes claimable again when its lease ends).
    const { rows } = await this.#prepared.execute(
      this.#db,
      `tasks.earliest.${types.join('\n')}`,
      (db) => {
        const ofTypes = types.map(fixed);
        return db.selectNoFrom((eb) => [
          eb
            .selectFrom('tasks')
            .select((inner) => inner.fn.min('run_at').as('at'))
            .where('type', 'in', ofTypes)
            .where('state', '=', fixed('ready'))
            .as('ready_at'),
          eb
            .selectFrom('tasks')
            .select((inner) => inner.fn.min('leased_until').as('at'))
            .where('type', 'in', ofTypes)
            .where('state', '=', fixed('leased'))
            .as('lease_ends_at'),
        ]);
      },
      {},
    );
    const times = [rows[0]?.ready_at, rows[0]?.lease_ends_at]
      .filter((at) => at !== null && at !== undefined)
      .map(Number);
    return times.length ? new Date(Math.min(...times)) : null;
  }

  onReady(listener: (types?: ReadonlySet<string>) => void): () => void {
    return this.#signal.subscribe(listener);
  }

  async close(): Promise<void> {}
}
