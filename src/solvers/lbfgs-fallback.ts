/**
 * Solver "auto"'s L-BFGS, with a way out. The cost model (fit/choose-solver.ts) picks L-BFGS
 * where its typical pass count beats Newton-CG's cost, but that count is a guess the data can
 * belie: with fewer rows than features, or a penalty so small that it alone holds most
 * directions, the curvature spans many decades and L-BFGS crawls. Measured on random problems
 * with badly scaled columns: n = 18, d = 288, K = 12, λ = 1e-4 stopped at maxIter 1000 with an
 * objective 4·10⁴× the optimum's; n = 256, d = 271, K = 3, λ = 1e-6 at 1.1e-3 above it. So
 * L-BFGS runs for a budget of iterations (choose-solver.ts lbfgsBudget) and, when it has not
 * converged by then, Newton-CG goes on from its iterate, on the same objective (Newton's steps
 * do not depend on L-BFGS's change of variables), within the iterations left of maxIter.
 */
import type { Objective } from "../objective/objective.js";
import { lbfgs, type CurvatureMemory } from "./lbfgs.js";
import { newtonCg } from "./newton-cg.js";
import { MAX_ITER, type IterationReport, type SolverResult, type SolverSettings } from "./solver.js";
import { handOver } from "./start.js";

/** L-BFGS for at most `budget` iterations, then (unless it converged or stopped otherwise) Newton-CG from its iterate. */
export function* lbfgsThenNewtonCg(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
  budget: number,
  memory?: CurvatureMemory,
): Generator<IterationReport, SolverResult, void> {
  const first = yield* lbfgs(objective, theta0, { ...settings, maxIter: Math.min(budget, settings.maxIter) }, memory);
  const left = settings.maxIter - first.iterations;
  if (first.converged || first.reason !== MAX_ITER || left <= 0) return first;
  const rest = newtonCg(objective, handOver(first.theta), { ...settings, maxIter: left });
  try {
    let reply: unknown;
    while (true) {
      // The driver's reply (false: stop) goes through to Newton-CG, as yield* would pass it.
      const next = (rest as Generator<IterationReport, SolverResult, unknown>).next(reply);
      if (next.done) {
        const result = next.value;
        return {
          ...result,
          iterations: first.iterations + result.iterations,
          // Newton-CG's history starts at L-BFGS's last point.
          lossHistory: [...first.lossHistory, ...result.lossHistory.slice(1)],
          warnings: [
            ...first.warnings,
            `solver "auto": L-BFGS had not converged after ${first.iterations} iterations (max |gradient| ${first.kktResidual.toExponential(2)}); Newton-CG went on from its iterate`,
            ...result.warnings,
          ],
          solver: "newton-cg",
        };
      }
      reply = (yield { ...next.value, iteration: first.iterations + next.value.iteration }) as unknown;
    }
  } finally {
    rest.return(undefined as never);
  }
}
