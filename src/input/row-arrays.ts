/** Reads X given as an array of rows (`number[][]`, or any array-like of array-likes). */
import { fail } from "../util/errors.js";
import { describe, isArrayLike } from "./checks.js";
import type { Matrix, MatrixReader } from "./matrix.js";

export const rowArrays: MatrixReader = {
  accepts: isArrayLike,
  read(input, name): Matrix {
    const X = input as ArrayLike<unknown>;
    const rows = X.length;
    if (rows === 0) fail("INVALID_X", `${name} is empty (no rows)`);
    const first = X[0];
    if (!isArrayLike(first)) {
      fail("INVALID_X", `${name} must be 2-D (an array of rows); row 0 is ${describe(first)}. Wrap a single sample as [[...]]`);
    }
    const cols = first.length;
    if (cols === 0) fail("INVALID_X", `${name} has zero features (row 0 is empty)`);
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = X[i];
      if (!isArrayLike(row)) fail("INVALID_X", `${name} row ${i} is ${describe(row)}, not an array`);
      if (row.length !== cols) fail("INVALID_X", `${name} is ragged: row ${i} has ${row.length} values, row 0 has ${cols}`);
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== "number") fail("INVALID_X", `${name} row ${i}, column ${j} is ${describe(v)}, not a number`);
        if (!Number.isFinite(v)) fail("NON_FINITE", `${name} row ${i}, column ${j} is ${v}`);
        data[i * cols + j] = v;
      }
    }
    return { data, rows, cols };
  },
};
