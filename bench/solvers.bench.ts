// npm run bench:solvers: the measurements behind solver "auto". For problems of several
// shapes, time (CPU time of the process) Newton-Cholesky, Newton-CG and L-BFGS (WASM backend, λ = 1e-4) to a loss
// within 1e-8 (relative) of the best any of them reached, count iterations, and compare
// the measured winner with what "auto" picks (model.solver of an auto fit). Public API
// only. Writes bench/results/solvers.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { LogisticRegression, type FittedSolver } from "../src/index.js";
import { digits, digitsRaw, synthetic, type Dataset } from "./problems.js";

const L2 = 1e-4;
const TOL = 1e-9;
const SOLVERS = ["newton-cholesky", "newton-cg", "lbfgs"] as const satisfies readonly FittedSolver[];
type Contender = (typeof SOLVERS)[number];

interface Run {
  solver: Contender;
  iterations: number;
  seconds: number;
  finalLoss: number;
  trace: { t: number; loss: number }[];
}

/** CPU milliseconds of this process (user + system): on a shared, loaded machine the wall clock mostly measures waiting for a core. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function run(ds: Dataset, solver: Contender): Promise<Run> {
  const model = new LogisticRegression({ solver, l2: L2, tol: TOL });
  const trace: { t: number; loss: number }[] = [];
  const start = cpuMs();
  await model.fit(ds.X, ds.y, { onIteration: (r) => trace.push({ t: cpuMs() - start, loss: r.loss }) });
  const seconds = (cpuMs() - start) / 1000;
  if (model.solver !== solver) throw new Error(`asked for ${solver}, ran ${model.solver}`);
  return { solver, iterations: model.nIter, seconds, finalLoss: model.lossHistory.at(-1)!, trace };
}

/** What solver "auto" runs on this shape: one iteration is enough to read model.solver. */
async function autoPick(ds: Dataset): Promise<FittedSolver | undefined> {
  return (await new LogisticRegression({ l2: L2, maxIter: 1 }).fit(ds.X, ds.y)).solver;
}

// `skip`: solvers that would take minutes here (the dense Hessian of 100 000×101 rows and
// 10 classes costs ~4e10 flops per Newton iteration).
const datasets: (Dataset & { skip?: Contender[] })[] = [
  synthetic(2_000, 10, 3, 3),
  digits(),
  digitsRaw(),
  synthetic(20_000, 20, 50, 4),
  synthetic(5_000, 300, 5, 5),
  synthetic(200_000, 5, 3, 6),
  { ...synthetic(100_000, 100, 10), skip: ["newton-cholesky"] },
];

// Untimed warm-up of every solver (WASM compilation, JIT), so the first row is not charged for it.
for (const solver of SOLVERS) await run(datasets[0], solver);

const results = [];
for (const ds of datasets) {
  const runs: Run[] = [];
  for (const solver of SOLVERS) {
    if (ds.skip?.includes(solver)) {
      console.log(`${ds.name}: skip ${solver}`);
      continue;
    }
    runs.push(await run(ds, solver));
  }
  const best = Math.min(...runs.map((r) => r.finalLoss));
  const target = best * (1 + 1e-8);
  const timed = runs.map((r) => ({
    solver: r.solver,
    iterations: r.iterations,
    secondsToTarget: (r.trace.find((p) => p.loss <= target)?.t ?? NaN) / 1000,
    totalSeconds: r.seconds,
    finalLoss: r.finalLoss,
  }));
  const measuredBest = timed.filter((t) => Number.isFinite(t.secondsToTarget)).sort((a, b) => a.secondsToTarget - b.secondsToTarget)[0];
  const chosen = await autoPick(ds);
  console.log(`\n${ds.name}  target loss ${target.toPrecision(12)}  auto picks ${chosen}, fastest measured ${measuredBest.solver}`);
  for (const t of timed) {
    console.log(`  ${t.solver.padEnd(16)} ${String(t.iterations).padStart(5)} it  to target ${t.secondsToTarget.toFixed(3)} s  total ${t.totalSeconds.toFixed(3)} s`);
  }
  results.push({ dataset: ds.name, n: ds.X.rows, d: ds.X.cols, K: ds.K, target, chosen, fastest: measuredBest.solver, runs: timed, skipped: ds.skip ?? [] });
}
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/solvers.json", import.meta.url), JSON.stringify({ date: new Date().toISOString(), l2: L2, clock: "CPU time of the process (user + system)", results }, null, 2) + "\n");
console.log("\nwrote bench/results/solvers.json");
