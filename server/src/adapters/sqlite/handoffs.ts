/**
 * The workers of this process that take tasks straight from the store's commits: a task a commit
 * enqueues is offered to them first, written leased to the one with a free slot, and started once
 * that commit is durable. What they would otherwise pay between the commit and the work is a claim:
 * a lease statement, its share of the next group commit and the wait for it.
 */
import type { HandoffAcceptor, HandoffSlot, LeasedTask } from '../../core/ports.ts';
import type { EnqueueHandoff } from '../sql/task-writer.ts';

/** A task written leased to a worker's slot, to start once its commit is durable. */
export interface HandedTask {
  slot: HandoffSlot;
  task: LeasedTask;
}

export class Handoffs {
  readonly #acceptors = new Set<HandoffAcceptor>();

  /** Offers `acceptor` the tasks of later commits; returns an unsubscribe. */
  accept(acceptor: HandoffAcceptor): () => void {
    this.#acceptors.add(acceptor);
    return () => this.#acceptors.delete(acceptor);
  }

  /** The handoff of one transaction, collecting its handed tasks into `handed`; none without workers. */
  forTransaction(handed: HandedTask[]): EnqueueHandoff | undefined {
    if (this.#acceptors.size === 0) return undefined;
    return {
      reserve: (type) => {
        for (const acceptor of this.#acceptors) {
          const slot = acceptor.reserve(type);
          if (slot) return slot;
        }
        return undefined;
      },
      written: (slot, task) => handed.push({ slot, task }),
    };
  }
}

/** Hands the tasks of a durable commit to their workers (`start`), or gives their slots back. */
export function startOrCancel(handed: readonly HandedTask[], start: boolean): void {
  for (const { slot, task } of handed) {
    if (start) slot.start(task);
    else slot.cancel();
  }
}
