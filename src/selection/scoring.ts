/**
 * Held-out scores of a fold's model: "logLoss", the weighted mean cross-entropy of the
 * held-out rows (from the logits' log-sum-exp, no clipping; lower is better), or
 * "accuracy", their weighted fraction predicted right (ties go to the first class, as in
 * predict; higher is better). The rows to score are those with a positive weight.
 */
import type { Resident } from "../objective/resident.js";
import { fail } from "../util/errors.js";

export type Scoring = "logLoss" | "accuracy";
export const SCORINGS: readonly Scoring[] = ["logLoss", "accuracy"];

/** Whether score a is better than b. */
export function better(scoring: Scoring, a: number, b: number): boolean {
  return scoring === "logLoss" ? a < b : a > b;
}

/** The score of θ (compact layout, original units) on the weighted rows of `heldOut`. */
export function heldOutScore(heldOut: Resident, theta: Float64Array, scoring: Scoring, fold: number): number {
  if (scoring === "logLoss") {
    const loss = heldOut.lossGradient(theta, null) / heldOut.weightSum;
    if (!Number.isFinite(loss)) fail("NUMERICAL", `fold ${fold}: the held-out log-loss is ${loss} (the logits overflow float64)`);
    return loss;
  }
  heldOut.lossGradient(theta, null, true);
  const p = heldOut.keptProbabilities()!;
  const labels = heldOut.labels()!;
  const w = heldOut.weights();
  const K = heldOut.K;
  let correct = 0;
  for (let i = 0; i < heldOut.n; i++) {
    if (w[i] === 0) continue;
    let best = 0;
    for (let k = 1; k < K; k++) if (p[i * K + k] > p[i * K + best]) best = k;
    if (best === labels[i]) correct += w[i];
  }
  return correct / heldOut.weightSum;
}
