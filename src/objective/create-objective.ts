/**
 * createObjective: the objective the solvers minimise, for users who bring their own
 * optimiser or want to check gradients. θ uses the compact class-major layout
 * θ[k(d+1) + j] (j = 0 the intercept), as in scikit-learn-derived references.
 */
import { getBackend } from "../backends/registry.js";
import { describe } from "../input/checks.js";
import type { MatrixInput } from "../input/matrix.js";
import { resolveObjectiveOptions, type ObjectiveOptions } from "../input/options.js";
import type { TargetInput } from "../input/targets.js";
import { readTrainingSet } from "../input/training-set.js";
import { fail } from "../util/errors.js";
import { Objective, denseHessianFits } from "./objective.js";
import { placeTrainingSet } from "./place-training-set.js";

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
 * like fit's). θ is class-major: θ[k(d+1)] = b_k, θ[k(d+1) + 1 + j] = W[j][k]. Holds kernel
 * memory until `dispose()`.
 */
export function createObjective(X: MatrixInput, y: TargetInput, options: ObjectiveOptions = {}): SoftmaxObjective {
  const { l2, backend, fitIntercept, dtype } = resolveObjectiveOptions(options);
  const set = readTrainingSet(X, y, options.sampleWeight);
  const objective = new Objective(placeTrainingSet(getBackend(backend), set, fitIntercept, dtype), { l2 });
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
    dispose: () => objective.dispose(),
    [Symbol.dispose]: () => objective.dispose(),
  };
}
