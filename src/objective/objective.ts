/**
 * The objective every solver minimises:
 *   f(θ) = (1/Σw) Σ_n w_n CE(y_n, softmax(B x̂_n)) + (λ/2)‖W‖²   (intercepts not penalised)
 * with its gradient, Hessian and Hessian-vector product. Probabilities from the last
 * evaluation stay cached in kernel memory, so the Hessian (or a series of Hessian-vector
 * products) at an accepted line-search point costs no extra pass for them.
 */
import { fail } from "../util/errors.js";
import type { ResidentData } from "./resident-data.js";

export class Objective {
  readonly problem: ResidentData;
  readonly l2: number;
  /** Parameters K(d+1), classes, features. */
  readonly size: number;
  readonly K: number;
  readonly d: number;
  /** θ at which the kernel memory holds probabilities (null: none kept yet). */
  private probabilitiesAt: Float64Array | null = null;
  private keepProbabilities = false;
  private readonly scale: number;

  constructor(problem: ResidentData, l2: number) {
    this.problem = problem;
    this.l2 = l2;
    this.size = problem.size;
    this.K = problem.K;
    this.d = problem.d;
    this.scale = 1 / problem.weightSum;
  }

  /** f(θ); when `grad` is given it receives ∇f(θ). */
  lossGradient(theta: Float64Array, grad: Float64Array | null): number {
    const sum = this.problem.lossGradient(theta, grad, this.keepProbabilities);
    if (this.keepProbabilities) this.remember(theta);
    const m = this.d + 1;
    let penalty = 0;
    if (grad) for (let i = 0; i < grad.length; i++) grad[i] *= this.scale;
    for (let k = 0; k < this.K; k++) {
      for (let j = 1; j < m; j++) {
        const wkj = theta[k * m + j];
        penalty += wkj * wkj;
        if (grad) grad[k * m + j] += this.l2 * wkj;
      }
    }
    const value = sum * this.scale + 0.5 * this.l2 * penalty;
    if (!Number.isFinite(value)) {
      fail(
        "NUMERICAL",
        `the loss is ${value} at the current parameters: features or parameters are too large for float64 ` +
          `(rescale the features, e.g. standardise them)`,
      );
    }
    return value;
  }

  /** f(θ) alone. */
  loss(theta: Float64Array): number {
    return this.lossGradient(theta, null);
  }

  /** The full P×P Hessian at θ (row-major, symmetric). */
  hessian(theta: Float64Array, out: Float64Array): void {
    denseHessianFits(this.size);
    this.ensureProbabilities(theta);
    this.problem.hessian(out);
    const P = this.size;
    for (let i = 0; i < P * P; i++) out[i] *= this.scale;
    const m = this.d + 1;
    for (let i = 0; i < P; i++) if (i % m !== 0) out[i * P + i] += this.l2;
  }

  /** out = ∇²f(θ)·v, without forming the Hessian. */
  hessianVector(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    this.ensureProbabilities(theta);
    this.problem.hessianVector(v, out);
    const m = this.d + 1;
    for (let i = 0; i < out.length; i++) out[i] = out[i] * this.scale + (i % m !== 0 ? this.l2 * v[i] : 0);
  }

  private ensureProbabilities(theta: Float64Array): void {
    this.keepProbabilities = true;
    if (this.probabilitiesAt && equal(this.probabilitiesAt, theta)) return;
    this.problem.lossGradient(theta, null, true);
    this.remember(theta);
  }

  private remember(theta: Float64Array): void {
    if (!this.probabilitiesAt) this.probabilitiesAt = new Float64Array(theta.length);
    this.probabilitiesAt.set(theta);
  }
}

/** Refuse a dense P×P Hessian beyond 2 GiB before trying to allocate it. */
export function denseHessianFits(P: number): void {
  const bytes = P * P * 8;
  if (bytes > 2 ** 31) {
    fail(
      "TOO_LARGE",
      `a dense Hessian of ${P}×${P} parameters needs ${(bytes / 2 ** 30).toFixed(1)} GiB; ` +
        `use Newton-CG (solver "newton-cg"; hessianVectorProduct for your own optimiser) for problems this size`,
    );
  }
}

function equal(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
