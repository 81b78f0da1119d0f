/**
 * Crash test for batch uploads on each adapter set: a process commits parent + children batches
 * in a loop and is killed with SIGKILL at a random moment, twice. Every batch must then be whole
 * (the parent completed, all its children there, each with its analysis task) or absent (the
 * parent still waiting, no child) — never half a batch.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdapters } from '../../src/adapters/open.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import type { DocketRecord } from '../../src/core/domain.ts';
import { TASKS } from '../../src/core/tasks.ts';
import { eventually } from '../support/docket.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';

const CHILDREN = 40;
const WRITER = path.resolve(import.meta.dirname, 'batch-writer.ts');

let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startTestPostgres({ durable: true });
}, 120_000);
afterAll(async () => pg?.stop());

async function envFor(set: string): Promise<Record<string, string>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docket-batch-kill9-'));
  const base = {
    DOCKET_DATA_DIR: dir,
    DOCKET_LOG_LEVEL: 'silent',
    DOCKET_BLOBS: `file:${path.join(dir, 'blobs')}`,
  };
  if (set === 'embedded') return { ...base, DOCKET_DATABASE_URL: `sqlite:${path.join(dir, 'docket.db')}` };
  return {
    ...base,
    DOCKET_DATABASE_URL: await pg!.createDatabase('batch'),
    DOCKET_PG_QUEUE: 'pg-boss',
    DOCKET_PGBOSS_SUPERVISE_SECONDS: '1',
  };
}

/** Runs the writer until it has committed `atLeast` batches, then kills it at a random moment. */
async function runAndKill(env: Record<string, string>, atLeast: number): Promise<void> {
  const child: ChildProcess = spawn(process.execPath, [WRITER], {
    env: { ...process.env, ...env, BATCH_CHILDREN: String(CHILDREN) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await eventually(async () => (output.match(/committed/g)?.length ?? 0) >= atLeast || null, 60_000);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
  child.kill('SIGKILL');
  await exited;
  expect(output).not.toMatch(/Error/);
}

describe.each(['embedded', 'postgres + pg-boss'])('batch commits under kill -9: %s', (set) => {
  it('leaves every batch whole or absent', async () => {
    const env = await envFor(set);
    const applicationId = randomUUID();
    {
      const { store, queue, blobs } = await openAdapters(loadConfig(env), systemClock());
      await store.applications.insert(
        { id: applicationId, name: 'crash', createdAt: new Date() },
        { key: `whsec_${randomUUID()}`, createdAt: new Date(), expiresAt: null },
      );
      await queue.close();
      await blobs.close();
      await store.close();
    }
    await runAndKill({ ...env, BATCH_APP_ID: applicationId }, 3);
    await runAndKill({ ...env, BATCH_APP_ID: applicationId }, 3);

    const { store, queue, blobs } = await openAdapters(loadConfig(env), systemClock());
    try {
      const all: DocketRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.records.list({ applicationId, limit: 200, ...(cursor ? { cursor } : {}) });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const parents = all.filter((r) => r.parentId === null);
      const childrenOf = (id: string) => all.filter((r) => r.parentId === id);
      const whole = parents.filter((p) => p.status === 'completed');
      expect(whole.length).toBeGreaterThanOrEqual(6);
      for (const parent of parents) {
        const children = childrenOf(parent.id);
        if (parent.status === 'completed') {
          expect(children).toHaveLength(CHILDREN);
          expect(parent.result).toEqual({ children: CHILDREN });
        } else {
          expect(parent.status).toBe('queued');
          expect(children).toHaveLength(0);
        }
      }
      // Every child has its analysis task, and no task points at a record that is not there.
      const childIds = new Set(all.filter((r) => r.parentId !== null).map((r) => r.id));
      const tasked = new Set<string>();
      for (;;) {
        const tasks = await queue.claim([TASKS.analyse], 500, 60_000);
        if (tasks.length === 0) break;
        for (const task of tasks) tasked.add(String(task.payload.record_id));
      }
      expect([...tasked].sort()).toEqual([...childIds].sort());
    } finally {
      await queue.close();
      await blobs.close();
      await store.close();
    }
  }, 180_000);
});
