/**
 * Working sets for the L1 solver. On wide data an L1 optimum uses few of the features, but a
 * Hessian-vector product on the whole problem costs a pass over every column. So newton-l1
 * solves the problem restricted to a working set of features (the others held at exactly
 * 0), checks the KKT conditions of the whole problem once that is solved (one pass), and
 * grows the set with the features that violate them, until none does: the answer is then
 * the whole problem's optimum, certified by the whole problem's KKT residual.
 *
 * The set holds the features with a non-zero weight and the strongest violators (the zero
 * features whose largest |∂f/∂W_jk| most exceeds λ₁), at least MIN_SIZE and twice the
 * support, so a large support is reached in a few doublings. When it would hold half the
 * features or more, the whole problem is solved directly.
 */
import type { Objective } from "../objective/objective.js";

const MIN_SIZE = 64;

/**
 * The working set at θ (compact layout) given the whole problem's minimum-norm subgradient
 * `pg`: feature indices (0-based, ascending), or null for "all features".
 */
export function chooseWorkingSet(objective: Objective, theta: Float64Array, pg: Float64Array): Int32Array | null {
  const { K, d } = objective;
  const m = d + 1;
  const inSupport = new Uint8Array(d);
  const violation = new Float64Array(d);
  let support = 0;
  let violators = 0;
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < K; k++) {
      const i = k * m + 1 + j;
      if (theta[i] !== 0) inSupport[j] = 1;
      // At a zero weight |pg| is the excess of |∂f| over λ₁.
      else violation[j] = Math.max(violation[j], Math.abs(pg[i]));
    }
    if (inSupport[j]) support++;
    else if (violation[j] > 0) violators++;
  }
  const target = Math.max(MIN_SIZE, 2 * support);
  if (2 * Math.min(target, support + violators) >= d) return null;
  const added = Math.min(target - support, violators);
  const candidates: number[] = [];
  for (let j = 0; j < d; j++) if (!inSupport[j] && violation[j] > 0) candidates.push(j);
  candidates.sort((a, b) => violation[b] - violation[a] || a - b);
  const chosen = new Uint8Array(inSupport);
  for (let c = 0; c < added; c++) chosen[candidates[c]] = 1;
  const features: number[] = [];
  for (let j = 0; j < d; j++) if (chosen[j]) features.push(j);
  return Int32Array.from(features);
}

/** Whether the zero features off the working set all satisfy the KKT conditions (no violator outside). */
export function violatorsOutside(objective: Objective, features: Int32Array, pg: Float64Array): boolean {
  const { K, d } = objective;
  const m = d + 1;
  const inSet = new Uint8Array(d);
  for (const j of features) inSet[j] = 1;
  for (let j = 0; j < d; j++) {
    if (inSet[j]) continue;
    for (let k = 0; k < K; k++) if (pg[k * m + 1 + j] !== 0) return true;
  }
  return false;
}

/** θ of the whole problem → θ of the working set's problem (K rows of 1 + |set| parameters). */
export function restrictParameters(theta: Float64Array, K: number, d: number, features: Int32Array): Float64Array {
  const m = d + 1;
  const c = features.length + 1;
  const out = new Float64Array(K * c);
  for (let k = 0; k < K; k++) {
    out[k * c] = theta[k * m];
    for (let a = 0; a < features.length; a++) out[k * c + 1 + a] = theta[k * m + 1 + features[a]];
  }
  return out;
}

/** The working set's vector `sub` → the whole problem's layout in `out` (0 off the set). */
export function expandParameters(sub: Float64Array, K: number, d: number, features: Int32Array, out: Float64Array): void {
  const m = d + 1;
  const c = features.length + 1;
  out.fill(0);
  for (let k = 0; k < K; k++) {
    out[k * m] = sub[k * c];
    for (let a = 0; a < features.length; a++) out[k * m + 1 + features[a]] = sub[k * c + 1 + a];
  }
}
