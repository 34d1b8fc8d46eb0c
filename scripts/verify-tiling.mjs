// Checks the claim of assembly/layout.ts that the f64 kernels' results do not depend on the
// row-tile sizes: builds the module (asc, release target, in memory) with other values of
// TILE_F64 and HTILE_F64, runs every kernel of the reference build and of each variant on the
// same seeded problems and compares the outputs byte for byte. The f32 tile sizes are part of
// the f32 arithmetic (they bound the rows one f32 sum covers), so a control build with other
// f32 tiles must change f32 results — which shows the comparison can see a difference.
//
//   node scripts/verify-tiling.mjs        (about half a minute; exits 1 on any unexpected result)
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const LAYOUT = join(ROOT, "assembly", "layout.ts");

/** Compiles assembly/ with the given constants of layout.ts replaced; returns the .wasm bytes. */
async function build(constants) {
  let source = readFileSync(LAYOUT, "utf8");
  for (const [name, value] of Object.entries(constants)) {
    const pattern = new RegExp(`(const ${name}: i32 = )\\d+;`);
    if (!pattern.test(source)) throw new Error(`layout.ts has no constant ${name}`);
    source = source.replace(pattern, `$1${value};`);
  }
  let wasm = null;
  const { error, stderr } = await asc.main(
    ["assembly/index.ts", "--config", "asconfig.json", "--target", "release", "--outFile", "out.wasm", "--textFile", "out.wat"],
    {
      readFile: (name, base) => {
        const path = resolve(ROOT, base, name);
        if (path === LAYOUT) return source;
        try { return readFileSync(path, "utf8"); } catch { return null; }
      },
      writeFile: (name, contents) => { if (name.endsWith(".wasm")) wasm = contents; },
      listFiles: () => [],
      stdout: asc.createMemoryStream(),
      stderr: asc.createMemoryStream(),
    },
  );
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
  return wasm;
}

function instantiate(bytes) {
  const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
  e.memory.grow(256);
  return e;
}

/** mulberry32 (32-bit integer steps: the same inputs in every engine). */
function generator(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { uniform, bell: () => uniform() + uniform() + uniform() + uniform() - 2 };
}

/** Runs every kernel of one element type on one problem; returns name → output bytes. */
function outputs(k, { n, d, K }, f32, seed) {
  const s = f32 ? Math.ceil((d + 1) / 4) * 4 : Math.ceil((d + 1) / 2) * 2;
  let top = 64;
  const alloc = (bytes) => { const at = top; top += Math.ceil(bytes / 64) * 64; return at; };
  const p = {
    x: alloc(n * s * (f32 ? 4 : 8)), yHard: alloc(n * 4), ySoft: alloc(n * K * 8), w: alloc(n * 8),
    theta: alloc(K * s * 8), v: alloc(K * s * 8), p: alloc(n * K * 8), grad: alloc(K * s * 8),
    probOut: alloc(n * K * 8), prob: alloc(n * K * 8), hv: alloc(K * s * 8),
    blocks: alloc(((K * (K + 1)) / 2) * s * s * 8),
    scratch: alloc(f32 ? k.scratchBytes32(K, s) : k.scratchBytes(K, s)),
  };
  const buf = k.memory.buffer;
  new Uint8Array(buf, 0, top).fill(0x5a);
  const g = generator(seed);
  const x = f32 ? new Float32Array(buf, p.x, n * s) : new Float64Array(buf, p.x, n * s);
  for (let i = 0; i < n; i++) for (let j = 0; j < s; j++) x[i * s + j] = j === 0 ? 1 : j <= d ? g.bell() : 0;
  const theta = new Float64Array(buf, p.theta, K * s);
  const v = new Float64Array(buf, p.v, K * s);
  for (let c = 0; c < K * s; c++) { theta[c] = c % s <= d ? g.bell() : 0; v[c] = c % s <= d ? g.bell() : 0; }
  const yHard = new Int32Array(buf, p.yHard, n);
  const ySoft = new Float64Array(buf, p.ySoft, n * K);
  const w = new Float64Array(buf, p.w, n);
  const prob = new Float64Array(buf, p.p, n * K);
  for (let i = 0; i < n; i++) {
    yHard[i] = Math.floor(g.uniform() * K);
    w[i] = 2 * g.uniform();
    for (const row of [ySoft.subarray(i * K, (i + 1) * K), prob.subarray(i * K, (i + 1) * K)]) {
      let sum = 0;
      for (let c = 0; c < K; c++) sum += row[c] = g.uniform() + 1e-3;
      for (let c = 0; c < K; c++) row[c] /= sum;
    }
  }
  const bytes = (at, len) => Buffer.from(buf.slice(at, at + len));
  const f = (name) => k[f32 ? `${name}32` : name];
  const out = {};
  for (const soft of [0, 1]) {
    const loss = f("lossGradient")(p.x, n, s, K, p.theta, soft ? p.ySoft : p.yHard, soft, p.w, p.grad, p.probOut, p.scratch);
    out[`lossGradient soft=${soft}`] = Buffer.concat([Buffer.from(new Float64Array([loss]).buffer), bytes(p.grad, K * s * 8), bytes(p.probOut, n * K * 8)]);
  }
  f("probabilities")(p.x, n, s, K, p.theta, p.prob, p.scratch);
  out.probabilities = bytes(p.prob, n * K * 8);
  f("hessian")(p.x, n, s, K, p.p, p.w, p.blocks, p.scratch);
  out.hessian = bytes(p.blocks, ((K * (K + 1)) / 2) * s * s * 8);
  f("hessianVector")(p.x, n, s, K, p.p, p.w, p.v, p.hv, p.scratch);
  out.hessianVector = bytes(p.hv, K * s * 8);
  return out;
}

const SHAPES = [
  { n: 1, d: 1, K: 2 }, { n: 3, d: 2, K: 5 }, { n: 31, d: 4, K: 3 }, { n: 33, d: 7, K: 7 },
  { n: 65, d: 63, K: 5 }, { n: 129, d: 13, K: 8 }, { n: 300, d: 100, K: 10 }, { n: 600, d: 9, K: 11 },
];

/** Kernel-by-kernel comparison of two builds: the names of the outputs that differ, per type. */
function compare(ref, other) {
  const changed = { f64: [], f32: [] };
  SHAPES.forEach((shape, i) => {
    for (const f32 of [false, true]) {
      const a = outputs(ref, shape, f32, 100 + i);
      const b = outputs(other, shape, f32, 100 + i);
      for (const name of Object.keys(a)) {
        if (!a[name].equals(b[name])) changed[f32 ? "f32" : "f64"].push(`${name} n=${shape.n} d=${shape.d} K=${shape.K}`);
      }
    }
  });
  return changed;
}

const referenceBytes = await build({});
const reference = instantiate(referenceBytes);
/** A variant build, which must differ from the reference (else the constants were not applied). */
async function variant(constants) {
  const bytes = await build(constants);
  if (Buffer.from(bytes).equals(Buffer.from(referenceBytes))) throw new Error(`${JSON.stringify(constants)} built the reference module`);
  return instantiate(bytes);
}
const variants = [
  { TILE_F64: 1, HTILE_F64: 1 },
  { TILE_F64: 2, HTILE_F64: 5 },
  { TILE_F64: 7, HTILE_F64: 33 },
  { TILE_F64: 33, HTILE_F64: 64 },
  { TILE_F64: 64, HTILE_F64: 512 },
];
let failed = false;
for (const constants of variants) {
  const changed = compare(reference, await variant(constants));
  const ok = changed.f64.length === 0 && changed.f32.length === 0;
  failed ||= !ok;
  console.log(`${JSON.stringify(constants).padEnd(34)} ${ok ? "every output bit the same" : `CHANGED: ${[...changed.f64, ...changed.f32].join("; ")}`}`);
}
// Control: other f32 tiles change the f32 sums, so the comparison must report differences.
const control = compare(reference, await variant({ TILE_F32: 32, HTILE_F32: 100 }));
const controlOk = control.f64.length === 0 && control.f32.length > 0;
failed ||= !controlOk;
console.log(`control {TILE_F32: 32, HTILE_F32: 100}: ${control.f32.length} f32 outputs changed (expected > 0), ${control.f64.length} f64 (expected 0) — ${controlOk ? "as expected" : "UNEXPECTED"}`);
process.exit(failed ? 1 : 0);
