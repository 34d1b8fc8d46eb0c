/**
 * Preconditioned conjugate gradients for H·x = b from x = 0, as preconditioned-cg.ts does it
 * (same stopping rule: ‖r‖₂ ≤ η‖b‖₂, `maxIterations` products, non-positive curvature), with
 * the vector work handed to `ops` in three fused passes per product (start, update,
 * direction) and M⁻¹r never stored: the sparse Newton-CG's inner solve, whose vectors live
 * in kernel memory in the kernels' layout and whose passes run there (assembly/sparse/cg.ts).
 * On text the parameters are as many as the stored entries, so every separate pass over
 * them costs as much as a part of the Hessian-vector product.
 */

/** The vector work on the solver's x, r (in: b), p and hp, wherever they live. */
export interface CgOps {
  /** x = 0, p = M⁻¹r; returns [rᵀM⁻¹r, rᵀr]. */
  start(): [number, number];
  /** hp = H·p; returns pᵀhp. */
  multiply(): number;
  /** x += α·p, r −= α·hp; returns [rᵀr, rᵀM⁻¹r] of the new r. */
  update(alpha: number): [number, number];
  /** p = M⁻¹r + β·p. */
  direction(beta: number): void;
  /** x = p (at the first product, p is M⁻¹b: the preconditioned gradient step). */
  solutionFromDirection(): void;
}

export interface CgOpsResult {
  /** Products H·p taken. */
  iterations: number;
  /** A direction of non-positive curvature stopped the iteration. */
  negativeCurvature: boolean;
}

export function conjugateGradientOps(ops: CgOps, eta: number, maxIterations: number): CgOpsResult {
  let [rz, bb] = ops.start();
  const target = eta * Math.sqrt(bb);
  let iterations = 0;
  while (iterations < maxIterations) {
    const curvature = ops.multiply();
    iterations++;
    if (!(curvature > 0)) {
      if (iterations === 1) ops.solutionFromDirection();
      return { iterations, negativeCurvature: true };
    }
    const [rr, rzNext] = ops.update(rz / curvature);
    if (Math.sqrt(rr) <= target) break;
    ops.direction(rzNext / rz);
    rz = rzNext;
  }
  return { iterations, negativeCurvature: false };
}
