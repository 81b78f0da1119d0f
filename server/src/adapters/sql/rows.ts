/** Conversions between stored rows and domain objects. */
import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { DocketEvent, DocketRecord, RecordStatus, SigningKey } from '../../core/domain.ts';
import type { Page } from '../../core/ports.ts';
import type { EventsTable, RecordsTable } from './schema.ts';

const date = (ms: number | string): Date => new Date(Number(ms));
const maybeDate = (ms: number | string | null): Date | null => (ms === null ? null : date(ms));

export function recordFromRow(row: Selectable<RecordsTable>): DocketRecord {
  return {
    id: row.id,
    applicationId: row.application_id,
    kind: row.kind,
    status: row.status as RecordStatus,
    stage: row.stage,
    mimeType: row.mime_type,
    filename: row.filename,
    sizeBytes: Number(row.size_bytes),
    blobKey: row.blob_key,
    applicationUserId: row.application_user_id,
    applicationNumber: Number(row.application_number),
    options: JSON.parse(row.options) as Record<string, unknown>,
    result: row.result === null ? null : JSON.parse(row.result),
    error: row.error === null ? null : JSON.parse(row.error),
    pages: row.pages,
    parentId: row.parent_id,
    idempotencyKey: row.idempotency_key,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    completedAt: maybeDate(row.completed_at),
    fileDeletedAt: maybeDate(row.file_deleted_at ?? null),
    fileDeletedReason: row.file_deleted_reason ?? null,
    resultDeletedAt: maybeDate(row.result_deleted_at ?? null),
  };
}

export function eventFromRow(row: Selectable<EventsTable>): DocketEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    applicationId: row.application_id,
    type: row.type,
    recordId: row.record_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: date(row.created_at),
  };
}

interface StoredSigningKey {
  key: string;
  created_at: number;
  expires_at: number | null;
}

export function signingKeysFromJson(json: string): SigningKey[] {
  return (JSON.parse(json) as StoredSigningKey[]).map((k) => ({
    key: k.key,
    createdAt: date(k.created_at),
    expiresAt: maybeDate(k.expires_at),
  }));
}

export function signingKeysToJson(keys: SigningKey[]): string {
  return JSON.stringify(
    keys.map((k) => ({
      key: k.key,
      created_at: k.createdAt.getTime(),
      expires_at: k.expiresAt?.getTime() ?? null,
    })),
  );
}

/** Opaque page cursor over `(created_at, id)`. */
function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.getTime()}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const sep = text.indexOf(':');
  const createdAt = Number(text.slice(0, sep));
  if (sep < 1 || !Number.isFinite(createdAt)) return null;
  return { createdAt, id: text.slice(sep + 1) };
}

/**
 * One page of a newest-first listing over `(created_at, id)`, for any table that has both
 * columns. The cursor is the last row of the previous page; one extra row tells whether another
 * page follows.
 */
export async function pageNewestFirst<DB, TB extends keyof DB, O, D extends { createdAt: Date; id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  cursor: string | undefined,
  limit: number,
  toDomain: (row: O) => D,
): Promise<Page<D>> {
  const after = cursor ? decodeCursor(cursor) : null;
  let q = query;
  if (after) {
    q = q.where(
      sql<boolean>`(created_at < ${after.createdAt} or (created_at = ${after.createdAt} and id < ${after.id}))`,
    );
  }
  const rows = await q
    .orderBy(sql`created_at`, 'desc')
    .orderBy(sql`id`, 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toDomain);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
