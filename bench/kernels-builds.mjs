// The seeded 100 000 × 100 × 10 problem (or its first `n` rows) and the loader of one build of
// the module with that problem in its memory, shared by bench/kernels-ab.mjs (CPU time) and
// bench/kernels-count.mjs (instruction counts).
import { readFileSync } from "node:fs";

export const d = 100, K = 10;
const s = 102; // f64 stride: d + 1 rounded up to a multiple of 2
const s32 = 104; // f32 stride: a multiple of 4
export const hessianRows = 10_000;
/** The two-loop recursion's shape: digits' K(d+1) = 10·65 parameters, L-BFGS's 10 pairs. */
export const pairsP = 650, pairsM = 10;

/** Seeded data: X̂ with its intercept column, labels, unit weights, θ and a direction v. */
export function problem(n = 100_000) {
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
  // Curvature pairs with sᵀy > 0 (y a perturbed multiple of s), a gradient g.
  const S = Float64Array.from({ length: pairsM * pairsP }, () => random() - 0.5);
  const Y = Float64Array.from(S, (value) => (1 + random()) * value + 0.01 * (random() - 0.5));
  const rho = new Float64Array(pairsM);
  const yy = new Float64Array(pairsM);
  for (let c = 0; c < pairsM; c++) {
    let sy = 0;
    for (let i = c * pairsP; i < (c + 1) * pairsP; i++) { sy += S[i] * Y[i]; yy[c] += Y[i] * Y[i]; }
    rho[c] = 1 / sy;
  }
  const g = Float64Array.from({ length: pairsP }, () => random() - 0.5);
  return { n, X, X32, y, w, theta, theta32, v, v32, S, Y, rho, yy, g };
}

/** One build of the module (a .wasm file) with `data` copied into its memory: its kernels as thunks. */
export async function load(file, data) {
  const { n, X, X32, y, w, theta, theta32, v, v32, S, Y, rho, yy, g } = data;
  const { instance } = await WebAssembly.instantiate(readFileSync(file), { env: { abort() {} } });
  const e = instance.exports;
  const sizes = {
    x: X.byteLength, x32: X32.byteLength, y: y.byteLength, w: w.byteLength, theta: theta.byteLength,
    theta32: theta32.byteLength, grad: theta.byteLength, grad32: theta32.byteLength, v: v.byteLength, v32: v32.byteLength,
    p: n * K * 8, hessian: (K * s) ** 2 * 8, scratch: e.scratchBytes(K, s), scratch32: e.scratchBytes32(K, s32),
    S: S.byteLength, Y: Y.byteLength, rho: rho.byteLength, yy: yy.byteLength, alpha: rho.byteLength, g: g.byteLength, d: g.byteLength,
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
  for (const [name, values] of Object.entries({ S, Y, rho, yy, g })) new Float64Array(heap, ptr[name], values.length).set(values);
  // The Hessian kernels read the probabilities the loss pass leaves in p.
  e.lossGradient(ptr.x, n, s, K, ptr.theta, ptr.y, 0, ptr.w, ptr.grad, ptr.p, ptr.scratch);
  const hRows = Math.min(hessianRows, n);
  const kernels = {
    lossGradient: () => e.lossGradient(ptr.x, n, s, K, ptr.theta, ptr.y, 0, ptr.w, ptr.grad, 0, ptr.scratch),
    loss: () => e.lossGradient(ptr.x, n, s, K, ptr.theta, ptr.y, 0, ptr.w, 0, 0, ptr.scratch),
    lossGradient32: () => e.lossGradient32(ptr.x32, n, s32, K, ptr.theta32, ptr.y, 0, ptr.w, ptr.grad32, 0, ptr.scratch32),
    hessianVector: () => e.hessianVector(ptr.x, n, s, K, ptr.p, ptr.w, ptr.v, ptr.grad, ptr.scratch),
    hessianVector32: () => e.hessianVector32(ptr.x32, n, s32, K, ptr.p, ptr.w, ptr.v32, ptr.grad32, ptr.scratch32),
    [`hessian (${hRows} rows)`]: () => e.hessian(ptr.x, hRows, s, K, ptr.p, ptr.w, ptr.hessian, ptr.scratch),
    probabilities: () => e.probabilities(ptr.x, n, s, K, ptr.theta, ptr.p, ptr.scratch),
    logits: () => e.logits(ptr.x, n, s, K, ptr.theta, ptr.p, ptr.scratch),
    // Too short to time one call: 100 per thunk (ms per 100 calls = µs per call × 0.1).
    "twoLoop×100": () => {
      for (let i = 0; i < 100; i++) e.twoLoop(ptr.S, ptr.Y, ptr.rho, ptr.yy, ptr.alpha, pairsM - 1, pairsM, pairsM, pairsP, ptr.g, ptr.d);
    },
  };
  const gradient = () => {
    kernels.lossGradient();
    return new Float64Array(e.memory.buffer, ptr.grad, theta.length).slice();
  };
  /** The two-loop recursion's direction (bits compared between builds too). */
  const direction = () => {
    e.twoLoop(ptr.S, ptr.Y, ptr.rho, ptr.yy, ptr.alpha, pairsM - 1, pairsM, pairsM, pairsP, ptr.g, ptr.d);
    return new Float64Array(e.memory.buffer, ptr.d, pairsP).slice();
  };
  return { file, kernels, gradient, direction };
}
