/**
 * Seed 003's per-attempt webhook body: the stored envelope with `meta.webhook_id` set to the
 * receiving endpoint and every document's `pdf.url` a link signed now, valid for an hour, so a
 * retry minutes later still carries a link that works.
 */
import { DOCUMENT_KIND, PDF_LINK_TTL_SECONDS } from '../../core/document-links.ts';
import type { AttemptRenderer } from '../../core/ports.ts';
import type { ProductServices } from '../product.ts';

interface Envelope {
  events?: Array<{ metadata?: { document?: { pdf?: { url: string | null; fileName?: string } | null } } }>;
  meta?: { webhook_id?: string | null };
}

export function documentAttemptRenderer(services: ProductServices): AttemptRenderer {
  return async ({ eventBody, delivery, endpoint }) => {
    const body = JSON.parse(eventBody) as Envelope;
    if (!body.events) return eventBody; // a record.* event of a document: the native envelope as stored
    const record = delivery.recordId ? await services.store.records.getById(delivery.recordId) : null;
    for (const event of body.events) {
      const pdf = event.metadata?.document?.pdf;
      if (pdf && record?.kind === DOCUMENT_KIND && record.blobKey) {
        pdf.url = await services.blobs.presignedUrl(record.blobKey, PDF_LINK_TTL_SECONDS, {
          filename: pdf.fileName ?? null,
          contentType: record.mimeType,
        });
      }
    }
    body.meta = { ...body.meta, webhook_id: endpoint.id };
    return JSON.stringify(body);
  };
}
