/**
 * createObjective: the objective the solvers minimise, for users who bring their own
 * optimiser or want to check gradients. θ uses the compact class-major layout
 * θ[k(d+1) + j] (j = 0 the intercept), as in scikit-learn-derived references.
 */
import type { Backend } from "../backends/backend.js";
import { PRIVATE_CAPACITY, placeProblem, type Placement } from "../backends/placement.js";
import { describe, isArrayLike, isBigIntArray } from "../input/checks.js";
import type { ColumnarInput } from "../input/columnar.js";
import type { MatrixInput } from "../input/matrix.js";
import type { MatrixSource } from "../input/matrix.js";
import { resolveObjectiveOptions, type ObjectiveOptions } from "../input/options.js";
import type { TargetInput } from "../input/targets.js";
import { csrOf, datasetOf, readTrainingSet } from "../input/training-set.js";
import { fail } from "../util/errors.js";
import type { Dataset } from "./dataset.js";
import { OBJECTIVE_USE, assertShapeFits } from "./kernel-bytes.js";
import { Objective, denseHessianFits } from "./objective.js";
import { ResidentCsr } from "./resident-csr.js";
import { assertProblemFits, residentFor, type ResidentX } from "./resident-for.js";
import { ResidentMatrix } from "./resident-matrix.js";

export type { ObjectiveOptions };

/** f(θ), ∇f, ∇²f and ∇²f·v of the penalised mean cross-entropy. Call dispose() to free its memory. */
export interface SoftmaxObjective {
  /** Number of parameters K(d+1). */
  readonly size: number;
  /** K, the number of classes. */
  readonly nClasses: number;
  /** d, the number of features. */
  readonly nFeatures: number;
  /** f(θ). */
  value(theta: ArrayLike<number>): number;
  /**
   * ∇f(θ), length K(d+1): a new array, or, given `out` (a Float64Array of that length, θ
   * itself allowed), written into `out`, which is returned; a per-pass caller reuses one and
   * saves the new array's page faults. `out` is left as it was when the call throws.
   */
  gradient(theta: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** The full symmetric K(d+1)×K(d+1) Hessian, row-major. */
  hessian(theta: ArrayLike<number>): Float64Array;
  /** ∇²f(θ)·v without forming the Hessian. */
  hessianVectorProduct(theta: ArrayLike<number>, v: ArrayLike<number>): Float64Array;
  /** Free the kernel memory; later calls throw DISPOSED. */
  dispose(): void;
  /** The same as dispose(), for `using`. */
  [Symbol.dispose](): void;
}

/**
 * The objective the solvers minimise, f(θ) = (1/Σw) Σ w·CE + (λ/2)‖W‖², on X and y (validated
 * like fit's; X may be a Dataset). θ is class-major: θ[k(d+1)] = b_k, θ[k(d+1) + 1 + j] = W[j][k].
 * Holds kernel memory until `dispose()`.
 */
export function createObjective(X: MatrixInput | ColumnarInput | Dataset, y: TargetInput | string, options: ObjectiveOptions = {}): SoftmaxObjective {
  const { l2, backend, fitIntercept, dtype, sampleWeight } = resolveObjectiveOptions(options);
  const data = readTrainingSet(X, y, sampleWeight, (n, d) => assertShapeFits(n, d, dtype, backend, PRIVATE_CAPACITY));
  const dataset = datasetOf(data);
  const K = data.targets.classes.length;
  const shape = { n: data.X.rows, d: data.X.cols, K, dtype, soft: data.targets.kind === "soft", backend };
  let placement: Placement | undefined;
  let matrix: ResidentX;
  let releaseDataset = () => {};
  const csr = csrOf(data);
  if (dataset) {
    if (dataset.dtype !== dtype || dataset.backend !== backend) {
      fail("INVALID_OPTION", `the Dataset is ${dataset.dtype} on backend "${dataset.backend}" but the objective's options ask for ${dtype} on "${backend}"`);
    }
    const held = dataset.acquire();
    matrix = held.matrix;
    releaseDataset = held.release;
  } else {
    placement = placeProblem(backend, assertProblemFits(shape, OBJECTIVE_USE, PRIVATE_CAPACITY, csr?.entries(0, shape.n)));
    try {
      matrix = csr ? new ResidentCsr(placement.backend, csr, dtype) : new ResidentMatrix(placement.backend, data.X as MatrixSource, dtype);
    } catch (e) {
      placement.release();
      throw e;
    }
  }
  let objective: Objective;
  try {
    objective = new Objective(residentFor(matrix, data.targets, data.weights, fitIntercept, !dataset), { l2 });
  } catch (e) {
    placement?.release();
    releaseDataset();
    throw e;
  }
  const P = objective.size;
  // The checked copies of θ and v, reused from call to call (the objective keeps no reference
  // to them): on text a fresh K(d+1) array per call costs as much as its page faults.
  const thetaCopy = new Float64Array(P);
  const vCopy = new Float64Array(P);
  // The gradient of the `out` form: CSR data write it into `out` themselves, with the intrinsic
  // TypedArray set and only once the value is known to be finite (sparse-resident-data.ts), so
  // out is untouched when the call throws; dense data write as they go, so theirs is made in a
  // buffer (on first use) and copied into out once complete.
  const writesOutDirectly = matrix instanceof ResidentCsr;
  let gradientBuffer: Float64Array | undefined;
  let check: FiniteCheck;
  try {
    check = new FiniteCheck(matrix.backend, P);
  } catch (e) {
    objective.dispose();
    placement?.release();
    releaseDataset();
    throw e;
  }
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    check.dispose();
    objective.dispose();
    placement?.release();
    releaseDataset();
  };

  // CSR data check θ in the pass that writes it into the kernels' rows (Objective.checksFinite):
  // a real Float64Array θ goes in through a view of its memory, with no copy and no separate
  // check; any other θ through the checked copy.
  const inPlace = objective.checksFinite;
  const nonFinite = (view: Float64Array) => (): never => {
    const i = view.findIndex((x) => !Number.isFinite(x));
    return fail("INVALID_ARGUMENT", `theta[${i}] is ${view[i]}`);
  };

  return {
    size: P,
    nClasses: objective.K,
    nFeatures: objective.d,
    value(theta) {
      const view = inPlace ? viewOf(theta, P) : null;
      return view ? objective.lossGradient(view, null, nonFinite(view)) : objective.loss(parameters(theta, "theta", thetaCopy, check));
    },
    gradient(theta, out) {
      const view = inPlace ? viewOf(theta, P) : null;
      if (view) {
        if (out === undefined) {
          const g = new Float64Array(P);
          objective.lossGradient(view, g, nonFinite(view));
          return g;
        }
        // θ's errors before out's, as below.
        if (!isOutputVector(out, P)) {
          parameters(theta, "theta", thetaCopy, check);
          outputVector(out, P);
        }
        // θ may be out itself: the pass reads all of θ before it writes out.
        objective.lossGradient(view, out, nonFinite(view));
        return out;
      }
      const copied = parameters(theta, "theta", thetaCopy, check);
      if (out === undefined) {
        const g = new Float64Array(P);
        objective.lossGradient(copied, g);
        return g;
      }
      // Checked after θ is read (a proxy θ runs the caller's code, which might detach out's
      // buffer); from here on no caller code runs until out is written.
      outputVector(out, P);
      if (writesOutDirectly) {
        objective.lossGradient(copied, out);
        return out;
      }
      gradientBuffer ??= new Float64Array(P);
      objective.lossGradient(copied, gradientBuffer);
      typedArraySet.call(out, gradientBuffer);
      return out;
    },
    hessian(theta) {
      denseHessianFits(P);
      const h = new Float64Array(P * P);
      objective.hessian(parameters(theta, "theta", thetaCopy, check), h);
      return finiteOutput(h, check, "the Hessian", "θ");
    },
    hessianVectorProduct(theta, v) {
      const out = new Float64Array(P);
      objective.hessianVector(parameters(theta, "theta", thetaCopy, check), parameters(v, "v", vCopy, check), out);
      return finiteOutput(out, check, "the Hessian-vector product", "θ, v");
    },
    dispose,
    [Symbol.dispose]: dispose,
  };
}

/**
 * What the objective hands back is finite, or NUMERICAL: value() and gradient() throw where
 * the loss overflows; the Hessian and its products can overflow on their own (a v of 1e308,
 * float32 data whose kernels hold θ or v in float32), and would otherwise come back as NaN.
 */
function finiteOutput(values: Float64Array, check: FiniteCheck, what: string, inputs: string): Float64Array {
  const bad = check.firstNonFinite(values);
  if (bad >= 0) {
    fail("NUMERICAL", `${what} is ${values[bad]} at entry ${bad}: ${inputs} or the features are too large for float64 (rescale the features, e.g. standardise them)`);
  }
  return values;
}

/** %TypedArray%.prototype's own getters: what a subclass or an own property cannot fake. */
const typedArrayPrototype = Object.getPrototypeOf(Float64Array.prototype);
const typedArrayTag = Object.getOwnPropertyDescriptor(typedArrayPrototype, Symbol.toStringTag)!.get!;
const typedArrayLength = Object.getOwnPropertyDescriptor(typedArrayPrototype, "length")!.get!;
/** The intrinsic copy into a typed array: never a method a subclass or an own property overrides. */
const typedArraySet = typedArrayPrototype.set as (this: Float64Array, source: Float64Array) => void;

const typedArrayBuffer = Object.getOwnPropertyDescriptor(typedArrayPrototype, "buffer")!.get!;
const typedArrayByteOffset = Object.getOwnPropertyDescriptor(typedArrayPrototype, "byteOffset")!.get!;

/**
 * A plain Float64Array on the memory of `v` when v is a real Float64Array of length P (read
 * with the intrinsic getters: no code of the caller's runs, now or when the view is read),
 * else null.
 */
function viewOf(v: unknown, P: number): Float64Array | null {
  if (!ArrayBuffer.isView(v) || typedArrayTag.call(v) !== "Float64Array" || typedArrayLength.call(v) !== P) return null;
  return new Float64Array(typedArrayBuffer.call(v) as ArrayBufferLike, typedArrayByteOffset.call(v) as number, P);
}

/** Whether outputVector(out, P) passes. */
function isOutputVector(out: unknown, P: number): boolean {
  return ArrayBuffer.isView(out) && typedArrayTag.call(out) === "Float64Array" && typedArrayLength.call(out) === P;
}

/** Check that `out` is a Float64Array of length P (a real one: a proxy or a subclass's getters cannot fake it). */
function outputVector(out: unknown, P: number): void {
  if (!ArrayBuffer.isView(out) || typedArrayTag.call(out) !== "Float64Array") {
    fail("INVALID_ARGUMENT", `out must be a Float64Array of K(d+1) = ${P} numbers, got ${describe(out)}`);
  }
  const length = typedArrayLength.call(out) as number;
  if (length !== P) fail("INVALID_ARGUMENT", `out must have length K(d+1) = ${P}, got ${describe(length)}`);
}

/**
 * The check that a copied Float64Array holds only finite numbers, in the kernels: the copy is
 * staged into kernel memory a block at a time (a bulk copy) and scanned there in SIMD, which
 * on text (K(d+1) = 200 010) costs a fraction of a JavaScript loop over it.
 */
class FiniteCheck {
  /** The staging block in kernel memory (0 once disposed). */
  private block: number;
  /** Doubles the block holds: values of any length are staged this many at a time. */
  private readonly capacity: number;
  constructor(private readonly backend: Backend, size: number) {
    this.capacity = Math.max(1, Math.min(size, CHECK_BLOCK));
    this.block = backend.heap.alloc(this.capacity * 8);
  }

  /** The index of the first non-finite entry of `values` (of any length: a P×P Hessian too), or −1. */
  firstNonFinite(values: Float64Array): number {
    if (!this.block) return values.findIndex((x) => !Number.isFinite(x)); // disposed: the objective throws DISPOSED next
    const { heap } = this.backend;
    const kernels = this.backend.sparse.float64;
    const step = this.capacity;
    for (let start = 0; start < values.length; start += step) {
      const count = Math.min(step, values.length - start);
      heap.f64.set(values.subarray(start, start + count), this.block >>> 3);
      const i = kernels.firstNonFinite(this.block, count);
      if (i >= 0) return start + i;
    }
    return -1;
  }

  dispose(): void {
    if (this.block) this.backend.heap.free(this.block);
    this.block = 0;
  }
}

/** Doubles FiniteCheck stages at a time (256 KiB). */
const CHECK_BLOCK = 32768;

/** A parameter vector of length P = out.length into `out`, each entry read once and checked to be a finite number. */
function parameters(v: unknown, name: string, out: Float64Array, check: FiniteCheck): Float64Array {
  const P = out.length;
  if (ArrayBuffer.isView(v) && typedArrayTag.call(v) === "Float64Array") {
    // A real Float64Array (a proxy is not a view) holds only numbers: one bulk copy, then the
    // copy is checked, which is what the solvers' and users' per-pass calls need to be cheap.
    const length = typedArrayLength.call(v) as number;
    if (length !== P) fail("INVALID_ARGUMENT", `${name} must have length K(d+1) = ${P}, got ${describe(length)}`);
    out.set(v as Float64Array);
    const i = check.firstNonFinite(out);
    if (i >= 0) fail("INVALID_ARGUMENT", `${name}[${i}] is ${out[i]}`);
    return out;
  }
  if (!isArrayLike(v) || isBigIntArray(v)) fail("INVALID_ARGUMENT", `${name} must be an array or typed array of ${P} numbers, got ${describe(v)}`);
  const length = v.length;
  if (length !== P) fail("INVALID_ARGUMENT", `${name} must have length K(d+1) = ${P}, got ${describe(length)}`);
  for (let i = 0; i < P; i++) {
    const x = v[i];
    if (typeof x !== "number") fail("INVALID_ARGUMENT", `${name}[${i}] is ${describe(x)}, not a number`);
    if (!Number.isFinite(x)) fail("INVALID_ARGUMENT", `${name}[${i}] is ${x}`);
    out[i] = x;
  }
  return out;
}
