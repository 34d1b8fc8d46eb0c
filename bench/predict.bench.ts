// npm run bench:predict — prediction speed side by side in one run, medians of many alternating
// repetitions: the package's predictProba (rows of numbers, flat, into a caller's array) against
// a plain JavaScript loop over the same coefficients (the yardstick of issue 10, target 4), for
// 1000 rows and one row at d = 4, K = 3, and at d = 64, K = 10.
// Writes bench/results/predict.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { Predictor } from "../src/index.js";
import { FORMAT, FORMAT_VERSION, VERSION } from "../src/util/version.js";
import { normals } from "./problems.js";

interface Contender {
  name: string;
  run: () => unknown;
}

/** Median milliseconds per call of each contender; calls alternate so load hits all alike. */
function race(contenders: Contender[], callsPerSample: number, samples: number): Map<string, number> {
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const c of contenders) for (let i = 0; i < 3 * callsPerSample; i++) c.run(); // warm-up, JIT
  let sink = 0;
  for (let s = 0; s < samples; s++) {
    for (const c of contenders) {
      const t0 = performance.now();
      for (let i = 0; i < callsPerSample; i++) sink += c.run() ? 1 : 0;
      times.get(c.name)!.push((performance.now() - t0) / callsPerSample);
    }
  }
  if (sink < 0) console.log(sink);
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  return new Map([...times].map(([k, v]) => [k, median(v)]));
}

function problem(n: number, d: number, K: number, seed: number) {
  const normal = normals(seed);
  const coef = Array.from({ length: K }, () => Array.from({ length: d }, () => normal()));
  const intercept = Array.from({ length: K }, () => normal());
  const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => normal()));
  const saved = { format: FORMAT, formatVersion: FORMAT_VERSION, libraryVersion: VERSION, classes: coef.map((_, k) => k), nFeatures: d, fitIntercept: true, coef, intercept };
  return { coef, intercept, rows, saved };
}

/** The yardstick: softmax of b + Wx per row with Math.exp, rows of numbers out. */
function plainLoop(coef: number[][], intercept: number[], rows: number[][]): number[][] {
  const K = coef.length;
  const out: number[][] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const x = rows[i];
    const z = new Array<number>(K);
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let v = intercept[k];
      const w = coef[k];
      for (let j = 0; j < x.length; j++) v += w[j] * x[j];
      z[k] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += z[k] = Math.exp(z[k] - max);
    for (let k = 0; k < K; k++) z[k] /= sum;
    out[i] = z;
  }
  return out;
}

const PLAIN = "plain JS loop (Math.exp, number[][])";
const results: Record<string, unknown>[] = [];
function report(label: string, medians: Map<string, number>, base: string): void {
  console.log(`\n${label}`);
  const b = medians.get(base)!;
  for (const [name, ms] of medians) {
    const unit = ms < 0.01 ? `${(ms * 1e3).toFixed(2)} µs` : `${ms.toFixed(3)} ms`;
    console.log(`  ${name.padEnd(46)} ${unit.padStart(11)}   ${(ms / b).toFixed(2)}× ${base === name ? "(base)" : base}`);
    results.push({ case: label, contender: name, medianMs: ms, ratioToBase: ms / b, base });
  }
}

// 1. The case: 1000 rows, d = 4, K = 3; and one row.
{
  const { coef, intercept, rows, saved } = problem(1000, 4, 3, 1);
  const p = Predictor.fromJSON(saved);
  const out = new Float64Array(rows.length * 3);
  report("1000 rows, d = 4, K = 3", race([
    { name: PLAIN, run: () => plainLoop(coef, intercept, rows) },
    { name: "predictProba(X) → number[][]", run: () => p.predictProba(rows) },
    { name: "predictProba(X, { flat: true })", run: () => p.predictProba(rows, { flat: true }) },
    { name: "predictProba(X, { out })", run: () => p.predictProba(rows, { out }) },
    { name: "predictLogProba(X)", run: () => p.predictLogProba(rows) },
    { name: "decisionFunction(X)", run: () => p.decisionFunction(rows) },
  ], 5, 301), PLAIN);
  const one = [rows[0]];
  const out1 = new Float64Array(3);
  report("one row, d = 4, K = 3", race([
    { name: PLAIN, run: () => plainLoop(coef, intercept, one) },
    { name: "predictProba([x])", run: () => p.predictProba(one) },
    { name: "predictProba([x], { out })", run: () => p.predictProba(one, { out: out1 }) },
    { name: "predict([x])", run: () => p.predict(one) },
  ], 2000, 101), PLAIN);
}

// 2. Wider rows: one row, and a large batch (where the flat output matters most).
{
  const { coef, intercept, rows, saved } = problem(20_000, 64, 10, 2);
  const p = Predictor.fromJSON(saved);
  const one = [rows[0]];
  report("one row, d = 64, K = 10", race([
    { name: PLAIN, run: () => plainLoop(coef, intercept, one) },
    { name: "predictProba([x])", run: () => p.predictProba(one) },
  ], 1000, 101), PLAIN);
  const flatX = { data: Float64Array.from(rows.flat()), rows: rows.length, cols: 64 };
  const out = new Float64Array(rows.length * 10);
  report("20 000 rows, d = 64, K = 10", race([
    { name: PLAIN, run: () => plainLoop(coef, intercept, rows) },
    { name: "predictProba(X) → number[][]", run: () => p.predictProba(rows) },
    { name: "predictProba({ data, rows, cols }, { out })", run: () => p.predictProba(flatX, { out }) },
  ], 1, 41), PLAIN);
}

mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/predict.json", import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2) + "\n",
);
console.log("\nwrote bench/results/predict.json");
