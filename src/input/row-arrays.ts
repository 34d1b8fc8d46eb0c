/** Reads X given as an array of rows (`number[][]`, or any array of arrays or typed arrays). */
import { fail } from "../util/errors.js";
import { countOf, describe, isArrayLike } from "./checks.js";
import { checkStored, copyTyped, isNumberArray, store, type MatrixReader, type MatrixSource } from "./matrix.js";
import { isRecord, recordSource } from "./records.js";
import type { NameList } from "./feature-names.js";

export const rowArrays: MatrixReader = {
  accepts: isArrayLike,
  open(input, name, names) {
    const X = input as ArrayLike<unknown>;
    const rows = countOf(X, "INVALID_X", name);
    if (rows === 0) fail("INVALID_X", `${name} is empty (no rows)`);
    return rowArraysFrom(X, rows, X[0], name, names);
  },
};

/** A source over the `rows` rows of X (rows ≥ 1), row 0 (`first`) already read: records, or arrays of numbers. */
export function rowArraysFrom(X: ArrayLike<unknown>, rows: number, first: unknown, name: string, names?: NameList): MatrixSource {
  // An array of records (plain objects keyed by feature name).
  if (isRecord(first)) return recordSource(X, rows, first, name, names);
  if (!isArrayLike(first)) {
    fail("INVALID_X", `${name} must be 2-D (an array of rows); row 0 is ${describe(first)}. Wrap a single sample as [[...]]`);
  }
  return rowSource(X, rows, first, name);
}

/**
 * A source over the `rows` rows of X whose row 0 has been read already (as `first`): row 0 and
 * its length are not read again, every other row and its length once, when copied.
 */
export function rowSource(X: ArrayLike<unknown>, rows: number, first: ArrayLike<unknown>, name: string): MatrixSource {
  const cols = countOf(first, "INVALID_X", `${name} row 0`);
  if (cols === 0) fail("INVALID_X", `${name} has zero features (row 0 is empty)`);
  return {
    rows,
    cols,
    ...(ArrayBuffer.isView(first) ? { storage: first } : {}),
    copyRows(start, count, dest, offset, stride) {
      let largest = 0;
      for (let i = start; i < start + count; i++) {
        const row = i === 0 ? first : X[i];
        if (!isArrayLike(row)) fail("INVALID_X", `${name} row ${i} is ${describe(row)}, not an array`);
        const length = i === 0 ? cols : row.length;
        if (length !== cols) fail("INVALID_X", `${name} is ragged: row ${i} has ${length} values, row 0 has ${cols}`);
        const to = offset + (i - start) * stride;
        if (isNumberArray(row)) {
          largest = copyTyped(row, 0, cols, dest, to, largest, name, i);
          continue;
        }
        for (let j = 0; j < cols; j++) {
          const v = row[j];
          store(dest, to + j, v);
          largest = checkStored(dest, to + j, v, largest, name, i, j);
        }
      }
      return largest;
    },
  };
}
