/**
 * Positioned text shared by the PDF text layer and OCR. Coordinates are in page units
 * (PDF points for text PDFs, pixels for OCR) with the origin at the top-left corner.
 */

/** One run of text with its bounding box (a pdfjs text item or an OCR word). */
export interface TextBox {
  text: string;
  /** Left edge. */
  x0: number;
  /** Right edge. */
  x1: number;
  /** Baseline (or bottom edge for OCR words). */
  y: number;
  /** Font size or glyph height; the unit for all gap thresholds. */
  size: number;
  /** OCR confidence 0..1; 1 for text-layer items. */
  confidence: number;
}

/** A cell: adjacent boxes on one line closer together than a column gap. */
export interface LayoutCell {
  text: string;
  x0: number;
  x1: number;
  confidence: number;
}

/** One visual line of a page, its cells ordered left to right. */
export interface LayoutLine {
  /** Zero-based page index. */
  page: number;
  y: number;
  size: number;
  cells: LayoutCell[];
}

/**
 * The prepared greyscale image an OCR page was recognised from (row-major, 8 bits), and the skew
 * (radians) its word positions were rotated by, so a cell can be found again in the pixels.
 */
export interface PagePixels {
  data: Uint8Array;
  width: number;
  height: number;
  skew: number;
}

/** A page reduced to lines, with its size so callers can tell headers and footers. */
export interface PageLayout {
  page: number;
  width: number;
  height: number;
  lines: LayoutLine[];
  /** For OCR pages: the pixels the lines were read from (a second reading of doubtful cells). */
  pixels?: PagePixels;
}
