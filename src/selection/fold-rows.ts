/**
 * The rows of one cross-validation in kernel memory, placed once, and each fold's data on
 * them: its training rows (weighted by sample and class weights) and its held-out rows
 * (weighted by the sample weights, for the score).
 *
 * When the folds partition the rows (stratified folds always do) and the copy is not too
 * large, the rows are laid out fold by fold, the first F − 1 blocks twice:
 *   [F0 F1 … F(F−1) F0 F1 … F(F−2)],
 * so that every fold's training rows are one contiguous range (blocks f+1 … f+F−1) and its
 * held-out rows another (block f): the kernels never pass over rows that do not count, at the
 * price of (2F − 1)/F copies of X in kernel memory, made from the caller's X once (the second
 * copy inside kernel memory). Otherwise (overlapping explicit folds, very large X, or a
 * Dataset given by the caller) every fold uses all rows, the others weighing zero. A CSR X
 * is laid out the same way, as CSR (the sparse kernels; nothing of size N × d).
 */
import type { Dtype } from "../backends/backend.js";
import { placeProblem, PRIVATE_CAPACITY } from "../backends/placement.js";
import type { DatasetHandle } from "../input/dataset-handle.js";
import type { CsrSource, MatrixSource } from "../input/matrix.js";
import type { ResolvedOptions } from "../input/options.js";
import type { Targets } from "../input/targets.js";
import { csrOf, datasetOf, type TrainingSet } from "../input/training-set.js";
import { checkDataset } from "../fit/fit.js";
import { ResidentCsr } from "../objective/resident-csr.js";
import { residentFor, type ResidentX } from "../objective/resident-for.js";
import { ResidentMatrix } from "../objective/resident-matrix.js";
import type { Resident } from "../objective/resident.js";
import { effectiveWeights } from "../objective/row-weights.js";
import { fail } from "../util/errors.js";
import { rowMask, type Folds } from "./folds.js";
import { reorderedCsr, reorderedRows } from "./reordered-rows.js";

/** The contiguous layout is used while it needs at most this many bytes of kernel memory. */
export const LAYOUT_LIMIT = 2 ** 30;

/** One fold's data: resident training and held-out rows, with what the search needs to know of them. */
export interface FoldData {
  /** The training rows, weighted by sampleWeight × classWeight. */
  train: Resident;
  /** Their sample weights alone (the scaler's weights), aligned with `train`'s rows. */
  trainSampleWeights: Float64Array;
  /** Their targets, aligned with `train`'s rows. */
  trainTargets: Targets;
  /** The held-out rows (those with a positive weight count), weighted by sampleWeight. */
  heldOut: Resident;
  /** Whether the rows are CSR (the solver choice differs). */
  sparse: boolean;
  dispose(): void;
}

export interface FoldRows {
  /** Fold f's data (`perClass`: class weights, or null). */
  fold(f: number, perClass: Float64Array | null): FoldData;
  /** The training set of the refit on every row (X on the rows already placed, or the caller's Dataset's matrix, held). */
  refitSet(): TrainingSet;
  /** Free what the search placed (a caller's Dataset stays). */
  release(): void;
}

/** Place the rows of `data` for a search over `folds`. */
export function placeFoldRows(data: TrainingSet, folds: Folds, options: ResolvedOptions): FoldRows {
  const given = datasetOf(data);
  if (given) {
    checkDataset(given, options);
    // Held until release: the search and the refit finish even if the caller disposes the Dataset meanwhile.
    const held = given.acquire();
    return weightedFolds(held.matrix, data, folds, options, held.release);
  }
  const n = data.X.rows;
  const csr = csrOf(data);
  const bytesOf = (order: Int32Array) =>
    csr ? ResidentCsr.bytes(order.length, data.X.cols, layoutEntries(csr, order), options.dtype) : ResidentMatrix.bytes(order.length, data.X.cols, options.dtype);
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  const layout = partitions(folds, n) ? layoutOrder(folds) : undefined;
  const contiguous = layout !== undefined && bytesOf(layout) <= LAYOUT_LIMIT;
  const order = contiguous ? layout : identity;
  const bytes = bytesOf(order);
  if (bytes > PRIVATE_CAPACITY) fail("TOO_LARGE", `the cross-validation's rows need ${(bytes / 2 ** 30).toFixed(2)} GiB of kernel memory; WebAssembly memory holds ${(PRIVATE_CAPACITY / 2 ** 30).toFixed(2)} GiB`);
  const placement = placeProblem(options.backend, bytes, "dataset");
  let matrix: ResidentX;
  try {
    matrix = csr
      ? new ResidentCsr(placement.backend, contiguous ? reorderedCsr(csr, order, n) : csr, options.dtype)
      : new ResidentMatrix(placement.backend, reorderedRows(data.X as MatrixSource, order, n), options.dtype);
  } catch (e) {
    placement.release();
    throw e;
  }
  const release = () => {
    matrix.release();
    placement.release();
  };
  if (!contiguous) return weightedFolds(matrix, data, folds, options, release);
  return contiguousFolds(matrix, permuted(data, order), folds, options, release);
}

/** The caller's stored entries of the layout's rows (before repeated columns are summed). */
function layoutEntries(csr: CsrSource, order: Int32Array): number {
  let entries = 0;
  for (const r of order) entries += csr.entries(r, 1);
  return entries;
}

/** Every fold's data on all rows, the other rows weighing zero. */
function weightedFolds(matrix: ResidentX, data: TrainingSet, folds: Folds, options: ResolvedOptions, release: () => void): FoldRows {
  const n = data.X.rows;
  return {
    fold(f, perClass) {
      const trainSampleWeights = times(data.weights, rowMask(n, folds[f], "train"));
      return foldData(matrix, matrix, data.targets, data.targets, trainSampleWeights, times(data.weights, rowMask(n, folds[f], "test")), perClass, options);
    },
    refitSet: () => ({ ...data, X: handle(matrix, data, options) }),
    release,
  };
}

/** Fold f's rows as two contiguous ranges of the layout [F0 … F(F−1) F0 … F(F−2)]. */
function contiguousFolds(matrix: ResidentX, data: TrainingSet, folds: Folds, options: ResolvedOptions, release: () => void): FoldRows {
  const n = data.X.rows;
  const starts: number[] = [];
  let offset = 0;
  for (const fold of folds) {
    starts.push(offset);
    offset += fold.length;
  }
  const range = (from: number, length: number) => ({
    targets: sliceTargets(data.targets, from, length),
    weights: data.weights.subarray(from, from + length),
  });
  return {
    fold(f, perClass) {
      // Training rows: blocks f+1, …, f+F−1, which start right after block f.
      const start = starts[f] + folds[f].length;
      const count = n - folds[f].length;
      const train = range(start, count);
      const held = range(starts[f], folds[f].length);
      return foldData(matrix.rowsView(start, count), matrix.rowsView(starts[f], folds[f].length), train.targets, held.targets, train.weights, held.weights, perClass, options);
    },
    // The first n rows of the layout are every row once.
    refitSet: () => {
      const all = range(0, n);
      return { ...data, targets: all.targets, weights: all.weights, X: handle(matrix.rowsView(0, n), data, options) };
    },
    release,
  };
}

function foldData(
  trainMatrix: ResidentX,
  heldOutMatrix: ResidentX,
  trainTargets: Targets,
  heldOutTargets: Targets,
  trainSampleWeights: Float64Array,
  heldOutWeights: Float64Array,
  perClass: Float64Array | null,
  options: ResolvedOptions,
): FoldData {
  const train = residentFor(trainMatrix, trainTargets, effectiveWeights(trainSampleWeights, trainTargets, perClass), options.fitIntercept, false);
  let heldOut: Resident;
  try {
    heldOut = residentFor(heldOutMatrix, heldOutTargets, heldOutWeights, options.fitIntercept, false);
  } catch (e) {
    train.dispose();
    throw e;
  }
  return {
    train,
    trainSampleWeights,
    trainTargets,
    heldOut,
    sparse: trainMatrix instanceof ResidentCsr,
    dispose() {
      train.dispose();
      heldOut.dispose();
    },
  };
}

/** A Dataset-like handle on rows already placed (or held), for the refit (which then copies nothing). */
function handle(matrix: ResidentX, data: TrainingSet, options: ResolvedOptions): DatasetHandle {
  return {
    rows: matrix.n,
    cols: matrix.d,
    dtype: options.dtype as Dtype,
    backend: options.backend,
    sparse: matrix instanceof ResidentCsr,
    ...("names" in data.X && data.X.names ? { names: data.X.names } : {}),
    acquire: () => ({ matrix, release() {} }),
    probabilities: () => fail("NOT_INITIALIZED", "internal: the search's rows are not for predictions"),
  };
}

/** Whether the folds are disjoint and cover every row. */
function partitions(folds: Folds, n: number): boolean {
  const seen = new Uint8Array(n);
  let total = 0;
  for (const fold of folds) {
    for (const r of fold) {
      if (seen[r]) return false;
      seen[r] = 1;
      total++;
    }
  }
  return total === n;
}

/** The original row of each row of the layout: the folds' rows in turn, then the first F − 1 folds again. */
function layoutOrder(folds: Folds): Int32Array {
  const once = folds.flatMap((fold) => Array.from(fold));
  const again = folds.slice(0, -1).flatMap((fold) => Array.from(fold));
  return Int32Array.from([...once, ...again]);
}

/** The targets and weights of `data` for every row of the layout (X still says n rows: the layout's first n are all of them). */
function permuted(data: TrainingSet, order: Int32Array): TrainingSet {
  const rows = order.length;
  const weights = Float64Array.from(order, (r) => data.weights[r]);
  const { targets } = data;
  const layoutTargets: Targets =
    targets.kind === "labels"
      ? { kind: "labels", index: Int32Array.from(order, (r) => targets.index[r]), classes: targets.classes }
      : {
          kind: "soft",
          classes: targets.classes,
          probabilities: (() => {
            const K = targets.classes.length;
            const p = new Float64Array(rows * K);
            order.forEach((r, i) => p.set(targets.probabilities.subarray(r * K, (r + 1) * K), i * K));
            return p;
          })(),
        };
  return { ...data, targets: layoutTargets, weights };
}

function sliceTargets(targets: Targets, start: number, count: number): Targets {
  if (targets.kind === "labels") return { kind: "labels", index: targets.index.subarray(start, start + count), classes: targets.classes };
  const K = targets.classes.length;
  return { kind: "soft", probabilities: targets.probabilities.subarray(start * K, (start + count) * K), classes: targets.classes };
}

function times(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v * b[i]);
}
