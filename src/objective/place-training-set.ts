/**
 * A checked training set placed in kernel memory in the one resident layout of its kind:
 * dense padded rows for dense X, CSR for sparse X. The only place that tells the two apart;
 * everything above sees a Resident.
 */
import type { Backend, Dtype } from "../backends/backend.js";
import { isSparse } from "../input/matrix.js";
import type { TrainingSet } from "../input/training-set.js";
import { ResidentData } from "./resident-data.js";
import type { Resident } from "./resident.js";
import { SparseResidentData } from "./sparse-resident-data.js";

export function placeTrainingSet(backend: Backend, set: TrainingSet, fitIntercept: boolean, dtype: Dtype): Resident {
  const { X, targets, weights } = set;
  return isSparse(X)
    ? new SparseResidentData(backend, X, targets, weights, fitIntercept, dtype)
    : new ResidentData(backend, X, targets, weights, fitIntercept, dtype);
}
