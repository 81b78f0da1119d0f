/** The engine's result types. */
import type { NormalisedBox } from './text.ts';
import type { ScalarValue } from './values.ts';

/** One field's value: a scalar, `null` when not found, or a list when several distinct values were found. */
export type FieldValue = ScalarValue | ScalarValue[] | null;

/** One line item: column name → typed value. */
export type LineItem = Record<string, ScalarValue>;

/** Where a value was found, for a preview: zero-based page and normalised box. */
export interface FieldMatch {
  field: string;
  page: number;
  box: NormalisedBox;
}

/** What {@link extractWithTemplate} returns. */
export interface TemplateExtraction {
  fields: Record<string, FieldValue>;
  /** The rows of the first line-item list (the one most templates have). */
  line_items: LineItem[];
  /** Every line-item list by its name (`line_items` is the first of them). */
  line_item_lists: Record<string, LineItem[]>;
  matches: FieldMatch[];
  warnings: string[];
  /** Required fields (and line-item lists) that came out empty. */
  missing_required: string[];
}
