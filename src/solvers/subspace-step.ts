/**
 * A sub-sampled Newton direction corrected with the full Hessian. The direction d solves the
 * Newton system on a row sample's Hessian H_S, which underestimates the curvature along the
 * low-curvature directions CG favours: on Fashion-MNIST (60 000 × 784 × 10) with H_S on 6000
 * or 12 000 rows, the Armijo search cut nearly every step to ½ or ¼ and the iterates converged
 * linearly at about 0.55 a step (97 s CPU on 12 000 rows, against 180 s with full products).
 * Two full products, H·d and H·s with s the previous step, give the exact quadratic model
 * on span{d, s}; its minimiser is the step instead. That is one flexible-CG iteration on the
 * Newton system with H_S⁻¹ as the preconditioner: every step was then accepted at t = 1, at
 * about 0.35 a step, 59–66 s CPU to the same stop. The products cost two passes over the
 * data an iteration, where CG on the sample takes tens of (sample) products.
 */
import { dot } from "../linalg/vector.js";

/** Below this, relative to dHd·sHs, the 2 × 2 model is singular (d ∥ s) and d alone is scaled. */
const SINGULAR = 1e-10;

export class SubspaceStep {
  private readonly hd: Float64Array;
  private readonly hs: Float64Array;

  constructor(size: number) {
    this.hd = new Float64Array(size);
    this.hs = new Float64Array(size);
  }

  /**
   * Replace `direction` by the minimiser of g·p + ½ pᵀHp over p in span{direction, previous}
   * (over the direction's multiples alone when there is no previous step or it is parallel).
   * `multiply` is the full Hessian at the current point. Leaves the direction as it is where
   * the model has no positive curvature along it (then the line search decides).
   */
  correct(gradient: Float64Array, direction: Float64Array, previous: Float64Array | null, multiply: (v: Float64Array, out: Float64Array) => void): void {
    const { hd, hs } = this;
    multiply(direction, hd);
    const gd = dot(gradient, direction);
    const dHd = dot(direction, hd);
    if (!(dHd > 0)) return;
    let alpha = -gd / dHd;
    let beta = 0;
    if (previous) {
      multiply(previous, hs);
      const gs = dot(gradient, previous);
      const sHs = dot(previous, hs);
      const dHs = dot(direction, hs);
      const det = dHd * sHs - dHs * dHs;
      if (sHs > 0 && det > SINGULAR * dHd * sHs) {
        alpha = (dHs * gs - sHs * gd) / det;
        beta = (dHs * gd - dHd * gs) / det;
      }
    }
    if (!Number.isFinite(alpha) || !Number.isFinite(beta)) return;
    for (let i = 0; i < direction.length; i++) direction[i] *= alpha;
    if (beta !== 0) for (let i = 0; i < direction.length; i++) direction[i] += beta * previous![i];
  }
}
