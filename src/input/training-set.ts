/**
 * What a fit (or createObjective) reads from the caller: X, y and the sample weights, in
 * this order (so the first bad input is the one reported). X's shape is read here but its
 * values are not: they are checked as they are copied into kernel memory, after the size of
 * the problem has been checked (fit.ts), in the same synchronous call. y and the weights
 * are small and read (once) here.
 */
import { readColumnarTraining } from "./columnar.js";
import { datasetHandle, type DatasetHandle } from "./dataset-handle.js";
import { designSource, type CsrSource, type MatrixSource } from "./matrix.js";
import { isCsrInput, isCsrSource } from "./csr-matrix.js";
import { toTargets, type Targets } from "./targets.js";
import { toWeights } from "./weights.js";
import type { NameList } from "./feature-names.js";

export interface TrainingSet {
  /** The caller's X, opened (shape read, values not yet): dense or CSR; or a Dataset already in kernel memory. */
  X: MatrixSource | CsrSource | DatasetHandle;
  targets: Targets;
  /** One weight per row, the caller's divided by `weightScale` (a power of two; see weights.ts). */
  weights: Float64Array;
  /** The caller's weights are `weights` × this. */
  weightScale: number;
}

/**
 * Read X's shape, y and the weights. `checkShape` runs on a dense X's shape before anything
 * else is read (the size check: a problem too large is refused before y is copied); a CSR X's
 * size depends on its entries, checked before they are copied (fit.ts). `names` orders the
 * columns of records (a fit's featureNames).
 */
export function readTrainingSet(
  X: unknown,
  y: unknown,
  sampleWeight: unknown,
  checkShape?: (rows: number, cols: number) => void,
  names?: NameList,
): TrainingSet {
  const dataset = datasetHandle(X);
  // A columnar X may carry the target as one of its columns (y is then its name). A CSR X is
  // not probed for columnar fields: its own reader reads each field once.
  const columnar = dataset || isCsrInput(X) ? undefined : readColumnarTraining(X, y, names);
  const matrix = dataset ?? columnar?.source ?? designSource(X, "X", undefined, names);
  if (!dataset && !isCsrSource(matrix)) checkShape?.(matrix.rows, matrix.cols);
  const targets = toTargets(columnar ? columnar.y() : y, matrix.rows);
  const { values, scale } = toWeights(sampleWeight, matrix.rows);
  return { X: matrix, targets, weights: values, weightScale: scale };
}

/** The CSR X of a training set, when X is one (opened, not yet copied). */
export function csrOf(set: TrainingSet): CsrSource | undefined {
  return isCsrSource(set.X) ? set.X : undefined;
}

/** The Dataset of a training set, when X is one. */
export function datasetOf(set: TrainingSet): DatasetHandle | undefined {
  return "acquire" in set.X ? set.X : undefined;
}
