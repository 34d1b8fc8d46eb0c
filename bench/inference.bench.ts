// npm run bench:inference: what inference costs. An unpenalised fit (l2: 0, Newton, tol 1e-10)
// keeps the statistics inference needs; that work runs after the last iteration, together
// with the separation diagnosis every l2 = 0 fit already ran. For each shape, in one run,
// the median over REPEATS of: the whole fit, one Newton iteration (the median gap between
// iteration reports), the time after the last iteration (diagnosis + statistics), and the
// inference() and summary() calls; the tail is reported in Newton iterations and as a share
// of the fit. Public API only. Writes bench/results/inference.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { LogisticRegression } from "../src/index.js";
import { synthetic, type Dataset } from "./problems.js";

const REPEATS = 5;

function anes96(): Dataset {
  const lines = readFileSync(new URL("../test/fixtures/anes96.csv", import.meta.url), "utf8").trim().split("\n").slice(1);
  const rows = lines.map((l) => l.split(",").map(Number));
  const y = Int32Array.from(rows.map((r) => r.pop()!));
  return { name: "anes96 944×5×7", X: { data: Float64Array.from(rows.flat()), rows: rows.length, cols: 5 }, y, K: 7 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(ds: Dataset) {
  const fits: number[] = [];
  const iterations: number[] = [];
  const tails: number[] = [];
  const inference: number[] = [];
  const summary: number[] = [];
  let solver = "";
  for (let r = 0; r < REPEATS; r++) {
    const model = new LogisticRegression({ l2: 0, solver: "newton", tol: 1e-10 });
    const reports: number[] = [];
    const start = performance.now();
    reports.push(start);
    await model.fit(ds.X, ds.y, { onIteration: () => reports.push(performance.now()) });
    const end = performance.now();
    fits.push(end - start);
    tails.push(end - reports.at(-1)!);
    iterations.push(median(reports.slice(1).map((t, i) => t - reports[i])));
    solver = model.solver ?? "";
    const t0 = performance.now();
    model.inference({ covariance: "robust" });
    const t1 = performance.now();
    model.summary();
    summary.push(performance.now() - t1);
    inference.push(t1 - t0);
  }
  const row = {
    problem: ds.name,
    parameters: ds.K * (ds.X.cols + 1),
    solver,
    fitMs: median(fits),
    newtonIterationMs: median(iterations),
    afterLastIterationMs: median(tails),
    inferenceRobustMs: median(inference),
    summaryMs: median(summary),
    load: loadavg()[0],
  };
  console.log(
    `${row.problem.padEnd(28)} P=${String(row.parameters).padEnd(4)} fit ${row.fitMs.toFixed(0).padStart(6)} ms, Newton iteration ` +
      `${row.newtonIterationMs.toFixed(1).padStart(6)} ms, after the last iteration ${row.afterLastIterationMs.toFixed(1).padStart(7)} ms ` +
      `(${(row.afterLastIterationMs / row.newtonIterationMs).toFixed(1)} iterations, ${((100 * row.afterLastIterationMs) / row.fitMs).toFixed(0)}% of the fit); ` +
      `inference ${row.inferenceRobustMs.toFixed(1)} ms, summary ${row.summaryMs.toFixed(1)} ms (load ${row.load.toFixed(2)})`,
  );
  return row;
}

const results = [];
for (const ds of [anes96(), synthetic(20_000, 20, 5, 3), synthetic(100_000, 10, 4, 4), synthetic(20_000, 49, 10, 5)]) {
  results.push(await measure(ds));
}
mkdirSync(new URL("results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("results/inference.json", import.meta.url),
  JSON.stringify({ measured: new Date().toISOString(), node: process.version, repeats: REPEATS, results }, null, 2) + "\n",
);
