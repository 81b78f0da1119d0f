/** The `record.expire_result` task: deletes a finished record's result once its retention ended. */
import { isTerminal } from '../core/domain.ts';
import type { Clock, Store, TaskHandler } from '../core/ports.ts';
import { payloadOf, TASKS } from '../core/tasks.ts';

export function expireResultTaskHandler(store: Store, clock: Clock): TaskHandler {
  return {
    type: TASKS.expireResult,
    concurrency: 4,
    maxAttempts: 10,
    async handle(task) {
      const recordId = payloadOf(task, TASKS.expireResult).record_id;
      const record = await store.records.getById(recordId);
      if (record && isTerminal(record.status)) await store.records.clearResult(recordId, clock.now());
      return undefined;
    },
  };
}
