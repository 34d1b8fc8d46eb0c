/**
 * The rows of one cross-validation in kernel memory, evaluated with different row weights:
 * each fold's training objective (held-out rows weigh 0) and its held-out scoring (training
 * rows weigh 0) see the same X.
 */
import type { Backend, Dtype } from "../backends/backend.js";
import type { TrainingSet } from "../input/training-set.js";
import { ResidentData } from "../objective/resident-data.js";

export interface SharedRows {
  /** The rows with these weights (the caller disposes it). */
  withWeights(weights: Float64Array): ResidentData;
  /** Free what the rows hold. */
  dispose(): void;
}

/** Shared rows for a training set. */
export function shareRows(backend: Backend, data: TrainingSet, fitIntercept: boolean, dtype: Dtype): SharedRows {
  return {
    withWeights: (weights) => new ResidentData(backend, data.X, data.targets, weights, fitIntercept, dtype),
    dispose: () => {},
  };
}
