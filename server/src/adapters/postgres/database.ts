/**
 * PostgreSQL connections for the scale-out mode: one bounded pg Pool per process (shared by the
 * store and pg-boss), 64-bit integers read as numbers (times are epoch-ms `bigint`), and a
 * dedicated LISTEN connection that wakes this process's workers when another process commits a
 * task.
 */
import pg from 'pg';

/** The NOTIFY channel a commit that enqueued tasks signals on. */
export const TASKS_CHANNEL = 'docket_tasks';

const INT8_OID = 20;

/** Epoch milliseconds and counts fit a double exactly up to 2^53. */
const typesWithNumericInt8: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  url: string;
  max: number;
  applicationName?: string;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    // Give idle connections back, but not so eagerly that bursts reconnect every time.
    idleTimeoutMillis: 30_000,
    // A saturated pool fails a request after 10 s instead of hanging it.
    connectionTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'docket',
    types: typesWithNumericInt8,
    keepAlive: true,
  });
  // An idle client losing its connection (server restart, failover) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/**
 * LISTENs on a channel over its own connection and calls `onNotify` for each notification, and
 * once after every (re)connect so nothing sent while disconnected is missed. Reconnects with
 * backoff; never throws after `start`.
 */
export class PgListener {
  readonly #url: string;
  readonly #channel: string;
  readonly #onNotify: () => void;
  #client: pg.Client | null = null;
  #closed = false;
  #retryMs = 250;
  #timer: NodeJS.Timeout | undefined;

  constructor(url: string, channel: string, onNotify: () => void) {
    this.#url = url;
    this.#channel = channel;
    this.#onNotify = onNotify;
  }

  async start(): Promise<void> {
    await this.#connect().catch(() => this.#reconnectLater());
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({
      connectionString: this.#url,
      application_name: 'docket-listen',
      keepAlive: true,
    });
    client.on('error', () => {
      if (this.#client === client) this.#client = null;
      client.end().catch(() => {});
      this.#reconnectLater();
    });
    client.on('notification', (message) => {
      if (message.channel === this.#channel) this.#onNotify();
    });
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(this.#channel)}`);
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#retryMs = 250;
    this.#onNotify();
  }

  #reconnectLater(): void {
    if (this.#closed || this.#timer) return;
    const wait = this.#retryMs;
    this.#retryMs = Math.min(10_000, this.#retryMs * 2);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#connect().catch(() => this.#reconnectLater());
    }, wait);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }
}
