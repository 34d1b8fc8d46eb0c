// Runs the contenders of one dataset, each in its own process (its peak memory is its own):
// this package, tfjs and ml-logistic-regression through child.ts, scikit-learn through
// sklearn_run.py. Returns their results in order, with the test-accuracy target that
// scikit-learn's reference run sets.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FieldDataset } from "./data.js";
import { PYTHON } from "./environment.js";
import { accuracy } from "./evaluate.js";
import { LAMBDA, type PlannedSpec } from "./plan.js";
import type { ContenderResult, ContenderSpec } from "./types.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(dirname(here));

/** A contender's result with what the run loop adds. */
export type RunResult = ContenderResult & { baseline?: boolean; loadAverage?: number; reference?: boolean };

export interface DatasetRun {
  results: RunResult[];
  /** scikit-learn lbfgs's final test accuracy at its default tol, when there is a test split. */
  accuracyTarget?: number;
  /** That reference run's fit time. */
  referenceSeconds: number | null;
}

export function runContenders(specs: PlannedSpec[], ds: FieldDataset): DatasetRun {
  const results: RunResult[] = [];
  let accuracyTarget: number | undefined;
  let referenceSeconds: number | null = null;
  /** What the plain "auto" row (WASM, float64, one thread) ran, once it has run. */
  let autoRan: string | undefined;
  for (const spec of specs) {
    if (spec.skipIfAutoRan && autoRan === spec.skipIfAutoRan) {
      console.log(`  ${spec.label.padEnd(44)} skipped: "auto" ran ${autoRan}, the same solver`);
      continue;
    }
    const t = performance.now();
    const load = loadavg()[0];
    if (accuracyTarget !== undefined) spec.accuracyTarget = accuracyTarget;
    const r = spec.library === "scikit-learn" ? runSklearn(spec, ds) : runChild(spec);
    // "auto" rows are labelled with the solver the package reports it ran.
    if (spec.ours?.solver === "auto" && r.solver) {
      r.label = r.label.replace(/ auto /, ` auto→${r.solver} `);
      if (spec.ours.backend === "wasm" && !spec.ours.dtype && !spec.ours.threads) autoRan = r.solver;
    }
    results.push({ ...r, baseline: spec.baseline, loadAverage: load, reference: !!spec.sklearn?.reference });
    if (spec.sklearn?.reference && r.status === "ok" && r.theta && ds.test) {
      accuracyTarget = accuracy(r.theta, ds.test, ds.d, ds.K);
      referenceSeconds = r.fitSeconds;
    }
    const brief = r.status === "ok" ? `${r.fitSeconds.toFixed(3)} s, ${r.iterations} ${r.iterationUnit}s` : `${r.status}: ${r.notes[r.notes.length - 1]?.split("\n")[0]}`;
    const accBrief = spec.sklearn?.reference && accuracyTarget !== undefined ? `, test accuracy ${(100 * accuracyTarget).toFixed(2)}% (the accuracy target)` : "";
    console.log(`  ${r.label.padEnd(44)} ${brief}${accBrief}  [${((performance.now() - t) / 1000).toFixed(1)} s wall, load ${load.toFixed(2)}]`);
  }
  return { results, accuracyTarget, referenceSeconds };
}

function runChild(spec: ContenderSpec): ContenderResult {
  const specPath = spec.resultPath.replace(/\.json$/, ".spec.json");
  writeFileSync(specPath, JSON.stringify(spec));
  const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", join(here, "child.ts"), specPath], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    timeout: 15 * 60_000,
  });
  try {
    return JSON.parse(readFileSync(spec.resultPath, "utf8"));
  } catch {
    return failed(spec, `child exited with ${child.status ?? child.signal}: ${(child.stderr || "").slice(-2000)}`);
  }
}

function runSklearn(spec: ContenderSpec, ds: FieldDataset): ContenderResult {
  const s = spec.sklearn!;
  const out = spec.resultPath;
  // Single-threaded BLAS/OpenMP; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for this command only.
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const child = spawnSync(
    PYTHON,
    [
      join(here, "sklearn_run.py"),
      spec.dataset.dir,
      String(ds.train.rows),
      String(ds.d),
      String(ds.K),
      s.solver,
      String(LAMBDA),
      String(s.tol),
      String(s.maxIter),
      out,
      String(s.recordAccuracy && ds.test ? ds.test.rows : 0),
    ],
    { env, encoding: "utf8", timeout: 15 * 60_000, maxBuffer: 64 << 20 },
  );
  if (child.status !== 0) return failed(spec, `python exited with ${child.status ?? child.signal}: ${(child.stderr || "").slice(-2000)}`);
  const r = JSON.parse(readFileSync(out, "utf8"));
  const d = ds.d;
  // scikit-learn's coef_ (K × d) and intercept_ into the class-major θ every score uses.
  const theta = new Array<number>(ds.K * (d + 1));
  for (let k = 0; k < ds.K; k++) {
    theta[k * (d + 1)] = r.intercept[k];
    for (let j = 0; j < d; j++) theta[k * (d + 1) + 1 + j] = r.coef[k][j];
  }
  const notes = [`C = 1/(λN) = ${(1 / (LAMBDA * ds.train.rows)).toPrecision(6)}, tol ${s.tol} on its summed objective (= N·f), max_iter ${s.maxIter}, OMP/OpenBLAS threads 1`];
  if (r.n_iter >= s.maxIter) notes.push(`stopped at max_iter ${s.maxIter}`);
  if (r.accuracy_trace) notes.push(`peak ΔRSS includes the ${r.accuracy_trace.length - 1} iterate copies kept for the accuracy trace (${(((r.accuracy_trace.length - 1) * ds.K * (ds.d + 1) * 8) / 2 ** 20).toFixed(1)} MB)`);
  return {
    id: spec.id,
    label: spec.label,
    library: "scikit-learn",
    dataset: ds.key,
    status: "ok",
    fitSeconds: r.fit_seconds,
    iterations: r.n_iter,
    iterationUnit: "iteration",
    trace: r.trace,
    capped: r.n_iter >= s.maxIter,
    accuracyTrace: r.accuracy_trace ?? undefined,
    accuracyTraceNote: r.accuracy_trace ? "test accuracy of every iterate, scored after the fit" : undefined,
    theta,
    baselineRss: r.baseline_rss,
    peakRss: r.peak_rss,
    peakRssDelta: r.peak_rss_delta,
    versions: r.versions,
    notes,
  };
}

function failed(spec: ContenderSpec, message: string): ContenderResult {
  return {
    id: spec.id,
    label: spec.label,
    library: spec.library,
    dataset: spec.dataset.key,
    status: "error",
    fitSeconds: 0,
    iterations: 0,
    iterationUnit: "iteration",
    trace: [],
    theta: null,
    baselineRss: 0,
    peakRss: 0,
    peakRssDelta: null,
    notes: [message],
  };
}
