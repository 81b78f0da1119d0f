/**
 * Bounds checked before an analyser runs, from the cheapest facts about the file: a PDF's page
 * count (its page tree, no page is parsed) and an image's size (its header, no pixel is decoded).
 * Over a bound the analysis fails at once with a reason naming the bound and its setting, instead
 * of holding an analyser thread for minutes.
 */
import sharp from 'sharp';
import type { AnalysisFailure, AnalysisLimits } from '../../core/ports.ts';
import { type OpenedPdfs, PdfOpenError, withPdf } from '../pdf/load.ts';
import type { AnalyserInput } from '../types.ts';

/** The bounds {@link readDocument} checks page by page, from an analysis's limits. */
export function pageBounds(
  limits: AnalysisLimits | undefined,
): Pick<AnalysisLimits, 'maxOcrPages' | 'timeBudget'> | Record<string, never> {
  if (!limits) return {};
  return {
    maxOcrPages: limits.maxOcrPages,
    ...(limits.timeBudget ? { timeBudget: limits.timeBudget } : {}),
  };
}

const megapixels = (pixels: number) => Math.round(pixels / 1e5) / 10;

async function pdfPageCount(bytes: Uint8Array, pdfs: OpenedPdfs | undefined): Promise<number | null> {
  try {
    return await withPdf(bytes, pdfs, async (doc) => doc.numPages);
  } catch (error) {
    if (error instanceof PdfOpenError) return null; // the analyser reports it in its own words
    throw error;
  }
}

async function imageSize(bytes: Uint8Array): Promise<{ width: number; height: number } | null> {
  try {
    // Reading the header only: `limitInputPixels: false` so the size of a bomb can be reported.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    return meta.width && meta.height ? { width: meta.width, height: meta.height } : null;
  } catch {
    return null; // undecodable: the analyser says so
  }
}

/** The failure the file's size or page count causes under `limits`, or `null` when it is within them. */
export async function preflight(
  input: AnalyserInput,
  limits: AnalysisLimits,
): Promise<AnalysisFailure | null> {
  if (input.mimeType === 'application/pdf') {
    const pages = await pdfPageCount(input.bytes, input.pdfs);
    if (pages !== null && pages > limits.maxPages) {
      return {
        code: 'page_limit_exceeded',
        message: `the PDF has ${pages} pages; ${input.kind} documents may have at most ${limits.maxPages} pages (DOCKET_MAX_PAGES, or DOCKET_MAX_PAGES_${input.kind.toUpperCase()}): split it and upload the parts`,
      };
    }
    return null;
  }
  if (input.mimeType.startsWith('image/')) {
    const size = await imageSize(input.bytes);
    if (size && size.width * size.height > limits.maxImagePixels) {
      return {
        code: 'image_too_large',
        message: `the image is ${size.width} × ${size.height} pixels (${megapixels(size.width * size.height)} megapixels); the limit is ${megapixels(limits.maxImagePixels)} megapixels (DOCKET_MAX_IMAGE_PIXELS): send a smaller photo or scan`,
      };
    }
  }
  return null;
}
