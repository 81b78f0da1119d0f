/**
 * The child process of the batch kill -9 test: commits batch expansions (a parent ZIP record and
 * its children) one after another until it is killed, printing each parent's id once committed.
 * Its adapter set comes from DOCKET_* variables, as the service's would.
 */
import { randomUUID } from 'node:crypto';
import { openAdapters } from '../../src/adapters/open.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { RecordProcessor } from '../../src/core/processing.ts';

const PARENT_TASK = 'test.batch';
const clock = systemClock();
const { store, queue } = await openAdapters(loadConfig(), clock);
const applicationId = process.env.BATCH_APP_ID!;
const children = Number(process.env.BATCH_CHILDREN ?? 40);
const processor = new RecordProcessor({
  store,
  clock,
  hooks: [],
  render: () => ({}),
  subjectOf: (record) => ({ kind: record.kind, product: null, resourceId: null }),
  onTerminal: () => {},
});

for (;;) {
  const id = randomUUID();
  await store.transaction(async (tx) => {
    await tx.records.insert({
      id,
      applicationId,
      kind: 'template',
      mimeType: 'application/zip',
      filename: 'batch.zip',
      sizeBytes: 1,
      blobKey: `uploads/${applicationId}/${id}`,
      applicationUserId: null,
      options: {},
      parentId: null,
      idempotencyKey: null,
      createdAt: clock.now(),
    });
    // A type of its own, so the claim below never picks up a child's analysis task.
    await tx.tasks.enqueue({ type: PARENT_TASK, payload: { record_id: id } });
  });
  let [task] = await queue.claim([PARENT_TASK], 1, 60_000);
  while (!task) [task] = await queue.claim([PARENT_TASK], 1, 60_000);
  const files = Array.from({ length: children }, (_, i) => ({
    blobKey: `uploads/${applicationId}/${id}-${i}`,
    filename: `file-${i}.pdf`,
    mimeType: 'application/pdf',
    sizeBytes: 1,
  }));
  await processor.expand(task, id, files, (ids) => ({ children: ids.length }));
  process.stdout.write(`committed ${id}\n`);
}
