/**
 * createObjective: the objective the solvers minimise, for users who bring their own
 * optimiser or want to check gradients. θ uses the compact class-major layout
 * θ[k(d+1) + j] (j = 0 the intercept), as in scikit-learn-derived references.
 */
import { toMatrix, toTargets, toWeights, type MatrixInput, type TargetInput } from "./data.js";
import { fail } from "./errors.js";
import { Objective, denseHessianFits } from "./objective.js";
import { describe, rejectUnknownKeys, type BackendName, type Dtype } from "./options.js";
import { ResidentProblem } from "./problem.js";
import { getBackend } from "./runtime.js";

/** Options of createObjective. */
export interface ObjectiveOptions {
  /** L2 penalty λ on the weights (default 0). */
  l2?: number;
  /** One non-negative weight per row. */
  sampleWeight?: ArrayLike<number>;
  /** "wasm" (default) or "js". */
  backend?: BackendName;
  /** Include the intercept column (default true). */
  fitIntercept?: boolean;
  /** Storage precision of X (default "float64"); see LogisticRegressionOptions.dtype. */
  dtype?: Dtype;
}

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

const OPTIONS = ["l2", "sampleWeight", "backend", "fitIntercept", "dtype"] as const;

/**
 * The objective the solvers minimise, f(θ) = (1/Σw) Σ w·CE + (λ/2)‖W‖², on X and y (validated
 * like fit's). θ is class-major: θ[k(d+1)] = b_k, θ[k(d+1) + 1 + j] = W[j][k]. Holds kernel
 * memory until `dispose()`.
 */
export function createObjective(X: MatrixInput, y: TargetInput, options: ObjectiveOptions = {}): SoftmaxObjective {
  rejectUnknownKeys(options as Record<string, unknown>, OPTIONS, "objective option");
  const l2 = options.l2 ?? 0;
  if (typeof l2 !== "number" || !Number.isFinite(l2) || l2 < 0) fail("INVALID_OPTION", `option l2 must be a finite number ≥ 0, got ${describe(l2)}`);
  const backend = options.backend ?? "wasm";
  if (backend !== "wasm" && backend !== "js") fail("INVALID_OPTION", `option backend must be "wasm" or "js", got ${describe(backend)}`);
  const fitIntercept = options.fitIntercept ?? true;
  if (typeof fitIntercept !== "boolean") fail("INVALID_OPTION", `option fitIntercept must be true or false, got ${describe(fitIntercept)}`);
  const dtype = options.dtype ?? "float64";
  if (dtype !== "float64" && dtype !== "float32") fail("INVALID_OPTION", `option dtype must be "float64" or "float32", got ${describe(dtype)}`);
  const matrix = toMatrix(X);
  const targets = toTargets(y, matrix.rows);
  const weights = toWeights(options.sampleWeight, matrix.rows);
  const objective = new Objective(new ResidentProblem(getBackend(backend), matrix, targets, weights, fitIntercept, dtype), l2);
  const P = objective.size;

  const vector = (v: ArrayLike<number>, name: string): Float64Array => {
    if (!v || typeof v !== "object" || v.length !== P) {
      fail("INVALID_ARGUMENT", `${name} must have length K(d+1) = ${P}, got ${describe(v)}`);
    }
    const out = Float64Array.from(v);
    for (let i = 0; i < P; i++) if (!Number.isFinite(out[i])) fail("INVALID_ARGUMENT", `${name}[${i}] is ${out[i]}`);
    return out;
  };

  return {
    size: P,
    nClasses: objective.K,
    nFeatures: objective.d,
    value: (theta) => objective.loss(vector(theta, "theta")),
    gradient(theta) {
      const g = new Float64Array(P);
      objective.lossGradient(vector(theta, "theta"), g);
      return g;
    },
    hessian(theta) {
      denseHessianFits(P);
      const h = new Float64Array(P * P);
      objective.hessian(vector(theta, "theta"), h);
      return h;
    },
    hessianVectorProduct(theta, v) {
      const out = new Float64Array(P);
      objective.hessianVector(vector(theta, "theta"), vector(v, "v"), out);
      return out;
    },
    dispose: () => objective.problem.dispose(),
    [Symbol.dispose]: () => objective.problem.dispose(),
  };
}
