// threads: n splits rows across workers sharing WebAssembly memory. Results must not
// depend on timing (fixed partition and reduction order) and must match one thread's up to
// the order of the row sums.
import { afterAll, describe, expect, it } from "vitest";
import { LogisticRegression, shutdownThreads } from "../src/index.js";
import { relativeError } from "./helpers/compare.js";
import { randomProblem } from "./helpers/random.js";

afterAll(() => shutdownThreads());

const { X, y } = randomProblem(31, 3000, 12, 4);

describe("threads", () => {
  it.each(["newton", "lbfgs", "gd"] as const)("%s on 2 threads: bit-identical run to run, equal to 1 thread to rounding", async (solver) => {
    const options = { solver, l2: 1e-3, tol: 1e-10, maxIter: solver === "gd" ? 200 : undefined };
    const a = await new LogisticRegression({ ...options, threads: 2 }).fit(X, y);
    const b = await new LogisticRegression({ ...options, threads: 2 }).fit(X, y);
    const one = await new LogisticRegression(options).fit(X, y);
    expect(a.warnings).toEqual([]);
    expect(JSON.stringify(a.coef)).toBe(JSON.stringify(b.coef));
    expect(a.lossHistory).toEqual(b.lossHistory);
    // GD stops after 200 iterations, short of the optimum, where rounding moves the path a little more;
    // L-BFGS's path (Wolfe steps) also drifts apart and each run stops somewhere with max |∇f| ≤ 1e-10,
    // which leaves θ up to ‖∇f‖/λ ≈ 1e-7 from the optimum.
    expect(relativeError(a.theta, one.theta)).toBeLessThan(solver === "newton" ? 1e-10 : 1e-8);
    expect(Math.abs(a.lossHistory.at(-1)! - one.lossHistory.at(-1)!)).toBeLessThan(1e-12);
  });

  it("three threads and rows not divisible by the thread count", async () => {
    const m = await new LogisticRegression({ threads: 3, l2: 1e-3 }).fit(X.slice(0, 2999), y.slice(0, 2999));
    const one = await new LogisticRegression({ l2: 1e-3 }).fit(X.slice(0, 2999), y.slice(0, 2999));
    expect(relativeError(m.theta, one.theta)).toBeLessThan(1e-9);
  });

  it("falls back to one thread, and says why, where workers cannot run", async () => {
    const js = await new LogisticRegression({ threads: 2, backend: "js" }).fit(X, y);
    expect(js.warnings.join()).toMatch(/threads: 2 requested, ran on one thread: threads need backend "wasm"/);
    const sync = new LogisticRegression({ threads: 5 }).fitSync(X, y);
    expect(sync.warnings.join()).toMatch(/fitSync cannot start workers/);
    // Once an async fit has started a pool, fitSync uses it.
    await new LogisticRegression({ threads: 2 }).fit(X, y);
    expect(new LogisticRegression({ threads: 2 }).fitSync(X, y).warnings).toEqual([]);
  });
});
