/**
 * createDataset: X placed in kernel memory once, in a memory of its own, and shared by every
 * fit, objective and prediction given it as X. Cross-validation folds, a regularisation path
 * or repeated refits then pay for the copy (and its checks) once; each fit keeps only its own
 * targets, weights and work buffers beside it. The memory is given back by dispose() (or
 * `using`), or when a Dataset that is dropped is garbage-collected.
 */
import { Allocations } from "../backends/heap.js";
import type { BackendName, Dtype } from "../backends/backend.js";
import { PRIVATE_CAPACITY, placeProblem, type Placement } from "../backends/placement.js";
import { describe, isArrayLike, oneOf, ownOptions, rejectUnknownKeys } from "../input/checks.js";
import { registerDataset, type DatasetHandle } from "../input/dataset-handle.js";
import { isCsrSource } from "../input/csr-matrix.js";
import { designSource, type MatrixInput } from "../input/matrix.js";
import { columnarSource, type ColumnarInput } from "../input/columnar.js";
import { fail } from "../util/errors.js";
import { ResidentCsr } from "./resident-csr.js";
import { logSoftmaxRows } from "../backends/log-softmax-rows.js";
import type { ResidentX } from "./resident-for.js";
import { ResidentMatrix } from "./resident-matrix.js";

/** Options of createDataset. */
export interface DatasetOptions {
  /** Storage precision of X (default "float64"); models fitted on the Dataset must use the same dtype. */
  dtype?: Dtype;
  /** Kernels that will use it: "wasm" (default) or "js"; models fitted on it must use the same backend. */
  backend?: BackendName;
}

/** Rows of probabilities computed per kernel call when predicting on a Dataset: at most 4 MiB of them. */
const PREDICTION_CHUNK_BYTES = 4 * 2 ** 20;

/**
 * X in kernel memory, reusable as X by fit, fitSync, predict, predictProba, score and
 * createObjective. Create it with `createDataset(X, options)`.
 */
export class Dataset {
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of features. */
  readonly cols: number;
  /** Storage precision of X in kernel memory. */
  readonly dtype: Dtype;
  /** The kernels it is placed for. */
  readonly backend: BackendName;
  /** The feature names, when X came as records (their keys) or named columns; fits on the Dataset take them. */
  readonly featureNames?: readonly string[];
  private readonly state: DatasetState;

  /** Prefer createDataset(X, options). Reads and checks X once, synchronously. */
  constructor(X: MatrixInput | ColumnarInput, options: DatasetOptions = {}) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      fail("INVALID_OPTION", `createDataset options must be a plain object, got ${describe(options)}${isArrayLike(options) ? " (createDataset takes X alone: the targets go to fit(dataset, y))" : ""}`);
    }
    rejectUnknownKeys(options as Record<string, unknown>, ["dtype", "backend"], "createDataset option");
    options = ownOptions(options);
    const { dtype: dtypeOption, backend: backendOption } = options;
    const dtype = oneOf(dtypeOption, "dtype", ["float64", "float32"] as const, "float64");
    const backend = oneOf(backendOption, "backend", ["wasm", "js"] as const, "wasm");
    // A columnar X gives every numeric column, named as the container names them.
    const source = columnarSource(X) ?? designSource(X, "X");
    // The size first: a matrix too large is refused before any value is read.
    const bytes = isCsrSource(source)
      ? ResidentCsr.bytes(source.rows, source.cols, source.entries(0, source.rows), dtype)
      : ResidentMatrix.bytes(source.rows, source.cols, dtype);
    if (bytes > PRIVATE_CAPACITY) {
      fail(
        "TOO_LARGE",
        `a Dataset of ${source.rows} rows × ${source.cols} features in ${dtype} needs ${(bytes / 2 ** 30).toFixed(2)} GiB of kernel memory; ` +
          `WebAssembly memory holds ${(PRIVATE_CAPACITY / 2 ** 30).toFixed(2)} GiB`,
      );
    }
    const placement = placeProblem(backend, bytes, "dataset");
    let matrix: ResidentX;
    try {
      matrix = isCsrSource(source) ? new ResidentCsr(placement.backend, source, dtype) : new ResidentMatrix(placement.backend, source, dtype);
    } catch (e) {
      placement.release();
      throw e;
    }
    this.rows = source.rows;
    this.cols = source.cols;
    this.dtype = dtype;
    this.backend = backend;
    if (!isCsrSource(source) && source.names) this.featureNames = Object.freeze([...source.names]);
    this.state = new DatasetState(this, placement, matrix);
    registerDataset(this, this.state);
    // `readonly` is TypeScript's alone: frozen, an assignment to rows or cols (say) cannot make
    // the Dataset report a shape other than the one it holds (and that every fit uses).
    Object.freeze(this);
  }

  /** Whether dispose() has been called. */
  get isDisposed(): boolean {
    return this.state.disposed;
  }

  /**
   * Give the kernel memory back. Fits still running on the Dataset finish first (their memory
   * goes when the last one ends); any later use throws DISPOSED. Safe to call twice.
   */
  dispose(): void {
    this.state.dispose();
  }

  /** The same as dispose(), for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/**
 * Place X in kernel memory once, for several fits, cross-validation folds, objectives and
 * predictions. X is read and checked once, now (the caller may change it afterwards).
 */
export function createDataset(X: MatrixInput | ColumnarInput, options: DatasetOptions = {}): Dataset {
  return new Dataset(X, options);
}

/** The kernel-memory side of a Dataset: its matrix, who uses it, and predictions on it. */
class DatasetState implements DatasetHandle {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: Dtype;
  readonly backend: BackendName;
  readonly names?: readonly string[];
  readonly sparse: boolean;
  disposed = false;
  private placement?: Placement;
  private matrix?: ResidentX;
  private users = 0;

  constructor(dataset: Dataset, placement: Placement, matrix: ResidentX) {
    this.rows = dataset.rows;
    this.cols = dataset.cols;
    this.dtype = dataset.dtype;
    this.backend = dataset.backend;
    this.names = dataset.featureNames;
    this.sparse = matrix instanceof ResidentCsr;
    this.placement = placement;
    this.matrix = matrix;
  }

  acquire(): { matrix: ResidentX; release(): void } {
    const matrix = this.matrix;
    if (this.disposed || !matrix) return fail("DISPOSED", "this Dataset was disposed; create a new one with createDataset(X)");
    this.users++;
    let released = false;
    return {
      matrix,
      release: () => {
        if (released) return;
        released = true;
        this.users--;
        this.freeIfDone();
      },
    };
  }

  probabilities(theta: Float64Array, K: number, kind: "probabilities" | "logProbabilities" | "logits" = "probabilities"): Float64Array {
    const held = this.acquire();
    if (held.matrix instanceof ResidentCsr) {
      try {
        // CSR: the sparse kernels' probabilities or logits; log-probabilities from the logits.
        if (kind === "probabilities") return held.matrix.probabilities(theta, K, PREDICTION_CHUNK_BYTES);
        const logits = held.matrix.probabilities(theta, K, PREDICTION_CHUNK_BYTES, true);
        return kind === "logits" ? logits : logSoftmaxRows(logits, K);
      } finally {
        held.release();
      }
    }
    const { matrix, release } = held as { matrix: ResidentMatrix; release(): void };
    const { n, s, heap, kernels } = matrix;
    const m = this.cols + 1;
    const chunk = Math.max(1, Math.min(n, Math.floor(PREDICTION_CHUNK_BYTES / (K * 8))));
    const result = new Float64Array(n * K);
    const allocations = new Allocations(heap);
    try {
      const alloc = (bytes: number) => allocations.alloc(bytes);
      const thetaPtr = alloc(K * s * 8);
      const out = alloc(chunk * K * 8);
      const scratch = alloc(kernels.scratchBytes(K, s));
      const f = heap.f64;
      f.fill(0, thetaPtr >>> 3, (thetaPtr >>> 3) + K * s);
      for (let k = 0; k < K; k++) f.set(theta.subarray(k * m, (k + 1) * m), (thetaPtr >>> 3) + k * s);
      for (let start = 0; start < n; start += chunk) {
        const rows = Math.min(chunk, n - start);
        kernels[kind](matrix.x + start * s * matrix.elementBytes, rows, s, K, thetaPtr, out, scratch);
        result.set(heap.f64.subarray(out >>> 3, (out >>> 3) + rows * K), start * K);
      }
      return result;
    } finally {
      allocations.freeAll();
      release();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.freeIfDone();
  }

  private freeIfDone(): void {
    if (!this.disposed || this.users > 0 || !this.matrix) return;
    this.matrix.release();
    this.placement?.release();
    // Drop the references, so the memory can go even while the Dataset object lives on.
    this.matrix = undefined;
    this.placement = undefined;
  }
}
