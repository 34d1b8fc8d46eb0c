/**
 * How the rest of the library recognises a Dataset (objective/dataset.ts) given as X: by
 * identity in a WeakMap, which never touches the caller's object (a Proxy posing as a
 * Dataset is just an unknown container). This file is all the predict-only bundles carry
 * of Datasets.
 */
import type { BackendName, Dtype } from "../backends/backend.js";
import type { ResidentX } from "../objective/resident-for.js";

/** What fits, objectives and predictions use of a Dataset. */
export interface DatasetHandle {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: Dtype;
  readonly backend: BackendName;
  /** Whether X is held as CSR (the sparse kernels). */
  readonly sparse: boolean;
  /** The feature names, when X came as records (their keys). */
  readonly names?: readonly string[];
  /** The resident X (dense or CSR, with the kernels on its memory), in use until `release` (a disposed Dataset throws DISPOSED). */
  acquire(): { matrix: ResidentX; release(): void };
  /**
   * Row-major n×K probabilities of every row under θ (compact layout, K × (cols + 1)); with
   * `kind` the log-probabilities or the logits instead.
   */
  probabilities(theta: Float64Array, K: number, kind?: "probabilities" | "logProbabilities" | "logits"): Float64Array;
}

const handles = new WeakMap<object, DatasetHandle>();

/** Register `dataset` (the public object) with its handle. */
export function registerDataset(dataset: object, handle: DatasetHandle): void {
  handles.set(dataset, handle);
}

/** The handle of X when X is a Dataset. */
export function datasetHandle(X: unknown): DatasetHandle | undefined {
  return typeof X === "object" && X !== null ? handles.get(X) : undefined;
}
