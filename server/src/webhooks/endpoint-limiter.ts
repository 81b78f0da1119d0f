/**
 * At most N attempts in flight per endpoint in this process, so a slow or dead endpoint can
 * hold only a few worker slots and never delays deliveries to the others.
 */
export class EndpointLimiter {
  readonly #limit: number;
  readonly #inflight = new Map<string, number>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  tryAcquire(endpointId: string): boolean {
    const current = this.#inflight.get(endpointId) ?? 0;
    if (current >= this.#limit) return false;
    this.#inflight.set(endpointId, current + 1);
    return true;
  }

  release(endpointId: string): void {
    const current = this.#inflight.get(endpointId) ?? 0;
    if (current <= 1) this.#inflight.delete(endpointId);
    else this.#inflight.set(endpointId, current - 1);
  }
}
