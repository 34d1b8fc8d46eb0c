/**
 * Reads X given as records: an array of plain objects whose keys are the feature names,
 * such as rows parsed from CSV or JSON. Every record must have exactly the same numeric keys;
 * the columns follow `names` when given (a fitted model's), else the first record's key order.
 */
import { fail } from "../util/errors.js";
import { describe, isArrayLike } from "./checks.js";
import type { Matrix } from "./matrix.js";

/** A plain object (not an array, typed array or class instance): one record. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || isArrayLike(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export const records = {
  accepts: (X: unknown): boolean => Array.isArray(X) && X.length > 0 && isRecord(X[0]),
  read(input: unknown, name: string, names?: readonly string[]): Matrix {
    const X = input as unknown[];
    const first = X[0] as Record<string, unknown>;
    const columns = names ? [...names] : Object.keys(first);
    const cols = columns.length;
    if (cols === 0) fail("INVALID_X", `${name} row 0 is a record without keys (zero features)`);
    const position = new Map(columns.map((key, j) => [key, j]));
    const rows = X.length;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = X[i];
      if (!isRecord(row)) fail("INVALID_X", `${name} row ${i} is ${describe(row)}, not a record like row 0`);
      const keys = Object.keys(row);
      for (const key of keys) {
        if (!position.has(key)) {
          fail("INVALID_X", `${name} row ${i} has key ${JSON.stringify(key)}, which is not a feature (features: ${columns.join(", ")})`);
        }
      }
      if (keys.length !== cols) {
        const missing = columns.find((key) => !Object.prototype.hasOwnProperty.call(row, key));
        fail("INVALID_X", `${name} row ${i} lacks key ${JSON.stringify(missing)} (every record needs the same keys)`);
      }
      for (let j = 0; j < cols; j++) {
        const v = row[columns[j]];
        if (typeof v !== "number") fail("INVALID_X", `${name} row ${i}, key ${JSON.stringify(columns[j])} is ${describe(v)}, not a number`);
        if (!Number.isFinite(v)) fail("NON_FINITE", `${name} row ${i}, key ${JSON.stringify(columns[j])} is ${v}`);
        data[i * cols + j] = v;
      }
    }
    return { data, rows, cols, names: columns };
  },
};
