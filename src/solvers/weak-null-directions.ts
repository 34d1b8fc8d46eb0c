/**
 * With λ > 0 Newton moves every class's weights (gauge.ts), and along the softmax's null
 * direction of a weight column j (the same change to column j of every class) only the
 * penalty curves the objective: curvature λ, beside the column's own curvature c_j from the
 * loss. For a feature in the thousands or millions c_j/λ passes 1e11–1e19: Cholesky fails on a
 * numerically singular matrix (and damping it by a multiple of the largest diagonal stalls the
 * other parameters), or the rounding in the gradient's class sum is amplified by 1/λ.
 *
 * The exact Newton step splits along that direction: the loss is flat there, so its null part
 * only minimises the penalty, moving column j to its class mean zero (where the optimum lies),
 * and the rest solves the Newton system on the sum-zero subspace, which the Hessian maps into
 * itself. Giving the null direction curvature c_j in the matrix (a rank-one lift) leaves that
 * solution unchanged for a right-hand side with no null part, so the factorisation sees a
 * well-posed matrix. Columns whose null direction is not weak are left alone (their bits too).
 */
import type { Objective } from "../objective/objective.js";

/** Lift a column's null direction when λ is below this fraction of the column's own curvature. */
const WEAK = 1e-6;

export interface WeakNullDirections {
  /** Columns j of the weights, and the positions in the reduced system of (k, j) for every class k. */
  columns: number[];
  positions: Int32Array[];
}

/**
 * The weak null directions of the reduced Hessian `reduced` (m × m, over `free`, penalty
 * included): penalised columns with every class free whose mean diagonal exceeds λ/WEAK.
 */
export function weakNullDirections(objective: Objective, free: Int32Array, reduced: Float64Array, m: number): WeakNullDirections {
  const { K, d, penalty } = objective;
  const lambda = penalty.l2;
  const found: WeakNullDirections = { columns: [], positions: [] };
  if (!(lambda > 0)) return found;
  const where = new Map<number, number>();
  free.forEach((p, i) => where.set(p, i));
  for (let j = 1; j <= d; j++) {
    if (!penalty.fixes(j)) continue;
    const positions = new Int32Array(K);
    let complete = true;
    let curvature = 0;
    for (let k = 0; k < K; k++) {
      const i = where.get(k * (d + 1) + j);
      if (i === undefined) complete = false;
      else {
        positions[k] = i;
        curvature += reduced[i * m + i] - lambda;
      }
    }
    if (complete && lambda < WEAK * (curvature / K)) {
      found.columns.push(j);
      found.positions.push(positions);
    }
  }
  return found;
}

/** Add (c_j/K)·11ᵀ on each weak column's K×K class block: the null direction gets curvature c_j. */
export function liftNullDirections(weak: WeakNullDirections, reduced: Float64Array, m: number): void {
  for (const positions of weak.positions) {
    const K = positions.length;
    let curvature = 0;
    for (const i of positions) curvature += reduced[i * m + i];
    const lift = curvature / K / K;
    for (const a of positions) for (const b of positions) reduced[a * m + b] += lift;
  }
}

/** Remove each weak column's class mean from a reduced vector (its null part). */
export function withoutNullPart(weak: WeakNullDirections, v: Float64Array): void {
  for (const positions of weak.positions) {
    let mean = 0;
    for (const i of positions) mean += v[i];
    mean /= positions.length;
    for (const i of positions) v[i] -= mean;
  }
}

/** Add to `direction` (full layout) the null part of the Newton step: each weak column to class mean zero. */
export function addNullStep(weak: WeakNullDirections, objective: Objective, theta: Float64Array, direction: Float64Array): void {
  const { K, d } = objective;
  for (const j of weak.columns) {
    let mean = 0;
    for (let k = 0; k < K; k++) mean += theta[k * (d + 1) + j];
    mean /= K;
    for (let k = 0; k < K; k++) direction[k * (d + 1) + j] -= mean;
  }
}
