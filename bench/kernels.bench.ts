// npm run bench: kernel throughput side by side in one run (benny; medians): the WASM f64
// kernels, the f32 kernels, f64 on 2 threads, and the pure-JS backend, on the tall synthetic
// problem and on digits; and the same loss+gradient pass in numpy + OpenBLAS on one thread
// (bench/kernels_numpy.py, Debian's /usr/bin/python3; skipped if it does not run). Prints
// GFLOP/s and ratios, writes bench/results/kernels.json.
//
// Besides benny's wall-clock medians, every one-thread contender (numpy included) is also timed
// in CPU time (process.cpuUsage; Python's time.process_time), call by call: on a shared machine
// a process waiting for a core adds wall time but no CPU time, so these medians move far less
// with the load. (They still include what other processes do to the caches.) The 2-thread
// variant has only wall time: its CPU time is the sum over both threads.
//
// Flop counts (multiply and add counted separately):
//   loss+gradient: 4·N·(d+1)·K  (logits 2·N(d+1)K, gradient accumulation 2·N(d+1)K)
//   Hessian-vector: 4·N·(d+1)·K (the same two products)
//   Hessian:       2·N·(d+1)(d+2)/2·K(K+1)/2  (upper triangles of the K(K+1)/2 symmetric blocks)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import b from "benny";
import { shutdownThreads } from "../src/index.js";
import type { Backend, Dtype } from "../src/backends/backend.js";
import { getBackend } from "../src/backends/training-backends.js";
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
  /** Median CPU seconds per call (one-thread variants only). */
  cpuMedianSeconds?: number;
  cpuGflops?: number;
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

type Kernel = "loss+gradient" | "hessian-vector" | "hessian";

/** θ of the benchmarks: small seeded normals (the numpy contender reads the same values). */
function benchTheta(K: number, m: number): Float64Array {
  const normal = normals(7);
  return Float64Array.from({ length: K * m }, () => 0.1 * normal());
}

async function suite(kernel: Kernel, ds: Dataset, variants: Variant[]) {
  const n = ds.X.rows;
  const m = ds.X.cols + 1;
  const K = ds.K;
  const flops = kernel === "hessian" ? n * m * (m + 1) * ((K * (K + 1)) / 2) : 4 * n * m * K;
  const theta = benchTheta(K, m);
  const grad = new Float64Array(theta.length);
  const v = Float64Array.from(theta, (t, i) => (i % 3) - 1 + t);
  const cached = kernel !== "loss+gradient";
  const problems = variants.map((variant) => place(ds, variant));
  const cases = variants.map((variant, i) => {
    const problem = problems[i];
    if (cached) problem.lossGradient(theta, null, true);
    return b.add(variant.name, () => {
      if (kernel === "hessian") problem.hessianBlocks();
      else if (kernel === "hessian-vector") problem.hessianVector(v, grad);
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
  // CPU time, call by call, for the one-thread variants: about two CPU seconds each.
  variants.forEach((variant, i) => {
    if (variant.backend === threaded) return;
    const run = problems[i];
    const call = () => {
      if (kernel === "hessian") run.hessianBlocks();
      else if (kernel === "hessian-vector") run.hessianVector(v, grad);
      else run.lossGradient(theta, grad);
    };
    const first = cpuSeconds(call);
    const reps = Math.max(5, Math.min(301, Math.floor(2 / Math.max(first, 1e-6))));
    const times = Array.from({ length: reps }, () => cpuSeconds(call)).sort((a, b) => a - b);
    const m = results.find((r) => r.kernel === kernel && r.dataset === ds.name && r.variant === variant.name)!;
    m.cpuMedianSeconds = times[times.length >> 1];
    m.cpuGflops = flops / m.cpuMedianSeconds / 1e9;
    console.log(`  ${variant.name.padEnd(20)} CPU time: median ${(m.cpuMedianSeconds * 1e3).toFixed(2).padStart(8)} ms of ${reps} calls  ${m.cpuGflops.toFixed(2)} GFLOP/s`);
  });
  for (const p of problems) p.dispose();
}

/** CPU seconds (user + system) one call takes. */
function cpuSeconds(call: () => void): number {
  const start = process.cpuUsage();
  call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

b.configure({ cases: { minSamples: 8, maxTime: 3 } });
const tall = synthetic(100_000, 100, 10);
const digitsData = digits();
await suite("loss+gradient", tall, VARIANTS);
// numpy right after the WASM contenders of the same pass, so both see much the same load.
const numpy = numpyLossGradient(tall);
await suite("loss+gradient", digitsData, VARIANTS);
await suite("hessian-vector", tall, VARIANTS);
// The pure-JS Hessian needs about a minute on all 100 000 rows and ~7 s on 10 000 (under load
// several times that), so on the tall set it is left out; digits below still has it.
await suite("hessian", head(tall, 10_000), VARIANTS.filter((v) => v.name !== "js f64"));
await suite("hessian", digitsData, VARIANTS);
const interleaved = numpy ? numpyInterleaved(tall) : null;
await shutdownThreads();

/**
 * The tall loss+gradient in numpy + OpenBLAS, one thread, on the same X̂ (intercept column
 * included), labels and θ; null when Debian's python3 with numpy and threadpoolctl is missing.
 */
function numpyLossGradient(ds: Dataset): NumpyRun | null {
  const inputs = numpyInputs(ds);
  try {
    return runNumpy(inputs, ds, 41);
  } finally {
    rmSync(inputs, { recursive: true, force: true });
  }
}

interface NumpyRun {
  medianSeconds: number;
  cpuMedianSeconds: number;
  loss: number;
  threadpool: unknown;
}

/** A folder with X̂ (intercept column first), the labels and θ as kernels_numpy.py reads them. */
function numpyInputs(ds: Dataset): string {
  const n = ds.X.rows;
  const d = ds.X.cols;
  const m = d + 1;
  const dir = mkdtempSync(join(tmpdir(), "softmax-kernels-"));
  const Xh = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    Xh[i * m] = 1;
    Xh.set(ds.X.data.subarray(i * d, (i + 1) * d), i * m + 1);
  }
  writeFileSync(join(dir, "X.f64"), Xh);
  writeFileSync(join(dir, "y.i32"), ds.y);
  writeFileSync(join(dir, "theta.f64"), benchTheta(ds.K, m));
  return dir;
}

/** One run of kernels_numpy.py (`reps` timed calls); null when it does not run. */
function runNumpy(dir: string, ds: Dataset, reps: number): (NumpyRun & { cpuSeconds: number[] }) | null {
  // One thread everywhere; OpenBLAS picks its kernel for this CPU (threadpoolctl reports it).
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const script = new URL("./kernels_numpy.py", import.meta.url).pathname;
  const run = spawnSync("/usr/bin/python3", [script, dir, String(ds.X.rows), String(ds.X.cols + 1), String(ds.K), String(reps)], { env, encoding: "utf8" });
  if (run.status !== 0) {
    console.log(`numpy contender skipped: ${(run.stderr || run.error?.message || "").trim().split("\n").pop()}`);
    return null;
  }
  return JSON.parse(run.stdout);
}

/**
 * numpy and the WASM f64 pass in alternating rounds (`rounds` × `reps` CPU-timed calls each), so
 * that both see the same minutes of the shared machine; the one numpy run above sees only the
 * minute after the WASM contenders, and numpy's median moved by ±15 % between bench runs. Returns
 * the medians over all calls and each round's, or null without numpy.
 */
function numpyInterleaved(ds: Dataset, rounds = 4, reps = 11) {
  const inputs = numpyInputs(ds);
  const problem = place(ds, VARIANTS[0]);
  const theta = benchTheta(ds.K, ds.X.cols + 1);
  const grad = new Float64Array(theta.length);
  try {
    const wasm: number[] = [];
    const numpyCalls: number[] = [];
    const perRound: { wasmMs: number; numpyMs: number }[] = [];
    for (let r = 0; r < rounds; r++) {
      const run = runNumpy(inputs, ds, reps);
      if (!run) return null;
      problem.lossGradient(theta, grad);
      const ours = Array.from({ length: reps }, () => cpuSeconds(() => problem.lossGradient(theta, grad)));
      wasm.push(...ours);
      numpyCalls.push(...run.cpuSeconds);
      perRound.push({ wasmMs: 1e3 * medianOf(ours), numpyMs: 1e3 * medianOf(run.cpuSeconds) });
    }
    return { rounds, reps, wasmCpuMedianSeconds: medianOf(wasm), numpyCpuMedianSeconds: medianOf(numpyCalls), perRound };
  } finally {
    problem.dispose();
    rmSync(inputs, { recursive: true, force: true });
  }
}

function medianOf(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1];
}

const find = (kernel: string, dataset: string, variant: string) =>
  results.find((r) => r.kernel === kernel && r.dataset === dataset && r.variant === variant);
const median = (kernel: string, dataset: string, variant: string) => find(kernel, dataset, variant)!;
const ratios: Record<string, Record<string, number>> = {};
for (const key of new Set(results.map((r) => `${r.kernel} on ${r.dataset}`))) {
  const [kernel, dataset] = key.split(" on ");
  const base = median(kernel, dataset, "wasm f64");
  ratios[key] = {
    ...(find(kernel, dataset, "js f64") ? { "wasm f64 / js f64": median(kernel, dataset, "js f64").medianSeconds / base.medianSeconds } : {}),
    "wasm f32 / wasm f64": base.medianSeconds / median(kernel, dataset, "wasm f32").medianSeconds,
    "wasm f32 / wasm f64, CPU time": base.cpuMedianSeconds! / median(kernel, dataset, "wasm f32").cpuMedianSeconds!,
    "2 threads / 1 thread": base.medianSeconds / median(kernel, dataset, "wasm f64 ×2 threads").medianSeconds,
  };
}
const tallKey = `loss+gradient on ${tall.name}`;
const tallF64 = median("loss+gradient", tall.name, "wasm f64");
if (numpy) {
  const gflops = tallF64.flops / numpy.medianSeconds / 1e9;
  console.log(`\nnumpy + OpenBLAS, 1 thread, loss+gradient on ${tall.name}: median ${(numpy.medianSeconds * 1e3).toFixed(2)} ms, ${gflops.toFixed(2)} GFLOP/s (threadpoolctl: ${JSON.stringify(numpy.threadpool)})`);
  ratios[tallKey]["wasm f64 / numpy 1 thread"] = numpy.medianSeconds / tallF64.medianSeconds;
  console.log(`  CPU time: median ${(numpy.cpuMedianSeconds * 1e3).toFixed(2)} ms, ${(tallF64.flops / numpy.cpuMedianSeconds / 1e9).toFixed(2)} GFLOP/s`);
  ratios[tallKey]["wasm f64 / numpy 1 thread, CPU time"] = numpy.cpuMedianSeconds / tallF64.cpuMedianSeconds!;
}
if (interleaved) {
  ratios[tallKey]["wasm f64 / numpy 1 thread, CPU time, interleaved rounds"] = interleaved.numpyCpuMedianSeconds / interleaved.wasmCpuMedianSeconds;
  const rounds = interleaved.perRound.map((r) => `${r.wasmMs.toFixed(1)} vs ${r.numpyMs.toFixed(1)} ms`).join(", ");
  console.log(`  interleaved (${interleaved.rounds} rounds of ${interleaved.reps} calls each, CPU time): wasm f64 ${(interleaved.wasmCpuMedianSeconds * 1e3).toFixed(2)} ms, numpy ${(interleaved.numpyCpuMedianSeconds * 1e3).toFixed(2)} ms (rounds: ${rounds})`);
}
const hessianVsLogits = median("hessian", head(tall, 10_000).name, "wasm f64").gflops / median("loss+gradient", tall.name, "wasm f64").gflops;
console.log("\nRatios (medians, this run):");
for (const [key, r] of Object.entries(ratios)) {
  console.log(`  ${key}: ` + Object.entries(r).map(([k, v]) => `${k} ${v.toFixed(2)}×`).join(", "));
}
console.log(`  Hessian GFLOP/s / loss+gradient GFLOP/s (wasm f64, tall): ${hessianVsLogits.toFixed(2)}`);
console.log(`  targets: loss+gradient ≥ 14 GFLOP/s (${tallF64.gflops.toFixed(2)} wall, ${tallF64.cpuGflops!.toFixed(2)} CPU time), ≥ 2× numpy + OpenBLAS on one thread (${numpy ? `${ratios[tallKey]["wasm f64 / numpy 1 thread"].toFixed(2)} wall, ${ratios[tallKey]["wasm f64 / numpy 1 thread, CPU time"].toFixed(2)} CPU time` : "not run"}${interleaved ? `, ${ratios[tallKey]["wasm f64 / numpy 1 thread, CPU time, interleaved rounds"].toFixed(2)} CPU time in interleaved rounds` : ""}), ≥ 8× JS (${ratios[tallKey]["wasm f64 / js f64"].toFixed(2)}), f32 ≥ 1.5× (${ratios[tallKey]["wasm f32 / wasm f64"].toFixed(2)}), 2 threads ≥ 1.7× (${ratios[tallKey]["2 threads / 1 thread"].toFixed(2)}), Hessian ≥ 0.5× (${hessianVsLogits.toFixed(2)})`);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
const out = {
  date: new Date().toISOString(),
  node: process.version,
  flopCounts: "loss+gradient 4·N·(d+1)·K; hessian 2·N·(d+1)(d+2)/2·K(K+1)/2",
  loadAverage: loadavg(),
  results,
  numpy,
  numpyInterleaved: interleaved,
  ratios,
  hessianOverLossGradientGflops: hessianVsLogits,
};
writeFileSync(new URL("./results/kernels.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
console.log("wrote bench/results/kernels.json");
