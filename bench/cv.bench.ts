// npm run bench:cv: the whole cross-validated search (5 folds × 10 λ, then the refit on every
// row) by LogisticRegressionCV against scikit-learn's LogisticRegressionCV on the same folds
// and grid (Cs = 1/(λ·mean training rows)), side by side in one run: REPEATS alternating runs
// of each, medians and their ratio. scikit-learn runs with one thread (OMP/OpenBLAS/MKL = 1,
// n_jobs=1), lbfgs, multinomial, scoring neg_log_loss, at its defaults (tol 1e-4,
// max_iter 100) and with max_iter 10 000 (its small-λ fits then converge). This package runs
// at its defaults (solver auto, tol 1e-8), and with tol 1e-6 for reference. Precision: every run's held-out scores are compared
// with exact ones (this package at tol 1e-12, maxIter 100 000, outside the timings), as the
// largest absolute error over folds and λ (scikit-learn's against the exact scores at its own
// per-fold λ = 1/(C·training rows)). Public API only. Writes bench/results/cv.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { LogisticRegression, LogisticRegressionCV, logLoss } from "../src/index.js";
import { digits, synthetic, wine, type Dataset } from "./problems.js";

const PYTHON = "/usr/bin/python3";
const REPEATS = Number(process.env.REPEATS ?? 3);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const single = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };

interface SklearnRun {
  seconds: number;
  C: number;
  mean_log_loss: number[];
  fold_log_loss: number[][];
  max_n_iter: number;
  convergence_warnings: number;
}

function sklearn(dir: string, maxIter: number): SklearnRun {
  const out = join(dir, `out-${maxIter}.json`);
  const r = spawnSync(PYTHON, [new URL("cv/sklearn_cv.py", import.meta.url).pathname, dir, String(maxIter), "1e-4", out], { env: single, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`scikit-learn failed: ${r.stderr}`);
  return JSON.parse(readFileSync(out, "utf8"));
}

async function ours(ds: Dataset, l2s: number[], folds: number[][], tol?: number) {
  const start = performance.now();
  const cv = await new LogisticRegressionCV({ l2s, cv: folds, ...(tol ? { tol } : {}) }).fit(ds.X, ds.y);
  return { seconds: (performance.now() - start) / 1000, l2: cv.l2, meanScores: cv.meanScores, scores: cv.scores, solver: cv.solver };
}

/**
 * Exact held-out log-loss per fold and λ: each fold's optimum at λ = lambdaOf(fold, i) (tol
 * 1e-12, warm-started along the path), scored on its held-out rows.
 */
async function exactScores(ds: Dataset, folds: number[][], count: number, lambdaOf: (fold: number, i: number) => number): Promise<number[][]> {
  const d = ds.X.cols;
  const rows = (idx: number[]) => ({ data: Float64Array.from(idx.flatMap((r) => Array.from(ds.X.data.subarray(r * d, (r + 1) * d)))), rows: idx.length, cols: d });
  const out: number[][] = [];
  for (let f = 0; f < folds.length; f++) {
    const test = new Set(folds[f]);
    const train = Array.from({ length: ds.X.rows }, (_, r) => r).filter((r) => !test.has(r));
    const Xtrain = rows(train);
    const ytrain = train.map((r) => ds.y[r]);
    const Xtest = rows(folds[f]);
    const ytest = folds[f].map((r) => ds.y[r]);
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => lambdaOf(f, b) - lambdaOf(f, a));
    const row = new Array<number>(count);
    let previous: LogisticRegression | undefined;
    for (const i of order) {
      const model = await new LogisticRegression({ l2: lambdaOf(f, i), solver: "lbfgs", tol: 1e-12, maxIter: 100_000 }).fit(Xtrain, ytrain, previous ? { init: previous } : {});
      row[i] = logLoss(ytest, model.predictProba(Xtest), { labels: model.classes });
      previous = model;
    }
    out.push(row);
  }
  return out;
}

/** The largest |score − exact| over folds and λ (scikit-learn's Cs are our l2s in the same order). */
const largestError = (scores: number[][], exact: number[][]) => Math.max(...scores.flatMap((row, f) => row.map((v, i) => Math.abs(v - exact[f][i]))));

const results = [];
for (const ds of [wine(), digits(), synthetic(20_000, 20, 5, 3)]) {
  // The folds and the grid: this package's defaults (5 stratified folds, 10 λ around 1/N).
  const probe = await new LogisticRegressionCV({ maxIter: 1 }).fit(ds.X, ds.y);
  const folds = probe.testFolds;
  const l2s = probe.l2s;
  const trainRows = folds.reduce((a, f) => a + ds.X.rows - f.length, 0) / folds.length;
  const Cs = l2s.map((l) => 1 / (l * trainRows));
  // scikit-learn's λ differs per fold (one C for folds of slightly different sizes): its exact scores are at its own λ.
  const exact = await exactScores(ds, folds, l2s.length, (_, i) => l2s[i]);
  const exactSklearn = await exactScores(ds, folds, l2s.length, (f, i) => 1 / (Cs[i] * (ds.X.rows - folds[f].length)));
  const dir = mkdtempSync(join(tmpdir(), "cv-bench-"));
  writeFileSync(join(dir, "X.f64"), ds.X.data);
  writeFileSync(join(dir, "y.i32"), ds.y);
  writeFileSync(join(dir, "plan.json"), JSON.stringify({ rows: ds.X.rows, cols: ds.X.cols, folds, Cs }));
  const runs = { ours: [] as Awaited<ReturnType<typeof ours>>[], oursLoose: [] as Awaited<ReturnType<typeof ours>>[], sklearnDefault: [] as SklearnRun[], sklearnConverged: [] as SklearnRun[] };
  for (let r = 0; r < REPEATS; r++) {
    runs.ours.push(await ours(ds, l2s, folds));
    runs.oursLoose.push(await ours(ds, l2s, folds, 1e-6));
    runs.sklearnDefault.push(sklearn(dir, 100));
    runs.sklearnConverged.push(sklearn(dir, 10_000));
  }
  rmSync(dir, { recursive: true, force: true });
  const t = {
    ours: median(runs.ours.map((r) => r.seconds)),
    oursTol1e6: median(runs.oursLoose.map((r) => r.seconds)),
    sklearnDefault: median(runs.sklearnDefault.map((r) => r.seconds)),
    sklearnConverged: median(runs.sklearnConverged.map((r) => r.seconds)),
  };
  const row = {
    problem: ds.name,
    folds: folds.length,
    l2s: l2s.length,
    seconds: t,
    ratio: {
      sklearnDefaultOverOurs: t.sklearnDefault / t.ours,
      sklearnConvergedOverOurs: t.sklearnConverged / t.ours,
      sklearnDefaultOverOursTol1e6: t.sklearnDefault / t.oursTol1e6,
    },
    chosen: {
      oursL2: runs.ours[0].l2,
      sklearnDefaultL2: 1 / (runs.sklearnDefault[0].C * trainRows),
      sklearnConvergedL2: 1 / (runs.sklearnConverged[0].C * trainRows),
    },
    largestScoreError: {
      ours: largestError(runs.ours[0].scores, exact),
      oursTol1e6: largestError(runs.oursLoose[0].scores, exact),
      sklearnDefault: largestError(runs.sklearnDefault[0].fold_log_loss, exactSklearn),
      sklearnConverged: largestError(runs.sklearnConverged[0].fold_log_loss, exactSklearn),
    },
    bestMeanLogLoss: {
      ours: Math.min(...runs.ours[0].meanScores),
      sklearnDefault: Math.min(...runs.sklearnDefault[0].mean_log_loss),
      sklearnConverged: Math.min(...runs.sklearnConverged[0].mean_log_loss),
    },
    refitSolver: runs.ours[0].solver,
    sklearnMaxIter: { default: runs.sklearnDefault[0].max_n_iter, converged: runs.sklearnConverged[0].max_n_iter },
    sklearnConvergenceWarnings: { default: runs.sklearnDefault[0].convergence_warnings, converged: runs.sklearnConverged[0].convergence_warnings },
    load: loadavg()[0],
  };
  console.log(
    `${ds.name.padEnd(24)} ours ${t.ours.toFixed(3)} s, scikit-learn ${t.sklearnDefault.toFixed(3)} s (max_iter 100, ${row.sklearnConvergenceWarnings.default} convergence warnings) ` +
      `= ${row.ratio.sklearnDefaultOverOurs.toFixed(2)}×, ${t.sklearnConverged.toFixed(3)} s (max_iter 10000) = ${row.ratio.sklearnConvergedOverOurs.toFixed(2)}×; ` +
      `ours at tol 1e-6 ${t.oursTol1e6.toFixed(3)} s (${row.ratio.sklearnDefaultOverOursTol1e6.toFixed(2)}×); ` +
      `chosen λ ${row.chosen.oursL2.toExponential(2)} / ${row.chosen.sklearnDefaultL2.toExponential(2)} / ${row.chosen.sklearnConvergedL2.toExponential(2)}; ` +
      `largest score error ${row.largestScoreError.ours.toExponential(1)} (tol 1e-6: ${row.largestScoreError.oursTol1e6.toExponential(1)}) / ${row.largestScoreError.sklearnDefault.toExponential(1)} / ${row.largestScoreError.sklearnConverged.toExponential(1)} (load ${row.load.toFixed(2)})`,
  );
  results.push(row);
}
mkdirSync(new URL("results/", import.meta.url), { recursive: true });
writeFileSync(new URL("results/cv.json", import.meta.url), JSON.stringify({ measured: new Date().toISOString(), node: process.version, repeats: REPEATS, results }, null, 2) + "\n");
