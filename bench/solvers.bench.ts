// npm run bench:solvers: the measurements behind solver "auto". For problems of several
// shapes, time Newton-Cholesky, Newton-CG and L-BFGS (WASM backend, λ = 1e-4) to a loss
// within 1e-8 (relative) of the best any of them reached, count iterations, and compare
// the measured winner with the cost model's choice. Writes bench/results/solvers.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { LogisticRegression } from "../src/index.js";
import { chooseSolver, solverCosts, type SolverChoice } from "../src/solvers/choose-solver.js";
import { resolveOptions } from "../src/options.js";
import { digits, synthetic, type Dataset } from "./problems.js";

const L2 = 1e-4;
const SOLVERS: SolverChoice[] = ["newton-cholesky", "newton-cg", "lbfgs"];
/** Skip a solver whose predicted cost exceeds this many flops (it would take minutes). */
const SKIP_ABOVE_FLOPS = 3e11;

interface Run {
  solver: SolverChoice;
  iterations: number;
  seconds: number;
  finalLoss: number;
  trace: { t: number; loss: number }[];
}

async function runSolver(ds: Dataset, solver: SolverChoice): Promise<Run> {
  const model = new LogisticRegression({ solver: solver === "lbfgs" ? "lbfgs" : "newton", l2: L2, tol: 1e-9 });
  // Newton's inner solve follows the cost model; force it through the internal entry point.
  const { startTraining } = await import("../src/training.js");
  const { toTargets, toWeights } = await import("../src/data.js");
  const options = resolveOptions({ solver: "newton", l2: L2, tol: 1e-9 });
  const trace: { t: number; loss: number }[] = [];
  const start = performance.now();
  let iterations = 0;
  let finalLoss = NaN;
  if (solver === "lbfgs") {
    await model.fit(ds.X, Array.from(ds.y), { onIteration: (r) => trace.push({ t: performance.now() - start, loss: r.loss }) });
    iterations = model.nIter;
    finalLoss = model.lossHistory.at(-1)!;
  } else {
    const { ResidentProblem } = await import("../src/problem.js");
    const { Objective } = await import("../src/objective.js");
    const { newton } = await import("../src/solvers/newton.js");
    const { getBackend } = await import("../src/runtime.js");
    void startTraining;
    const problem = new ResidentProblem(getBackend("wasm"), ds.X, toTargets(Array.from(ds.y), ds.X.rows), toWeights(undefined, ds.X.rows), true);
    const run = newton(new Objective(problem, L2), new Float64Array(ds.K * (ds.X.cols + 1)), options, solver === "newton-cholesky" ? "cholesky" : "cg");
    let step = run.next();
    while (!step.done) {
      trace.push({ t: performance.now() - start, loss: step.value.loss });
      step = run.next();
    }
    iterations = step.value.iterations;
    finalLoss = step.value.lossHistory.at(-1)!;
    problem.dispose();
  }
  return { solver, iterations, seconds: (performance.now() - start) / 1000, finalLoss, trace };
}

const datasets: Dataset[] = [
  synthetic(2_000, 10, 3, 3),
  digits(),
  synthetic(20_000, 20, 50, 4),
  synthetic(5_000, 300, 5, 5),
  synthetic(200_000, 5, 3, 6),
  synthetic(100_000, 100, 10),
];

const results = [];
for (const ds of datasets) {
  const costs = solverCosts(ds.X.rows, ds.X.cols, ds.K);
  const runs: Run[] = [];
  for (const solver of SOLVERS) {
    if (costs[solver] > SKIP_ABOVE_FLOPS) {
      console.log(`${ds.name}: skip ${solver} (predicted ${costs[solver].toExponential(1)} flops)`);
      continue;
    }
    runs.push(await runSolver(ds, solver));
  }
  const best = Math.min(...runs.map((r) => r.finalLoss));
  const target = best * (1 + 1e-8);
  const timed = runs.map((r) => ({
    solver: r.solver,
    iterations: r.iterations,
    secondsToTarget: r.trace.find((p) => p.loss <= target)?.t ?? NaN,
    totalSeconds: r.seconds,
    finalLoss: r.finalLoss,
  }));
  for (const t of timed) t.secondsToTarget /= 1000;
  const measuredBest = timed.filter((t) => Number.isFinite(t.secondsToTarget)).sort((a, b) => a.secondsToTarget - b.secondsToTarget)[0];
  const chosen = chooseSolver(ds.X.rows, ds.X.cols, ds.K);
  console.log(`\n${ds.name}  target loss ${target.toPrecision(12)}  cost model picks ${chosen}, fastest measured ${measuredBest.solver}`);
  for (const t of timed) {
    console.log(`  ${t.solver.padEnd(16)} ${String(t.iterations).padStart(5)} it  to target ${t.secondsToTarget.toFixed(3)} s  total ${t.totalSeconds.toFixed(3)} s  predicted ${costs[t.solver].toExponential(2)} flops`);
  }
  results.push({ dataset: ds.name, n: ds.X.rows, d: ds.X.cols, K: ds.K, target, chosen, fastest: measuredBest.solver, runs: timed, predictedFlops: costs });
}
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/solvers.json", import.meta.url), JSON.stringify({ date: new Date().toISOString(), l2: L2, results }, null, 2) + "\n");
console.log("\nwrote bench/results/solvers.json");
