/**
 * A counting semaphore whose waiters are let in by turns across lanes: with every slot taken,
 * the next free slot goes to the lane after the one served last, so a lane with a thousand
 * waiters and a lane with one alternate instead of queueing first come, first served.
 */
export class FairGate {
  readonly #slots: number;
  #busy = 0;
  /** Waiters per lane, in arrival order; lanes in the order they are served. */
  readonly #waiting = new Map<string, Array<() => void>>();
  #closed = false;

  constructor(slots: number) {
    if (slots < 1) throw new Error('a gate needs at least one slot');
    this.#slots = slots;
  }

  /** Resolves with a release function once the caller holds a slot. */
  enter(lane: string): Promise<() => void> {
    if (this.#closed) return Promise.reject(new Error('the analyser pool is closed'));
    if (this.#busy < this.#slots) {
      this.#busy++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve) => {
      const queue = this.#waiting.get(lane);
      const waiter = () => resolve(this.#releaser());
      if (queue) queue.push(waiter);
      else this.#waiting.set(lane, [waiter]);
    });
  }

  /** How many callers wait for a slot. */
  get waiting(): number {
    let n = 0;
    for (const queue of this.#waiting.values()) n += queue.length;
    return n;
  }

  close(): void {
    this.#closed = true;
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#handOn();
    };
  }

  /** Gives the freed slot to the first waiter of the next lane; the lane then goes to the back. */
  #handOn(): void {
    const next = this.#waiting.entries().next();
    if (next.done) {
      this.#busy--;
      return;
    }
    const [lane, queue] = next.value;
    const waiter = queue.shift()!;
    // Map order is insertion order: re-inserting the lane moves it behind every other lane.
    this.#waiting.delete(lane);
    if (queue.length > 0) this.#waiting.set(lane, queue);
    waiter();
  }
}
