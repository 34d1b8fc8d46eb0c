/**
 * Orthant-wise Newton steps for f(θ) + λ₁‖W‖₁ on one objective (the whole problem, or the
 * problem of a working set of features; see newton-l1.ts). Each step:
 *
 * 1. the face at θ (orthant.ts): the intercepts, the non-zero weights and the zero weights
 *    whose |∂f| exceeds λ₁, each weight with the sign it must keep;
 * 2. the Newton step of the smooth function f + λ₁ Σ σ_i w_i on that face, solved by Cholesky
 *    on the face's block of the Hessian or by conjugate gradients on Hessian-vector products
 *    (the cost model's choice, as for "newton");
 * 3. a backtracking line search on the true objective along the step projected into the
 *    orthant (weights that would change sign stop at exactly 0), with the Armijo condition
 *    on the predicted decrease; when it fails, a proximal-gradient step of length 1/L, which
 *    always decreases the objective.
 *
 * Near the optimum the face stops changing and the steps are Newton steps on a smooth
 * problem, so convergence is quadratic (with Cholesky; superlinear with CG's forcing term).
 */
import { chooseNewton } from "../fit/choose-solver.js";
import { choleskySolve } from "../linalg/cholesky.js";
import { maxAbs } from "../linalg/vector.js";
import type { Objective } from "../objective/objective.js";
import { factorise, newtonCgStep } from "./newton.js";
import { centreOnMedians, centreOnPenaltyMinimum, evaluateComposite, faceAt, projectedStep, type Face } from "./orthant.js";
import { liftNullDirections, weakNullDirections, withoutNullPart } from "./weak-null-directions.js";

const ARMIJO = 1e-4;
const MAX_HALVINGS = 40;
/** Conjugate-gradient iterations per step at most (the face's size, if smaller). */
const CG_MAX_ITERATIONS = 500;

export class OrthantNewton {
  /** The current point, ∇f there, the minimum-norm subgradient, f + λ₁‖W‖₁ and the KKT residual. */
  theta: Float64Array;
  smooth: Float64Array;
  pg: Float64Array;
  loss: number;
  residual: number;

  private readonly objective: Objective;
  private readonly warnings: Set<string>;
  private readonly hessian: Float64Array | null;
  private readonly medians: boolean;
  /** The columns whose null direction the last Newton step left to centreOnPenaltyMinimum. */
  private weakColumns: number[] = [];
  private trial: Float64Array;
  private trialSmooth: Float64Array;
  private trialPg: Float64Array;
  private readonly direction: Float64Array;
  private readonly sign: Int8Array;

  /** Start at θ (copied); evaluates the objective there. */
  constructor(objective: Objective, theta: Float64Array, warnings: Set<string>) {
    const P = objective.size;
    this.objective = objective;
    this.warnings = warnings;
    this.hessian = chooseNewton(objective.nRows, objective.d, objective.K) === "newton-cholesky" ? new Float64Array(P * P) : null;
    // With L1 alone the loss cannot see a feature's position along the softmax's null direction; the L1 term is smallest at the median.
    this.medians = objective.penalty.l2 === 0 && objective.penalty.l1 > 0;
    this.theta = Float64Array.from(theta);
    if (this.medians) centreOnMedians(this.theta, objective.K, objective.d);
    this.smooth = new Float64Array(P);
    this.pg = new Float64Array(P);
    this.trial = new Float64Array(P);
    this.trialSmooth = new Float64Array(P);
    this.trialPg = new Float64Array(P);
    this.direction = new Float64Array(P);
    this.sign = new Int8Array(P);
    this.loss = evaluateComposite(objective, this.theta, this.smooth, this.pg);
    this.residual = maxAbs(this.pg);
  }

  /** One step from the current point; false when neither the Newton step nor the fallback lowered the objective. */
  step(): { accepted: boolean; t: number } {
    const face = faceAt(this.objective, this.theta, this.pg, this.sign);
    this.newtonDirection(face);
    let t = this.search(face);
    if (t === 0) {
      this.warnings.add("a Newton step failed the line search; took a proximal-gradient step instead");
      t = this.proximalGradient();
    }
    if (t === 0) return { accepted: false, t };
    [this.theta, this.trial] = [this.trial, this.theta];
    [this.smooth, this.trialSmooth] = [this.trialSmooth, this.smooth];
    [this.pg, this.trialPg] = [this.trialPg, this.pg];
    this.residual = maxAbs(this.pg);
    return { accepted: true, t };
  }

  /** The Newton step on the face into `direction` (zero off the face). */
  private newtonDirection(face: Face): void {
    const { free } = face;
    const f = free.length;
    const { direction, hessian, objective } = this;
    direction.fill(0);
    if (!hessian) {
      if (newtonCgStep(objective, this.theta, this.pg, free, direction, Math.min(f, CG_MAX_ITERATIONS))) {
        this.warnings.add("Newton-CG met non-positive curvature and truncated its inner solve");
      }
      return;
    }
    const P = objective.size;
    objective.hessian(this.theta, hessian);
    const reduced = new Float64Array(f * f);
    const rhs = new Float64Array(f);
    for (let a = 0; a < f; a++) {
      rhs[a] = -this.pg[free[a]];
      const row = free[a] * P;
      for (let b = 0; b < f; b++) reduced[a * f + b] = hessian[row + free[b]];
    }
    // Where only a small λ₂ curves a column's null direction, the step leaves it (lifted, with
    // no null part) and the trial points are centred on the penalty's minimum along it instead.
    const weak = weakNullDirections(objective, free, reduced, f);
    liftNullDirections(weak, reduced, f);
    withoutNullPart(weak, rhs);
    this.weakColumns = weak.columns;
    const damping = factorise(reduced, f);
    if (damping === Infinity) {
      this.warnings.add("the Hessian could not be factorised even with damping; took a gradient step");
    } else {
      if (damping > 0) this.warnings.add(`Hessian not positive definite: damped by ${damping.toExponential(1)}·I (collinear or constant features?)`);
      choleskySolve(reduced, f, rhs);
    }
    for (let a = 0; a < f; a++) direction[free[a]] = rhs[a];
  }

  /** Backtracking along the projected step; the accepted step length (0: none), the point in trial*. */
  private search(face: Face): number {
    const resolution = 64 * Number.EPSILON * Math.max(1, Math.abs(this.loss));
    let t = 1;
    for (let h = 0; h < MAX_HALVINGS; h++, t *= 0.5) {
      const predicted = projectedStep(face, this.theta, this.pg, this.direction, t, this.trial);
      if (!(predicted < 0)) continue;
      this.centre(this.trial);
      let value: number;
      try {
        value = evaluateComposite(this.objective, this.trial, this.trialSmooth, this.trialPg);
      } catch (e) {
        // A trial step so long that the loss overflows is simply too long.
        if ((e as { code?: string }).code === "NUMERICAL") continue;
        throw e;
      }
      if (value <= this.loss + ARMIJO * predicted) return this.accept(value, t);
      // Near the optimum the decrease falls below float64 resolution: accept a step that
      // leaves the value equal to rounding but lowers the KKT residual (as line-search.ts does).
      if (Math.abs(value - this.loss) <= resolution && maxAbs(this.trialPg) < this.residual) return this.accept(value, t);
    }
    return 0;
  }

  /**
   * The fallback: a proximal-gradient step θ ← prox(θ − ∇f/L) with L the curvature bound,
   * which lowers the objective by at least (L/2)‖step‖² (halving only guards rounding).
   */
  private proximalGradient(): number {
    const { objective, theta, smooth, trial } = this;
    let t = 1 / objective.curvatureBound();
    for (let h = 0; h < MAX_HALVINGS; h++, t *= 0.5) {
      for (let i = 0; i < trial.length; i++) trial[i] = theta[i] - t * smooth[i];
      objective.penalty.softThreshold(trial, t);
      this.centre(trial);
      const value = evaluateComposite(objective, trial, this.trialSmooth, this.trialPg);
      if (value < this.loss) return this.accept(value, t);
    }
    return 0;
  }

  /** Move a trial point along the null directions the loss cannot see, to the penalty's minimum. */
  private centre(trial: Float64Array): void {
    const { K, d, penalty } = this.objective;
    if (this.medians) centreOnMedians(trial, K, d);
    else if (this.weakColumns.length > 0) centreOnPenaltyMinimum(trial, K, d, this.weakColumns, penalty.l1, penalty.l2);
  }

  private accept(value: number, t: number): number {
    this.loss = value;
    return t;
  }
}
