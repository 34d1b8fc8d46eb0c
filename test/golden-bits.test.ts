// Golden bits: the exact output bytes of every exported kernel, hashed and compared with hashes
// captured from an earlier build (test/fixtures/golden-bits.json). A refactor of assembly/ must
// leave every bit unchanged; this test is what says so. It talks to the built modules
// (build/softmax.wasm, and build/softmax-threads.wasm on an imported shared memory) only through
// the ABI documented in assembly/index.ts, not through src/, so it keeps working whatever src/
// looks like.
//
// Inputs come from a seeded integer generator and use only exact IEEE operations (no Math.log,
// Math.cos, ... whose last bits differ between engines), so they are the same bits everywhere.
// Outputs are pre-filled with garbage, so an output that is accumulated into instead of
// overwritten changes the hash too.
//
// To record new hashes (only when a change of results is intended and explained):
//   GOLDEN_UPDATE=1 npx vitest run test/golden-bits.test.ts
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const FIXTURE = new URL("./fixtures/golden-bits.json", import.meta.url);
const UPDATE = process.env.GOLDEN_UPDATE === "1";

interface Kernels {
  memory: WebAssembly.Memory;
  scratchBytes(K: number, s: number): number;
  scratchBytes32(K: number, s: number): number;
  lossGradient(x: number, n: number, s: number, K: number, theta: number, y: number, soft: number, w: number, grad: number, probOut: number, scratch: number): number;
  lossGradient32(x: number, n: number, s: number, K: number, theta: number, y: number, soft: number, w: number, grad: number, probOut: number, scratch: number): number;
  probabilities(x: number, n: number, s: number, K: number, theta: number, out: number, scratch: number): void;
  probabilities32(x: number, n: number, s: number, K: number, theta: number, out: number, scratch: number): void;
  logProbabilities(x: number, n: number, s: number, K: number, theta: number, out: number, scratch: number): void;
  logProbabilities32(x: number, n: number, s: number, K: number, theta: number, out: number, scratch: number): void;
  logits(x: number, n: number, s: number, K: number, theta: number, out: number, scratch: number): void;
  logits32(x: number, n: number, s: number, K: number, theta: number, out: number, scratch: number): void;
  hessian(x: number, n: number, s: number, K: number, p: number, w: number, out: number, scratch: number): void;
  hessian32(x: number, n: number, s: number, K: number, p: number, w: number, out: number, scratch: number): void;
  hessianVector(x: number, n: number, s: number, K: number, p: number, w: number, v: number, out: number, scratch: number): void;
  hessianVector32(x: number, n: number, s: number, K: number, p: number, w: number, v: number, out: number, scratch: number): void;
  exp(x: number): number;
  log(x: number): number;
}

const PAGES = 512; // 32 MiB: more than the largest case below needs

function load(file: string, shared: boolean): Kernels {
  const bytes = readFileSync(new URL(`../build/${file}`, import.meta.url));
  const module = new WebAssembly.Module(bytes);
  if (!shared) {
    const exports = new WebAssembly.Instance(module, {}).exports as unknown as Kernels;
    exports.memory.grow(PAGES - exports.memory.buffer.byteLength / 65536);
    return exports;
  }
  const memory = new WebAssembly.Memory({ initial: PAGES, maximum: 65536, shared: true });
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernels;
}

/** mulberry32: 32-bit integer steps only, so the sequence is exact in every engine. */
function generator(seed: number) {
  let a = seed >>> 0;
  const u32 = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const uniform = () => u32() / 4294967296; // [0, 1), exact
  // Sum of four uniforms, centred: bell-shaped on (−2, 2), every step exact.
  const bell = () => uniform() + uniform() + uniform() + uniform() - 2;
  return { u32, uniform, bell };
}

interface Shape {
  n: number;
  d: number;
  K: number;
  /** Extra stride beyond the minimal one (in elements; keeps s even / a multiple of 4). */
  pad?: number;
  /** Scale of θ: large values push the softmax into underflow. */
  scale?: number;
}

// Edge cases of the blocking and tiling: n = 1, d = 1, K = 2, odd K, K mod 4 ∈ {0,1,2,3},
// n around the tiles (32 and 64 rows for logits/gradient, 128 and 256 for the Hessians), d + 1
// not a multiple of 2 or 4, f32 rows longer than one 128-column chunk, padded strides, and
// saturated probabilities.
const SHAPES: Shape[] = [
  { n: 1, d: 1, K: 2 }, { n: 1, d: 3, K: 3 }, { n: 2, d: 1, K: 2 }, { n: 3, d: 2, K: 5 },
  { n: 5, d: 1, K: 10 }, { n: 7, d: 5, K: 3 }, { n: 31, d: 4, K: 3 }, { n: 32, d: 6, K: 4 },
  { n: 33, d: 7, K: 7 }, { n: 64, d: 8, K: 2 }, { n: 65, d: 63, K: 5 }, { n: 127, d: 9, K: 11 },
  { n: 128, d: 2, K: 6 }, { n: 129, d: 13, K: 8 }, { n: 256, d: 3, K: 3 }, { n: 257, d: 12, K: 9 },
  { n: 300, d: 100, K: 10 }, { n: 70, d: 200, K: 5 }, { n: 40, d: 130, K: 3 },
  { n: 37, d: 5, K: 6, pad: 4 }, { n: 50, d: 10, K: 4, scale: 40 },
];

type Dtype = "f64" | "f32";

function stride(d: number, dtype: Dtype, pad = 0): number {
  const m = dtype === "f64" ? 2 : 4;
  return Math.ceil((d + 1) / m) * m + pad;
}

function name(shape: Shape, dtype: Dtype, intercept: number): string {
  const extra = (shape.pad ? ` pad=${shape.pad}` : "") + (shape.scale ? ` scale=${shape.scale}` : "");
  return `${dtype} n=${shape.n} d=${shape.d} K=${shape.K}${extra} intercept=${intercept}`;
}

const hash = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex").slice(0, 32);
};

/** Bump allocator over the module's memory; 64-byte aligned; 0 is never handed out (0 = "none"). */
function allocator() {
  let top = 64;
  return (bytes: number) => {
    const at = top;
    top += Math.ceil(bytes / 64) * 64;
    return at;
  };
}

/**
 * Runs every kernel of one dtype on one shape and returns kernel → hash of its outputs. The
 * probabilities given to the Hessians are random rows (not the kernels' own output), so each
 * hash depends on its own kernel only.
 */
function runCase(k: Kernels, shape: Shape, dtype: Dtype, intercept: number, seed: number): Record<string, string> {
  const { n, d, K } = shape;
  const s = stride(d, dtype, shape.pad);
  const xb = dtype === "f64" ? 8 : 4;
  const alloc = allocator();
  const ptr = {
    x: alloc(n * s * xb), yHard: alloc(n * 4), ySoft: alloc(n * K * 8), w: alloc(n * 8),
    theta: alloc(K * s * 8), v: alloc(K * s * 8), p: alloc(n * K * 8),
    grad: alloc(K * s * 8), probOut: alloc(n * K * 8), prob: alloc(n * K * 8),
    hv: alloc(K * s * 8), blocks: alloc(((K * (K + 1)) / 2) * s * s * 8),
    scratch: alloc(dtype === "f64" ? k.scratchBytes(K, s) : k.scratchBytes32(K, s)),
  };
  const end = alloc(0);
  if (end > k.memory.buffer.byteLength) throw new Error(`case needs ${end} bytes`);
  // Garbage everywhere first (outputs and scratch included), from a generator of its own so
  // that the inputs below do not depend on how much scratch the kernels ask for.
  const garbage = generator(seed ^ 0x5bd1e995);
  const words = new Uint32Array(k.memory.buffer, 0, end / 4);
  for (let i = 0; i < words.length; i++) words[i] = garbage.u32();
  const g = generator(seed);
  const buf = k.memory.buffer;
  const f64 = (at: number, len: number) => new Float64Array(buf, at, len);
  const bytes = (at: number, len: number) => new Uint8Array(buf, at, len);

  const x = dtype === "f64" ? new Float64Array(buf, ptr.x, n * s) : new Float32Array(buf, ptr.x, n * s);
  const scale = shape.scale ?? 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < s; j++) x[i * s + j] = j === 0 ? intercept : j <= d ? g.bell() : 0;
  }
  const theta = f64(ptr.theta, K * s);
  const v = f64(ptr.v, K * s);
  for (let c = 0; c < K; c++) {
    for (let j = 0; j < s; j++) {
      theta[c * s + j] = j <= d ? (scale * g.bell()) / 2 : 0;
      v[c * s + j] = j <= d ? g.bell() : 0;
    }
  }
  const yHard = new Int32Array(buf, ptr.yHard, n);
  const ySoft = f64(ptr.ySoft, n * K);
  const w = f64(ptr.w, n);
  const p = f64(ptr.p, n * K);
  for (let i = 0; i < n; i++) {
    yHard[i] = Math.floor(g.uniform() * K);
    w[i] = i % 7 === 3 ? 0 : 2 * g.uniform(); // some zero weights
    const fill = (row: Float64Array, sparse: boolean) => {
      let sum = 0;
      for (let c = 0; c < K; c++) sum += row[c] = sparse && c % 3 === 1 ? 0 : g.uniform();
      if (sum === 0) row[0] = sum = 1;
      for (let c = 0; c < K; c++) row[c] /= sum;
    };
    fill(ySoft.subarray(i * K, (i + 1) * K), i % 5 === 2);
    fill(p.subarray(i * K, (i + 1) * K), false);
  }
  if (n > 1) {
    // One one-hot soft target row.
    ySoft.fill(0, K, 2 * K);
    ySoft[K + (1 % K)] = 1;
  }

  const f32 = dtype === "f32";
  const lossGradient = f32 ? k.lossGradient32 : k.lossGradient;
  const out: Record<string, string> = {};
  for (const soft of [0, 1]) {
    const y = soft ? ptr.ySoft : ptr.yHard;
    const loss = new Float64Array([lossGradient(ptr.x, n, s, K, ptr.theta, y, soft, ptr.w, ptr.grad, ptr.probOut, ptr.scratch)]);
    const lossOnly = new Float64Array([lossGradient(ptr.x, n, s, K, ptr.theta, y, soft, ptr.w, 0, 0, ptr.scratch)]);
    // Not a reference check (test/kernels.test.ts does that), only that the hashed bytes are
    // meaningful results rather than NaNs or untouched garbage.
    if (!(loss[0] >= 0 && Number.isFinite(loss[0])) || loss[0] !== lossOnly[0]) throw new Error(`bad loss ${loss[0]} / ${lossOnly[0]}`);
    out[`lossGradient soft=${soft}`] = hash(new Uint8Array(loss.buffer), bytes(ptr.grad, K * s * 8), bytes(ptr.probOut, n * K * 8));
    out[`loss only soft=${soft}`] = hash(new Uint8Array(lossOnly.buffer));
  }
  (f32 ? k.probabilities32 : k.probabilities)(ptr.x, n, s, K, ptr.theta, ptr.prob, ptr.scratch);
  const prob = f64(ptr.prob, n * K);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < K; c++) sum += prob[i * K + c];
    if (!(Math.abs(sum - 1) < 1e-12)) throw new Error(`row ${i} of the probabilities sums to ${sum}`);
  }
  out.probabilities = hash(bytes(ptr.prob, n * K * 8));
  // The other prediction outputs, into the same (overwritten) buffer.
  (f32 ? k.logProbabilities32 : k.logProbabilities)(ptr.x, n, s, K, ptr.theta, ptr.prob, ptr.scratch);
  out.logProbabilities = hash(bytes(ptr.prob, n * K * 8));
  (f32 ? k.logits32 : k.logits)(ptr.x, n, s, K, ptr.theta, ptr.prob, ptr.scratch);
  out.logits = hash(bytes(ptr.prob, n * K * 8));
  (f32 ? k.hessian32 : k.hessian)(ptr.x, n, s, K, ptr.p, ptr.w, ptr.blocks, ptr.scratch);
  out.hessian = hash(bytes(ptr.blocks, ((K * (K + 1)) / 2) * s * s * 8));
  (f32 ? k.hessianVector32 : k.hessianVector)(ptr.x, n, s, K, ptr.p, ptr.w, ptr.v, ptr.hv, ptr.scratch);
  out.hessianVector = hash(bytes(ptr.hv, K * s * 8));
  return out;
}

/** exp and log on a spread of arguments, specials included; NaN results hashed as one marker. */
function runScalar(k: Kernels): Record<string, string> {
  const g = generator(99);
  const expArgs: number[] = [0, -0, 1, -1, 709.78, 709.79, 710, 1e300, -745.1332191019411, -745.1332191019412, -746, -1e300, Infinity, -Infinity, NaN, 1e-300, -1e-300];
  for (let i = 0; i < 4000; i++) expArgs.push(-750 + 1462 * g.uniform());
  for (let i = 0; i < 1000; i++) expArgs.push(2 * g.uniform() - 1);
  const logArgs: number[] = [1, 2, Math.SQRT2, Math.SQRT1_2, 2.2250738585072014e-308, 1.7976931348623157e308, 0.5, 3];
  for (let i = 0; i < 4000; i++) logArgs.push(1 + 63 * g.uniform());
  for (let i = 0; i < 1000; i++) logArgs.push(2 ** (Math.floor(g.uniform() * 2000) - 1000) * (1 + g.uniform()));
  const bits = (f: (x: number) => number, args: number[]) => {
    const r = new Float64Array(args.map(f).map((y) => (Number.isNaN(y) ? 0.123456789 : y)));
    return hash(new Uint8Array(r.buffer));
  };
  const sb: number[] = [];
  const sb32: number[] = [];
  for (let K = 2; K <= 40; K++) {
    for (const s of [2, 4, 8, 12, 102, 104, 204, 1000]) sb.push(k.scratchBytes(K, s));
    for (const s of [4, 8, 12, 104, 204, 1000]) sb32.push(k.scratchBytes32(K, s));
  }
  return {
    exp: bits((x) => k.exp(x), expArgs),
    log: bits((x) => k.log(x), logArgs),
    scratchBytes: hash(new Uint8Array(new Int32Array(sb).buffer)),
    scratchBytes32: hash(new Uint8Array(new Int32Array(sb32).buffer)),
  };
}

function allHashes(k: Kernels): Record<string, string> {
  const out: Record<string, string> = {};
  let seed = 1;
  for (const dtype of ["f64", "f32"] as const) {
    for (const shape of SHAPES) {
      for (const intercept of [1, 0]) {
        const r = runCase(k, shape, dtype, intercept, seed++);
        for (const [kernel, h] of Object.entries(r)) out[`${name(shape, dtype, intercept)}: ${kernel}`] = h;
      }
    }
  }
  for (const [kernel, h] of Object.entries(runScalar(k))) out[kernel] = h;
  return out;
}

const modules: Array<[string, () => Kernels]> = [
  ["softmax.wasm", () => load("softmax.wasm", false)],
  ["softmax-threads.wasm (shared imported memory)", () => load("softmax-threads.wasm", true)],
];

if (UPDATE) writeFileSync(FIXTURE, JSON.stringify(allHashes(load("softmax.wasm", false)), null, 1) + "\n");
const golden: Record<string, string> = JSON.parse(readFileSync(FIXTURE, "utf8"));

describe("golden bits of the built kernels", () => {
  it("the fixture covers every kernel of both dtypes", () => {
    const keys = Object.keys(golden);
    for (const kernel of ["lossGradient soft=0", "lossGradient soft=1", "loss only soft=1", "probabilities", "logProbabilities", "logits", "hessian", "hessianVector"]) {
      for (const dtype of ["f64", "f32"]) {
        expect(keys.filter((k) => k.startsWith(dtype) && k.endsWith(`: ${kernel}`)).length).toBe(SHAPES.length * 2);
      }
    }
    for (const scalar of ["exp", "log", "scratchBytes", "scratchBytes32"]) expect(keys).toContain(scalar);
  });

  for (const [label, open] of modules) {
    it(`${label}: every output bit as recorded`, () => {
      const got = allHashes(open());
      const changed = Object.keys(golden).filter((key) => got[key] !== golden[key]);
      expect(changed).toEqual([]);
      expect(Object.keys(got).sort()).toEqual(Object.keys(golden).sort());
    });
  }
});
