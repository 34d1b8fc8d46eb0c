/**
 * A data file as the CLI reads it, whatever its format: named columns of cells, and where
 * each row sits in the file, so that every message can name the file, the line or row and
 * the column.
 */

/** A cell: text (CSV fields, string columns), a number (numeric columns) or null (missing). */
export type Cell = string | number | null;

export interface FrameColumn {
  /** "text" for CSV fields and string columns, "number" for numeric columns, "other" for the rest (read as text). */
  readonly kind: "text" | "number" | "other";
  /** The column's type as the file states it, for messages. */
  readonly type: string;
  /** Row i's cell; null when missing (an empty CSV field or NA, a null, a NaN). */
  get(i: number): Cell;
}

export interface Frame {
  /** The file as the user named it. */
  readonly file: string;
  readonly rows: number;
  readonly names: readonly string[];
  column(j: number): FrameColumn;
  /** Where row i is, for messages: "line 7" (CSV, counting the header) or "row 7" (Parquet, Arrow; from 1). */
  where(i: number): string;
}

/** Where a column is, for messages: `column "age"`. */
export function columnName(name: string): string {
  return `column ${JSON.stringify(name)}`;
}
