/**
 * What a fit (or createObjective) reads from the caller: X, y and the sample weights, each
 * validated and copied once, in this order (so the first bad input is the one reported).
 */
import { toDesign, type Design } from "./matrix.js";
import { toTargets, type Targets } from "./targets.js";
import { toWeights } from "./weights.js";

export interface TrainingSet {
  /** X, dense or CSR. */
  X: Design;
  targets: Targets;
  weights: Float64Array;
}

export function readTrainingSet(X: unknown, y: unknown, sampleWeight: unknown): TrainingSet {
  const matrix = toDesign(X);
  return { X: matrix, targets: toTargets(y, matrix.rows), weights: toWeights(sampleWeight, matrix.rows) };
}
