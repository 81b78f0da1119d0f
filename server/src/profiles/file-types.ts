/** The file types products accept, named once. */
export const PDF = 'application/pdf';
export const ZIP = 'application/zip';
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/tiff'] as const;
/** A document: a PDF, or a scan or photo of one. */
export const DOCUMENT_TYPES = [PDF, ...IMAGE_TYPES] as const;
