/** Lists that fetch their pages lazily: `for await` over the items, or over `.pages()`. */

/** One fetched page: the API's page object, its items, and the cursor of the next page (null at the end). */
export interface FetchedPage<P, T, C> {
  page: P;
  items: T[];
  next: C | null;
}

export class PageIterator<T, P, C = string> implements AsyncIterable<T> {
  readonly #fetch: (cursor: C | null, signal?: AbortSignal) => Promise<FetchedPage<P, T, C>>;
  readonly #start: C | null;
  readonly #signal: AbortSignal | undefined;

  constructor(
    fetchPage: (cursor: C | null, signal?: AbortSignal) => Promise<FetchedPage<P, T, C>>,
    start: C | null = null,
    signal?: AbortSignal,
  ) {
    this.#fetch = fetchPage;
    this.#start = start;
    this.#signal = signal;
  }

  /** Each page as the API answered it, fetched when the loop asks for it. */
  async *pages(): AsyncGenerator<P, void, undefined> {
    let cursor = this.#start;
    for (;;) {
      const fetched = await this.#fetch(cursor, this.#signal);
      yield fetched.page;
      if (fetched.next === null || fetched.items.length === 0) return;
      cursor = fetched.next;
    }
  }

  /** Every item of every page. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    let cursor = this.#start;
    for (;;) {
      const fetched = await this.#fetch(cursor, this.#signal);
      yield* fetched.items;
      if (fetched.next === null || fetched.items.length === 0) return;
      cursor = fetched.next;
    }
  }

  /** The first page only. */
  async firstPage(): Promise<P> {
    return (await this.#fetch(this.#start, this.#signal)).page;
  }

  /** Collects the items, stopping after `max`. */
  async toArray(max = Number.POSITIVE_INFINITY): Promise<T[]> {
    const items: T[] = [];
    if (max <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= max) break;
    }
    return items;
  }
}
