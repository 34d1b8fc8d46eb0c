/**
 * From a frame to what the library takes: the feature columns encoded into a row-major
 * matrix (numbers as they are, categorical columns one-hot by their levels) and the target
 * column as labels. plan decides the encoding from the training file (the levels travel in
 * the model's `preprocessing` field); encode applies a plan to any file, so predict and
 * evaluate read raw files exactly as fit did. Every problem names the file, line or row and column.
 */
import { encodedWidth, type ColumnEncoding, type PreprocessingJSON } from "../estimator/preprocessing.js";
import { nearest } from "../input/checks.js";
import type { Label } from "../input/targets.js";
import { fail } from "./errors.js";
import { columnName, type Cell, type Frame } from "./data/frame.js";

/** What plan needs from the fit command line. */
export interface PlanRequest {
  target: string;
  /** The feature columns (default: every column but the target). */
  features?: readonly string[];
  /** Columns to one-hot encode. */
  categorical?: readonly string[];
  /** Give each categorical column's first level no feature (for unpenalised fits). */
  dropFirst: boolean;
  /** Rows with a missing cell are left out (else they are an error). */
  dropMissing: boolean;
}

/** How to treat the rows of a file being encoded. */
export interface EncodeRequest {
  /** Read this column as the labels too. */
  target?: string;
  /** Rows with a missing cell in a used column are left out (else an error). */
  dropMissing: boolean;
  /** A level not in the model's levels encodes as all zeros (else an error). */
  ignoreUnseen: boolean;
  /** The labels must be of this kind (the model's classes), parsed from text if need be. */
  labelKind?: "number" | "string";
}

export interface Encoded {
  /** rows × cols, row-major. */
  data: Float64Array;
  rows: number;
  cols: number;
  labels?: Label[];
  /** The frame row of each encoded row. */
  kept: number[];
  /** How many rows were left out for missing cells. */
  dropped: number;
}

/** The encoding of the training file: which columns, numeric or categorical, and the levels seen. */
export function plan(frame: Frame, request: PlanRequest): PreprocessingJSON {
  const target = columnIndex(frame, request.target, "--target");
  const features = request.features ? request.features.map((name) => columnIndex(frame, name, "--features")) : frame.names.map((_, j) => j).filter((j) => j !== target);
  if (features.length === 0) fail(`${frame.file} has no column besides the target ${JSON.stringify(request.target)} to use as a feature`);
  if (features.includes(target)) fail(`the target ${JSON.stringify(request.target)} cannot also be a feature (--features)`);
  const categorical = new Set(request.categorical ?? []);
  for (const name of categorical) {
    columnIndex(frame, name, "--categorical");
    if (!features.some((j) => frame.names[j] === name)) fail(`--categorical ${JSON.stringify(name)} is not one of the features`);
  }
  const used = [...features, target];
  const kept = keptRows(frame, used, request.dropMissing);
  const columns = features.map((j): ColumnEncoding => {
    const name = frame.names[j];
    if (!categorical.has(name)) {
      const column = frame.column(j);
      if (column.kind !== "number" && column.kind !== "text") {
        fail(`${frame.file} ${columnName(name)} has type ${column.type}, which is not numeric; list it in --categorical or leave it out of --features`);
      }
      return { name, type: "numeric" };
    }
    const column = frame.column(j);
    const levels = [...new Set(kept.map((i) => String(column.get(i))))].sort();
    if (levels.length < 2) fail(`${frame.file} ${columnName(name)} has a single level (${JSON.stringify(levels[0])}): it carries no information`);
    return { name, type: "categorical", levels, dropFirst: request.dropFirst };
  });
  // One-hot features are named "column=level": a column named so too would give two features
  // one name (and the model, known by its feature names, could not tell them apart).
  const source = new Map<string, string>();
  for (const c of columns) {
    const names = c.type === "numeric" ? [[c.name, `column ${JSON.stringify(c.name)}`]] : c.levels.slice(c.dropFirst ? 1 : 0).map((level) => [`${c.name}=${level}`, `level ${JSON.stringify(level)} of column ${JSON.stringify(c.name)}`]);
    for (const [name, from] of names) {
      const other = source.get(name);
      if (other) fail(`${frame.file}: the feature ${JSON.stringify(name)} would come from both ${other} and ${from}; rename a column`);
      source.set(name, from);
    }
  }
  return { columns, target: request.target };
}

/** Encode a frame by a plan. */
export function encode(frame: Frame, p: PreprocessingJSON, request: EncodeRequest): Encoded {
  const columns = p.columns.map((c) => columnIndex(frame, c.name, "the model's features"));
  const target = request.target === undefined ? undefined : columnIndex(frame, request.target, "--target");
  const kept = keptRows(frame, target === undefined ? columns : [...columns, target], request.dropMissing);
  const cols = p.columns.reduce((sum, c) => sum + encodedWidth(c), 0);
  const rows = kept.length;
  const data = new Float64Array(rows * cols);
  let offset = 0;
  p.columns.forEach((c, at) => {
    const j = columns[at];
    if (c.type === "numeric") encodeNumeric(frame, j, kept, data, offset, cols);
    else encodeCategorical(frame, j, c, kept, data, offset, cols, request.ignoreUnseen);
    offset += encodedWidth(c);
  });
  const labels = target === undefined ? undefined : readLabels(frame, target, kept, request.labelKind);
  return { data, rows, cols, labels, kept, dropped: frame.rows - rows };
}

/** The rows with no missing cell in `used`; without dropMissing the first missing cell is an error. */
function keptRows(frame: Frame, used: readonly number[], dropMissing: boolean): number[] {
  const columns = used.map((j) => frame.column(j));
  const kept: number[] = [];
  for (let i = 0; i < frame.rows; i++) {
    const missing = columns.findIndex((c) => c.get(i) === null);
    if (missing < 0) kept.push(i);
    else if (!dropMissing) {
      fail(`${frame.file} ${frame.where(i)}, ${columnName(frame.names[used[missing]])}: missing value (pass --drop-missing to leave such rows out)`);
    }
  }
  if (kept.length === 0) fail(`${frame.file}: every row has a missing value in the columns used`);
  return kept;
}

/** A decimal number as CSV files write them: no hex, no thousands separators, no Infinity (numeric flags take the same). */
export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A numeric cell's value, or an error naming the file, line and column. */
function numberAt(frame: Frame, i: number, j: number, v: Cell, hint: string): number {
  if (typeof v === "number") return v;
  const text = v as string;
  const decimal = NUMBER.test(text);
  const value = decimal ? Number(text) : NaN;
  // "1e309" is a number, one beyond float64 (it reads as Infinity): not a category.
  if (decimal && !Number.isFinite(value)) fail(`${frame.file} ${frame.where(i)}, ${columnName(frame.names[j])}: ${JSON.stringify(text)} is beyond the range of float64 (about ±1.8e308)`);
  if (!Number.isFinite(value)) fail(`${frame.file} ${frame.where(i)}, ${columnName(frame.names[j])}: ${JSON.stringify(text)} is not a number${hint}`);
  return value;
}

function encodeNumeric(frame: Frame, j: number, kept: number[], data: Float64Array, offset: number, stride: number): void {
  const column = frame.column(j);
  const hint = column.kind === "text" ? " (list the column in --categorical if it holds categories)" : "";
  kept.forEach((i, r) => {
    const v = numberAt(frame, i, j, column.get(i), hint);
    if (!Number.isFinite(v)) fail(`${frame.file} ${frame.where(i)}, ${columnName(frame.names[j])}: ${v} is not a finite number`);
    data[r * stride + offset] = v;
  });
}

function encodeCategorical(
  frame: Frame,
  j: number,
  c: Extract<ColumnEncoding, { type: "categorical" }>,
  kept: number[],
  data: Float64Array,
  offset: number,
  stride: number,
  ignoreUnseen: boolean,
): void {
  const column = frame.column(j);
  const first = c.dropFirst ? 1 : 0;
  const position = new Map(c.levels.map((level, k) => [level, k - first]));
  kept.forEach((i, r) => {
    const level = String(column.get(i));
    const k = position.get(level);
    if (k === undefined) {
      if (ignoreUnseen) return;
      fail(
        `${frame.file} ${frame.where(i)}, ${columnName(c.name)}: level ${JSON.stringify(level)} was not seen in training ` +
          `(levels: ${c.levels.join(", ")}); pass --ignore-unseen to encode it as no level`,
      );
    }
    if (k >= 0) data[r * stride + offset + k] = 1;
  });
}

/**
 * The target column's labels. For a fit (no kind given) text labels become numbers when
 * every one is a number, strings otherwise; against a model, they take the kind of its classes.
 */
function readLabels(frame: Frame, j: number, kept: number[], kind?: "number" | "string"): Label[] {
  const column = frame.column(j);
  const cells = kept.map((i) => column.get(i) as string | number);
  const asNumbers = kind === "number" || (kind === undefined && cells.every((v) => typeof v === "number" || NUMBER.test(v)));
  if (!asNumbers) return cells.map(String);
  return cells.map((v, r) => numberAt(frame, kept[r], j, v, kind === "number" ? " (the model's classes are numbers)" : ""));
}

/** A column's index by name, or an error naming the file and suggesting a near name. */
function columnIndex(frame: Frame, name: string, flag: string): number {
  const j = frame.names.indexOf(name);
  if (j >= 0) return j;
  const guess = nearest(name, frame.names);
  return fail(
    `${frame.file} has no column ${JSON.stringify(name)} (${flag})${guess ? `; did you mean ${JSON.stringify(guess)}?` : ""}; its columns: ${frame.names.join(", ")}`,
  );
}
