// npm run bench: kernel throughput side by side in one run (benny; medians): the WASM f64
// kernels, the f32 kernels, f64 on 2 threads, and the pure-JS backend, on the tall synthetic
// problem and on digits. Prints GFLOP/s and ratios, writes bench/results/kernels.json.
//
// Flop counts (multiply and add counted separately):
//   loss+gradient: 4·N·(d+1)·K  (logits 2·N(d+1)K, gradient accumulation 2·N(d+1)K)
//   Hessian:       2·N·(d+1)(d+2)/2·K(K+1)/2  (upper triangles of the K(K+1)/2 symmetric blocks)
import { mkdirSync, writeFileSync } from "node:fs";
import b from "benny";
import { shutdownThreads } from "../src/index.js";
import type { Backend, Dtype } from "../src/backends/backend.js";
import { getBackend } from "../src/backends/registry.js";
import { readTrainingSet } from "../src/input/training-set.js";
import { ResidentData } from "../src/objective/resident-data.js";
import { ResidentMatrix } from "../src/objective/resident-matrix.js";
import type { MatrixSource } from "../src/input/matrix.js";
import { holdThreads } from "../src/threads/pools.js";
import { digits, head, normals, synthetic, type Dataset } from "./problems.js";

interface Variant {
  name: string;
  backend: Backend;
  dtype: Dtype;
}

interface Measurement {
  kernel: string;
  dataset: string;
  variant: string;
  flops: number;
  medianSeconds: number;
  meanSeconds: number;
  opsPerSecond: number;
  gflops: number;
  samples: number;
}

const lease = await holdThreads().lease(2);
if (lease.threads !== 2) throw new Error(`threads unavailable: ${lease.warning}`);
const threaded = lease.backend;
const VARIANTS: Variant[] = [
  { name: "wasm f64", backend: getBackend("wasm"), dtype: "float64" },
  { name: "wasm f32", backend: getBackend("wasm"), dtype: "float32" },
  { name: "wasm f64 ×2 threads", backend: threaded, dtype: "float64" },
  { name: "js f64", backend: getBackend("js"), dtype: "float64" },
];

const results: Measurement[] = [];

function place(ds: Dataset, v: Variant): ResidentData {
  const { X, targets, weights } = readTrainingSet(ds.X, Array.from(ds.y), undefined);
  const matrix = new ResidentMatrix(v.backend, X as MatrixSource, v.dtype);
  return new ResidentData(matrix, targets, weights, true, true);
}

async function suite(kernel: "loss+gradient" | "hessian", ds: Dataset, variants: Variant[]) {
  const n = ds.X.rows;
  const m = ds.X.cols + 1;
  const K = ds.K;
  const flops = kernel === "loss+gradient" ? 4 * n * m * K : n * m * (m + 1) * ((K * (K + 1)) / 2);
  const normal = normals(7);
  const theta = Float64Array.from({ length: K * m }, () => 0.1 * normal());
  const grad = new Float64Array(theta.length);
  const hessian = kernel === "hessian";
  const problems = variants.map((v) => place(ds, v));
  const cases = variants.map((v, i) => {
    const problem = problems[i];
    if (hessian) problem.lossGradient(theta, null, true);
    return b.add(v.name, () => {
      if (hessian) problem.hessianBlocks();
      else problem.lossGradient(theta, grad);
    });
  });
  await b.suite(
    `${kernel} on ${ds.name}`,
    ...cases,
    b.cycle((result) => {
      const median = result.details.median;
      const gflops = flops / median / 1e9;
      results.push({
        kernel, dataset: ds.name, variant: result.name, flops, medianSeconds: median,
        meanSeconds: result.details.mean, opsPerSecond: result.ops, gflops, samples: result.samples,
      });
      console.log(`  ${result.name.padEnd(20)} median ${(median * 1e3).toFixed(2).padStart(8)} ms  mean ${(result.details.mean * 1e3).toFixed(2).padStart(8)} ms  ${result.ops} ops/s  ${gflops.toFixed(2)} GFLOP/s`);
    }),
  );
  for (const p of problems) p.dispose();
}

b.configure({ cases: { minSamples: 8, maxTime: 3 } });
const tall = synthetic(100_000, 100, 10);
const digitsData = digits();
await suite("loss+gradient", tall, VARIANTS);
await suite("loss+gradient", digitsData, VARIANTS);
// The pure-JS Hessian needs about a minute on all 100 000 rows; 10 000 rows keep the run short.
await suite("hessian", head(tall, 10_000), VARIANTS);
await suite("hessian", digitsData, VARIANTS);
await shutdownThreads();

const median = (kernel: string, dataset: string, variant: string) =>
  results.find((r) => r.kernel === kernel && r.dataset === dataset && r.variant === variant)!;
const ratios: Record<string, Record<string, number>> = {};
for (const key of new Set(results.map((r) => `${r.kernel} on ${r.dataset}`))) {
  const [kernel, dataset] = key.split(" on ");
  const base = median(kernel, dataset, "wasm f64");
  ratios[key] = {
    "wasm f64 / js f64": median(kernel, dataset, "js f64").medianSeconds / base.medianSeconds,
    "wasm f32 / wasm f64": base.medianSeconds / median(kernel, dataset, "wasm f32").medianSeconds,
    "2 threads / 1 thread": base.medianSeconds / median(kernel, dataset, "wasm f64 ×2 threads").medianSeconds,
  };
}
const tallKey = `loss+gradient on ${tall.name}`;
const hessianVsLogits = median("hessian", head(tall, 10_000).name, "wasm f64").gflops / median("loss+gradient", tall.name, "wasm f64").gflops;
console.log("\nRatios (medians, this run):");
for (const [key, r] of Object.entries(ratios)) {
  console.log(`  ${key}: ` + Object.entries(r).map(([k, v]) => `${k} ${v.toFixed(2)}×`).join(", "));
}
console.log(`  Hessian GFLOP/s / loss+gradient GFLOP/s (wasm f64, tall): ${hessianVsLogits.toFixed(2)}`);
console.log(`  targets: loss+gradient ≥ 10 GFLOP/s (${median("loss+gradient", tall.name, "wasm f64").gflops.toFixed(2)}), ≥ 8× JS (${ratios[tallKey]["wasm f64 / js f64"].toFixed(2)}), f32 ≥ 1.5× (${ratios[tallKey]["wasm f32 / wasm f64"].toFixed(2)}), 2 threads ≥ 1.7× (${ratios[tallKey]["2 threads / 1 thread"].toFixed(2)}), Hessian ≥ 0.5× (${hessianVsLogits.toFixed(2)})`);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
const out = {
  date: new Date().toISOString(),
  node: process.version,
  flopCounts: "loss+gradient 4·N·(d+1)·K; hessian 2·N·(d+1)(d+2)/2·K(K+1)/2",
  results,
  ratios,
  hessianOverLossGradientGflops: hessianVsLogits,
};
writeFileSync(new URL("./results/kernels.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
console.log("wrote bench/results/kernels.json");
