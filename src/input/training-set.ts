/**
 * What a fit (or createObjective) reads from the caller: X, y and the sample weights, each
 * validated and copied once, in this order (so the first bad input is the one reported).
 */
import { readColumnarTraining } from "./columnar.js";
import { toMatrix, type Matrix } from "./matrix.js";
import { toTargets, type Targets } from "./targets.js";
import { toWeights } from "./weights.js";

export interface TrainingSet {
  X: Matrix;
  targets: Targets;
  weights: Float64Array;
}

export function readTrainingSet(X: unknown, y: unknown, sampleWeight: unknown): TrainingSet {
  // A columnar X may carry the target as one of its columns (y is then its name).
  const columnar = readColumnarTraining(X, y);
  const matrix = columnar?.matrix ?? toMatrix(X);
  const labels = columnar ? columnar.y : y;
  return { X: matrix, targets: toTargets(labels, matrix.rows), weights: toWeights(sampleWeight, matrix.rows) };
}
