/**
 * The cost model behind solver "auto" and behind "newton"'s choice of inner solve. Costs are
 * flops, with one loss+gradient pass over the data E = 4·N·(d+1)·K, and pass counts measured
 * by bench/solvers.bench.ts and the solver study (/work/notes/perf/REPORT.md), λ = 1e-4, to
 * max |∇f| ≤ 1e-8:
 *
 * - Newton-Cholesky: about NEWTON_ITERATIONS iterations (Newton is invariant to the scaling
 *   of the features, so raw data cost the same), each one pass plus the Hessian
 *   (N(d+1)(d+2)·K(K+1)/2 flops at HESSIAN_SPEEDUP × the pass's rate) plus a dense Cholesky
 *   of the K(d+1) parameters, (K(d+1))³/3 flops in JavaScript at 1/JS_SLOWDOWN of that rate.
 * - Newton-CG (newton-cg.ts), preconditioned by a curvature-weighted Gram of a row sample,
 *   which makes it nearly as insensitive to feature scaling and correlation: measured
 *   12–18 iterations of 9–40 Hessian-vector products (digits 141 passes in all, raw digits
 *   248, 60 000 × 784 images 177, Fashion-MNIST 744); modelled as NCG_ITERATIONS × (1 +
 *   CG_PRODUCTS) passes plus a preconditioner build per iteration (the Gram of its sample at
 *   the Hessian kernel's rate, a (d+1)³/3 Cholesky at 1/DENSE_SLOWDOWN of the pass's rate). On
 *   tall data (hessianSampleRows > 0) the products run on a sample of 10·K(d+1) rows:
 *   SAMPLED_ITERATIONS iterations of one pass plus SAMPLED_PRODUCTS products on the sample
 *   (100 000 × 100 × 10: 7 passes and 2 pass-equivalents of products to the optimum, where
 *   L-BFGS needs 12 passes). Without a preconditioner (d + 1 > MAX_GRAM_PARAMETERS) CG needs
 *   far more products (UNPRECONDITIONED_PRODUCTS).
 * - L-BFGS: LBFGS_PASSES passes, a typical count rather than a bound: it is 21 on the
 *   isotropic tall set, 191 on standardised digits, ~750 on the images and over 1000 on raw
 *   pixels or badly scaled columns, where it stops at maxIter. It wins where Newton-CG has
 *   no preconditioner, and where building one costs more (few rows for many features); since
 *   its count is a guess, "auto"'s L-BFGS hands over to Newton-CG after lbfgsBudget iterations.
 * The cheapest wins.
 */
import type { FittedSolver, ResolvedOptions } from "../input/options.js";
import { MAX_GRAM_PARAMETERS, gramRows, hessianSampleRows } from "../solvers/newton-cg.js";

/** The solvers the cost model chooses between. */
export type SolverChoice = Extract<FittedSolver, "newton-cholesky" | "newton-cg" | "lbfgs">;

export const NEWTON_ITERATIONS = 10;
export const NCG_ITERATIONS = 14;
export const CG_PRODUCTS = 12;
export const UNPRECONDITIONED_PRODUCTS = 40;
export const SAMPLED_ITERATIONS = 12;
export const SAMPLED_PRODUCTS = 4;
export const LBFGS_PASSES = 300;
/** The Hessian kernel (and the weighted Gram, the same code) runs at ~17 GFLOP/s, the pass at ~10. */
const HESSIAN_SPEEDUP = 1.7;
/** Cholesky in JavaScript measured ~0.6 GFLOP/s on digits' 640 free parameters. */
const JS_SLOWDOWN = 18;
/** The Cholesky kernel measured 2.4–2.6 GFLOP/s at d + 1 = 257 and 785. */
const DENSE_SLOWDOWN = 4;
/**
 * What a kernel call costs beyond its flops (the JS around it: parameter copies, scaling,
 * the line search's bookkeeping), in flop-equivalents: ~20 µs at ~10 GFLOP/s. It decides
 * the small problems (iris, wine), where Newton-Cholesky's few calls beat CG's many.
 */
const CALL = 2e5;
/** The dense Hessian is formed only up to this many parameters (2000² doubles = 32 MB). */
export const MAX_DENSE_PARAMETERS = 2000;

export type SolverCosts = Record<SolverChoice, number>;

/** Estimated cost of each solver, in flops. */
export function solverCosts(n: number, d: number, K: number): SolverCosts {
  const m = d + 1;
  const P = K * m;
  const flops = 4 * n * m * K;
  const pass = flops + CALL;
  const hessian = (n * m * (m + 1) * ((K * (K + 1)) / 2)) / HESSIAN_SPEEDUP;
  const cholesky = (JS_SLOWDOWN * P * P * P) / 3;
  const sample = hessianSampleRows(n, P);
  const preconditioned = m <= MAX_GRAM_PARAMETERS;
  const build = preconditioned ? (gramRows(sample || n, d) * m * (m + 1)) / HESSIAN_SPEEDUP + (DENSE_SLOWDOWN * m * m * m) / 3 : 0;
  const products = preconditioned ? CG_PRODUCTS : UNPRECONDITIONED_PRODUCTS;
  const newtonCg = sample
    ? SAMPLED_ITERATIONS * (pass + build + (1 + SAMPLED_PRODUCTS) * ((sample / n) * flops + CALL))
    : NCG_ITERATIONS * (pass + build + products * pass);
  return {
    "newton-cholesky": P <= MAX_DENSE_PARAMETERS ? NEWTON_ITERATIONS * (pass + hessian + cholesky) : Infinity,
    "newton-cg": newtonCg,
    lbfgs: LBFGS_PASSES * pass,
  };
}

/**
 * The iterations "auto"'s L-BFGS runs before Newton-CG takes over (solvers/lbfgs-fallback.ts):
 * as many passes as the model expects Newton-CG to cost, so that a wrong pick costs at most
 * about twice the right one; at least LBFGS_PASSES, at most half of maxIter.
 */
export function lbfgsBudget(n: number, d: number, K: number, maxIter: number): number {
  const pass = 4 * n * (d + 1) * K + CALL;
  const newtonPasses = Math.ceil(solverCosts(n, d, K)["newton-cg"] / pass);
  return Math.max(1, Math.min(Math.floor(maxIter / 2), Math.max(LBFGS_PASSES, newtonPasses)));
}

/**
 * Whether a fit's L-BFGS may hand over to Newton-CG: only the cost model's pick (solver
 * "auto"), on dense data whose Newton-CG has its Gram preconditioner (beyond it, CG would be
 * no safer than L-BFGS).
 */
export function lbfgsFallsBack(options: Pick<ResolvedOptions, "solver">, solver: FittedSolver, d: number, sparse: boolean): boolean {
  return options.solver === "auto" && solver === "lbfgs" && !sparse && d + 1 <= MAX_GRAM_PARAMETERS;
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
 * `sparse` (CSR X): a pass costs nnz·K, not N·d·K, so the solvers' own O(K(d+1)) vector work
 * per iteration, which the model above leaves out, is what counts, and L-BFGS does ~4×10 such
 * vector operations an iteration against Newton-CG's ~5 per Hessian-vector product: "auto"
 * takes Newton (measured on the 2000 × 20 000 bag of words, λ = 1e-4: Newton-CG 24.5 s against
 * L-BFGS's 131 s, one run side by side, both to max |∇| ≤ 1e-8).
 */
export function resolveSolver(options: Pick<ResolvedOptions, "solver" | "l2" | "l1">, n: number, d: number, K: number, sparse = false): FittedSolver {
  if (options.l1 > 0 && (options.solver === "auto" || options.solver === "newton")) return "newton-l1";
  switch (options.solver) {
    case "auto":
      if (sparse) return chooseNewton(n, d, K);
      // Without a penalty the optimum may be at infinity; Newton's steps are what tell that apart.
      return options.l2 === 0 ? chooseNewton(n, d, K) : chooseSolver(n, d, K);
    case "newton":
      return chooseNewton(n, d, K);
    default:
      return options.solver;
  }
}
