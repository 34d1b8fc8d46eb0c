// npx tsx bench/kernels-lbfgs.bench.ts: the iteration overhead of L-BFGS on digits (issue 10
// target 3: an iteration at most 1.15× one loss+gradient pass), side by side in one run.
//
// Each repetition, interleaved so that the load of a shared machine hits both alike:
//   fit:  one L-BFGS run to the default stop (tol 1e-8, from θ = 0) on standardised digits,
//         driven like fitSync drives it (the generator to its end), in CPU time; the passes
//         over the data (Objective.lossGradient calls) are counted;
//   pass: as many bare Objective.lossGradient calls at the fit's optimum, and as many calls of
//         the kernel alone (θ already in kernel memory), in CPU time.
// Reported (medians over repetitions): time per iteration / time per pass (the target), passes
// per iteration, and the fit's time / its passes' bare time (what runs outside the kernels).
// The objective is built once, as a fit builds it (X̂ in kernel memory, pairs in kernel memory).
// Environment: REPS (default 15), DATA ("digits", default, or "raw" for unscaled digits).
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

const reps = Number(process.env.REPS ?? 15);
const ds = process.env.DATA === "raw" ? digitsRaw() : digits();
const settings = { tol: 1e-8, maxIter: 1000, seed: 0, batchSize: 16, learningRate: "auto" as const };

const { X, targets, weights } = readTrainingSet(ds.X, Array.from(ds.y), undefined);
const resident = new ResidentData(new ResidentMatrix(getBackend("wasm"), X as MatrixSource, "float64"), targets, weights, true, true);
const objective = new Objective(resident, { l2: 1e-4 });
let passes = 0;
const evaluate = objective.lossGradient.bind(objective);
objective.lossGradient = (theta, grad) => {
  passes++;
  return evaluate(theta, grad);
};

const cpuMs = (run: () => void) => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

function fitOnce(): { ms: number; iterations: number; passes: number; theta: Float64Array } {
  passes = 0;
  let result!: { theta: Float64Array; iterations: number };
  const ms = cpuMs(() => {
    const run = lbfgs(objective, new Float64Array(objective.size), settings);
    for (let next = run.next(); ; next = run.next()) {
      if (next.done) {
        result = next.value;
        break;
      }
    }
  });
  return { ms, iterations: result.iterations, passes, theta: result.theta };
}

function passesOnce(theta: Float64Array, count: number): number {
  const grad = new Float64Array(objective.size);
  return cpuMs(() => {
    for (let i = 0; i < count; i++) evaluate(theta, grad);
  });
}

// The kernel call alone (θ already in kernel memory, the gradient left there): what a pass
// costs without any JavaScript around it.
const internals = resident as unknown as { kernels: Kernels; all: { x: number; y: number; w: number }; ptr: { theta: number; grad: number; scratch: number } };
function kernelPassesOnce(theta: Float64Array, count: number): number {
  resident.lossGradient(theta, new Float64Array(objective.size)); // θ into kernel memory
  const { kernels, all, ptr } = internals;
  return cpuMs(() => {
    for (let i = 0; i < count; i++) kernels.lossGradient(all.x, resident.n, resident.s, resident.K, ptr.theta, all.y, 0, all.w, ptr.grad, 0, ptr.scratch);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const rows: { perIteration: number; perPass: number; perKernel: number; ratio: number; kernelRatio: number; passesPerIteration: number; outside: number; iterations: number }[] = [];
fitOnce(); // warm-up (JIT)
const load = [loadavg()[0]];
for (let r = 0; r < reps; r++) {
  const fit = fitOnce();
  const bare = passesOnce(fit.theta, fit.passes);
  const kernel = kernelPassesOnce(fit.theta, fit.passes);
  const perIteration = fit.ms / fit.iterations;
  const perPass = bare / fit.passes;
  const perKernel = kernel / fit.passes;
  rows.push({
    perIteration, perPass, perKernel, ratio: perIteration / perPass, kernelRatio: perIteration / perKernel,
    passesPerIteration: fit.passes / fit.iterations, outside: fit.ms / bare, iterations: fit.iterations,
  });
}
load.push(loadavg()[0]);
const pick = (key: keyof (typeof rows)[number]) => median(rows.map((row) => row[key]));
console.log(`${ds.name}, L-BFGS to tol 1e-8 from 0, ${reps} interleaved repetitions, CPU time, load ${load.map((l) => l.toFixed(2)).join(" → ")}`);
console.log(`  iterations ${pick("iterations")}, passes per iteration ${pick("passesPerIteration").toFixed(3)}`);
console.log(`  per iteration ${pick("perIteration").toFixed(3)} ms, per Objective.lossGradient ${pick("perPass").toFixed(3)} ms, per kernel call ${pick("perKernel").toFixed(3)} ms`);
console.log(`  iteration / kernel call: median ${pick("kernelRatio").toFixed(3)}× (repetitions ${rows.map((row) => row.kernelRatio.toFixed(2)).join(" ")})`);
console.log(`  iteration / Objective.lossGradient: median ${pick("ratio").toFixed(3)}× (repetitions ${rows.map((row) => row.ratio.toFixed(2)).join(" ")})`);
console.log(`  fit time / its passes' bare time: median ${pick("outside").toFixed(3)}×`);
resident.dispose();
