/**
 * The penalty the objective adds to the mean loss, and the one place that knows which
 * parameters it acts on: every weight, never an intercept. Today the penalty is (λ/2)‖W‖²;
 * an L1 term (and the prox a proximal solver would need) joins here, described in
 * PenaltySpec. Parameters are in the compact layout θ[k(d+1) + j], j = 0 the intercept.
 */

/** What the objective is told about its penalty. */
export interface PenaltySpec {
  /** λ of (λ/2)‖W‖², ≥ 0. */
  l2: number;
}

export class Penalty {
  readonly l2: number;
  /** Parameters per class, d + 1. */
  private readonly m: number;

  constructor(spec: PenaltySpec, d: number) {
    this.l2 = spec.l2;
    this.m = d + 1;
  }

  /** The largest curvature the penalty adds (its Hessian's largest eigenvalue): λ. */
  get curvature(): number {
    return this.l2;
  }

  /** Whether column j of every class (j = 0: the intercept) is penalised. */
  penalises(j: number): boolean {
    return j !== 0;
  }

  /**
   * Whether the penalty pins column j along the softmax's null direction (adding the same
   * value to every class): it does where it acts with a positive strength.
   */
  fixes(j: number): boolean {
    return this.penalises(j) && this.l2 > 0;
  }

  /** (λ/2)‖W‖² at θ; when `grad` is given, its gradient is added to it (penalised entries only). */
  addValueGradient(theta: Float64Array, grad: Float64Array | null): number {
    let squares = 0;
    for (let i = 0; i < theta.length; i++) {
      if (!this.penalises(i % this.m)) continue;
      const w = theta[i];
      squares += w * w;
      if (grad) grad[i] += this.l2 * w;
    }
    return 0.5 * this.l2 * squares;
  }

  /**
   * out ← scale·out + ∇penalty(at): a normalised sum of loss gradients plus the penalty's
   * gradient at `at`. With `at` = v, the penalty's Hessian times v (it is linear).
   */
  scaleAndAddGradient(out: Float64Array, scale: number, at: Float64Array): void {
    const { m, l2 } = this;
    // The unpenalised entries get + 0 (not nothing): -0 becomes +0 there, as it always did.
    for (let i = 0; i < out.length; i++) out[i] = out[i] * scale + (this.penalises(i % m) ? l2 * at[i] : 0);
  }

  /**
   * y += (∇²this − ∇²from)·s: a gradient difference along s under penalty `from`, made the
   * difference under this one (the penalty is quadratic, so the change is exact).
   */
  addHessianChange(from: Penalty, s: Float64Array, y: Float64Array): void {
    const change = this.l2 - from.l2;
    for (let i = 0; i < s.length; i++) if (this.penalises(i % this.m)) y[i] += change * s[i];
  }

  /** Add the penalty's Hessian (λ on the diagonal of the penalised entries) to the P×P matrix `out`. */
  addHessian(out: Float64Array, P: number): void {
    for (let i = 0; i < P; i++) if (this.penalises(i % this.m)) out[i * P + i] += this.l2;
  }
}
