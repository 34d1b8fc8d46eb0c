/**
 * The cost model behind solver "auto" and behind Newton's choice of inner solve. Costs are
 * flops, with one loss+gradient pass over the data E = 4·N·(d+1)·K, and the constants
 * measured by bench/solvers.bench.ts on this machine (λ = 1e-4, time to 1e-8 of the optimum):
 *
 * - Newton with Cholesky: about NEWTON_ITERATIONS iterations, each one pass plus the
 *   Hessian accumulation (N(d+1)(d+2)·K(K+1)/2 flops, at HESSIAN_SPEEDUP × the pass's
 *   flop rate) plus a dense Cholesky of the K(d+1) free parameters, (K(d+1))³/3 flops in
 *   JavaScript at 1/JS_SLOWDOWN of the kernel rate;
 * - Newton-CG: NEWTON_ITERATIONS outer iterations of CG_ITERATIONS Hessian-vector
 *   products, each about one pass;
 * - L-BFGS: LBFGS_ITERATIONS iterations of one pass (plus rare line-search extras).
 * The cheapest wins. Measured, Newton-CG and L-BFGS need about the same number of passes
 * (25–450 depending on conditioning, a near tie on every shape tried), so L-BFGS, which
 * needs no cached probabilities, gets the tie; the dense Hessian grows as (d+1)²K², so
 * Cholesky wins only for small K(d+1). Newton-CG stays available as solver "newton-cg" (and
 * "newton" on large problems).
 */
import type { FittedSolver, ResolvedOptions } from "../input/options.js";

/** The solvers the cost model chooses between. */
export type SolverChoice = Extract<FittedSolver, "newton-cholesky" | "newton-cg" | "lbfgs">;

export const NEWTON_ITERATIONS = 10;
export const CG_ITERATIONS = 12;
export const LBFGS_ITERATIONS = 100;
/** The Hessian kernel runs at ~17 GFLOP/s, the pass at ~10. */
const HESSIAN_SPEEDUP = 1.7;
/** Cholesky in JavaScript measured ~0.6 GFLOP/s on digits' 640 free parameters. */
const JS_SLOWDOWN = 18;
/** The dense Hessian is formed only up to this many parameters (2000² doubles = 32 MB). */
export const MAX_DENSE_PARAMETERS = 2000;

export type SolverCosts = Record<SolverChoice, number>;

/** Estimated cost of each solver, in flops. */
export function solverCosts(n: number, d: number, K: number): SolverCosts {
  const m = d + 1;
  const P = K * m;
  const pass = 4 * n * m * K;
  const hessian = (n * m * (m + 1) * ((K * (K + 1)) / 2)) / HESSIAN_SPEEDUP;
  const cholesky = (JS_SLOWDOWN * P * P * P) / 3;
  return {
    "newton-cholesky": P <= MAX_DENSE_PARAMETERS ? NEWTON_ITERATIONS * (pass + hessian + cholesky) : Infinity,
    "newton-cg": NEWTON_ITERATIONS * (1 + CG_ITERATIONS) * pass,
    lbfgs: LBFGS_ITERATIONS * pass,
  };
}

/** The cheapest solver for an n × d problem with K classes. */
export function chooseSolver(n: number, d: number, K: number): SolverChoice {
  const costs = solverCosts(n, d, K);
  return (Object.keys(costs) as SolverChoice[]).reduce((best, s) => (costs[s] < costs[best] ? s : best));
}

/** Newton's inner solve: Cholesky where the cost model prefers it to CG. */
export function chooseNewton(n: number, d: number, K: number): "newton-cholesky" | "newton-cg" {
  const costs = solverCosts(n, d, K);
  return costs["newton-cholesky"] <= costs["newton-cg"] ? "newton-cholesky" : "newton-cg";
}

/**
 * The solver a fit runs: the user's choice, or the cost model's pick for "auto" and "newton"
 * (newton-l1 whenever there is an L1 term; options.ts refuses L1 for the smooth solvers).
 */
export function resolveSolver(options: Pick<ResolvedOptions, "solver" | "l2" | "l1">, n: number, d: number, K: number): FittedSolver {
  if (options.l1 > 0 && (options.solver === "auto" || options.solver === "newton")) return "newton-l1";
  switch (options.solver) {
    case "auto":
      // Without a penalty the optimum may be at infinity; Newton's steps are what tell that apart.
      return options.l2 === 0 ? chooseNewton(n, d, K) : chooseSolver(n, d, K);
    case "newton":
      return chooseNewton(n, d, K);
    default:
      return options.solver;
  }
}
