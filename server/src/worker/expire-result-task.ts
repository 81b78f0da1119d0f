/**
 * The `record.expire_result` task: deletes a finished record's result, with the events that
 * carried it, once its retention ended. A delivery still retrying then ends "the event no longer
 * exists", as after the retention sweep: past its retention the result is not sent any more.
 */
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
      if (record && isTerminal(record.status)) {
        const at = clock.now();
        await store.transaction((tx) => tx.records.clearResult(recordId, at));
      }
      return undefined;
    },
  };
}
