// Threads that could hang, crash or keep a process alive, each in a child process with a
// timeout: workers that die before or during a fit, shutdownThreads() from onIteration,
// absurd thread counts, one pool for every count, no pool for small data, and Node, Deno and
// Bun exiting by themselves after a threaded fit.
import { describe, expect, it } from "vitest";
import { runChild } from "./helpers.js";

/** A problem of `n` rows (3 features, 3 classes) built inside the child. */
const PROBLEM = `
const problem = (n, seed = 1) => {
  let s = seed;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const X = Array.from({ length: n }, () => [r(), r(), r()]);
  const y = X.map((x) => (x[0] + 0.5 * x[1] > 0.1 ? 0 : x[2] > 0 ? 1 : 2));
  return { X, y };
};
/** OS threads of this process (Linux). */
const osThreads = async () => Number((await import("node:fs")).readFileSync("/proc/self/status", "utf8").match(/Threads:\\s+(\\d+)/)[1]);
`;

/** Replace node:worker_threads' Worker (before the library loads it) with `body`'s subclass. */
const patchWorker = (body: string) => `
import wt from "node:worker_threads";
import { syncBuiltinESMExports } from "node:module";
const Original = wt.Worker;
let started = 0;
wt.Worker = class extends Original { ${body} };
syncBuiltinESMExports();
`;

describe("threads never hang, crash or keep a process alive", () => {
  it.each(["node", "deno", "bun"] as const)("%s exits by itself after a threaded fit (no shutdownThreads)", async (runtime) => {
    const child = await runChild(
      `${PROBLEM}
       const { X, y } = problem(3000);
       const m = await new lib.LogisticRegression({ threads: 2 }).fit(X, y);
       report({ warnings: m.warnings, converged: m.converged });`,
      { runtime, timeoutMs: 60_000 },
    );
    expect(child.timedOut, child.stderr).toBe(false);
    expect(child.code, child.stderr).toBe(0);
    expect(child.result).toEqual({ warnings: [], converged: true });
  }, 70_000);

  it("shutdownThreads() from onIteration ends the running fit with THREADS_FAILED; later fits start a new pool", async () => {
    const child = await runChild(
      `${PROBLEM}
       const { X, y } = problem(4000);
       const first = await new lib.LogisticRegression({ threads: 2, solver: "gd", maxIter: 1000, tol: 0 })
         .fit(X, y, { onIteration: ({ iteration }) => { if (iteration === 3) void lib.shutdownThreads(); } })
         .then(() => "no error", (e) => e.code);
       const again = await new lib.LogisticRegression({ threads: 2 }).fit(X, y);
       report({ first, warnings: again.warnings, converged: again.converged });`,
      { timeoutMs: 60_000 },
    );
    expect(child.timedOut, child.stderr).toBe(false);
    expect(child.result).toEqual({ first: "THREADS_FAILED", warnings: [], converged: true });
  }, 70_000);

  it("a worker that dies in the middle of a fit (between jobs) gives THREADS_FAILED, not a hang", async () => {
    const child = await runChild(
      `${patchWorker(`constructor(...a) { super(...a); if (started++ === 0) setTimeout(() => this.terminate(), 500); }`)}
       ${PROBLEM}
       const { X, y } = problem(4000);
       const t0 = Date.now();
       const first = await new lib.LogisticRegression({ threads: 2, solver: "gd", maxIter: 100000, tol: 0 }).fit(X, y)
         .then(() => "no error", (e) => e.code + ": " + e.message);
       const seconds = (Date.now() - t0) / 1000;
       const again = await new lib.LogisticRegression({ threads: 2 }).fit(X, y);
       report({ first, seconds, warnings: again.warnings });`,
      { timeoutMs: 60_000 },
    );
    expect(child.timedOut, child.stderr).toBe(false);
    // Its exit event, or the job deadline if the next job starts before that event is seen.
    expect(child.result.first).toMatch(/^THREADS_FAILED: .*(kernel worker 1 exited|did not finish a job)/);
    expect(child.result.warnings).toEqual([]);
  }, 70_000);

  it("a worker that dies inside a job (it never reports back) gives THREADS_FAILED after the timeout", async () => {
    // The patched worker exits on its 30th job without reporting it done: only the main
    // thread's deadline can tell.
    const child = await runChild(
      `${patchWorker(`constructor(source, options) {
         super(started++ === 0 ? source.replace("let result = 0;", "let result = 0; if (++globalThis.jobs >= 30) process.exit(7); globalThis.jobs ??= 0;").replace("const KERNELS", "globalThis.jobs = 0; const KERNELS") : source, options);
       }`)}
       ${PROBLEM}
       const { X, y } = problem(4000);
       const t0 = Date.now();
       const first = await new lib.LogisticRegression({ threads: 2, solver: "gd", maxIter: 100000, tol: 0 }).fit(X, y)
         .then(() => "no error", (e) => e.code + ": " + e.message);
       const seconds = (Date.now() - t0) / 1000;
       const again = await new lib.LogisticRegression({ threads: 2 }).fit(X, y);
       report({ first, seconds, warnings: again.warnings, converged: again.converged });`,
      { timeoutMs: 90_000 },
    );
    expect(child.timedOut, child.stderr).toBe(false);
    expect(child.result.first).toMatch(/^THREADS_FAILED: .*(did not finish a job|exited)/);
    expect(child.result.seconds).toBeLessThan(60);
    expect(child.result.warnings).toEqual([]);
  }, 100_000);

  it("workers that die before a fit: the next fit starts a new pool; workers that cannot start: one thread, with a warning", async () => {
    const child = await runChild(
      `${patchWorker(`constructor(source, options) {
         const n = started++;
         super(n === 2 ? "throw new Error('no worker today')" : source, options);
         if (n === 0) setTimeout(() => this.terminate(), 1500);
       }`)}
       ${PROBLEM}
       const { X, y } = problem(1000);
       const a = await new lib.LogisticRegression({ threads: 2 }).fit(X, y).then((m) => m.warnings.join(), (e) => e.code);
       // Worker 1 is terminated 1.5 s after it was created, while the pool is idle.
       await new Promise((r) => setTimeout(r, 2500));
       // Worker 1 is gone: this fit gets a new pool (worker 2 of the patched count is healthy).
       const b = await new lib.LogisticRegression({ threads: 2 }).fit(X, y).then((m) => m.warnings.join(), (e) => e.code);
       // Three threads: the worker started now fails to start; the next fit starts a healthy one.
       const c = await new lib.LogisticRegression({ threads: 3 }).fit(X, y).then((m) => m.warnings.join(), (e) => e.code);
       const d = await new lib.LogisticRegression({ threads: 3 }).fit(X, y).then((m) => m.warnings.join(), (e) => e.code);
       report({ a, b, c, d });`,
      { timeoutMs: 60_000 },
    );
    expect(child.timedOut, child.stderr).toBe(false);
    const { a, b, c, d } = child.result;
    // (On a machine so loaded that the first fit takes 1.5 s, the worker dies during it.)
    expect(a).toMatch(/^$|^THREADS_FAILED$/);
    expect(b).toBe("");
    expect(c).toMatch(/threads: 3 requested, ran on one thread: a kernel worker failed to start: .*no worker today/);
    expect(d).toBe("");
  }, 70_000);

  it("threads: 100 000 starts a few workers, not thousands; one pool serves every thread count", async () => {
    const child = await runChild(
      `${PROBLEM}
       const { X, y } = problem(5000);
       const before = await osThreads();
       const m = await new lib.LogisticRegression({ threads: 100000 }).fit(X, y);
       const afterHuge = await osThreads();
       for (const threads of [2, 3, 4, 5, 6, 7, 8]) await new lib.LogisticRegression({ threads }).fit(X, y);
       const afterAll = await osThreads();
       await new lib.LogisticRegression({ threads: 2 }).fit(X, y);
       // A worker's OS threads end a little after terminate(): give them up to 3 s.
       let afterTwo = await osThreads();
       for (let t = 0; t < 30 && afterTwo >= afterAll; t++) {
         await new Promise((r) => setTimeout(r, 100));
         afterTwo = await osThreads();
       }
       const memories = lib.kernelMemory().filter((k) => k.kind === "threads").length;
       report({ warnings: m.warnings, grownHuge: afterHuge - before, grownAll: afterAll - before, grownTwo: afterTwo - before, memories });`,
      { timeoutMs: 90_000 },
    );
    expect(child.timedOut, child.stderr).toBe(false);
    const { warnings, grownHuge, grownAll, grownTwo, memories } = child.result;
    expect(warnings.join()).toMatch(/threads: 1024 requested, ran on \d+/);
    // At most max(4, cores) − 1 workers, each with a handful of its own threads (V8's).
    expect(grownHuge).toBeLessThan(64);
    expect(grownAll).toBeLessThanOrEqual(grownHuge + 8);
    // Resized down to one worker when a fit has the pool alone.
    expect(grownTwo).toBeLessThan(grownAll);
    expect(memories).toBe(1);
  }, 100_000);

  it("no pool at all when the data are too few to share; fitSync before any async fit runs on one thread", async () => {
    const child = await runChild(
      `${PROBLEM}
       const { X, y } = problem(40);
       const before = await osThreads();
       const small = await new lib.LogisticRegression({ threads: 4 }).fit(X, y);
       const after = await osThreads();
       const big = problem(3000);
       const sync = new lib.LogisticRegression({ threads: 2 }).fitSync(big.X, big.y);
       report({ small: small.warnings, grown: after - before, memories: lib.kernelMemory().filter((k) => k.kind === "threads").length, sync: sync.warnings });`,
      { timeoutMs: 60_000 },
    );
    expect(child.timedOut, child.stderr).toBe(false);
    expect(child.result.small.join()).toMatch(/ran on one thread: 40 rows are too few/);
    expect(child.result.grown).toBe(0);
    expect(child.result.memories).toBe(0);
    expect(child.result.sync.join()).toMatch(/fitSync cannot start workers/);
  }, 70_000);

  it("concurrent threaded fits of different thread counts give the bits they give alone; an abort mid-fit leaves the pool usable", async () => {
    const child = await runChild(
      `${PROBLEM}
       const { X, y } = problem(4000);
       const fit = (threads, extra = {}) => new lib.LogisticRegression({ threads, solver: "lbfgs", tol: 1e-10 }).fit(X, y, extra);
       const alone = [];
       for (const threads of [2, 3, 4]) alone.push(JSON.stringify((await fit(threads)).theta));
       const together = (await Promise.all([2, 3, 4].map((t) => fit(t)))).map((m) => JSON.stringify(m.theta));
       const controller = new AbortController();
       const aborted = await new lib.LogisticRegression({ threads: 2, solver: "gd", maxIter: 100000, tol: 0 })
         .fit(X, y, { signal: controller.signal, onIteration: ({ iteration }) => { if (iteration === 5) controller.abort(); } })
         .then(() => "no error", (e) => e.code);
       const after = JSON.stringify((await fit(2)).theta);
       const inUse = lib.kernelMemory().reduce((s, m) => s + m.bytesInUse, 0);
       report({ same: together.every((t, i) => t === alone[i]), aborted, afterSame: after === alone[0], inUse });`,
      { timeoutMs: 90_000 },
    );
    expect(child.timedOut, child.stderr).toBe(false);
    expect(child.result).toEqual({ same: true, aborted: "ABORTED", afterSame: true, inUse: 0 });
  }, 100_000);
});
