/**
 * X given column by column (`{ columns, names }`, an Arrow table): a reader opens the
 * container as a ColumnTable (shape, names and types read once, values not yet); the
 * features are then picked by name or by type, an optional target column is read as
 * labels, and the picked columns become a MatrixSource whose copyRows writes them, checked,
 * straight into kernel memory. The kernels want rows (X̂ is row-major and padded), so that
 * copy is the transpose: there is no other copy of the N×d values.
 */
import { fail } from "../util/errors.js";
import { describe, nearest, typedLength } from "./checks.js";
import type { Destination, MatrixSource } from "./matrix.js";
import type { Label } from "./targets.js";
import { namesWithin, type NameList } from "./feature-names.js";

/** A columnar container, opened. */
export interface ColumnTable {
  /** Number of rows. */
  readonly rows: number;
  /** Column names, when the container has them. */
  readonly names?: readonly string[];
  /** Number of columns. */
  readonly count: number;
  /** Whether column j holds numbers (by its type; `{ columns }` are all taken as numeric). */
  isNumeric(j: number): boolean;
  /** Column j's type as the container names it, for messages. */
  typeName(j: number): string;
  /**
   * Copy rows [start, start + count) of column j to dest[offset + (i − start)·stride],
   * rejecting nulls, non-numbers (INVALID_X) and values not finite once stored (NON_FINITE),
   * naming the row and the column. Returns the largest |value| copied.
   */
  copy(j: number, start: number, count: number, dest: Destination, offset: number, stride: number): number;
  /** Column j as class labels (numbers or strings; nulls refused with INVALID_Y naming the row). */
  labels(j: number): Label[];
}

/** What a columnar X gives a fit or a prediction. */
export interface ColumnarData {
  /** The feature columns as rows, copied on demand. */
  source: MatrixSource;
  /** The feature names (the picked columns' names), when the container names its columns. */
  names?: string[];
  /** Reads the target column's labels, when one was asked for (after the size checks). */
  labels?: () => Label[];
}

/**
 * Read a column table: the target column (by name) as labels, and as features either the
 * columns named by `featureNames`, in that order, or every numeric column but the target.
 * Unnamed columns (`{ columns }` without names) are all features, and `featureNames` then
 * only names them, as it does the columns of rows. `named` false: the columns' names will not
 * name anything (a prediction of a model without feature names takes the columns in order).
 */
export function readColumnTable(table: ColumnTable, target?: string, given?: NameList, named = true): ColumnarData {
  const targetIndex = target === undefined ? undefined : columnIndex(table, target, "y names the target column");
  const byName = given !== undefined && table.names !== undefined;
  // A fit's featureNames are read only once their count is known to fit the table.
  const picked = byName
    ? namesWithin(given, table.count, false, `X has ${table.count} columns`).map((name) => columnIndex(table, name, "feature"))
    : numericColumns(table, targetIndex);
  const featureNames = given && !byName ? namesWithin(given, picked.length, true, `X has ${picked.length} feature columns`) : undefined;
  for (const j of picked) {
    if (j === targetIndex) fail("INVALID_X", `column ${JSON.stringify(target)} is both the target and a feature`);
    if (!table.isNumeric(j)) fail("INVALID_X", `X ${columnLabel(j, table.names?.[j])} has type ${table.typeName(j)}, not a numeric type`);
  }
  const names = table.names ? picked.map((j) => table.names![j]) : featureNames ? [...featureNames] : undefined;
  if (table.names && named) uniquePicked(table.names, picked);
  const source: MatrixSource = {
    rows: table.rows,
    cols: picked.length,
    ...(names ? { names } : {}),
    copyRows(start, count, dest, offset, stride) {
      let largest = 0;
      picked.forEach((j, at) => (largest = Math.max(largest, table.copy(j, start, count, dest, offset + at, stride))));
      return largest;
    },
  };
  const labels = targetIndex === undefined ? undefined : () => table.labels(targetIndex);
  return { source, names, labels };
}

function numericColumns(table: ColumnTable, exclude: number | undefined): number[] {
  const picked: number[] = [];
  for (let j = 0; j < table.count; j++) if (j !== exclude && table.isNumeric(j)) picked.push(j);
  if (picked.length === 0) {
    const kinds = Array.from({ length: table.count }, (_, j) => `${columnLabel(j, table.names?.[j])}: ${table.typeName(j)}`).join(", ");
    fail("INVALID_X", `X has no numeric feature columns (${kinds})`);
  }
  return picked;
}

/**
 * The feature columns become the model's features by name (its featureNames, by which
 * predictions find them again): two picked columns of one name (an Arrow schema or a DuckDB
 * result may have them) would make a model whose names cannot tell its features apart.
 */
function uniquePicked(names: readonly string[], picked: readonly number[]): void {
  const first = new Map<string, number>();
  for (const j of picked) {
    const seen = first.get(names[j]);
    if (seen !== undefined) {
      fail("INVALID_X", `X has two feature columns named ${JSON.stringify(names[j])} (columns ${seen} and ${j}); features are known by name, so rename one (or pick the features with featureNames)`);
    }
    first.set(names[j], j);
  }
}

function columnIndex(table: ColumnTable, name: string, what: string): number {
  const names = table.names;
  const code = what === "feature" ? "INVALID_X" : "INVALID_Y";
  if (!names) fail(code, `X has no column names, so ${what === "feature" ? "features" : "y"} cannot name column ${JSON.stringify(name)}: pass { columns, names }`);
  const j = names.indexOf(name);
  const again = j >= 0 ? names.indexOf(name, j + 1) : -1;
  if (again >= 0) fail(code, `X has more than one column named ${JSON.stringify(name)} (columns ${j} and ${again}), so ${what === "feature" ? "that feature" : "the target"} is ambiguous; rename them`);
  if (j >= 0) return j;
  const guess = nearest(name, names);
  return fail(
    code,
    `X has no column ${JSON.stringify(name)}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ""}; its columns: ${names.join(", ")}`,
  );
}

/**
 * Copy `count` values of `values` (a plain array or a typed array; the bigints of 64-bit
 * integer columns become numbers) from index `from`, which is row `firstRow` of column `where`.
 */
export function copyValues(
  values: ArrayLike<unknown>,
  from: number,
  count: number,
  firstRow: number,
  dest: Destination,
  offset: number,
  stride: number,
  where: string,
): number {
  // Float64Array and Float32Array hold numbers: only finiteness is left to check.
  const floats = values instanceof Float64Array || values instanceof Float32Array;
  // A typed array shrunk or detached since X was opened (by a getter of the caller's that ran
  // during the copy) no longer has the rows its length promised.
  // The intrinsic length: an own `length` on the caller's typed array may lie.
  const held = ArrayBuffer.isView(values) && !(values instanceof DataView) ? typedLength(values) : Infinity;
  if (held < from + count) {
    fail("INVALID_X", `X ${where} holds ${held} values now, not the ${from + count} it held when the call began (its buffer was shrunk or detached during the call, or an own length property lies)`);
  }
  let largest = 0;
  for (let i = 0; i < count; i++) {
    const raw = values[from + i];
    const v = floats ? (raw as number) : toNumber(raw, where, firstRow + i);
    largest = storeChecked(dest, offset + i * stride, v, largest, where, firstRow + i);
  }
  return largest;
}

/** Store a number at dest[at], refusing it if it is not finite once stored; returns max(largest, |stored|). */
export function storeChecked(dest: Destination, at: number, v: number, largest: number, where: string, row: number): number {
  dest[at] = v;
  const stored = dest[at];
  const magnitude = stored < 0 ? -stored : stored;
  if (magnitude < Infinity) return magnitude > largest ? magnitude : largest;
  const float32 = Number.isFinite(v) ? `, beyond the float32 range (dtype "float32" stores X in float32)` : "";
  return fail("NON_FINITE", `X ${where}, row ${row} is ${v}${float32}`);
}

/** A value of a numeric column as a number: numbers as they are, bigints converted, anything else refused. */
export function toNumber(v: unknown, where: string, row: number): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v === null || v === undefined) return fail("INVALID_X", `X ${where}, row ${row} is null (missing): drop or fill the missing values first`);
  return fail("INVALID_X", `X ${where}, row ${row} is ${describe(v)}, not a number`);
}

/**
 * A label of a column: a bigint (64-bit integer columns) becomes a number only when exact;
 * beyond 2⁵³ two distinct labels could round to one class, so that is an error instead.
 */
export function columnLabelValue(v: unknown, where: string, row: number): Label {
  if (typeof v !== "bigint") return v as Label;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || BigInt(n) !== v) {
    fail("INVALID_Y", `y ${where}, row ${row} is ${v}n, an integer beyond 2^53 that a number cannot hold exactly (distinct labels could merge); cast the column to strings`);
  }
  return n;
}

/** The most columns a columnar X may have (2²⁴): their names and lengths are read before any size check. */
export const MAX_COLUMNS = 2 ** 24;

/** How a column is named in messages: `column "age" (2)` or `column 2`. */
export function columnLabel(index: number, name?: string): string {
  return name === undefined ? `column ${index}` : `column ${JSON.stringify(name)} (${index})`;
}
