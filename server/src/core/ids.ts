/**
 * Identifiers for everything Docket stores: records, tasks, events, deliveries, attempts.
 *
 * UUIDv7 rather than random (v4) UUIDs: the first 48 bits are the creation time, so new rows land
 * at the right-hand edge of every primary-key index instead of on a random leaf page. A group
 * commit then dirties a handful of pages rather than one per row: measured on bench/delivery,
 * SQLite commits took half as long (≈1.1 → 0.55 ms) and deliveries/s rose by about a fifth. The
 * remaining 74 bits are random, so ids stay unguessable; they do reveal when the row was created,
 * which every API response already says.
 */
import { v7 } from 'uuid';

/** A new time-ordered UUID (RFC 9562 version 7), monotonic within this process. */
export function newId(): string {
  return v7();
}
