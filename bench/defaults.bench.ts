// npm run bench:defaults — the package's DEFAULT fit against scikit-learn's DEFAULT fit on real
// data, side by side in one run: wall time (median of repeats), the final objective each reaches
// and CPU time (less sensitive to a loaded machine), (both scored by this package's objective in float64, as a relative gap above the optimum) and,
// where there is a test split, test accuracy. Both sides stop on their own rule: the package at
// max |∇f| ≤ 1e-8 (its default tol), scikit-learn lbfgs at tol 1e-4 (scipy's tests on the summed
// objective). λ = 1e-4 on the mean loss (scikit-learn C = 1/(λN)), one thread each, float64.
// Options: --only=iris-raw,digits-std,…   a subset (its rows replace theirs in bench/results/defaults.json);  --skip=fashion-mnist   leave it out (≈ 5 min);
//          --repeats=N   timed fits per side on the small sets (default 15; digits 7, Fashion-MNIST 1).
// The optimum f* of each set is the lowest of: both fits and this package's Newton at tol 1e-12
// started from the better of the two.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LogisticRegression, createObjective } from "../src/index.js";
import { csvDataset, fashionMnist, type RealDataset, type RealSplit } from "./defaults/data.js";
import { PYTHON } from "./field/environment.js";

const LAMBDA = 1e-4;
const here = dirname(fileURLToPath(import.meta.url));
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const only = args.get("only")?.split(",");
const skip = new Set(args.get("skip")?.split(",") ?? []);
const smallRepeats = Number(args.get("repeats") ?? 15);

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function accuracy(theta: ArrayLike<number>, split: RealSplit, d: number, K: number): number {
  let right = 0;
  for (let i = 0; i < split.rows; i++) {
    let best = 0;
    let bestZ = -Infinity;
    for (let k = 0; k < K; k++) {
      let z = theta[k * (d + 1)];
      for (let j = 0; j < d; j++) z += theta[k * (d + 1) + 1 + j] * split.X[i * d + j];
      if (z > bestZ) [best, bestZ] = [k, z];
    }
    if (best === split.y[i]) right++;
  }
  return right / split.rows;
}

interface Side {
  seconds: number[];
  median: number;
  /** CPU seconds of the process (ours: user + system, V8's helper threads included). */
  cpuSeconds: number[];
  cpuMedian: number;
  iterations: number;
  solver: string;
  objective: number;
  gap?: number;
  testAccuracy?: number;
  warnings: string[];
}

function oursFits(ds: RealDataset, repeats: number): Side & { theta: Float64Array } {
  const X = { data: ds.train.X, rows: ds.train.rows, cols: ds.d };
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let model!: LogisticRegression;
  // Warm-up fit on the first rows (JIT, WASM compilation), untimed.
  const head = Math.min(ds.train.rows, 500);
  new LogisticRegression({ l2: LAMBDA }).fitSync({ data: ds.train.X.subarray(0, head * ds.d), rows: head, cols: ds.d }, ds.train.y.subarray(0, head)).dispose();
  for (let r = 0; r < repeats; r++) {
    model?.dispose();
    model = new LogisticRegression({ l2: LAMBDA });
    const t = performance.now();
    const cpu = process.cpuUsage();
    model.fitSync(X, ds.train.y);
    seconds.push((performance.now() - t) / 1000);
    const used = process.cpuUsage(cpu);
    cpuSeconds.push((used.user + used.system) / 1e6);
  }
  const theta = model.theta;
  const result = { seconds, median: median(seconds), cpuSeconds, cpuMedian: median(cpuSeconds), iterations: model.nIter, solver: model.solver as string, objective: 0, theta, warnings: [...model.warnings] };
  if (!model.converged) result.warnings.push(`stopped: ${model.stopReason}`);
  model.dispose();
  return result;
}

function sklearnFits(ds: RealDataset, dir: string, repeats: number): (Side & { theta: Float64Array; versions: Record<string, string> }) | { error: string } {
  const out = join(dir, "sklearn.json");
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const child = spawnSync(PYTHON, [join(here, "defaults", "sklearn_default.py"), dir, String(ds.train.rows), String(ds.d), String(ds.K), String(LAMBDA), String(repeats), out], {
    env,
    encoding: "utf8",
    timeout: 30 * 60_000,
  });
  if (child.status !== 0) return { error: `python exited with ${child.status ?? child.signal}: ${(child.stderr || "").slice(-500)}` };
  const r = JSON.parse(readFileSync(out, "utf8"));
  const d = ds.d;
  const theta = new Float64Array(ds.K * (d + 1));
  for (let k = 0; k < ds.K; k++) {
    theta[k * (d + 1)] = r.intercept[k];
    for (let j = 0; j < d; j++) theta[k * (d + 1) + 1 + j] = r.coef[k][j];
  }
  return { seconds: r.seconds, median: median(r.seconds), cpuSeconds: r.cpu_seconds, cpuMedian: median(r.cpu_seconds), iterations: r.n_iter, solver: "lbfgs", objective: 0, theta, warnings: r.warnings, versions: r.versions };
}

/** The lowest objective this package's Newton reaches at tol 1e-12 from `start` (the optimum, to rounding). */
function tightOptimum(ds: RealDataset, start: Float64Array): number {
  const X = { data: ds.train.X, rows: ds.train.rows, cols: ds.d };
  const m = ds.d + 1;
  const init = {
    intercept: Array.from({ length: ds.K }, (_, k) => start[k * m]),
    coef: Array.from({ length: ds.K }, (_, k) => Array.from(start.subarray(k * m + 1, (k + 1) * m))),
  };
  const model = new LogisticRegression({ l2: LAMBDA, solver: "newton", tol: 1e-12, maxIter: 500 }).fitSync(X, ds.train.y, { init });
  const f = model.lossHistory[model.lossHistory.length - 1];
  model.dispose();
  return f;
}

const sets: (() => RealDataset | null)[] = [
  () => csvDataset("iris", false),
  () => csvDataset("iris", true),
  () => csvDataset("wine", false),
  () => csvDataset("wine", true),
  () => csvDataset("breast_cancer", false),
  () => csvDataset("breast_cancer", true),
  () => csvDataset("digits", false),
  () => csvDataset("digits", true),
  () => (skip.has("fashion-mnist") || (only && !only.includes("fashion-mnist")) ? null : fashionMnist()),
];

const file = join(here, "results", "defaults.json");
const tmp = mkdtempSync(join(tmpdir(), "softmax-defaults-"));
const results: Record<string, unknown>[] = [];
let versions: Record<string, string> = {};
console.log(`default fit vs scikit-learn's default fit, λ = ${LAMBDA}, one thread; ${cpus()[0]?.model} (${cpus().length} cores), Node ${process.version}`);
console.log("| data | N×d×K | ours (solver, iterations) | scikit-learn lbfgs (iterations) | wall ratio | CPU ratio | gap ours | gap sklearn | test acc ours / sklearn | load |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
try {
  for (const make of sets) {
    const ds = make();
    if (!ds || (only && !only.includes(ds.key))) {
      if (!ds && !skip.has("fashion-mnist") && !only) console.log(`(fashion-mnist skipped: Debian's dataset-fashion-mnist is not installed)`);
      continue;
    }
    const dir = join(tmp, ds.key);
    mkdirSync(dir);
    writeFileSync(join(dir, "X.f64"), new Uint8Array(ds.train.X.buffer));
    writeFileSync(join(dir, "y.i32"), new Uint8Array(ds.train.y.buffer));
    const repeats = ds.train.rows * ds.d > 1e6 ? 1 : ds.train.rows * ds.d > 1e5 ? 7 : smallRepeats;
    const load = loadavg()[0];
    // Ours before and after scikit-learn (half the repeats each, at least one), so load drift hits both sides alike.
    const half = Math.max(1, Math.ceil(repeats / 2));
    const oursA = oursFits(ds, half);
    const sk = sklearnFits(ds, dir, repeats);
    const oursB = repeats > 1 ? oursFits(ds, half) : null;
    const ours: Side & { theta: Float64Array } = { ...oursA, seconds: [...oursA.seconds, ...(oursB?.seconds ?? [])], cpuSeconds: [...oursA.cpuSeconds, ...(oursB?.cpuSeconds ?? [])] };
    ours.median = median(ours.seconds);
    ours.cpuMedian = median(ours.cpuSeconds);
    const objective = createObjective({ data: ds.train.X, rows: ds.train.rows, cols: ds.d }, ds.train.y, { l2: LAMBDA });
    ours.objective = objective.value(ours.theta);
    if ("error" in sk) {
      console.log(`| ${ds.key} | scikit-learn failed: ${sk.error} |`);
      objective.dispose();
      continue;
    }
    versions = sk.versions;
    sk.objective = objective.value(sk.theta);
    objective.dispose();
    const fStar = Math.min(ours.objective, sk.objective, tightOptimum(ds, ours.objective <= sk.objective ? ours.theta : sk.theta));
    ours.gap = (ours.objective - fStar) / fStar;
    sk.gap = (sk.objective - fStar) / fStar;
    if (ds.test) {
      ours.testAccuracy = accuracy(ours.theta, ds.test, ds.d, ds.K);
      sk.testAccuracy = accuracy(sk.theta, ds.test, ds.d, ds.K);
    }
    const ratio = ours.median / sk.median;
    const cpuRatio = ours.cpuMedian / sk.cpuMedian;
    const times = (r: number) => `${r < 0.1 ? r.toPrecision(2) : r.toFixed(2)}×`;
    const ms = (s: number) => (s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`);
    const acc = ds.test ? `${(100 * ours.testAccuracy!).toFixed(2)}% / ${(100 * sk.testAccuracy!).toFixed(2)}%` : "—";
    console.log(
      `| ${ds.key} | ${ds.train.rows}×${ds.d}×${ds.K} | ${ms(ours.median)} (${ours.solver}, ${ours.iterations}) | ${ms(sk.median)} (${sk.iterations}) | **${times(ratio)}** | ${times(cpuRatio)} | ${ours.gap.toExponential(1)} | ${sk.gap.toExponential(1)} | ${acc} | ${load.toFixed(1)} |`,
    );
    const { theta: _o, ...oursOut } = ours;
    const { theta: _s, versions: _v, ...skOut } = sk;
    results.push({ dataset: ds.key, date: new Date().toISOString(), description: ds.description, rows: ds.train.rows, d: ds.d, K: ds.K, repeats, fStar, ratio, cpuRatio, loadAverage: load, ours: oursOut, sklearn: skOut });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
// A run of some sets (--only, --skip) replaces just their rows of the results file (read now, not at the start: runs may overlap).
const earlier: Record<string, unknown>[] = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).results : [];
const ran = new Set(results.map((r) => r.dataset));
const merged = [...earlier.filter((r) => !ran.has(r.dataset)), ...results];
const order = ["iris-raw", "iris-std", "wine-raw", "wine-std", "breast-cancer-raw", "breast-cancer-std", "digits-raw", "digits-std", "fashion-mnist"];
merged.sort((a, b) => order.indexOf(a.dataset as string) - order.indexOf(b.dataset as string));
writeFileSync(
  file,
  JSON.stringify(
    {
      machine: `${cpus()[0]?.model}, ${cpus().length} logical cores`,
      node: process.version,
      versions,
      lambda: LAMBDA,
      ours: "new LogisticRegression({ l2: 1e-4 }).fitSync({ data, rows, cols }, y): every other option at its default (solver auto, tol 1e-8)",
      sklearn: 'LogisticRegression(C=1/(λN), multi_class="multinomial", max_iter=10000): lbfgs, tol 1e-4 (max_iter raised from 100 so it stops on its own rule)',
      timing: "wall seconds of fit only, median of the repeats; one untimed warm-up fit per side on the first 500 rows; ours half before, half after scikit-learn's",
      gap: "(f − f*)/f*, f the package's objective (mean cross-entropy + λ/2‖W‖²) of the final parameters; f* the lowest of both fits and Newton at tol 1e-12 warm-started from the better one",
      results: merged,
    },
    null,
    1,
  ) + "\n",
);
console.log(`wrote ${file}`);
