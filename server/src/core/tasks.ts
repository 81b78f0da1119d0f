/**
 * Every task type Docket enqueues and the payload each one carries: one catalogue, so the code
 * that enqueues a task and the handler that runs it cannot disagree on a name or a field.
 */
import type { LeasedTask, TaskQueue, TaskSpec } from './ports.ts';

/** Task type names. */
export const TASKS = {
  /** Run a record's analyser (or expand its archive) and record the outcome. */
  analyse: 'record.analyse',
  /** A delivery's first attempt; a lane of its own so first attempts never wait behind retries. */
  deliver: 'webhook.deliver',
  /** Every later attempt of a delivery, scheduled at its `next_attempt_at`. */
  retry: 'webhook.retry',
  /** Delete a record's uploaded file (after its webhook was delivered, or by retention). */
  purgeFile: 'record.purge_file',
  /** Delete a finished record's result once its retention ends (seed 002: 24 h). */
  expireResult: 'record.expire_result',
} as const;

/** The payload of each task type. */
export interface TaskPayloads {
  'record.analyse': { record_id: string };
  'webhook.deliver': { delivery_id: string };
  'webhook.retry': { delivery_id: string };
  'record.purge_file': { record_id: string; reason: string };
  'record.expire_result': { record_id: string };
}

export type TaskType = keyof TaskPayloads;

/** The string fields each payload must carry, checked when a task is read back. */
const REQUIRED_FIELDS: { [T in TaskType]: readonly (keyof TaskPayloads[T] & string)[] } = {
  'record.analyse': ['record_id'],
  'webhook.deliver': ['delivery_id'],
  'webhook.retry': ['delivery_id'],
  'record.purge_file': ['record_id', 'reason'],
  'record.expire_result': ['record_id'],
};

/** A task of a known type, ready to enqueue. */
export function taskSpec<T extends TaskType>(
  type: T,
  payload: TaskPayloads[T],
  options: { runAt?: Date; idempotencyKey?: string; lane?: string } = {},
): TaskSpec {
  return { type, payload: { ...payload }, ...options };
}

/** Thrown when a stored task's payload does not have the shape its type promises. */
export class TaskPayloadError extends Error {
  override name = 'TaskPayloadError';
}

/** The typed payload of a claimed task; throws {@link TaskPayloadError} when it is malformed. */
export function payloadOf<T extends TaskType>(task: LeasedTask, type: T): TaskPayloads[T] {
  if (task.type !== type) throw new TaskPayloadError(`task ${task.id} is a ${task.type}, not a ${type}`);
  for (const field of REQUIRED_FIELDS[type]) {
    if (typeof task.payload[field] !== 'string') {
      throw new TaskPayloadError(`task ${task.id} (${type}) has no string ${field} in its payload`);
    }
  }
  return task.payload as unknown as TaskPayloads[T];
}

/**
 * Hands a failed task back to the queue: to run again after a backoff (1 s doubling per attempt,
 * at most 5 min), or buried as `dead` once it has run `maxAttempts` times. Never throws: if the
 * queue cannot take it, the lease expires and the task runs again anyway.
 */
export async function retryOrBury(
  queue: TaskQueue,
  task: LeasedTask,
  options: { maxAttempts: number; error: string; now: Date },
): Promise<{ buried: true } | { buried: false; retryInMs: number }> {
  if (task.attempts >= options.maxAttempts) {
    await queue.bury(task, options.error).catch(() => {});
    return { buried: true };
  }
  const retryInMs = Math.min(300_000, 1000 * 2 ** (task.attempts - 1));
  await queue.retry(task, new Date(options.now.getTime() + retryInMs), options.error).catch(() => {});
  return { buried: false, retryInMs };
}
