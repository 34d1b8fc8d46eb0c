/**
 * Proximal gradient descent (ISTA) for f(θ) + λ₁‖W‖₁: θ ← prox_{tλ₁‖·‖₁}(θ − t∇f), i.e. a
 * gradient step followed by soft-thresholding of the weights. Solver "gd" runs it when
 * l1 > 0. As for gradient descent, the first step is 1/L from the curvature bound and each
 * iteration first tries twice the last accepted step, halving until the standard sufficient
 * decrease of the prox step holds: f(θ⁺) ≤ f(θ) + ∇fᵀΔ + ‖Δ‖²/(2t). A baseline, and an
 * independent method for the tests: it stops, like newton-l1, on the KKT residual.
 */
import { maxAbs } from "../linalg/vector.js";
import type { Objective } from "../objective/objective.js";
import { NO_DECREASE, stalledReason } from "./descent.js";
import { iterate, type Point, type Step } from "./iterate.js";
import { evaluateComposite } from "./orthant.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";

const MAX_HALVINGS = 60;
const STALL_LIMIT = 10;

export function proximalGradient(objective: Objective, theta0: Float64Array, settings: SolverSettings): Generator<IterationReport, SolverResult, void> {
  const P = objective.size;
  const { penalty } = objective;
  let stepLength = 1 / objective.curvatureBound();
  let smooth = new Float64Array(P);
  let trialSmooth = new Float64Array(P);
  let trial: Float64Array = new Float64Array(P);
  let trialPg: Float64Array = new Float64Array(P);
  let stalled = 0;
  let lowest = Infinity;

  const step = (current: Point): Step => {
    const smoothValue = current.loss - penalty.l1Value(current.theta);
    const resolution = 64 * Number.EPSILON * Math.max(1, Math.abs(current.loss));
    let t = 2 * stepLength;
    for (let h = 0; h < MAX_HALVINGS; h++, t *= 0.5) {
      for (let i = 0; i < P; i++) trial[i] = current.theta[i] - t * smooth[i];
      penalty.softThreshold(trial, t);
      let bound = smoothValue;
      for (let i = 0; i < P; i++) {
        const delta = trial[i] - current.theta[i];
        bound += smooth[i] * delta + (delta * delta) / (2 * t);
      }
      const value = evaluateComposite(objective, trial, trialSmooth, trialPg);
      const smoothTrial = value - penalty.l1Value(trial);
      if (smoothTrial <= bound + resolution) {
        stepLength = t;
        const residual = maxAbs(trialPg);
        stalled = value < current.loss || residual < 0.99 * lowest ? 0 : stalled + 1;
        lowest = Math.min(lowest, residual);
        const next: Point = { theta: trial, gradient: trialPg, loss: value };
        [trial, trialPg] = [current.theta, current.gradient];
        [smooth, trialSmooth] = [trialSmooth, smooth];
        return { next, length: t, stopAfter: stalled >= STALL_LIMIT && residual > settings.tol ? stalledReason(objective.dtype) : undefined };
      }
    }
    return { stop: NO_DECREASE };
  };

  return iterate(objective, theta0, settings, {
    evaluate: (theta, out) => {
      const value = evaluateComposite(objective, theta, smooth, out);
      lowest = maxAbs(out);
      return value;
    },
    step,
    warnings: new Set(),
  });
}
