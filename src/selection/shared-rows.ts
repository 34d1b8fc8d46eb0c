/**
 * The rows of one cross-validation in kernel memory, once: a Dataset's X̂, evaluated with
 * different row weights. Each fold's training objective (held-out rows weigh 0) and its
 * held-out scoring (training rows weigh 0) are resident data of their own (targets, weights,
 * work buffers) on that one matrix.
 */
import type { DatasetHandle } from "../input/dataset-handle.js";
import type { Targets } from "../input/targets.js";
import { ResidentData } from "../objective/resident-data.js";

export interface SharedRows {
  /** The rows with these weights (the caller disposes it; the matrix stays). */
  withWeights(weights: Float64Array): ResidentData;
  /** Let the Dataset go (it is freed with its own dispose). */
  release(): void;
}

/** The Dataset's rows, held until release(). */
export function shareRows(dataset: DatasetHandle, targets: Targets, fitIntercept: boolean): SharedRows {
  const { matrix, release } = dataset.acquire();
  return {
    withWeights: (weights) => new ResidentData(matrix, targets, weights, fitIntercept, false),
    release,
  };
}
