// A stored reference optimum θ* for a field dataset on which no contender gets near f* within
// the benchmark's caps (wide-raw). bench:field re-evaluates f(θ*) and max |∇f(θ*)| on the
// data it generates in that run and counts θ* as one more candidate for f* (score.ts), so a
// stale or wrong file can only fail to help, never lower the bar: the run prints its gradient.
//
// Usage: npx tsx bench/field/reference-optimum.ts KEY [--from=FILE] [--solver=lbfgs] [--maxIter=N] [--tol=1e-10]
// Writes bench/results/field.KEY-optimum.f64 (θ in the class-major [b_k, W_1k … W_dk] layout,
// little-endian float64), checkpointed every 100 iterations (every one with a Newton solver). --from resumes from such a file.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createObjective, LogisticRegression } from "../../src/index.js";
import { DATASETS, type FieldDataset } from "./data.js";
import { LAMBDA } from "./plan.js";

const here = dirname(fileURLToPath(import.meta.url));

export function referenceOptimumPath(key: FieldDataset["key"]): string {
  return join(here, "..", "results", `field.${key}-optimum.f64`);
}

/** The stored θ* of a dataset, or null when there is none or it does not fit its shape. */
export function readReferenceOptimum(ds: FieldDataset): number[] | null {
  try {
    const bytes = readFileSync(referenceOptimumPath(ds.key));
    const theta = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return theta.length === ds.K * (ds.d + 1) ? Array.from(theta) : null;
  } catch {
    return null;
  }
}

async function main() {
  const [key, ...rest] = process.argv.slice(2);
  const args = Object.fromEntries(rest.map((a) => a.replace(/^--/, "").split("=")));
  const make = DATASETS.find(([k]) => k === key)?.[1];
  if (!make) throw new Error(`unknown dataset ${key}; one of ${DATASETS.map(([k]) => k).join(", ")}`);
  const ds = make();
  const out = referenceOptimumPath(ds.key);
  const X = { data: ds.train.X, rows: ds.train.rows, cols: ds.d };
  const m = ds.d + 1;
  const fitOptions: Record<string, unknown> = {};
  if (args.from) {
    const bytes = readFileSync(args.from);
    const start = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    fitOptions.init = {
      coef: Array.from({ length: ds.K }, (_, k) => Array.from(start.subarray(k * m + 1, (k + 1) * m))),
      intercept: Array.from({ length: ds.K }, (_, k) => start[k * m]),
    };
  }
  const save = (theta: Float64Array) => writeFileSync(out, new Uint8Array(theta.buffer, theta.byteOffset, theta.byteLength));
  const t0 = performance.now();
  // Newton iterations are few and long: report each; L-BFGS's every 100th.
  const every = (args.solver ?? "lbfgs") === "lbfgs" ? 100 : 1;
  fitOptions.onIteration = (r: { iteration: number; loss: number; gradientNorm?: number; theta: Float64Array }) => {
    if (r.iteration % every !== 0) return;
    save(r.theta);
    console.log(`${((performance.now() - t0) / 1000).toFixed(0)} s, iteration ${r.iteration}: f ${r.loss}, gradientNorm ${r.gradientNorm}`);
  };
  const model = new LogisticRegression({ l2: LAMBDA, solver: (args.solver ?? "lbfgs") as never, tol: Number(args.tol ?? 1e-10), maxIter: Number(args.maxIter ?? 30_000) });
  await model.fit(X, ds.train.y, fitOptions as never);
  save(model.theta);
  const objective = createObjective(X, ds.train.y, { l2: LAMBDA });
  const g = objective.gradient(model.theta);
  let maxAbs = 0;
  for (const v of g) maxAbs = Math.max(maxAbs, Math.abs(v));
  console.log(`${model.solver}: ${model.nIter} iterations, ${model.stopReason}; f(θ*) ${objective.value(model.theta)}, max |∇f| ${maxAbs}; wrote ${out}`);
  objective.dispose();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
