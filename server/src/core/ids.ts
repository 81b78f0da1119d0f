/**
 * Identifiers for everything Docket stores: records, tasks, events, deliveries, attempts.
 *
 * Time-ordered UUIDs (RFC 9562 version 7) rather than random ones: the first 48 bits are the
 * creation time in milliseconds, so new rows land at the right-hand edge of every primary-key
 * index instead of on a random leaf page. A group commit then dirties a handful of pages rather
 * than one per row: on bench/delivery SQLite commits took half as long (≈1.1 → 0.55 ms) and
 * deliveries/s rose by about a fifth. The other 74 bits are random, so ids stay unguessable; they
 * do reveal when the row was created, which every API response already says.
 *
 * Built on Node's `randomUUID` rather than the `uuid` package's `v7`: that one asks the kernel
 * for 16 fresh random bytes per id (≈20 µs a call on a VM, 3 % of an upload's event-loop time),
 * while Node draws its randomness in batches.
 */
import { randomUUID } from 'node:crypto';

/** A new version 7 UUID. Ids made in different milliseconds sort in the order they were made. */
export function newId(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  // A v4 UUID is `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx`: keep its random bits and variant, put the
  // time in the first 48 bits and 7 in the version nibble.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
