/**
 * Reads X given as an Apache Arrow table: apache-arrow's `Table`, a DuckDB-Wasm query result
 * (which is one) or a flechette table, recognised by duck typing, so the library depends on
 * no Arrow package. Int and Float columns are numeric (features); strings and dictionaries
 * can be the target. Arrow keeps a column as chunks (one per record batch) whose `values`
 * are typed arrays: a chunk without nulls is copied straight from them; other layouts are
 * read value by value through the column's `at`.
 */
import { fail } from "../util/errors.js";
import { describe } from "./checks.js";
import { columnLabel, columnLabelValue, copyValues, storeChecked, toNumber, type ColumnTable } from "./column-set.js";
import type { Destination } from "./matrix.js";
import type { Label } from "./targets.js";

/** The part of an Arrow table this library reads (apache-arrow, DuckDB-Wasm and flechette tables have it). */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type: { readonly typeId: number } }[] };
  getChildAt(index: number): ArrowColumnLike | null;
}

/** The part of an Arrow column (apache-arrow Vector, flechette Column) this library reads. */
export interface ArrowColumnLike {
  readonly length: number;
  readonly nullCount: number;
  /** The chunks; each has its length and, for fixed-width types, its values as a typed array. */
  readonly data?: readonly { readonly length: number; readonly values?: unknown }[];
  /** Value at a row (apache-arrow before version 13 has only `get`). */
  at?(index: number): unknown;
  get?(index: number): unknown;
}

/** A column with its value accessor resolved once. */
interface Column {
  readonly length: number;
  readonly nullCount: number;
  readonly data?: ArrowColumnLike["data"];
  at(index: number): unknown;
}

/** Arrow type ids (the Arrow format's Type enum, which apache-arrow and flechette share). */
const TYPE = { Int: 2, Float: 3, Utf8: 5, Bool: 6, LargeUtf8: 20, Utf8View: 24, Dictionary: -1 } as const;
const TYPE_NAMES: Record<number, string> = {
  1: "Null", 2: "Int", 3: "Float", 4: "Binary", 5: "Utf8", 6: "Bool", 7: "Decimal", 8: "Date", 9: "Time",
  10: "Timestamp", 11: "Interval", 12: "List", 13: "Struct", 14: "Union", 15: "FixedSizeBinary",
  16: "FixedSizeList", 17: "Map", 18: "Duration", 19: "LargeBinary", 20: "LargeUtf8", 21: "LargeList",
  22: "RunEndEncoded", 23: "BinaryView", 24: "Utf8View", [-1]: "Dictionary",
};
const LABEL_TYPES: readonly number[] = [TYPE.Int, TYPE.Float, TYPE.Utf8, TYPE.LargeUtf8, TYPE.Utf8View, TYPE.Dictionary];

/** Whether X looks like an Arrow table: numRows, a schema with fields, and getChildAt. */
export function isArrowTable(X: unknown): boolean {
  if (typeof X !== "object" || X === null) return false;
  const t = X as Partial<ArrowTableLike>;
  return typeof t.getChildAt === "function" && "numRows" in t && "schema" in t;
}

/** Open an Arrow table: its row count, schema and columns read once. */
export function openArrowTable(X: unknown): ColumnTable {
  const table = X as ArrowTableLike;
  const rows = table.numRows;
  if (!Number.isSafeInteger(rows) || rows < 0) fail("INVALID_X", `X.numRows must be a row count, got ${describe(rows)}`);
  if (rows === 0) fail("INVALID_X", "X is an empty Arrow table (no rows)");
  const fields = table.schema?.fields;
  if (!Array.isArray(fields) || fields.length === 0) fail("INVALID_X", "X is an Arrow table without columns (schema.fields is empty)");
  const names = fields.map((f, j) => {
    const name = (f as { name?: unknown })?.name;
    if (typeof name !== "string") fail("INVALID_X", `X schema field ${j} has no name`);
    return name;
  });
  const types = fields.map((f) => (f as { type?: { typeId?: unknown } }).type);
  const typeIds = types.map((type) => (typeof type?.typeId === "number" ? type.typeId : NaN));
  const columns: Column[] = [];
  const column = (j: number): Column => (columns[j] ??= openColumn(table.getChildAt(j), rows, columnLabel(j, names[j])));
  const typeName = (j: number) => {
    const text = String(types[j]);
    return text.startsWith("[object") ? (TYPE_NAMES[typeIds[j]] ?? `type id ${typeIds[j]}`) : text;
  };
  return {
    rows,
    names,
    count: names.length,
    isNumeric: (j) => typeIds[j] === TYPE.Int || typeIds[j] === TYPE.Float,
    typeName,
    copy(j, start, count, dest, offset, stride) {
      const c = column(j);
      const where = columnLabel(j, names[j]);
      if (c.nullCount > 0) firstNull(c, where, "INVALID_X", "X");
      const fast = copyChunks(c, typeIds[j], start, count, dest, offset, stride, where);
      if (fast !== undefined) return fast;
      let largest = 0;
      for (let i = 0; i < count; i++) largest = storeChecked(dest, offset + i * stride, toNumber(c.at(start + i), where, start + i), largest, where, start + i);
      return largest;
    },
    labels(j) {
      const where = columnLabel(j, names[j]);
      if (!LABEL_TYPES.includes(typeIds[j])) {
        fail("INVALID_Y", `y ${where} has type ${typeName(j)}; labels must be numbers or strings (cast the column)`);
      }
      const c = column(j);
      if (c.nullCount > 0) firstNull(c, where, "INVALID_Y", "y");
      const labels: Label[] = new Array(rows);
      for (let i = 0; i < rows; i++) {
        const v = c.at(i);
        labels[i] = columnLabelValue(v, where, i);
      }
      return labels;
    },
  };
}

function openColumn(c: ArrowColumnLike | null, rows: number, where: string): Column {
  const at = typeof c?.at === "function" ? c.at.bind(c) : typeof c?.get === "function" ? c.get.bind(c) : undefined;
  // Each field once (a getter may answer differently later).
  const length: unknown = c?.length;
  if (!c || !at || length !== rows) fail("INVALID_X", `X ${where} is not an Arrow column of ${rows} values`);
  const nullCount: unknown = c.nullCount;
  return { length: rows, nullCount: typeof nullCount === "number" ? nullCount : 0, data: c.data, at };
}

/** Typed arrays whose elements are the column's values (a Float16 column's Uint16Array is not). */
function isPlainValues(values: unknown, typeId: number): values is ArrayLike<number | bigint> {
  if (values instanceof Float64Array || values instanceof Float32Array) return true;
  return (
    values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array || values instanceof Uint32Array ||
    values instanceof Uint16Array || values instanceof Uint8Array || values instanceof BigInt64Array || values instanceof BigUint64Array
  ) && typeId === TYPE.Int;
}

/**
 * Copy rows [start, start + count) from the chunks' typed arrays, if every chunk has one
 * (a chunk's values begin at its first row: apache-arrow slices them with the chunk), and
 * return the largest |value|; undefined, having copied nothing, when the layout is not that.
 */
function copyChunks(c: Column, typeId: number, start: number, count: number, dest: Destination, offset: number, stride: number, where: string): number | undefined {
  const data = c.data;
  if (!Array.isArray(data)) return undefined;
  // Each chunk's length and values read once, the lengths counts that sum to the column's:
  // a duck-typed table whose chunk lengths were −5 and 65 would otherwise shift every row.
  const chunks: { length: number; values: ArrayLike<unknown> }[] = [];
  let total = 0;
  for (const chunk of data) {
    const length: unknown = chunk?.length;
    const values: unknown = chunk?.values;
    if (!Number.isSafeInteger(length) || (length as number) < 0 || !isPlainValues(values, typeId) || values.length < (length as number)) return undefined;
    chunks.push({ length: length as number, values });
    total += length as number;
  }
  if (total !== c.length) return undefined;
  let first = 0;
  let largest = 0;
  for (const chunk of chunks) {
    const from = Math.max(start, first);
    const to = Math.min(start + count, first + chunk.length);
    if (from < to) {
      const top = copyValues(chunk.values, from - first, to - from, from, dest, offset + (from - start) * stride, stride, where);
      if (top > largest) largest = top;
    }
    first += chunk.length;
  }
  return largest;
}

function firstNull(c: Column, where: string, code: "INVALID_X" | "INVALID_Y", what: string): never {
  for (let i = 0; i < c.length; i++) {
    if (c.at(i) === null) fail(code, `${what} ${where}, row ${i} is null (missing): drop or fill the missing values first`);
  }
  return fail(code, `${what} ${where} reports ${c.nullCount} nulls`);
}
