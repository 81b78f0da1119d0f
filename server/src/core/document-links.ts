/**
 * What seed 003's documents need beside the service: their record kind, the name and lifetime of
 * their download links, and whether a pending delivery is still wanted once the customer has
 * confirmed the import (the documents product's delivery hook).
 */
import type { Delivery, DocketRecord } from './domain.ts';
import type { Store } from './ports.ts';

/** The record kind of medical documents. */
export const DOCUMENT_KIND = 'document';

/** Pre-signed PDF links are valid this long (seed 003: one hour). */
export const PDF_LINK_TTL_SECONDS = 3600;

/** The file name a document downloads as. */
export function documentFileName(record: DocketRecord): string {
  if (record.filename) return record.filename;
  const ext = record.mimeType === 'application/pdf' ? 'pdf' : (record.mimeType.split('/')[1] ?? 'bin');
  return `${record.id}.${ext}`;
}

/**
 * For the documents product's delivery hook: a delivery is still wanted unless the customer
 * confirmed the document imported after the delivery was made (so a later manual
 * synchronisation is sent again, but retries of an already imported document are not).
 */
export async function documentDeliveryWanted(store: Store, delivery: Delivery): Promise<boolean> {
  if (!delivery.recordId) return true;
  const document = await store.documents.getById(delivery.recordId);
  if (!document?.synchronized || !document.synchronizedAt) return true;
  return document.synchronizedAt.getTime() < delivery.createdAt.getTime();
}
