/** Reads X given as a flat row-major array with its shape: `{ data, rows, cols }`. */
import { fail } from "../util/errors.js";
import { describe, isArrayLike, isBigIntArray } from "./checks.js";
import { checkStored, copyTyped, isNumberArray, store, type MatrixReader, type MatrixSource } from "./matrix.js";

export const flatMatrix: MatrixReader = {
  accepts: (X) => typeof X === "object" && X !== null && !isArrayLike(X) && !ArrayBuffer.isView(X) && "data" in X,
  open(X, name) {
    // Each field once: a getter may answer differently the second time.
    const { data, rows, cols } = X as { data: unknown; rows: unknown; cols: unknown };
    return flatSource(data, rows, cols, name);
  },
};

/** A source over fields already read from a `{ data, rows, cols }` container. */
export function flatSource(data: unknown, rows: unknown, cols: unknown, name: string): MatrixSource {
  if (!Number.isSafeInteger(rows) || (rows as number) < 1) fail("INVALID_X", `${name}.rows must be a positive integer, got ${describe(rows)}`);
  if (!Number.isSafeInteger(cols) || (cols as number) < 1) fail("INVALID_X", `${name}.cols must be a positive integer, got ${describe(cols)}`);
  const r = rows as number;
  const c = cols as number;
  if (isBigIntArray(data)) fail("INVALID_X", `${name}.data is a ${describe(data).slice(2)} of bigints; pass numbers (e.g. a Float64Array)`);
  if (!isArrayLike(data)) fail("INVALID_X", `${name}.data must be an array or typed array, got ${describe(data)}`);
  const length = data.length;
  if (length !== r * c) fail("INVALID_X", `${name}.data has length ${describe(length)} but rows×cols = ${r}×${c} = ${r * c}`);
  const values = data as ArrayLike<unknown>;
  const typed = isNumberArray(data) ? data : undefined;
  return {
    rows: r,
    cols: c,
    ...(ArrayBuffer.isView(data) ? { storage: data } : {}),
    copyRows(start, count, dest, offset, stride) {
      let largest = 0;
      if (typed) {
        for (let i = start; i < start + count; i++) largest = copyTyped(typed, i * c, c, dest, offset + (i - start) * stride, largest, name, i);
        return largest;
      }
      for (let i = start; i < start + count; i++) {
        const from = i * c;
        const to = offset + (i - start) * stride;
        for (let j = 0; j < c; j++) {
          const v = values[from + j];
          store(dest, to + j, v);
          largest = checkStored(dest, to + j, v, largest, name, i, j);
        }
      }
      return largest;
    },
  };
}
