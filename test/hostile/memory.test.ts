// Problems of 2 to 4 GiB, the exact 4 GiB limit, and memory given back, each in a child
// process (node --expose-gc) of its own. Pointers past 2³¹ must work, every problem that
// fits in 4 GiB must fit, anything larger must get TOO_LARGE before allocating, and after a
// large fit (or a failed one) the process must return to within 32 MB of its resident size.
import { describe, expect, it } from "vitest";
import { runChild } from "./helpers.js";

/**
 * In the child: X (n × 99, a Float32Array) tiling one block of 1000 random rows, so the big
 * problem's mean loss equals the block's; rss() after garbage collection; the in-use total.
 */
const SETUP = `
const d = 99, block = 1000, K = 3;
let seed = 1;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
const small = new Float32Array(block * d).map(() => rand());
const smallY = Array.from({ length: block }, (_, i) => (small[i * d] + small[i * d + 1] > 0 ? 0 : small[i * d + 2] > 0 ? 1 : 2));
const tiled = (n) => {
  const data = new Float32Array(n * d);
  for (let r = 0; r < n; r += block) data.set(small.subarray(0, Math.min(block, n - r) * d), r * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = smallY[i % block];
  return { X: { data, rows: n, cols: d }, y };
};
const rss = async () => {
  for (let i = 0; i < 4; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 50)); }
  return process.memoryUsage().rss;
};
const inUse = () => lib.kernelMemory().reduce((s, m) => s + m.bytesInUse, 0);
const MB = 2 ** 20;
`;

const NODE = { nodeArgs: ["--expose-gc"], timeoutMs: 240_000 };

describe("2 to 4 GiB of kernel memory", () => {
  it("2.2 GiB (pointers past 2³¹): the fit works, equals the small problem's, leaves nothing behind, and the memory goes back", async () => {
    const child = await runChild(
      `${SETUP}
       const { X, y } = tiled(2_700_000);
       const before = await rss();
       const big = await new lib.LogisticRegression({ solver: "lbfgs", maxIter: 1 }).fit(X, y);
       const memoriesAfter = lib.kernelMemory().length;
       const after = await rss();
       const ref = await new lib.LogisticRegression({ solver: "lbfgs", maxIter: 1 }).fit({ data: small, rows: block, cols: d }, smallY);
       const later = await new lib.LogisticRegression().fit({ data: small, rows: block, cols: d }, smallY);
       const predicted = later.predict({ data: X.data.subarray(0, 10 * d), rows: 10, cols: d });
       report({ loss: big.lossHistory, ref: ref.lossHistory, inUse: inUse() - 0, memoriesAfter, grownMB: (after - before) / MB, predicted: predicted.length });`,
      NODE,
    );
    expect(child.timedOut, child.stderr).toBe(false);
    const r = child.result;
    expect(r, child.stderr).toBeDefined();
    expect(Math.abs(r.loss[1] - r.ref[1])).toBeLessThan(1e-9);
    expect(r.memoriesAfter).toBe(1); // the main memory alone: the problem's own memory was dropped
    expect(r.grownMB).toBeLessThan(32);
    expect(r.predicted).toBe(10);
  }, 250_000);

  it("3.7 GiB in float64 and 2.1 GiB in float32 fit", async () => {
    const child = await runChild(
      `${SETUP}
       const ref = await new lib.LogisticRegression({ solver: "lbfgs", maxIter: 1 }).fit({ data: small, rows: block, cols: d }, smallY);
       let problem = tiled(5_000_000);
       const f64 = await new lib.LogisticRegression({ solver: "lbfgs", maxIter: 1 }).fit(problem.X, problem.y);
       problem = undefined;
       await rss();
       problem = tiled(5_400_000);
       const f32 = await new lib.LogisticRegression({ solver: "lbfgs", maxIter: 1, dtype: "float32" }).fit(problem.X, problem.y);
       const ref32 = await new lib.LogisticRegression({ solver: "lbfgs", maxIter: 1, dtype: "float32" }).fit({ data: small, rows: block, cols: d }, smallY);
       report({ f64: f64.lossHistory, ref: ref.lossHistory, f32: f32.lossHistory, ref32: ref32.lossHistory, inUse: inUse() });`,
      NODE,
    );
    expect(child.timedOut, child.stderr).toBe(false);
    const r = child.result;
    expect(r, child.stderr).toBeDefined();
    expect(Math.abs(r.f64[1] - r.ref[1])).toBeLessThan(1e-9);
    expect(Math.abs(r.f32[1] - r.ref32[1])).toBeLessThan(1e-6);
  }, 250_000);

  it("the limit is exact: the largest problem passes the size check, one more row gets TOO_LARGE before anything is read", async () => {
    // float64, d = 99 (stride 100), 3 classes, L-BFGS: 800 + 4 + 8 bytes a row, plus θ, its
    // gradient, scratch and the curvature pairs; the memory's first page is the module's.
    const child = await runChild(
      `${SETUP}
       const { getBackend } = await internal("backends/training-backends.js");
       const { solverBytes } = await internal("solvers/solver-memory.js");
       const a16 = (b) => Math.max(16, Math.ceil(b / 16) * 16);
       // θ, gradient, scratch and L-BFGS's curvature pairs (which do not depend on N).
       const pairs = a16(solverBytes("lbfgs", { n: 1, d, K: 3, dtype: "float64", soft: false, backend: "wasm" }));
       const fixed = 2 * a16(3 * 100 * 8) + a16(getBackend("wasm").kernels.float64.scratchBytes(3, 100)) + pairs;
       const total = (rows) => a16(rows * 800) + a16(rows * 4) + a16(rows * 8) + fixed;
       const capacity = 2 ** 32 - 65536;
       let largest = Math.floor((capacity - fixed) / 812);
       while (total(largest + 1) <= capacity) largest++;
       while (total(largest) > capacity) largest--;
       const attempt = async (rows) => {
         let reads = 0;
         const data = new Proxy([], { get: (t, k) => (k === "length" ? rows * d : (reads++, (() => { throw new Error("reading"); })())) });
         const y = new Int32Array(rows).map((_, i) => i % 3);
         const out = await new lib.LogisticRegression({ solver: "lbfgs" }).fit({ data, rows, cols: d }, y).then(() => "fitted", (e) => e.code ?? e.message);
         return { out, reads };
       };
       const atLimit = await attempt(largest);
       const beyond = await attempt(largest + 1);
       report({ largest, atLimit, beyond, inUse: inUse(), memories: lib.kernelMemory().length, rssMB: process.memoryUsage().rss / MB });`,
      NODE,
    );
    expect(child.timedOut, child.stderr).toBe(false);
    const r = child.result;
    expect(r, child.stderr).toBeDefined();
    // At the limit the copy starts (and the proxy's first value throws); one row more is refused unread.
    expect(r.atLimit).toEqual({ out: "reading", reads: 1 });
    expect(r.beyond).toEqual({ out: "TOO_LARGE", reads: 0 });
    expect(r.inUse).toBe(0);
    expect(r.memories).toBe(1);
    console.log(`largest float64 problem with d = 99, K = 3 (L-BFGS): ${r.largest} rows`);
  }, 250_000);

  it("failures leave nothing behind and poison nothing: a bad last row of 1 GiB, TOO_LARGE, a thrown onIteration", async () => {
    const child = await runChild(
      `${SETUP}
       const { X, y } = tiled(1_300_000);
       const before = await rss();
       X.data[X.data.length - 1] = NaN;
       const bad = await new lib.LogisticRegression().fit(X, y).then(() => "fitted", (e) => e.code);
       X.data[X.data.length - 1] = 0.25;
       const thrown = await new lib.LogisticRegression({ solver: "lbfgs" }).fit(X, y, { onIteration: () => { throw new Error("stop"); } }).then(() => "fitted", (e) => e.message);
       const huge = await new lib.LogisticRegression().fit({ data: new Proxy([], { get: (t, k) => (k === "length" ? 6e9 : 0) }), rows: 6e7, cols: 100 }, new Int32Array(1)).then(() => "fitted", (e) => e.code);
       const afterFailures = await rss();
       const ok = await new lib.LogisticRegression({ solver: "lbfgs", maxIter: 2 }).fit(X, y);
       const after = await rss();
       report({ bad, thrown, huge, inUse: inUse(), memories: lib.kernelMemory().length, failuresMB: (afterFailures - before) / MB, afterMB: (after - before) / MB, converged: ok.nIter });`,
      NODE,
    );
    expect(child.timedOut, child.stderr).toBe(false);
    const r = child.result;
    expect(r, child.stderr).toBeDefined();
    expect([r.bad, r.thrown, r.huge]).toEqual(["NON_FINITE", "stop", "TOO_LARGE"]);
    expect(r.inUse).toBe(0);
    expect(r.memories).toBe(1);
    expect(r.failuresMB).toBeLessThan(32);
    expect(r.afterMB).toBeLessThan(32);
    expect(r.converged).toBe(2);
  }, 250_000);

  it("a threaded fit of 0.6 GiB gives its memory back too (the pool is retired after it)", async () => {
    const child = await runChild(
      `${SETUP}
       const { X, y } = tiled(700_000);
       const before = await rss();
       const m = await new lib.LogisticRegression({ solver: "lbfgs", maxIter: 3, threads: 2 }).fit(X, y);
       await new Promise((r) => setTimeout(r, 200));
       const after = await rss();
       report({ warnings: m.warnings, memories: lib.kernelMemory().map((k) => k.kind), grownMB: (after - before) / MB });`,
      NODE,
    );
    expect(child.timedOut, child.stderr).toBe(false);
    const r = child.result;
    expect(r, child.stderr).toBeDefined();
    expect(r.warnings).toEqual([]);
    expect(r.memories).toEqual(["main"]);
    expect(r.grownMB).toBeLessThan(32);
  }, 250_000);
});
