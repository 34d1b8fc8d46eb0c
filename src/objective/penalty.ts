/**
 * The penalty the objective adds to the mean loss, and the one place that knows which
 * parameters it acts on: every weight, never an intercept. The penalty is
 * (λ₂/2)‖W‖² + λ₁‖W‖₁. Its smooth part belongs to the objective's value, gradient and
 * Hessian. The L1 term has no gradient, so the solvers that handle it ask here for its
 * value, for the minimum-norm subgradient of the whole objective (its max-norm is the KKT
 * residual that certifies an optimum) and for its prox (soft-thresholding). Parameters are
 * in the compact layout θ[k(d+1) + j], j = 0 the intercept.
 */

/** Columns j ≥ this of every class are penalised: every weight; column 0, the intercept, is not. */
const FIRST_PENALISED = 1;

/** What the objective is told about its penalty. */
export interface PenaltySpec {
  /** λ₂ of (λ₂/2)‖W‖², ≥ 0. */
  l2: number;
  /** λ₁ of λ₁‖W‖₁ = λ₁ Σ|W_jk|, ≥ 0 (default 0). */
  l1?: number;
}

export class Penalty {
  readonly l2: number;
  readonly l1: number;
  /** Parameters per class, d + 1. */
  private readonly m: number;

  constructor(spec: PenaltySpec, d: number) {
    this.l2 = spec.l2;
    this.l1 = spec.l1 ?? 0;
    this.m = d + 1;
  }

  /** The largest curvature the penalty adds (its smooth part's Hessian's largest eigenvalue): λ₂. */
  get curvature(): number {
    return this.l2;
  }

  /** Whether the penalty keeps the weights bounded, so that even separable data have a finite optimum. */
  get boundsWeights(): boolean {
    return this.l2 > 0 || this.l1 > 0;
  }

  /** Whether column j of every class (j = 0: the intercept) is penalised. */
  penalises(j: number): boolean {
    return j >= FIRST_PENALISED;
  }

  /**
   * Whether the penalty pins column j along the softmax's null direction (adding the same
   * value to every class): it does where it acts with a positive strength. With L1 alone
   * the optimum sits at the column's median across classes (not unique for an even K), not
   * at the symmetric gauge, so such a column must not be re-centred either.
   */
  fixes(j: number): boolean {
    return this.penalises(j) && this.boundsWeights;
  }

  /** (λ₂/2)‖W‖² at θ; when `grad` is given, its gradient is added to it (penalised entries only). */
  addValueGradient(theta: Float64Array, grad: Float64Array | null): number {
    const { m, l2 } = this;
    // Class by class over the penalised columns, in plain loops: this runs once per pass on
    // K(d+1) entries, as many as the stored entries on text (same order of sums as entry by entry).
    let squares = 0;
    for (let o = 0; o < theta.length; o += m) {
      for (let j = FIRST_PENALISED; j < m; j++) squares += theta[o + j] * theta[o + j];
    }
    if (grad) {
      for (let o = 0; o < theta.length; o += m) for (let j = FIRST_PENALISED; j < m; j++) grad[o + j] += l2 * theta[o + j];
    }
    return 0.5 * l2 * squares;
  }

  /**
   * out ← scale·out + ∇penalty(at): a normalised sum of loss gradients plus the penalty's
   * gradient at `at`. With `at` = v, the penalty's Hessian times v (it is linear).
   */
  scaleAndAddGradient(out: Float64Array, scale: number, at: Float64Array): void {
    const { m, l2 } = this;
    // The unpenalised entries get + 0 (not nothing): -0 becomes +0 there, as it always did.
    for (let o = 0; o < out.length; o += m) {
      for (let j = 0; j < FIRST_PENALISED; j++) out[o + j] = out[o + j] * scale + 0;
      for (let j = FIRST_PENALISED; j < m; j++) out[o + j] = out[o + j] * scale + l2 * at[o + j];
    }
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

  /** The L1 term λ₁‖W‖₁ at θ (0 without L1). */
  l1Value(theta: Float64Array): number {
    if (this.l1 === 0) return 0;
    let sum = 0;
    for (let i = 0; i < theta.length; i++) if (this.penalises(i % this.m)) sum += Math.abs(theta[i]);
    return this.l1 * sum;
  }

  /**
   * The minimum-norm subgradient of f + λ₁‖W‖₁ at θ, given ∇f(θ) (f: the loss and the
   * smooth penalty), into `out`; returns its max-norm, the KKT residual, 0 exactly at an
   * optimum. Per entry: ∂f for an intercept; ∂f + λ₁·sign(w) for a weight w ≠ 0; for w = 0
   * the excess of |∂f| over λ₁ with ∂f's sign (0 when |∂f| ≤ λ₁). So the residual is at most
   * tol exactly when the KKT conditions hold within tol. NaN anywhere makes it NaN.
   */
  minimumNormSubgradient(theta: Float64Array, gradient: Float64Array, out: Float64Array): number {
    const { l1, m } = this;
    let residual = 0;
    for (let i = 0; i < theta.length; i++) {
      const g = gradient[i];
      let v = g;
      if (l1 > 0 && this.penalises(i % m)) {
        const w = theta[i];
        if (w > 0) v = g + l1;
        else if (w < 0) v = g - l1;
        else v = g > l1 ? g - l1 : g < -l1 ? g + l1 : 0;
      }
      out[i] = v;
      const a = Math.abs(v);
      if (a > residual || a !== a) residual = a;
    }
    return residual;
  }

  /**
   * The prox of t·λ₁‖W‖₁, in place: every weight soft-thresholded by t·λ₁, intercepts
   * untouched. Weights within the threshold become exactly 0.
   */
  softThreshold(theta: Float64Array, t: number): void {
    const threshold = t * this.l1;
    if (!(threshold > 0)) return;
    for (let i = 0; i < theta.length; i++) {
      if (!this.penalises(i % this.m)) continue;
      const w = theta[i];
      theta[i] = w > threshold ? w - threshold : w < -threshold ? w + threshold : 0;
    }
  }
}
