// npm run bench: kernel throughput, WebAssembly SIMD vs the pure-JS backend, side by side
// in one run (benny), with GFLOP/s and WASM/JS ratios from medians. Writes
// bench/results/kernels.json.
//
// Flop counts (multiply and add counted separately):
//   loss+gradient: 4·N·(d+1)·K  (logits 2·N(d+1)K, gradient accumulation 2·N(d+1)K)
//   Hessian:       2·N·(d+1)(d+2)/2·K(K+1)/2  (upper triangles of the K(K+1)/2 symmetric blocks)
import { mkdirSync, writeFileSync } from "node:fs";
import b from "benny";
import "../src/index.js";
import { digits, head, place, synthetic, type Dataset } from "./problems.js";
import { normals } from "./problems.js";

interface Measurement {
  kernel: string;
  dataset: string;
  backend: string;
  flops: number;
  medianSeconds: number;
  meanSeconds: number;
  opsPerSecond: number;
  gflops: number;
  samples: number;
}

const results: Measurement[] = [];

function parametersFor(ds: Dataset): Float64Array {
  const normal = normals(7);
  return Float64Array.from({ length: ds.K * (ds.X.cols + 1) }, () => 0.1 * normal());
}

async function suite(kernel: "loss+gradient" | "hessian", ds: Dataset) {
  const n = ds.X.rows;
  const m = ds.X.cols + 1;
  const K = ds.K;
  const flops = kernel === "loss+gradient" ? 4 * n * m * K : n * m * (m + 1) * ((K * (K + 1)) / 2);
  const theta = parametersFor(ds);
  const problems = { wasm: place(ds, "wasm"), js: place(ds, "js") };
  const grad = new Float64Array(theta.length);
  const hessian = kernel === "hessian" ? new Float64Array(theta.length * theta.length) : null;
  const cases = (["wasm", "js"] as const).map((backend) => {
    const problem = problems[backend];
    if (hessian) problem.lossGradient(theta, null, true);
    return b.add(backend, () => {
      if (hessian) problem.hessian(hessian);
      else problem.lossGradient(theta, grad);
    });
  });
  const name = `${kernel} on ${ds.name}`;
  await b.suite(
    name,
    ...cases,
    b.cycle((result) => {
      const median = result.details.median;
      const gflops = flops / median / 1e9;
      results.push({
        kernel,
        dataset: ds.name,
        backend: result.name,
        flops,
        medianSeconds: median,
        meanSeconds: result.details.mean,
        opsPerSecond: result.ops,
        gflops,
        samples: result.samples,
      });
      console.log(`  ${result.name.padEnd(5)} median ${(median * 1e3).toFixed(2)} ms  ${result.ops} ops/s  ${gflops.toFixed(2)} GFLOP/s`);
    }),
    b.complete(() => {
      const [w, j] = ["wasm", "js"].map((backend) => results.find((r) => r.kernel === kernel && r.dataset === ds.name && r.backend === backend)!);
      console.log(`  WASM/JS ratio (medians): ${(j.medianSeconds / w.medianSeconds).toFixed(2)}×`);
    }),
  );
  problems.wasm.dispose();
  problems.js.dispose();
}

b.configure({ cases: { minSamples: 5, maxTime: 3 } });
const tall = synthetic(100_000, 100, 10);
const digitsData = digits();
await suite("loss+gradient", tall);
await suite("loss+gradient", digitsData);
// The pure-JS Hessian needs about a minute on all 100 000 rows; 10 000 rows keep the run short.
await suite("hessian", head(tall, 10_000));
await suite("hessian", digitsData);

const ratios = Object.fromEntries(
  [...new Set(results.map((r) => `${r.kernel} on ${r.dataset}`))].map((key) => {
    const [w, j] = ["wasm", "js"].map((backend) => results.find((r) => `${r.kernel} on ${r.dataset}` === key && r.backend === backend)!);
    return [key, j.medianSeconds / w.medianSeconds];
  }),
);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
const out = { date: new Date().toISOString(), node: process.version, flopCounts: "loss+gradient 4·N·(d+1)·K; hessian 2·N·(d+1)(d+2)/2·K(K+1)/2", results, wasmOverJsRatios: ratios };
writeFileSync(new URL("./results/kernels.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
console.log("\nWASM/JS ratios (medians):");
for (const [key, ratio] of Object.entries(ratios)) console.log(`  ${key}: ${ratio.toFixed(2)}×`);
console.log("wrote bench/results/kernels.json");
