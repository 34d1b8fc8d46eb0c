// npm run bench:l1: time to the L1 optimum, this package's default L1 fit (solver "auto" →
// newton-l1, tol 1e-8 on the KKT residual, one thread) against scikit-learn's saga, side by
// side in one run. The reference optimum F* is this package's fit at tol 1e-11 (its KKT
// certificate is printed); saga runs from scratch at tol 1e-2, 1e-3, … until its objective is
// within 1e-6 (relative) of F*, and its time at that first tolerance is the yardstick
// (how close each tolerance got is reported). Our time is the median of REPEATS fits.
// Public API only; writes bench/results/l1.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { LogisticRegression, l1Max } from "../src/index.js";
import { bagOfWords, denseSet, writeDataset, type L1Dataset } from "./l1/data.js";

const PYTHON = "/usr/bin/python3";
const TARGET_GAP = 1e-6;
const SAGA_TOLS = "1e-2,1e-3,1e-4,1e-5,1e-6,1e-7,1e-8";
/** A saga fit longer than this ends the tolerance sequence (the remaining ones would take longer still). */
const SAGA_BUDGET_SECONDS = 300;

interface Case {
  dataset: () => L1Dataset;
  /** λ₁ as a fraction of λ₁_max. */
  fraction: number;
  l2: number;
  repeats: number;
}

// `npm run bench:l1 -- NAME…` runs the cases whose key contains one of the names.
const cases: (Case & { key: string })[] = [
  { key: "bow-2000x2000", dataset: () => bagOfWords(2000, 2000, 10), fraction: 0.02, l2: 0, repeats: 3 },
  { key: "dense-100000x100", dataset: () => denseSet(100_000, 100, 10, 1), fraction: 0.05, l2: 0, repeats: 3 },
].filter((c) => process.argv.length <= 2 || process.argv.slice(2).some((name) => c.key.includes(name)));

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

async function ours(ds: L1Dataset, l1: number, l2: number, tol?: number) {
  const model = new LogisticRegression({ l1, l2, ...(tol === undefined ? {} : { tol }) });
  const start = performance.now();
  await model.fit(ds.X, ds.y);
  const seconds = (performance.now() - start) / 1000;
  return { seconds, objective: model.lossHistory.at(-1)!, iterations: model.nIter, kkt: model.kktResidual, converged: model.converged, solver: model.solver, nonZeroWeights: model.coef.flat().filter((w) => w !== 0).length, nonZeroFeatures: model.nonZero.length };
}

function saga(ds: L1Dataset, dir: string, l1: number, l2: number, target: number) {
  const out = join(dir, "saga.json");
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const args = [join(import.meta.dirname, "l1", "saga.py"), dir, ds.X.rows, ds.X.cols, ds.K, l1, l2, target, SAGA_TOLS, SAGA_BUDGET_SECONDS, out].map(String);
  const child = spawnSync(PYTHON, args, { env, encoding: "utf8", stdio: ["ignore", "inherit", "inherit"], timeout: 60 * 60_000 });
  if (child.status !== 0) throw new Error(`saga.py exited with ${child.status ?? child.signal}`);
  return JSON.parse(readFileSync(out, "utf8")).runs as { tol: number; seconds: number; n_iter: number; objective: number; nonzero: number; warned: boolean }[];
}

// The machine may be shared: the load averages (1, 5, 15 min) at the start and the end say how busy it was.
const loadAtStart = loadavg();
console.log(`load average at start: ${loadAtStart.map((l) => l.toFixed(2)).join(", ")}`);
const scratch = mkdtempSync(join(tmpdir(), "l1-bench-"));
const results = [];
try {
  for (const c of cases) {
    const ds = c.dataset();
    const l1 = c.fraction * l1Max(ds.X, ds.y);
    console.log(`\n${ds.name} (${ds.description}); λ₁ = ${c.fraction}·λ₁_max = ${l1.toPrecision(6)}, λ₂ = ${c.l2}`);
    const reference = await ours(ds, l1, c.l2, 1e-11);
    const target = reference.objective * (1 + TARGET_GAP);
    console.log(`  F* = ${reference.objective.toPrecision(15)} (tol 1e-11 fit: KKT ${reference.kkt.toExponential(1)}, ${reference.nonZeroFeatures} features, ${reference.nonZeroWeights} weights ≠ 0)`);
    const runs = [];
    for (let r = 0; r < c.repeats; r++) runs.push(await ours(ds, l1, c.l2));
    const mine = { ...runs[0], seconds: median(runs.map((r) => r.seconds)), all: runs.map((r) => r.seconds) };
    console.log(`  softmax-regression ${mine.solver}: ${mine.seconds.toFixed(3)} s (median of ${c.repeats}), ${mine.iterations} iterations, KKT ${mine.kkt.toExponential(1)}, gap ${((mine.objective - reference.objective) / reference.objective).toExponential(1)}`);
    const dir = writeDataset(ds, scratch);
    const sagaRuns = saga(ds, dir, l1, c.l2, target).map((r) => ({ ...r, gap: (r.objective - reference.objective) / reference.objective }));
    const reached = sagaRuns.find((r) => r.objective <= target);
    // Not reached within the budget: saga needs longer than its last (longest) fit, so the ratio is below ours / that.
    const ratio = mine.seconds / (reached ?? sagaRuns.at(-1)!).seconds;
    console.log(`  saga: ${sagaRuns.map((r) => `tol ${r.tol}: ${r.seconds.toFixed(2)} s gap ${r.gap.toExponential(1)}`).join("; ")}`);
    console.log(`  ratio (ours / saga at the first tol within ${TARGET_GAP}): ${reached ? ratio.toFixed(4) : `< ${ratio.toFixed(4)} (saga did not get within ${TARGET_GAP} in its budget)`}`);
    results.push({ dataset: ds.name, description: ds.description, n: ds.X.rows, d: ds.X.cols, K: ds.K, l1, fraction: c.fraction, l2: c.l2, reference, ours: mine, saga: sagaRuns, sagaReached: reached ?? null, ratio, ratioIsUpperBound: !reached });
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/l1.json", import.meta.url), JSON.stringify({ date: new Date().toISOString(), loadAverage: { start: loadAtStart, end: loadavg() }, targetGap: TARGET_GAP, sagaBudgetSeconds: SAGA_BUDGET_SECONDS, results }, null, 2) + "\n");
console.log("\nwrote bench/results/l1.json");
