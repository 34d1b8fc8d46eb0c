/**
 * The columnar ways in: `{ columns, names? }` and Arrow tables. Kept apart from the row
 * readers of matrix.ts so that the predict-only entry, which reads rows only, does not carry
 * them: LogisticRegression turns a columnar X into a flat matrix before predicting.
 */
import { fail } from "../util/errors.js";
import { describe } from "./checks.js";
import { isArrowTable, openArrowTable, type ArrowTableLike } from "./arrow-table.js";
import { readColumnTable, type ColumnarData, type ColumnTable } from "./column-set.js";
import { isColumnsInput, openColumns, type ColumnsInput } from "./columns.js";
import { readAll, type MatrixInput, type MatrixSource } from "./matrix.js";
import type { NameList } from "./feature-names.js";

export type { ArrowColumnLike, ArrowTableLike } from "./arrow-table.js";
export type { ColumnsInput } from "./columns.js";

/** X given column by column: `{ columns, names? }` or an Arrow table (apache-arrow, DuckDB-Wasm, flechette). */
export type ColumnarInput = ColumnsInput | ArrowTableLike;

/** Whether X is one of the columnar containers. */
export function isColumnar(X: unknown): boolean {
  return isColumnsInput(X) || isArrowTable(X);
}

function open(X: unknown): ColumnTable {
  return isColumnsInput(X) ? openColumns(X) : openArrowTable(X);
}

/**
 * A fit's X and y when X is columnar: y may name X's target column (a string), whose labels
 * then become y and which is left out of the features; `featureNames` (the fit option) picks
 * and orders the feature columns. Undefined when X is not columnar.
 */
export function readColumnarTraining(X: unknown, y: unknown, featureNames?: NameList): (ColumnarData & { y: () => unknown }) | undefined {
  if (!isColumnar(X)) {
    if (typeof y === "string") {
      fail("INVALID_Y", `y is a string (${describe(y)}): a column name is a target only when X is an Arrow table or { columns, names }; pass the labels`);
    }
    return undefined;
  }
  const target = typeof y === "string" ? y : undefined;
  const data = readColumnTable(open(X), target, featureNames);
  return { ...data, y: target === undefined ? () => y : data.labels! };
}

/**
 * A partialFit batch's X and y when X is columnar (as readColumnarTraining), its feature
 * count checked against the model's (`expectedCols`, FEATURE_MISMATCH). Undefined otherwise.
 */
export function readColumnarBatch(X: unknown, y: unknown, expectedCols?: number, featureNames?: NameList): (ColumnarData & { y: () => unknown }) | undefined {
  const batch = readColumnarTraining(X, y, featureNames);
  if (batch && expectedCols !== undefined && batch.source.cols !== expectedCols) {
    fail("FEATURE_MISMATCH", `X has ${batch.source.cols} feature columns but the model was fitted with ${expectedCols}`);
  }
  return batch;
}

/**
 * score's X and y when X is columnar and y names its target column (as fit takes it): the
 * model's features as a flat matrix (by its feature names when it has them, else every numeric
 * column but the target, as the fit took them) and the column's labels. Undefined otherwise.
 */
export function columnarForScore(X: unknown, y: unknown, featureNames?: readonly string[]): { X: MatrixInput; y: unknown[] } | undefined {
  if (typeof y !== "string" || !isColumnar(X)) return undefined;
  const data = readColumnTable(open(X), y, featureNames, featureNames !== undefined);
  return { X: readAll(data.source), y: data.labels!() };
}

/**
 * A columnar X without a target (a Dataset's, a prediction's) opened as a source: the columns
 * named `featureNames` when given, else every numeric column. Undefined when X is not columnar.
 */
export function columnarSource(X: unknown, featureNames?: readonly string[], named = true): MatrixSource | undefined {
  return isColumnar(X) ? readColumnTable(open(X), undefined, featureNames, named).source : undefined;
}

/**
 * A columnar X for prediction, as a flat row-major matrix (one N×d copy, which the
 * predict-only Predictor can read): the columns named `featureNames` when given (a model
 * fitted with names), else every numeric column. Any other X is returned as it is.
 */
export function columnarForPrediction<T>(X: T | ColumnarInput, featureNames?: readonly string[], nFeatures?: number): T | MatrixInput {
  const source = columnarSource(X, featureNames, featureNames !== undefined);
  if (!source) return X as T;
  // Before the copy: a table of 10⁸ columns is the wrong model's, not an allocation to try.
  if (nFeatures !== undefined && source.cols !== nFeatures) {
    fail("FEATURE_MISMATCH", `X has ${source.cols} features (columns) but the model was fitted with ${nFeatures}`);
  }
  return readAll(source);
}
