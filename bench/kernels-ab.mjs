// A/B of kernel builds: node bench/kernels-ab.mjs A.wasm B.wasm [...]
//
// Loads each build of the module (build/softmax.wasm, or one compiled from another commit's
// assembly/ with `npx asc assembly/index.ts --config asconfig.json --target release -o X.wasm`)
// and times the same kernels on the same 100 000 × 100 × 10 data in CPU time
// (process.cpuUsage), the builds interleaved call by call, so that the load of a shared machine
// hits all of them alike and a process waiting for a core adds nothing. Prints the median and
// the fastest call of each, and whether the builds' gradients agree bit for bit.
// Environment: REPS (calls per kernel and build, default 15), KERNELS (comma-separated subset).
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
if (files.length === 0) throw new Error("usage: node bench/kernels-ab.mjs A.wasm [B.wasm ...]");
const reps = Number(process.env.REPS ?? 15);
const n = 100_000, d = 100, K = 10;
const s = 102; // f64 stride: d + 1 rounded up to a multiple of 2
const s32 = 104; // f32 stride: a multiple of 4
const hessianRows = 10_000;

// Seeded data: X̂ with its intercept column, labels, unit weights, θ and a direction v.
let seed = 1;
const random = () => {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
};
const X = new Float64Array(n * s);
const X32 = new Float32Array(n * s32);
const y = new Int32Array(n);
for (let i = 0; i < n; i++) {
  X[i * s] = 1;
  for (let j = 1; j <= d; j++) X[i * s + j] = 2 * random() - 1;
  for (let j = 0; j <= d; j++) X32[i * s32 + j] = X[i * s + j];
  y[i] = Math.floor(random() * K);
}
const w = new Float64Array(n).fill(1);
const theta = new Float64Array(K * s);
const theta32 = new Float64Array(K * s32);
for (let k = 0; k < K; k++) {
  for (let j = 0; j <= d; j++) theta32[k * s32 + j] = theta[k * s + j] = 0.1 * (random() - 0.5);
}
const v = Float64Array.from(theta, (t, i) => (i % s <= d ? t + (i % 3) - 1 : 0));
const v32 = new Float64Array(K * s32);
for (let k = 0; k < K; k++) v32.set(v.subarray(k * s, k * s + d + 1), k * s32);

async function load(file) {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { abort() {} } });
  const e = instance.exports;
  const sizes = {
    x: X.byteLength, x32: X32.byteLength, y: y.byteLength, w: w.byteLength, theta: theta.byteLength,
    theta32: theta32.byteLength, grad: theta.byteLength, grad32: theta32.byteLength, v: v.byteLength, v32: v32.byteLength,
    p: n * K * 8, hessian: (K * s) ** 2 * 8, scratch: e.scratchBytes(K, s), scratch32: e.scratchBytes32(K, s32),
  };
  const total = Object.values(sizes).reduce((a, b) => a + b + 16, 0);
  let at = (e.memory.buffer.byteLength + 15) & ~15;
  e.memory.grow(Math.ceil(total / 65536) + 1);
  const ptr = {};
  for (const [name, bytes] of Object.entries(sizes)) { ptr[name] = at; at = (at + bytes + 15) & ~15; }
  const heap = e.memory.buffer;
  new Float64Array(heap, ptr.x, X.length).set(X);
  new Float32Array(heap, ptr.x32, X32.length).set(X32);
  new Int32Array(heap, ptr.y, n).set(y);
  new Float64Array(heap, ptr.w, n).set(w);
  new Float64Array(heap, ptr.theta, theta.length).set(theta);
  new Float64Array(heap, ptr.theta32, theta32.length).set(theta32);
  new Float64Array(heap, ptr.v, v.length).set(v);
  new Float64Array(heap, ptr.v32, v32.length).set(v32);
  // The Hessian kernels read the probabilities the loss pass leaves in p.
  e.lossGradient(ptr.x, n, s, K, ptr.theta, ptr.y, 0, ptr.w, ptr.grad, ptr.p, ptr.scratch);
  const kernels = {
    lossGradient: () => e.lossGradient(ptr.x, n, s, K, ptr.theta, ptr.y, 0, ptr.w, ptr.grad, 0, ptr.scratch),
    lossGradient32: () => e.lossGradient32(ptr.x32, n, s32, K, ptr.theta32, ptr.y, 0, ptr.w, ptr.grad32, 0, ptr.scratch32),
    hessianVector: () => e.hessianVector(ptr.x, n, s, K, ptr.p, ptr.w, ptr.v, ptr.grad, ptr.scratch),
    hessianVector32: () => e.hessianVector32(ptr.x32, n, s32, K, ptr.p, ptr.w, ptr.v32, ptr.grad32, ptr.scratch32),
    [`hessian (${hessianRows} rows)`]: () => e.hessian(ptr.x, hessianRows, s, K, ptr.p, ptr.w, ptr.hessian, ptr.scratch),
    probabilities: () => e.probabilities(ptr.x, n, s, K, ptr.theta, ptr.p, ptr.scratch),
  };
  const gradient = () => {
    kernels.lossGradient();
    return new Float64Array(e.memory.buffer, ptr.grad, theta.length).slice();
  };
  return { file, kernels, gradient };
}

const builds = [];
for (const file of files) builds.push(await load(file));
const names = process.env.KERNELS ? process.env.KERNELS.split(",") : Object.keys(builds[0].kernels);
const flops = { lossGradient: 4 * n * (d + 1) * K, hessianVector: 4 * n * (d + 1) * K };
const cpuMs = (call) => {
  const start = process.cpuUsage();
  call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const times = new Map();
for (let r = 0; r < reps; r++) {
  for (const name of names) {
    for (const build of builds) {
      const key = `${name}\t${build.file}`;
      if (!times.has(key)) times.set(key, []);
      times.get(key).push(cpuMs(build.kernels[name]));
    }
  }
}
for (const name of names) {
  for (const build of builds) {
    const t = times.get(`${name}\t${build.file}`).sort((a, b) => a - b);
    const median = t[t.length >> 1];
    const rate = flops[name] ? `  ${(flops[name] / median / 1e6).toFixed(2)} GFLOP/s` : "";
    console.log(`${name.padEnd(22)} ${build.file.padEnd(28)} median ${median.toFixed(2).padStart(8)} ms  fastest ${t[0].toFixed(2).padStart(8)} ms${rate}`);
  }
}
const reference = builds[0].gradient();
for (const build of builds.slice(1)) {
  const g = build.gradient();
  const differing = g.reduce((count, value, i) => count + (Object.is(value, reference[i]) ? 0 : 1), 0);
  console.log(`${build.file}: ${differing} of ${g.length} gradient entries differ in bits from ${builds[0].file}`);
}
