/**
 * The Newton solvers' second convergence condition: with a penalty, max |∇f| ≤ tol counts as
 * converged only once the last step moved θ by at most SETTLED_STEP·tol × max(1, max |θ|)
 * (max-norm; 1e-6 at the default tol 1e-8). The gradient is small along directions of low
 * curvature well before θ is there: at tol 1e-8 the default fits were 2.3e-5 (digits,
 * λ = 1e-4, Newton-CG) and 1.5e-6 (wine, λ = 1e-2, Newton-Cholesky) from the optimum's
 * parameters (relative, max-norm). Newton steps contract the error at least linearly with a
 * small factor (quadratically for exact ones), so a step that small leaves it below ~1e-6
 * (test/default-fit.test.ts); it costs 1–3 iterations. Tied to tol so that a loose tol (or
 * float32's 1e-6) stays cheap. Without a penalty the optimum may be at infinity (separable
 * data), where the steps never shrink: there the gradient test alone decides.
 */
import { maxAbs } from "../linalg/vector.js";
import type { Objective } from "../objective/objective.js";
import type { DescentState } from "./descent.js";

export const SETTLED_STEP = 100;

/**
 * A `settled` test for descend() on the step the solver last accepted: `stepped` gets that
 * step's max |θ_after − θ_before| (a number, so that a solver need not keep the step itself).
 */
export function settledStep(objective: Objective, tol: number): { settled(state: DescentState): boolean; stepped(largest: number): void } {
  const penalised = objective.penalty.l2 > 0;
  let anyStep = false;
  let lastLargest = 0;
  return {
    settled(state) {
      if (!penalised || !anyStep) return true;
      return lastLargest <= SETTLED_STEP * tol * Math.max(1, maxAbs(state.theta));
    },
    stepped(largest) {
      anyStep = true;
      lastLargest = largest;
    },
  };
}
