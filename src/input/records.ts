/**
 * Reads X given as records: an array of plain objects whose keys are the feature names, such
 * as rows parsed from CSV or JSON. Every record must have exactly the same numeric keys; the
 * columns follow `names` when given (a fitted model's), else the first record's key order.
 * row-arrays.ts hands arrays whose row 0 is a record here (row 0 already read).
 */
import { fail } from "../util/errors.js";
import { describe, isArrayLike } from "./checks.js";
import { store, type MatrixSource } from "./matrix.js";
import { namesWithin, type NameList } from "./feature-names.js";

/** A plain object (not an array, typed array or class instance): one record. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || isArrayLike(v) || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A source over the `rows` records of X, row 0 (`first`) already read; each other row read once, when copied. */
export function recordSource(X: ArrayLike<unknown>, rows: number, first: Record<string, unknown>, name: string, names?: NameList): MatrixSource {
  const keys = Object.keys(first);
  // Names beyond row 0's keys cannot all be its keys: refused from the count, before a name is read.
  const columns = names ? [...namesWithin(names, keys.length, false, `${name} row 0 has ${keys.length} keys`)] : keys;
  const cols = columns.length;
  if (cols === 0) fail("INVALID_X", `${name} row 0 is a record without keys (zero features)`);
  const position = new Map(columns.map((key, j) => [key, j]));
  return {
    rows,
    cols,
    names: columns,
    copyRows(start, count, dest, offset, stride) {
      let largest = 0;
      for (let i = start; i < start + count; i++) {
        const row = i === 0 ? first : X[i];
        if (!isRecord(row)) fail("INVALID_X", `${name} row ${i} is ${describe(row)}, not a record like row 0`);
        const keys = Object.keys(row);
        for (const key of keys) {
          if (!position.has(key)) fail("INVALID_X", `${name} row ${i} has key ${JSON.stringify(key)}, which is not a feature (features: ${columns.join(", ")})`);
        }
        if (keys.length !== cols) {
          const missing = columns.find((key) => !Object.prototype.hasOwnProperty.call(row, key));
          fail("INVALID_X", `${name} row ${i} lacks key ${JSON.stringify(missing)} (every record needs the same keys)`);
        }
        const to = offset + (i - start) * stride;
        for (let j = 0; j < cols; j++) {
          const v = row[columns[j]];
          store(dest, to + j, v);
          largest = checkRecordValue(dest, to + j, v, largest, name, i, columns[j]);
        }
      }
      return largest;
    },
  };
}

/** checkStored's rule (a number, finite once stored), with the key in the message. */
function checkRecordValue(dest: Float64Array | Float32Array, at: number, v: unknown, largest: number, name: string, row: number, key: string): number {
  const magnitude = Math.abs(dest[at]);
  // NaN and ±Infinity both fail `magnitude < Infinity`.
  if (magnitude < Infinity) return magnitude > largest ? magnitude : largest;
  const where = `${name} row ${row}, key ${JSON.stringify(key)}`;
  if (typeof v !== "number") fail("INVALID_X", `${where} is ${describe(v)}, not a number`);
  if (Number.isFinite(v)) fail("NON_FINITE", `${where} is ${v}, beyond the float32 range (dtype "float32" stores X in float32)`);
  return fail("NON_FINITE", `${where} is ${v}`);
}
