/**
 * Reads X given column-major: `{ columns, names? }`, one array (or typed array) per feature,
 * such as a data frame's columns or the output of a columnar query. `names` (optional)
 * names the columns, so that a fit can take its target from them and the features have names.
 */
import { fail } from "../util/errors.js";
import { copyChecked, countOf, describe, isArrayLike } from "./checks.js";
import { MAX_COLUMNS, columnLabel, columnLabelValue, copyValues, type ColumnTable } from "./column-set.js";

/** The most values a columnar X may hold (4 GiB of float32). */
const MAX_VALUES = 2 ** 30;
import type { Label } from "./targets.js";

/** Column-major X: one array per feature, all of the same length, optionally named. */
export interface ColumnsInput {
  columns: readonly ArrayLike<number>[];
  names?: readonly string[];
}

/** Whether X is `{ columns, … }`: an object with a `columns` field (and no `data`, which is `{ data, rows, cols }`). */
export function isColumnsInput(X: unknown): boolean {
  return typeof X === "object" && X !== null && !isArrayLike(X) && "columns" in X && !("data" in X);
}

/** Open a `{ columns, names? }` X: each field, each column and each column's length read once. */
export function openColumns(X: unknown): ColumnTable {
  const { columns, names } = X as { columns: unknown; names: unknown };
  if (!Array.isArray(columns)) fail("INVALID_X", `X.columns must be an array of columns (arrays or typed arrays), got ${describe(columns)}`);
  const count = countOf(columns, "INVALID_X", "X.columns");
  if (count === 0) fail("INVALID_X", "X.columns is empty (zero features)");
  // Bounded before any name or column is read (a Proxy claiming 10⁸ columns was read for a
  // minute before the size check, or ran a Set of its names out of room).
  if (count > MAX_COLUMNS) fail("TOO_LARGE", `X.columns lists ${count} columns; at most ${MAX_COLUMNS} (2²⁴) are supported`);
  const checkedNames = names === undefined ? undefined : columnNames(names, count);
  const label = (j: number) => columnLabel(j, checkedNames?.[j]);
  const all: ArrayLike<unknown>[] = [];
  let rows = 0;
  for (let j = 0; j < count; j++) {
    const column: unknown = columns[j];
    if (!isArrayLike(column)) fail("INVALID_X", `X ${label(j)} is ${describe(column)}, not an array or typed array`);
    const length = countOf(column, "INVALID_X", `X ${label(j)}`);
    if (j === 0) {
      rows = length;
      // Every column but a target is a feature: beyond 2³⁰ values X̂ exceeds kernel memory even
      // as float32, and a prediction's copy one Float64Array; refused from the shape at once.
      if (rows * (count - 1) > MAX_VALUES) fail("TOO_LARGE", `X is ${rows} rows × ${count} columns, more than the ${MAX_VALUES} (2³⁰) values kernel memory or one copy holds`);
    } else if (length !== rows) fail("INVALID_X", `X columns differ in length: ${label(j)} has ${length} values, column 0 has ${rows}`);
    all.push(column);
  }
  if (rows === 0) fail("INVALID_X", "X is empty (its columns have no rows)");
  return {
    rows,
    names: checkedNames,
    count,
    isNumeric: () => true,
    typeName: (j) => describe(all[j]),
    copy: (j, start, count, dest, offset, stride) => copyValues(all[j], start, count, start, dest, offset, stride, label(j)),
    labels(j) {
      const values = all[j];
      const labels: Label[] = new Array(rows);
      for (let i = 0; i < rows; i++) {
        const v = values[i];
        labels[i] = columnLabelValue(v, label(j), i);
      }
      return labels;
    },
  };
}

function columnNames(names: unknown, count: number): string[] {
  if (!Array.isArray(names)) fail("INVALID_X", `X.names must be an array of strings, got ${describe(names)}`);
  const length = countOf(names, "INVALID_X", "X.names");
  if (length !== count) fail("INVALID_X", `X.names has ${length} names but X.columns has ${count} columns`);
  const seen = new Set<string>();
  return copyChecked(names, count, (name: unknown, j) => {
    if (typeof name !== "string") fail("INVALID_X", `X.names[${j}] is ${describe(name)}, not a string`);
    if (seen.has(name)) fail("INVALID_X", `X.names[${j}] (${JSON.stringify(name)}) is a duplicate`);
    seen.add(name);
    return name;
  });
}
