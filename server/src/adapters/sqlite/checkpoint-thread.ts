/**
 * The checkpointer's thread: its own connection to the database, running PASSIVE checkpoints when
 * asked (copying WAL frames into the database file and syncing both) so the COMMITs on the main
 * thread never do that work themselves.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const db = new BetterSqlite3((workerData as { file: string }).file);
// The checkpoint syncs the WAL before copying and the database after: both, in this thread.
db.pragma('synchronous = FULL');
db.pragma('wal_autocheckpoint = 0');

parentPort?.on('message', (message: 'checkpoint' | 'close') => {
  if (message === 'close') {
    db.close();
    parentPort?.close();
    return;
  }
  try {
    // PASSIVE never waits for readers or the writer: it copies what it can and returns.
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    parentPort?.postMessage({ ok: true, ...row });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
