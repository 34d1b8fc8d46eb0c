/** Reads X given as a flat row-major array with its shape: `{ data, rows, cols }`. */
import { fail } from "../util/errors.js";
import { describe, isArrayLike } from "./checks.js";
import type { Matrix, MatrixReader } from "./matrix.js";

export const flatMatrix: MatrixReader = {
  accepts: (X) => typeof X === "object" && X !== null && !isArrayLike(X) && "data" in X,
  read(X, name): Matrix {
    const { data, rows, cols } = X as { data: unknown; rows: unknown; cols: unknown };
    if (!Number.isSafeInteger(rows) || (rows as number) < 1) fail("INVALID_X", `${name}.rows must be a positive integer, got ${describe(rows)}`);
    if (!Number.isSafeInteger(cols) || (cols as number) < 1) fail("INVALID_X", `${name}.cols must be a positive integer, got ${describe(cols)}`);
    const r = rows as number;
    const c = cols as number;
    if (!isArrayLike(data)) fail("INVALID_X", `${name}.data must be an array or typed array, got ${describe(data)}`);
    if (data.length !== r * c) {
      fail("INVALID_X", `${name}.data has length ${data.length} but rows×cols = ${r}×${c} = ${r * c}`);
    }
    const flat = data instanceof Float64Array || data instanceof Float32Array ? data : Float64Array.from(data as ArrayLike<number>);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (typeof v !== "number") fail("INVALID_X", `${name} row ${Math.floor(i / c)}, column ${i % c} is ${describe(v)}, not a number`);
      if (!Number.isFinite(v)) fail("NON_FINITE", `${name} row ${Math.floor(i / c)}, column ${i % c} is ${v}`);
    }
    return { data: flat, rows: r, cols: c };
  },
};
