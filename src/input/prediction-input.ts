/**
 * X for prediction, with the conveniences a fitted model can afford because it knows its
 * feature count and names: a single row (a plain array of numbers of the model's length, or
 * one record) is one sample, an empty batch gives zero rows, and records are matched to
 * the model's features by name.
 */
import { fail } from "../util/errors.js";
import { countOf, describe, isArrayLike } from "./checks.js";
import { rowArraysFrom } from "./row-arrays.js";
import { flatMatrix } from "./flat-matrix.js";
import { matrixSource, type MatrixInput, type MatrixSource } from "./matrix.js";
import { isRecord } from "./records.js";

/** What predict methods accept: a matrix, or one row (an array of the model's length, or a record). */
export type PredictionInput = MatrixInput | ArrayLike<number> | Readonly<Record<string, number>>;

/** X opened for a model with `nFeatures` features (and, if it has them, feature names); it may have zero rows. */
export function predictionSource(X: unknown, nFeatures: number, names?: readonly string[]): MatrixSource {
  if (ArrayBuffer.isView(X) && (X as unknown as ArrayLike<unknown>).length === 0) {
    // A typed array is one row, never a batch of them: empty, it is no sample (a detached buffer
    // reads as empty too), not an empty batch.
    fail("INVALID_X", `X is ${describe(X)} of no values (a detached buffer?); one row needs the model's ${nFeatures} features`);
  }
  // A flat matrix: the fields are read once, by its reader (rows 0 with no data is an empty batch).
  if (flatMatrix.accepts(X) && "rows" in (X as object) && "cols" in (X as object)) {
    const { data, rows, cols } = X as { data: unknown; rows: unknown; cols: unknown };
    if (rows === 0 && isArrayLike(data) && data.length === 0) return emptySource(nFeatures);
    return matrixSource({ data, rows, cols }, "X", nFeatures);
  }
  // One record: a batch of one.
  if (isRecord(X)) X = [X];
  if (isArrayLike(X)) {
    // An array (or a Proxy of one): its length and row 0 are read once, here, and the reader
    // is handed what was read (a getter answering differently on a second read changes nothing).
    const rows = countOf(X, "INVALID_X", "X");
    if (rows === 0) return emptySource(nFeatures);
    const first = X[0];
    // One row as an array of numbers of the model's length: unambiguous. Its values are
    // copied now, each read once (the first already was).
    if (rows === nFeatures && typeof first === "number") {
      let row: ArrayLike<unknown> = X;
      if (!ArrayBuffer.isView(X)) {
        const copy: unknown[] = [first];
        for (let j = 1; j < rows; j++) copy.push(X[j]);
        row = copy;
      }
      return checkedCols(rowArraysFrom([row], 1, row, "X", names), nFeatures);
    }
    if (isRecord(first) && !names) {
      fail("INVALID_X", "X is records, but this model has no feature names: fit it on records or with the fit option featureNames, or pass rows of numbers");
    }
    return checkedCols(rowArraysFrom(X, rows, first, "X", names), nFeatures);
  }
  return matrixSource(X, "X", nFeatures, names);
}

/** FEATURE_MISMATCH unless the source has the model's `nFeatures` columns. */
function checkedCols(source: MatrixSource, nFeatures: number): MatrixSource {
  if (source.cols !== nFeatures) fail("FEATURE_MISMATCH", `X has ${source.cols} features (columns) but the model was fitted with ${nFeatures}`);
  return source;
}

/**
 * One record for a model with feature names, as a batch of one, when its own keys are exactly
 * the model's names and its values numbers: then it is one sample even where those names are
 * a container's fields (a feature named "columns", or features "data", "rows", "cols", or
 * "indptr", "indices", "data"), which the container readers would otherwise take it for and
 * refuse. Only data properties are looked at (no getter of the caller's runs here; a record of
 * getters stays as it is). Anything else is returned unchanged.
 */
export function oneRecordAsBatch<T>(X: T, names: readonly string[] | undefined): T | [T] {
  if (!names || !isRecord(X) || !("columns" in X || "data" in X || "indptr" in X)) return X;
  const keys = Object.keys(X);
  if (keys.length !== names.length) return X;
  const wanted = new Set(names);
  for (const key of keys) {
    const field = Object.getOwnPropertyDescriptor(X, key);
    if (!wanted.has(key) || !field || typeof field.value !== "number") return X;
  }
  return [X];
}

/**
 * Zero rows of `cols` features. A function of its own, not a closure inside predictionSource:
 * the closure's context was allocated on every call, about 0.5 µs of a one-row prediction's
 * 1.2 µs (CPU time).
 */
function emptySource(cols: number): MatrixSource {
  return { rows: 0, cols, copyRows: () => 0 };
}
