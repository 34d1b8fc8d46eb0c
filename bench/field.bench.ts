// npm run bench:field — softmax-regression against the field, on the same data and the same
// objective, in one run: field/plan.ts says what runs, field/run.ts runs every contender in
// its own process, field/score.ts scores every result with the package's objective and
// accuracy, field/report.ts prints the tables and writes bench/results/field.json and
// field.svg. The package is used through its public API only.
// Options: --only=digits,digits-raw,tall,wide,wide-raw   run a subset of the datasets.
//          --skip=tfjs,ml,sklearn,js  leave out contenders (js: the pure-JS backend rows).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LogisticRegression } from "../src/index.js";
import { parseArgs } from "./field/args.js";
import { DATASETS, writeDataset } from "./field/data.js";
import { PYTHON, probeEnvironment } from "./field/environment.js";
import { POLISHED_GRADIENT, POLISH_TOL } from "./field/optimum.js";
import { contenders } from "./field/plan.js";
import { printTable, writeResults } from "./field/report.js";
import { runContenders } from "./field/run.js";
import { scoreDataset, type DatasetSummary, type Row } from "./field/score.js";

const here = dirname(fileURLToPath(import.meta.url));
const { only, skip } = parseArgs(process.argv.slice(2));
const env = probeEnvironment(dirname(here), skip.has("sklearn"));
const defaultSolver = new LogisticRegression({}).options.solver;
console.log(`field benchmark on ${env.cpu} (${env.cores} logical cores), Node ${process.version}`);
console.log(`versions: ${Object.entries(env.versions).map(([k, v]) => `${k} ${v}`).join(", ")}`);
console.log(`package default solver: "${defaultSolver}"`);
if (!env.sklearnVersions) console.log(`scikit-learn: skipped (${PYTHON} -c "import sklearn" failed${skip.has("sklearn") ? ": --skip" : ""})`);

const makers = DATASETS;
const tmp = mkdtempSync(join(tmpdir(), "softmax-field-"));
const started = performance.now();
const rows: Row[] = [];
const datasets: DatasetSummary[] = [];
try {
  for (const [key, make] of makers) {
    if (only && !only.has(key)) continue;
    const t0 = performance.now();
    const ds = make();
    const files = writeDataset(ds, tmp);
    console.log(`\n== ${ds.name} (${ds.train.rows} train, ${ds.test?.rows ?? 0} test rows; generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const specs = contenders(ds, files, tmp, { defaultSolver, sklearn: env.sklearnVersions !== null, skip });
    const scored = await scoreDataset(ds, runContenders(specs, ds));
    rows.push(...scored.rows);
    datasets.push(scored.summary);
    const o = scored.optimum;
    const fStar =
      o.loss === null
        ? "f*: no float64 θ to polish"
        : `f* from "${o.from}" (max |∇f| ${o.startMaxAbsGradient?.toExponential(1)})${o.seconds > 0 ? `, polished by ${o.iterations} iterations at tol ${POLISH_TOL} in ${o.seconds.toFixed(1)} s` : ", no polish run"}: max |∇f| ${o.maxAbsGradient?.toExponential(1)}${o.polished ? "" : ` — NOT an optimum (above ${POLISHED_GRADIENT}): times to target are relative to the best found`}`;
    printTable(ds.name, scored.best, scored.target, scored.rows, scored.ratioBasis, { best: scored.sklearnBest, ratio: scored.defaultOverSklearn, stop: scored.defaultStopOverSklearn, ran: env.sklearnVersions !== null }, scored.summary.accuracy, fStar);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const totalSeconds = (performance.now() - started) / 1000;
writeResults(join(here, "results"), { env, defaultSolver, totalSeconds, datasets, rows, keepOthers: only !== null, order: makers.map(([key]) => key) });
console.log(`\ntotal ${totalSeconds.toFixed(0)} s; wrote bench/results/field.json and bench/results/field.svg${only ? " (datasets not run here kept from the previous field.json)" : ""}`);
