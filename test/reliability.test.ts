// Hard problems never give NaN, a hang or a silently wrong model; fits can be cancelled,
// report progress, refuse to interleave, and reproduce bit for bit.
import { describe, expect, it } from "vitest";
import { LogisticRegression, SoftmaxRegressionError, createObjective, kernelMemory } from "../src/index.js";
import { referenceProblem } from "./helpers/fixtures.js";
import { gaussian, randomProblem, rng } from "./helpers/random.js";

function expectSaneModel(m: LogisticRegression, X: number[][]) {
  for (const v of [...m.coef.flat(), ...m.intercept]) expect(Number.isFinite(v)).toBe(true);
  for (const row of m.predictProba(X)) {
    for (const p of row) expect(p >= 0 && p <= 1).toBe(true);
    expect(Math.abs(row.reduce((a, b) => a + b) - 1)).toBeLessThan(1e-12);
  }
}

describe("separable data without a penalty", () => {
  it.each(["wine_std_lambda1e-2.json", "iris_std_lambda1e-2.json", "breast_cancer_std_lambda1e-2.json"])(
    "%s with l2: 0 ends with finite coefficients, converged false and a reason naming separation",
    async (file) => {
      const { X, y } = referenceProblem(file);
      for (const solver of ["auto", "newton"] as const) {
        const m = await new LogisticRegression({ l2: 0, solver }).fit(X, y);
        expect(m.converged).toBe(false);
        expect(m.stopReason).toMatch(/separable.*l2 > 0/);
        expectSaneModel(m, X);
      }
      // First-order solvers: the diagnosis is best effort (README), but the model stays finite.
      for (const solver of ["lbfgs", "gd"] as const) {
        expectSaneModel(await new LogisticRegression({ l2: 0, solver, maxIter: 3000 }).fit(X, y), X);
      }
    },
  );

  it("a perfectly separated 1-D problem", async () => {
    const X = [[-3], [-2], [-1], [1], [2], [3]];
    const m = await new LogisticRegression({ l2: 0 }).fit(X, [0, 0, 0, 1, 1, 1]);
    expect(m.converged).toBe(false);
    expect(m.stopReason).toMatch(/separable/);
    expect(m.predict(X)).toEqual([0, 0, 0, 1, 1, 1]);
    expectSaneModel(m, X);
  });

  it("does not call a non-separable problem separable, even when stopped early", async () => {
    const { X, y } = randomProblem(8, 300, 4, 3);
    for (const maxIter of [1, 2, 100]) {
      const m = await new LogisticRegression({ l2: 0, maxIter }).fit(X, y);
      expect(m.stopReason).not.toMatch(/separable/);
    }
  });
});

describe("degenerate designs", () => {
  const random = rng(12);
  const base = randomProblem(3, 60, 3, 3);
  const cases: Array<[string, number[][], (number | string)[]]> = [
    ["duplicated feature", base.X.map((r) => [...r, r[0]]), base.y],
    ["collinear features", base.X.map((r) => [r[0], r[1], r[0] + 2 * r[1]]), base.y],
    ["constant column", base.X.map((r) => [...r, 5]), base.y],
    ["all-zero column", base.X.map((r) => [0, ...r]), base.y],
    ["a class with a single example", base.X, base.y.map((c, i) => (i === 0 ? 9 : c))],
    ["K = 2", base.X, base.y.map((c) => (c === 0 ? "a" : "b"))],
    ["d = 1", base.X.map((r) => [r[0]]), base.y],
    ["N = K (one row per class)", base.X.slice(0, 3), [0, 1, 2]],
    ["K = 100", Array.from({ length: 300 }, () => [gaussian(random), gaussian(random)]), Array.from({ length: 300 }, (_, i) => i % 100)],
  ];
  for (const l2 of [0, 1e-4]) {
    it.each(cases)(`%s (l2 = ${l2}): Newton returns a finite model, no NaN`, async (_, X, y) => {
      const m = await new LogisticRegression({ l2, maxIter: 50 }).fit(X, y);
      expectSaneModel(m, X);
      expect(Number.isFinite(m.lossHistory.at(-1)!)).toBe(true);
    });
  }

  it("reports the damping it needed for collinear features with l2 = 0", async () => {
    const { X, y } = randomProblem(21, 400, 2, 3);
    const m = await new LogisticRegression({ l2: 0 }).fit(X.map((r) => [r[0], r[1], r[0] - r[1]]), y);
    expect(m.warnings.join(" ")).toMatch(/damped|gradient step/);
    expectSaneModel(m, X.map((r) => [r[0], r[1], r[0] - r[1]]));
  });

  it("GD and SGD stay finite on the same designs", async () => {
    for (const [, X, y] of cases.slice(0, 4)) {
      for (const solver of ["gd", "sgd"] as const) {
        expectSaneModel(await new LogisticRegression({ solver, l2: 0, maxIter: 50 }).fit(X, y), X);
      }
    }
  });
});

describe("extreme scales", () => {
  const { X, y } = referenceProblem("iris_std_lambda1e-2.json");
  it.each([1e150, 1e-150, 1e300])("features scaled by %d: a correct fit or a clear error, never NaN", async (scale) => {
    const Xs = X.map((r) => r.map((v) => v * scale));
    const m = new LogisticRegression({ l2: 1e-2 });
    try {
      await m.fit(Xs, y);
    } catch (e) {
      expect(e).toBeInstanceOf(SoftmaxRegressionError);
      expect((e as SoftmaxRegressionError).code).toMatch(/NUMERICAL/);
      return;
    }
    expectSaneModel(m, Xs);
  });

  it("logits that would overflow exp give probabilities, not NaN", async () => {
    const m = await new LogisticRegression({ l2: 0, maxIter: 5 }).fit([[-1], [1], [-2], [2]], [0, 1, 0, 1]);
    for (const x of [1e3, -1e3, 1e10, 1e200]) {
      const [p] = m.predictProba([[x]]);
      expect(p[0] + p[1]).toBe(1);
      expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    // Logits beyond float64 altogether give a clear error naming the row.
    expect(Math.abs(m.coef[0][0] - m.coef[1][0]) * 1e308).toBe(Infinity);
    expect(() => m.predictProba([[0], [1e308]])).toThrow(/row 1: the logits overflow/);
  });
});

describe("control of a running fit", () => {
  const { X, y } = referenceProblem("digits_std_lambda1e-4.json");

  it("reports iteration, loss, gradient norm and the parameters after every iteration", async () => {
    const reports: { iteration: number; loss: number; gradientNorm: number; theta: Float64Array }[] = [];
    const m = await new LogisticRegression({ l2: 1e-4 }).fit(X, y, { onIteration: (r) => reports.push(r) });
    expect(reports.map((r) => r.iteration)).toEqual(Array.from({ length: m.nIter }, (_, i) => i + 1));
    expect(reports.map((r) => r.loss)).toEqual(m.lossHistory.slice(1));
    expect(reports.at(-1)!.gradientNorm).toBeLessThanOrEqual(1e-8);
    // The last reported parameters are the model's, up to the final shift of the intercepts.
    const last = reports.at(-1)!.theta;
    m.coef.forEach((row, k) => row.forEach((v, j) => expect(Math.abs(last[k * 65 + 1 + j] - v)).toBeLessThan(1e-12)));
    const objective = createObjective(X, y, { l2: 1e-4 });
    expect(objective.value(last)).toBe(reports.at(-1)!.loss);
    objective.dispose();
  });

  it("each report's theta is the caller's own copy: kept reports stay as reported, and writing to one does not change the fit", async () => {
    const kept: Float64Array[] = [];
    const losses: number[] = [];
    const m = await new LogisticRegression({ l2: 1e-4 }).fit(X, y, {
      onIteration: (r) => {
        kept.push(r.theta);
        losses.push(r.loss);
        // Scribbling on the copy must not reach the solver's own θ.
        if (r.iteration === 2) r.theta.fill(1e6);
      },
    });
    const reference = await new LogisticRegression({ l2: 1e-4 }).fit(X, y);
    expect(m.theta).toEqual(reference.theta);
    expect(new Set(kept).size).toBe(kept.length);
    const objective = createObjective(X, y, { l2: 1e-4 });
    // Every kept report (but the scribbled one) still holds the parameters it reported.
    kept.forEach((theta, i) => {
      if (i !== 1) expect(objective.value(theta)).toBe(losses[i]);
    });
    objective.dispose();
  });

  it("an AbortSignal stops a long fit promptly and leaves the model as it was", async () => {
    const m = await new LogisticRegression({ solver: "gd", maxIter: 3 }).fit(X, y);
    const before = JSON.stringify(m);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error("user cancelled")), 50);
    const long = new LogisticRegression({ solver: "gd", maxIter: 1_000_000, tol: 0 });
    await expect(long.fit(X, y, { signal: controller.signal })).rejects.toMatchObject({ code: "ABORTED" });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(long.isFitted).toBe(false);
    // Aborting a refit keeps the earlier model.
    const again = new AbortController();
    again.abort();
    await expect(m.fit(X, y, { signal: again.signal })).rejects.toMatchObject({ code: "ABORTED" });
    expect(JSON.stringify(m)).toBe(before);
  });

  it("a second fit of the same model while one runs is refused; the first completes", async () => {
    const m = new LogisticRegression({ solver: "gd", maxIter: 200, tol: 0 });
    const first = m.fit(X, y);
    await expect(m.fit(X, y)).rejects.toMatchObject({ code: "FIT_IN_PROGRESS" });
    await first;
    expect(m.nIter).toBe(200);
    await m.fit(X, y); // and afterwards it can be fitted again
  });

  it("a second fit is refused for as long as the first runs, also after it has yielded to the event loop", async () => {
    const controller = new AbortController();
    const m = new LogisticRegression({ solver: "gd", maxIter: 1_000_000, tol: 0 });
    const first = m.fit(X, y, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(m.fit(X, y)).rejects.toMatchObject({ code: "FIT_IN_PROGRESS" });
    controller.abort();
    await expect(first).rejects.toMatchObject({ code: "ABORTED" });
    await m.fit(X, y); // and afterwards it can be fitted again
  });
});

describe("reproducibility", () => {
  const { X, y } = referenceProblem("wine_std_lambda1e-2.json");
  it.each(["newton", "gd", "sgd"] as const)("%s gives a bit-identical model on every run", async (solver) => {
    const fit = async () => JSON.stringify(await new LogisticRegression({ solver, seed: 11, maxIter: 30 }).fit(X, y));
    expect(await fit()).toBe(await fit());
  });

  it("the model JSON states the library and format versions", async () => {
    const json = JSON.parse(JSON.stringify(await new LogisticRegression().fit(X, y)));
    expect(json.format).toBe("softmax-regression");
    expect(json.formatVersion).toBe(1);
    expect(json.libraryVersion).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("fromJSON refuses damaged models", () => {
  const { X, y } = referenceProblem("iris_std_lambda1e-2.json");
  const good = () => JSON.parse(JSON.stringify(new LogisticRegression().fitSync(X, y)));
  const cases: Array<[string, () => unknown, RegExp]> = [
    ["truncated text", () => JSON.stringify(good()).slice(0, 100), /does not parse/],
    ["not an object", () => "[1,2,3]", /must be a JSON object/],
    ["a foreign format", () => ({ ...good(), format: "sklearn" }), /not a softmax-regression model/],
    ["an unknown format version", () => ({ ...good(), formatVersion: 99 }), /formatVersion 99/],
    ["missing coef", () => ({ ...good(), coef: undefined }), /coef must have 3 rows/],
    ["a short coef row", () => { const j = good(); j.coef[1].pop(); return j; }, /coef row 1 must have 4 values/],
    ["NaN in coef", () => { const j = good(); j.coef[2][3] = NaN; return j; }, /coef\[2\]\[3\] must be a finite number/],
    ["a string in intercept", () => { const j = good(); j.intercept[0] = "1"; return j; }, /intercept\[0\]/],
    ["duplicate classes", () => ({ ...good(), classes: [0, 0, 1] }), /duplicate/],
    ["a single class", () => ({ ...good(), classes: [0] }), /at least two classes/],
    ["bad nFeatures", () => ({ ...good(), nFeatures: -4 }), /nFeatures must be a positive integer/],
    ["missing fitIntercept", () => ({ ...good(), fitIntercept: undefined }), /fitIntercept/],
    ["tampered training options", () => { const j = good(); j.training.options.l2 = -1; return j; }, /training.options/],
  ];
  it.each(cases)("%s", (_, make, message) => {
    try {
      LogisticRegression.fromJSON(make());
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(SoftmaxRegressionError);
      expect((e as SoftmaxRegressionError).code).toBe("INVALID_MODEL");
      expect((e as Error).message).toMatch(message);
    }
  });
});

describe("problems too large for WebAssembly memory", () => {
  it("a dense Hessian beyond 2 GiB is refused before allocating", () => {
    const X = [Array.from({ length: 10_000 }, (_, j) => j % 7), Array.from({ length: 10_000 }, (_, j) => j % 5)];
    const objective = createObjective(X, [0, 1], { l2: 1 });
    expect(() => objective.hessian(new Float64Array(objective.size))).toThrow(/TOO_LARGE|needs .* GiB/);
    // Hessian-vector products still work at that size.
    expect(objective.hessianVectorProduct(new Float64Array(objective.size), new Float64Array(objective.size).fill(1)).length).toBe(20_002);
    objective.dispose();
  });

  it('solver "newton-cholesky" refuses a dense Hessian beyond 2 GiB with TOO_LARGE, before allocating it', async () => {
    const X = [Array.from({ length: 10_000 }, (_, j) => j % 7), Array.from({ length: 10_000 }, (_, j) => j % 5)];
    const inUse = () => kernelMemory().find((m) => m.backend === "wasm")!.bytesInUse;
    const before = inUse();
    const error = await new LogisticRegression({ solver: "newton-cholesky" }).fit(X, [0, 1]).catch((e) => e);
    expect(error).toBeInstanceOf(SoftmaxRegressionError);
    expect(error.code).toBe("TOO_LARGE");
    expect(error.message).toMatch(/newton-cg/);
    // The data placed in kernel memory for the fit is released.
    expect(inUse()).toBe(before);
  });

  it("data beyond 4 GiB is refused before allocating", async () => {
    // The shape claims 600 million rows; the check must fire before any value is read.
    let reads = 0;
    const data = new Proxy([] as number[], { get: (t, k) => (k === "length" ? 600_000_000 : (reads++, 0)) });
    const error = await new LogisticRegression().fit({ data, rows: 600_000_000, cols: 1 }, { data, rows: 600_000_000, cols: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(SoftmaxRegressionError);
    expect(error.message).toMatch(/4(\.00)? GiB/);
    expect(reads).toBe(0);
  });
});
