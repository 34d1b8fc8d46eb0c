/**
 * createObjective: the objective the solvers minimise, for users who bring their own
 * optimiser or want to check gradients. θ uses the compact class-major layout
 * θ[k(d+1) + j] (j = 0 the intercept), as in scikit-learn-derived references.
 */
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
  /** ∇f(θ), length K(d+1). */
  gradient(theta: ArrayLike<number>): Float64Array;
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
  const { l2, backend, fitIntercept, dtype } = resolveObjectiveOptions(options);
  const data = readTrainingSet(X, y, options.sampleWeight, (n, d) => assertShapeFits(n, d, dtype, backend, PRIVATE_CAPACITY));
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
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    objective.dispose();
    placement?.release();
    releaseDataset();
  };

  return {
    size: P,
    nClasses: objective.K,
    nFeatures: objective.d,
    value: (theta) => objective.loss(parameters(theta, "theta", thetaCopy)),
    gradient(theta) {
      const g = new Float64Array(P);
      objective.lossGradient(parameters(theta, "theta", thetaCopy), g);
      return g;
    },
    hessian(theta) {
      denseHessianFits(P);
      const h = new Float64Array(P * P);
      objective.hessian(parameters(theta, "theta", thetaCopy), h);
      return h;
    },
    hessianVectorProduct(theta, v) {
      const out = new Float64Array(P);
      objective.hessianVector(parameters(theta, "theta", thetaCopy), parameters(v, "v", vCopy), out);
      return out;
    },
    dispose,
    [Symbol.dispose]: dispose,
  };
}

/** %TypedArray%.prototype's own getters: what a subclass or an own property cannot fake. */
const typedArrayPrototype = Object.getPrototypeOf(Float64Array.prototype);
const typedArrayTag = Object.getOwnPropertyDescriptor(typedArrayPrototype, Symbol.toStringTag)!.get!;
const typedArrayLength = Object.getOwnPropertyDescriptor(typedArrayPrototype, "length")!.get!;

/** A parameter vector of length P = out.length into `out`, each entry read once and checked to be a finite number. */
function parameters(v: unknown, name: string, out: Float64Array): Float64Array {
  const P = out.length;
  if (ArrayBuffer.isView(v) && typedArrayTag.call(v) === "Float64Array") {
    // A real Float64Array (a proxy is not a view) holds only numbers: one bulk copy, then the
    // copy is checked, which is what the solvers' and users' per-pass calls need to be cheap.
    const length = typedArrayLength.call(v) as number;
    if (length !== P) fail("INVALID_ARGUMENT", `${name} must have length K(d+1) = ${P}, got ${describe(length)}`);
    out.set(v as Float64Array);
    // x·0 is 0 for a finite x, NaN otherwise; four sums, so that no chain of additions waits on the last.
    let [a, b, c, e] = [0, 0, 0, 0];
    let i = 0;
    for (; i + 3 < P; i += 4) {
      a += out[i] * 0;
      b += out[i + 1] * 0;
      c += out[i + 2] * 0;
      e += out[i + 3] * 0;
    }
    for (; i < P; i++) a += out[i] * 0;
    if (a + b + c + e !== 0) {
      const i = out.findIndex((x) => !Number.isFinite(x));
      fail("INVALID_ARGUMENT", `${name}[${i}] is ${out[i]}`);
    }
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
