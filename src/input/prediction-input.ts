/**
 * X for prediction, with the conveniences a fitted model can afford because it knows its
 * feature count and names: a single row (a plain array of numbers of the model's length, or
 * one record) is one sample, an empty batch gives zero rows, and records are matched to
 * the model's features by name.
 */
import { fail } from "../util/errors.js";
import { isArrayLike } from "./checks.js";
import { flatMatrix } from "./flat-matrix.js";
import { toMatrix, type Matrix, type MatrixInput } from "./matrix.js";
import { isRecord, records } from "./records.js";

/** What predict methods accept: a matrix, or one row (an array of the model's length, or a record). */
export type PredictionInput = MatrixInput | ArrayLike<number> | Readonly<Record<string, number>>;

/** X as rows for a model with `nFeatures` features (and, if it has them, feature names). */
export function toPredictionMatrix(X: unknown, nFeatures: number, names?: readonly string[]): Matrix {
  const empty = { data: new Float64Array(0), rows: 0, cols: nFeatures };
  if (isArrayLike(X) && X.length === 0) return empty;
  if (flatMatrix.accepts(X)) {
    const { data, rows } = X as { data: unknown; rows: unknown };
    if (rows === 0 && isArrayLike(data) && data.length === 0) return empty;
  }
  // One record, or one row as a plain array of numbers of the model's length: unambiguous.
  if (isRecord(X) && !(flatMatrix.accepts(X) && "rows" in X && "cols" in X)) X = [X];
  else if (isArrayLike(X) && typeof X[0] === "number" && X.length === nFeatures) X = [X];
  if (records.accepts(X) && !names) {
    fail("INVALID_X", "X is records, but this model has no feature names: fit it on records or with the fit option featureNames, or pass rows of numbers");
  }
  return toMatrix(X, "X", nFeatures, names);
}
