/** The layout types, from the leaf module both readers (PDF text layer, OCR) produce them in. */
export type { LayoutCell, LayoutLine, PageLayout, TextBox } from '../text-geometry/types.ts';
