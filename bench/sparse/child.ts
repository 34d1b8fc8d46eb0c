// One measurement of this package on a bag-of-words set written by files.ts, in its own
// process (so its peak memory is its own), through the public API only:
//   pass DIR LAMBDA REPEATS OUT   createObjective on the CSR, REPEATS timed gradient passes
//                                 (loss and gradient together) after one warm-up, each into a
//                                 reused array (gradient(θ, out): `seconds`) and, interleaved
//                                 with it, into a new one (gradient(θ): `newArraySeconds`);
//                                 `cpuSeconds`: the process CPU time of each reused-array pass;
//   fit DIR LAMBDA OUT            fitSync with the default options and l2 = LAMBDA: time, iterations,
//                                 final objective, peak RSS growth (VmHWM after clear_refs, as
//                                 sklearn_sparse.py measures it, after the same warm-up on 300
//                                 rows); then, off the clock, a
//                                 reference fit (newton-cg, tol 1e-11) for the optimum;
//   memory DIR LAMBDA OUT         the same fit and peak RSS growth without the reference fit
//                                 (for sets where the reference would double a long run).
import { readFileSync, writeFileSync } from "node:fs";
import { LogisticRegression, createObjective } from "../../src/index.js";
import { seededRandom } from "../../src/util/random.js";
import { readBagOfWords } from "./files.js";

function status(field: string): number {
  const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith(field + ":"));
  return line ? Number(line.split(/\s+/)[1]) * 1024 : 0;
}

function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

const [mode, dir, lambdaText, ...rest] = process.argv.slice(2);
const l2 = Number(lambdaText);
const set = readBagOfWords(dir);
const { X } = set;
const y = Array.from(set.y);

if (mode === "pass") {
  const [repeatsText, out] = rest;
  const objective = createObjective(X, y, { l2 });
  const random = seededRandom(0);
  const theta = Float64Array.from({ length: objective.size }, () => 0.01 * (random() * 2 - 1));
  const gradient = new Float64Array(objective.size);
  objective.gradient(theta, gradient);
  objective.gradient(theta);
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  const newArraySeconds: number[] = [];
  for (let r = 0; r < Number(repeatsText); r++) {
    const c = process.cpuUsage();
    let t = performance.now();
    objective.gradient(theta, gradient);
    seconds.push((performance.now() - t) / 1000);
    const used = process.cpuUsage(c);
    cpuSeconds.push((used.user + used.system) / 1e6);
    t = performance.now();
    objective.gradient(theta);
    newArraySeconds.push((performance.now() - t) / 1000);
  }
  const loss = objective.value(theta);
  objective.dispose();
  writeFileSync(out, JSON.stringify({ seconds, cpuSeconds, newArraySeconds, loss }));
} else if (mode === "fit" || mode === "memory") {
  const [out] = rest;
  // Warm-up on a slice (module compilation, first calls), not measured: as sklearn_sparse.py does.
  const m = Math.min(X.rows, 300);
  const end = X.indptr[m];
  const slice = { indptr: X.indptr.subarray(0, m + 1), indices: X.indices.subarray(0, end), data: X.data.subarray(0, end), rows: m, cols: X.cols };
  new LogisticRegression({ l2, maxIter: 5 }).fitSync(slice, y.slice(0, m));
  const peakReset = resetPeak();
  const base = status("VmRSS");
  const t = performance.now();
  const model = new LogisticRegression({ l2 }).fitSync(X, y);
  const fitSeconds = (performance.now() - t) / 1000;
  const peak = status("VmHWM");
  const objective = createObjective(X, y, { l2 });
  const final = objective.value(model.theta);
  if (mode === "memory") {
    objective.dispose();
    const result = { solver: model.solver, iterations: model.nIter, converged: model.converged, fitSeconds, final, peakRssDelta: peakReset ? peak - base : null };
    writeFileSync(out, JSON.stringify(result));
    process.exit(0);
  }
  const reference = new LogisticRegression({ l2, solver: "newton-cg", tol: 1e-11 }).fitSync(X, y);
  const optimum = objective.value(reference.theta);
  objective.dispose();
  writeFileSync(
    out,
    JSON.stringify({
      solver: model.solver,
      iterations: model.nIter,
      converged: model.converged,
      fitSeconds,
      final,
      optimum,
      referenceConverged: reference.converged,
      peakRssDelta: peakReset ? peak - base : null,
    }),
  );
} else {
  throw new Error(`unknown mode ${mode}`);
}
