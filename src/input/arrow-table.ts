/**
 * Reads X given as an Apache Arrow table: apache-arrow's `Table`, a DuckDB-Wasm query result
 * (which is one) or a flechette table, recognised by duck typing, so the library depends on
 * no Arrow package. Int and Float columns are numeric (features); strings and dictionaries
 * can be the target. Arrow keeps a column as chunks (one per record batch) whose `values`
 * are typed arrays: a chunk without nulls is copied straight from them; other layouts are
 * read value by value through the column's `at`. Nulls are found from each chunk's validity
 * bitmap, whatever the column's nullCount says, and through `at`.
 */
import { fail } from "../util/errors.js";
import { countOf, describe, typedLength } from "./checks.js";
import { MAX_COLUMNS, columnLabel, columnLabelValue, copyValues, storeChecked, toNumber, type ColumnTable } from "./column-set.js";
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

/** A column with its value accessor resolved once and its chunks' fields read once. */
interface Column {
  readonly length: number;
  readonly nullCount: number;
  /** The chunks, when they are counts summing to the column's length (else undefined: values through `at` only). */
  readonly chunks?: readonly Chunk[];
  at(index: number): unknown;
}

/** One chunk's fields, as read once when the column was opened. */
interface Chunk {
  readonly length: number;
  readonly values: unknown;
  /** The validity bitmap (bit set: a value) and the bit of the chunk's first row, when it has one. */
  readonly bits?: Uint8Array;
  readonly bit: number;
}

/**
 * The most chunks a column's `data` may list beyond one per row (record batches may be empty,
 * rarely many): a column claiming more (a Proxy claiming 10⁹ chunks) is read through `at`,
 * in time proportional to its rows.
 */
const EXTRA_CHUNKS = 1024;

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
  const fields: unknown = table.schema?.fields;
  if (!Array.isArray(fields)) fail("INVALID_X", `X is an Arrow table without columns (schema.fields is ${describe(fields)}, not an array of fields)`);
  // The count once, bounded before any field is read (a Proxy claiming 10⁹ fields); each field,
  // its name and its type once, by index (the caller's array methods are not called).
  const count = countOf(fields, "INVALID_X", "X.schema.fields", "columns");
  if (count === 0) fail("INVALID_X", "X is an Arrow table without columns (schema.fields is empty)");
  if (count > MAX_COLUMNS) fail("TOO_LARGE", `X.schema.fields lists ${count} columns; at most ${MAX_COLUMNS} (2²⁴) are supported`);
  const names: string[] = [];
  const types: ({ typeId?: unknown } | undefined)[] = [];
  for (let j = 0; j < count; j++) {
    const f = fields[j] as { name?: unknown; type?: { typeId?: unknown } } | null | undefined;
    const name = f?.name;
    if (typeof name !== "string") fail("INVALID_X", `X schema field ${j} has no name`);
    names.push(name);
    types.push(f?.type);
  }
  const typeIds = types.map((type) => {
    const id = type?.typeId;
    return typeof id === "number" ? id : NaN;
  });
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
      const nullRow = firstInvalid(c, start, count);
      if (nullRow >= 0) fail("INVALID_X", `X ${where}, row ${nullRow} is null (missing): drop or fill the missing values first`);
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
      const nullRow = firstInvalid(c, 0, rows);
      if (nullRow >= 0) fail("INVALID_Y", `y ${where}, row ${nullRow} is null (missing): drop or fill the missing values first`);
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
  return { length: rows, nullCount: typeof nullCount === "number" ? nullCount : 0, chunks: readChunks(c.data, rows, where), at };
}

/**
 * The column's chunks, each field read once: undefined when `data` is not an array of chunks
 * whose lengths are counts summing to the column's (a duck-typed table whose chunk lengths were
 * −5 and 65 would otherwise shift every row), or lists more chunks than rows + EXTRA_CHUNKS.
 * apache-arrow keeps a chunk's validity bitmap as `nullBitmap` with its first row at bit
 * `offset` (a slice shares its parent's bitmap), flechette as `validity` from bit 0; an empty
 * bitmap means no nulls.
 */
function readChunks(data: unknown, rows: number, where: string): Chunk[] | undefined {
  if (!Array.isArray(data)) return undefined;
  const n: unknown = data.length;
  if (!Number.isSafeInteger(n) || (n as number) > rows + EXTRA_CHUNKS) return undefined;
  const chunks: Chunk[] = [];
  let total = 0;
  for (let k = 0; k < (n as number); k++) {
    const chunk = data[k] as { length?: unknown; values?: unknown; nullBitmap?: unknown; validity?: unknown; offset?: unknown } | null | undefined;
    const length: unknown = chunk?.length;
    if (!Number.isSafeInteger(length) || (length as number) < 0) return undefined;
    const values: unknown = chunk?.values;
    const nullBitmap: unknown = chunk?.nullBitmap;
    const apache = nullBitmap !== undefined && nullBitmap !== null;
    const bits: unknown = apache ? nullBitmap : chunk?.validity;
    // The intrinsic length: an own `length` of 0 must not hide a bitmap's nulls.
    const hasBits = bits instanceof Uint8Array && typedLength(bits) > 0;
    let bit = 0;
    if (hasBits && apache) {
      const offset: unknown = chunk?.offset ?? 0;
      if (!Number.isSafeInteger(offset) || (offset as number) < 0) fail("INVALID_X", `X ${where}: chunk ${k} has a validity bitmap at offset ${describe(offset)}, not a bit position`);
      bit = offset as number;
    }
    chunks.push({ length: length as number, values, ...(hasBits ? { bits: bits as Uint8Array } : {}), bit });
    total += length as number;
  }
  return total === rows ? chunks : undefined;
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
  const chunks = c.chunks;
  if (!chunks) return undefined;
  for (const chunk of chunks) {
    const values = chunk.values;
    if (!isPlainValues(values, typeId) || values.length < chunk.length) return undefined;
  }
  let first = 0;
  let largest = 0;
  for (const chunk of chunks) {
    const from = Math.max(start, first);
    const to = Math.min(start + count, first + chunk.length);
    if (from < to) {
      const top = copyValues(chunk.values as ArrayLike<number | bigint>, from - first, to - from, from, dest, offset + (from - start) * stride, stride, where);
      if (top > largest) largest = top;
    }
    first += chunk.length;
  }
  return largest;
}

/**
 * The first row of [start, start + count) that a chunk's validity bitmap says is null, or −1.
 * The bitmap is the truth, whatever `nullCount` claims: a table (duck-typed, or an apache-arrow
 * Data made with nullCount 0) may report 0 nulls over a bitmap with zeros, and then both the
 * chunk's values buffer and apache-arrow's own get() hand out the slot under the null (0, or
 * whatever the writer left there) as if it were a value. A bitmap too short for its chunk says
 * null past its end, as Arrow readers read it. Without chunks (see readChunks) the values are
 * read through `at`, whose nulls are found as they are read.
 */
function firstInvalid(c: Column, start: number, count: number): number {
  const chunks = c.chunks;
  if (!chunks) return -1;
  let first = 0;
  for (const { length, bits, bit } of chunks) {
    const from = Math.max(start, first);
    const to = Math.min(start + count, first + length);
    if (bits && from < to) {
      for (let i = from; i < to; i++) {
        const pos = bit + (i - first);
        // A byte past the bitmap's end is undefined: (undefined >> n) & 1 is 0, null.
        if (((bits[pos >> 3] >> (pos & 7)) & 1) === 0) return i;
      }
    }
    first += length;
  }
  return -1;
}

function firstNull(c: Column, where: string, code: "INVALID_X" | "INVALID_Y", what: string): never {
  for (let i = 0; i < c.length; i++) {
    if (c.at(i) === null) fail(code, `${what} ${where}, row ${i} is null (missing): drop or fill the missing values first`);
  }
  return fail(code, `${what} ${where} reports ${c.nullCount} nulls`);
}
