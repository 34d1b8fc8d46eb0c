// npx tsx bench/kernels-lbfgs.bench.ts: the iteration overhead of L-BFGS on digits (issue 10
// target 3: an iteration at most 1.15× one loss+gradient pass), side by side in one run.
//
// An L-BFGS run to the default stop (tol 1e-8, from θ = 0) on standardised digits, driven like
// fitSync drives it (the generator to its end), on an objective built as a fit builds it (X̂ and
// the curvature pairs in kernel memory). Right after each of the run's passes over the data
// (Objective.lossGradient and lossGradientAlong calls, counted) the bare kernel call runs once more at the same θ (θ
// already in kernel memory, the gradient left there: a pass without any JavaScript around it),
// timed on its own. So the load of a shared machine hits the run and the bare passes alike, pass
// by pass. CPU time (process.cpuUsage). Reported, medians over REPS runs: time per iteration
// (the run's time minus its bare passes) / time per bare pass (the target), passes per
// iteration, and the run's time / the same number of bare passes (what runs outside the kernel).
// Environment: REPS (default 31; with 15, four runs of the bench in a row at load 5 gave medians
// of 1.102–1.151×, the runs of one bench spreading over ±10 %), WARMUP (untimed runs first, default 5), DATA ("digits", default, or "raw" for unscaled digits).
import { loadavg } from "node:os";
import "../src/index.js"; // instantiates the WebAssembly module
import type { Kernels } from "../src/backends/backend.js";
import { getBackend } from "../src/backends/training-backends.js";
import { readTrainingSet } from "../src/input/training-set.js";
import type { MatrixSource } from "../src/input/matrix.js";
import { Objective } from "../src/objective/objective.js";
import { ResidentData } from "../src/objective/resident-data.js";
import { ResidentMatrix } from "../src/objective/resident-matrix.js";
import { lbfgs } from "../src/solvers/lbfgs.js";
import { digits, digitsRaw } from "./problems.js";

const reps = Number(process.env.REPS ?? 31);
const warmup = Number(process.env.WARMUP ?? 5);
const ds = process.env.DATA === "raw" ? digitsRaw() : digits();
const settings = { tol: 1e-8, maxIter: 1000, seed: 0, batchSize: 16, learningRate: "auto" as const };

const { X, targets, weights } = readTrainingSet(ds.X, Array.from(ds.y), undefined);
const resident = new ResidentData(new ResidentMatrix(getBackend("wasm"), X as MatrixSource, "float64"), targets, weights, true, true);
const objective = new Objective(resident, { l2: 1e-4 });
const internals = resident as unknown as { kernels: Kernels; all: { x: number; y: number; w: number }; ptr: { theta: number; grad: number; scratch: number } };
const { kernels, all, ptr } = internals;
const bareKernelCall = () => kernels.lossGradient(all.x, resident.n, resident.s, resident.K, ptr.theta, all.y, 0, all.w, ptr.grad, 0, ptr.scratch);

const cpuMs = (run: () => unknown) => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

let passes = 0;
let bareMs = 0;
// The solver's passes: lossGradient (the start) and lossGradientAlong (the line search's trials).
const evaluate = objective.lossGradient.bind(objective);
objective.lossGradient = (theta, grad) => {
  passes++;
  const value = evaluate(theta, grad);
  bareMs += cpuMs(bareKernelCall);
  return value;
};
const evaluateAlong = objective.lossGradientAlong.bind(objective);
objective.lossGradientAlong = (theta, t, direction, trial, grad, measures) => {
  passes++;
  const value = evaluateAlong(theta, t, direction, trial, grad, measures);
  bareMs += cpuMs(bareKernelCall);
  return value;
};

function run(): { iterations: number; passes: number; totalMs: number; bareMs: number } {
  passes = 0;
  bareMs = 0;
  let iterations = 0;
  const totalMs = cpuMs(() => {
    const solver = lbfgs(objective, new Float64Array(objective.size), settings);
    for (let next = solver.next(); ; next = solver.next()) {
      if (next.done) {
        iterations = next.value.iterations;
        break;
      }
    }
  });
  return { iterations, passes, totalMs, bareMs };
}

/**
 * What the bare timing of each pass costs the run itself: of a cpuMs call's own time (two
 * process.cpuUsage calls, a system call each), the part outside its window falls in the run's
 * time, not in the bare pass's. Measured, reported, not subtracted.
 */
function timingOverheadMs(calls = 2000): number {
  let inside = 0;
  const total = cpuMs(() => {
    for (let i = 0; i < calls; i++) inside += cpuMs(() => undefined);
  });
  return (total - inside) / calls;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
// Warm-up: V8 still optimises some of the solver's functions during the first few runs
// (their TurboFan compiles run on helper threads, whose CPU time counts here).
for (let i = 0; i < warmup; i++) run();
const timing = timingOverheadMs();
const load = [loadavg()[0]];
const runs = Array.from({ length: reps }, run);
load.push(loadavg()[0]);
const perIteration = runs.map((r) => (r.totalMs - r.bareMs) / r.iterations);
const perPass = runs.map((r) => r.bareMs / r.passes);
const ratios = runs.map((r, i) => perIteration[i] / perPass[i]);
const outside = runs.map((r) => (r.totalMs - r.bareMs) / r.bareMs);
console.log(`${ds.name}, L-BFGS to tol 1e-8 from 0, ${reps} runs after ${warmup} untimed, CPU time, load ${load.map((l) => l.toFixed(2)).join(" → ")}`);
console.log(`  iterations ${median(runs.map((r) => r.iterations))}, passes per iteration ${median(runs.map((r) => r.passes / r.iterations)).toFixed(3)}`);
console.log(`  per iteration ${median(perIteration).toFixed(3)} ms, per bare kernel pass ${median(perPass).toFixed(3)} ms`);
const quartile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))];
console.log(`  iteration / pass: median ${median(ratios).toFixed(3)}×, quartiles ${quartile(ratios, 0.25).toFixed(3)}–${quartile(ratios, 0.75).toFixed(3)} (runs: ${ratios.map((r) => r.toFixed(3)).join(" ")})`);
console.log(`  run / its passes done bare: median ${median(outside).toFixed(3)}×`);
const timingShare = (timing * median(runs.map((r) => r.passes / r.iterations))) / median(perPass);
console.log(`  the bare timing's own cost outside its window: ${(timing * 1000).toFixed(2)} µs a pass, ${(100 * timingShare).toFixed(2)} % of a pass per iteration (included above)`);
resident.dispose();
