/**
 * The preconditioner of Newton-CG: M = I_K ⊗ A with
 *   A = Σ_{n∈R} w_n ω_n x̂_n x̂_nᵀ / Σ_{n∈R} w_n + λD,   ω_n = (1/K)·Σ_k p_nk(1 − p_nk),
 * the curvature-weighted Gram of a fixed random row sample R (D: the penalised columns).
 *
 * Why this form (measured in the solver study, /work/notes/perf/REPORT.md): the Hessian is
 * (1/Σw)·Σ w (diag p − ppᵀ) ⊗ x̂x̂ᵀ + λ(I ⊗ D); replacing each row's K×K softmax curvature by
 * the average of its diagonal, ω_n·I, keeps the design matrix's scaling and correlations
 * (unscaled or correlated features then cost Newton-CG little more than standardised ones)
 * and the fact that confidently classified rows carry little curvature, which the fixed
 * bound ½(I − 11ᵀ/K) ⊗ X̂ᵀX̂ misses. It is the same for every class, so one (d+1)×(d+1)
 * Cholesky factor serves all K class rows, and it maps the softmax's null directions
 * (the same vector added to every class) to themselves, so CG may run on all parameters.
 *
 * ω comes from the probabilities the objective already has at the current point (those of
 * the last line-search evaluation, or of the Hessian sample), so a refresh costs no pass over
 * the data: only the Gram of the sample (|R|·(d+1)² flops) and the factorisation ((d+1)³/3).
 */
import type { GramFactor } from "./gram-factor.js";

/** M⁻¹ for preconditioned conjugate gradients, rebuilt at the solver's current point. */
export interface Preconditioner {
  /** Rebuild M at θ. */
  refresh(theta: Float64Array): void;
  /** out = M⁻¹ v (compact layout; out must not alias v). */
  apply(v: Float64Array, out: Float64Array): void;
  /** Fallbacks taken (a ridge added to A), for the solver's warnings. */
  readonly warnings: ReadonlySet<string>;
  /** Free its kernel memory. Safe to call twice. */
  dispose(): void;
}

/** What the preconditioner reads from the objective. */
export interface CurvatureSource {
  readonly K: number;
  readonly d: number;
  readonly fitIntercept: boolean;
  /** The penalty's curvature on column j of every class (λ on the penalised columns). */
  penaltyCurvature(j: number): number;
  /** Give `factor` the weights w_r·ω_r / weightSum at θ of its rows (GramFactor.weighCurvature). */
  curvatureWeights(theta: Float64Array, factor: GramFactor, weightSum: number): void;
  /** The factor over the preconditioner's rows, and how to free it. */
  gramFactor(): GramFactor;
  freeGramFactor(factor: GramFactor): void;
}

/**
 * ω_r·w_r from a row's K probabilities at p[o …] and its weight: (1 − Σ p²)/K · w (the
 * preconditioner's own rows get theirs, divided by Σw, from the curvatureWeights kernel, in
 * the same order of operations).
 */
export function curvatureWeight(p: Float64Array, o: number, K: number, w: number): number {
  let squares = 0;
  for (let k = 0; k < K; k++) squares += p[o + k] * p[o + k];
  return (w * (1 - squares)) / K;
}

export class CurvaturePreconditioner implements Preconditioner {
  readonly warnings = new Set<string>();
  private readonly source: CurvatureSource;
  private readonly factor: GramFactor;
  private readonly add: Float64Array;
  /** Σ of the sample weights of the preconditioner's rows, which normalises the Gram. */
  private readonly weightSum: number;
  /** False when A could not be factorised at the last refresh: apply is then the identity. */
  private usable = false;
  private disposed = false;

  /** `rowWeights`: the sample weights of the preconditioner's rows. */
  constructor(source: CurvatureSource, rowWeights: Float64Array) {
    this.source = source;
    this.factor = source.gramFactor();
    this.weightSum = rowWeights.reduce((a, b) => a + b, 0);
    this.add = new Float64Array(source.d + 1);
    for (let j = 0; j <= source.d; j++) this.add[j] = j === 0 && !source.fitIntercept ? 0 : source.penaltyCurvature(j);
  }

  refresh(theta: Float64Array): void {
    const { source } = this;
    source.curvatureWeights(theta, this.factor, this.weightSum);
    const ridge = this.factor.factor(null, this.add, !source.fitIntercept);
    // A ridge (constant or collinear features without a penalty) only makes M a little less
    // like H; an A that cannot be factorised at all (non-finite) leaves CG unpreconditioned.
    this.usable = ridge !== Infinity;
    if (!this.usable) this.warnings.add("the Newton-CG preconditioner could not be factorised; CG ran unpreconditioned");
  }

  apply(v: Float64Array, out: Float64Array): void {
    if (this.usable) this.factor.solve(v, out);
    else out.set(v);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.source.freeGramFactor(this.factor);
  }
}

/**
 * `count` of the rows 0 … n−1 drawn uniformly without replacement, ascending (selection
 * sampling, Knuth's algorithm S: row i is taken with probability needed/remaining).
 */
export function sampleRows(n: number, count: number, random: () => number): Int32Array {
  const rows = new Int32Array(Math.min(n, count));
  if (rows.length === n) {
    for (let i = 0; i < n; i++) rows[i] = i;
    return rows;
  }
  let taken = 0;
  for (let i = 0; i < n && taken < rows.length; i++) {
    if (random() * (n - i) < rows.length - taken) rows[taken++] = i;
  }
  return rows;
}
