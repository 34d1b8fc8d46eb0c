/**
 * What a fit (or createObjective) reads from the caller: X, y and the sample weights, each
 * validated and copied once, in this order (so the first bad input is the one reported).
 */
import { toMatrix, type Matrix } from "./matrix.js";
import { toTargets, type Targets } from "./targets.js";
import { toWeights } from "./weights.js";

export interface TrainingSet {
  X: Matrix;
  targets: Targets;
  weights: Float64Array;
}

/** `names` orders the columns of records (a fit's featureNames). */
export function readTrainingSet(X: unknown, y: unknown, sampleWeight: unknown, names?: readonly string[]): TrainingSet {
  const matrix = toMatrix(X, "X", undefined, names);
  return { X: matrix, targets: toTargets(y, matrix.rows), weights: toWeights(sampleWeight, matrix.rows) };
}
