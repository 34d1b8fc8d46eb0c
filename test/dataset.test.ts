// createDataset: X placed in kernel memory once and shared by fits, objectives and
// predictions. A fit on a Dataset must give the bits a fit on X gives, must not copy X again,
// and a disposed Dataset or one of another shape must give clear errors.
import { describe, expect, it } from "vitest";
import { Dataset, LogisticRegression, SoftmaxRegressionError, createDataset, createObjective, kernelMemory } from "../src/index.js";
import type { LogisticRegressionOptions } from "../src/index.js";
import { relativeError } from "./helpers/compare.js";
import { referenceProblem } from "./helpers/fixtures.js";
import { randomProblem } from "./helpers/random.js";

const { X, y } = referenceProblem("wine_std_lambda1e-2.json");

async function code(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(SoftmaxRegressionError);
    return (e as SoftmaxRegressionError).code;
  }
  return undefined;
}

describe("a fit on a Dataset", () => {
  const cases: LogisticRegressionOptions[] = [
    {},
    { solver: "newton-cholesky" },
    { solver: "newton-cg" },
    { solver: "lbfgs", fitIntercept: false },
    { solver: "gd", maxIter: 30 },
    { solver: "sgd", maxIter: 5 },
    { backend: "js" },
    { dtype: "float32" },
    { l2: 0, maxIter: 20 },
  ];
  it.each(cases)("gives the bits a fit on X gives (%o)", async (options) => {
    const dataset = createDataset(X, { dtype: options.dtype, backend: options.backend });
    const weights = X.map((_, i) => 1 + (i % 4));
    const onX = await new LogisticRegression(options).fit(X, y, { sampleWeight: weights });
    const onDataset = await new LogisticRegression(options).fit(dataset, y, { sampleWeight: weights });
    expect(JSON.stringify(onDataset)).toBe(JSON.stringify(onX));
    expect(new LogisticRegression(options).fitSync(dataset, y).theta).toEqual(new LogisticRegression(options).fitSync(X, y).theta);
    dataset.dispose();
  });

  it("predictions, probabilities and the score on a Dataset equal those on X", async () => {
    const dataset = createDataset(X);
    const model = await new LogisticRegression().fit(X, y);
    expect(model.predictProba(dataset)).toEqual(model.predictProba(X));
    expect(model.predict(dataset)).toEqual(model.predict(X));
    expect(model.score(dataset, y)).toBe(model.score(X, y));
    const float32 = createDataset(X, { dtype: "float32" });
    expect(relativeError(model.predictProba(float32).flat(), model.predictProba(X).flat())).toBeLessThan(1e-5);
    dataset.dispose();
    float32.dispose();
  });

  it("one Dataset serves cross-validation folds through sample weights (held-out rows weigh 0)", async () => {
    const { X: Xr, y: yr } = randomProblem(5, 600, 6, 3);
    const dataset = createDataset(Xr);
    for (let fold = 0; fold < 3; fold++) {
      const train = Xr.map((_, i) => i % 3 !== fold);
      const weights = train.map((t) => (t ? 1 : 0));
      const onFold = await new LogisticRegression({ l2: 1e-3 }).fit(dataset, yr, { sampleWeight: weights });
      const onSubset = await new LogisticRegression({ l2: 1e-3 }).fit(
        Xr.filter((_, i) => train[i]),
        yr.filter((_, i) => train[i]),
      );
      expect(relativeError(onFold.theta, onSubset.theta)).toBeLessThan(1e-9);
      // Scoring the held-out rows uses the same Dataset, without copying X.
      const heldOut = onFold.predict(dataset).filter((_, i) => !train[i]);
      expect(heldOut).toEqual(onFold.predict(Xr.filter((_, i) => !train[i])));
    }
    dataset.dispose();
  });

  it("does not copy X again: the fit's own kernel memory is far smaller than X̂", async () => {
    const { X: Xr, y: yr } = randomProblem(6, 20_000, 50, 3);
    const dataset = createDataset(Xr);
    const memory = () => kernelMemory().find((m) => m.kind === "dataset")!;
    const mainBefore = kernelMemory()[0].bytesInUse;
    const datasetBefore = memory().bytesInUse;
    let peakDataset = 0;
    let peakMain = 0;
    await new LogisticRegression({ solver: "lbfgs", maxIter: 5 }).fit(dataset, yr, {
      onIteration: () => {
        peakDataset = Math.max(peakDataset, memory().bytesInUse);
        peakMain = Math.max(peakMain, kernelMemory()[0].bytesInUse);
      },
    });
    const xBytes = 20_000 * 52 * 8;
    expect(datasetBefore).toBeGreaterThanOrEqual(xBytes);
    // Targets (4 bytes a row), weights (8) and the parameter buffers; no second X̂.
    expect(peakDataset - datasetBefore).toBeLessThan(20_000 * 16);
    expect(peakMain - mainBefore).toBeLessThan(1e5);
    expect(memory().bytesInUse).toBe(datasetBefore);
    dataset.dispose();
  });

  it("createObjective on a Dataset gives the bits it gives on X", () => {
    const dataset = createDataset(X);
    const onX = createObjective(X, y, { l2: 1e-2 });
    const onDataset = createObjective(dataset, y, { l2: 1e-2 });
    const theta = Float64Array.from({ length: onX.size }, (_, i) => Math.sin(i));
    expect(onDataset.value(theta)).toBe(onX.value(theta));
    expect(onDataset.gradient(theta)).toEqual(onX.gradient(theta));
    expect(onDataset.hessian(theta)).toEqual(onX.hessian(theta));
    onX.dispose();
    onDataset.dispose();
    dataset.dispose();
  });
});

describe("Dataset life cycle and errors", () => {
  it("has rows, cols and dtype; reads X once, so later changes to X do not matter", async () => {
    const copy = X.map((r) => [...r]);
    const dataset = createDataset(copy, { dtype: "float32" });
    expect([dataset.rows, dataset.cols, dataset.dtype, dataset.backend]).toEqual([X.length, X[0].length, "float32", "wasm"]);
    expect(dataset).toBeInstanceOf(Dataset);
    for (const row of copy) row.fill(NaN);
    const model = await new LogisticRegression({ dtype: "float32" }).fit(dataset, y);
    expect(model.converged).toBe(true);
    dataset.dispose();
  });

  it("a disposed Dataset gives DISPOSED everywhere; dispose twice is harmless; `using` disposes", async () => {
    const model = await new LogisticRegression().fit(X, y);
    const dataset = createDataset(X);
    dataset.dispose();
    dataset.dispose();
    expect(dataset.isDisposed).toBe(true);
    expect(await code(() => new LogisticRegression().fit(dataset, y))).toBe("DISPOSED");
    expect(await code(() => model.predict(dataset))).toBe("DISPOSED");
    expect(await code(() => createObjective(dataset, y))).toBe("DISPOSED");
    const before = kernelMemory().filter((m) => m.kind === "dataset").length;
    {
      using scoped = createDataset(X);
      expect(kernelMemory().filter((m) => m.kind === "dataset").length).toBe(before + 1);
      expect(scoped.rows).toBe(X.length);
    }
    expect(kernelMemory().filter((m) => m.kind === "dataset").length).toBe(before);
  });

  it("dispose() during a fit lets the fit finish, then gives the memory back", async () => {
    const dataset = createDataset(X);
    const datasets = () => kernelMemory().filter((m) => m.kind === "dataset").length;
    const before = datasets();
    const model = await new LogisticRegression({ solver: "gd", maxIter: 20 }).fit(dataset, y, {
      onIteration: ({ iteration }) => {
        if (iteration === 2) dataset.dispose();
      },
    });
    expect(model.nIter).toBe(20);
    expect(datasets()).toBe(before - 1);
  });

  it("a model of another feature count, dtype or backend gives a clear error", async () => {
    const dataset = createDataset(X);
    const narrow = await new LogisticRegression().fit(X.map((r) => r.slice(1)), y);
    expect(await code(() => narrow.predict(dataset))).toBe("FEATURE_MISMATCH");
    expect(await code(() => narrow.score(dataset, y))).toBe("FEATURE_MISMATCH");
    expect(await code(() => new LogisticRegression({ dtype: "float32" }).fit(dataset, y))).toBe("INVALID_OPTION");
    expect(await code(() => new LogisticRegression({ backend: "js" }).fit(dataset, y))).toBe("INVALID_OPTION");
    expect(await code(() => new LogisticRegression().fit(dataset, y.slice(1)))).toBe("INVALID_Y");
    dataset.dispose();
  });

  it("bad X or options are refused like fit's, and too large a shape before any value is read", () => {
    const cases: Array<[unknown, unknown, string]> = [
      [[], {}, "INVALID_X"],
      [[[1, 2], [3]], {}, "INVALID_X"],
      [[[1, NaN]], {}, "NON_FINITE"],
      [{ data: [1, "2"], rows: 1, cols: 2 }, {}, "INVALID_X"],
      [[[1e300]], { dtype: "float32" }, "NON_FINITE"],
      [X, { dtype: "float16" }, "INVALID_OPTION"],
      [X, { dtpye: "float32" }, "INVALID_OPTION"],
      [X, null, "INVALID_OPTION"],
    ];
    for (const [input, options, expected] of cases) {
      try {
        createDataset(input as number[][], options as object);
        throw new Error("no error");
      } catch (e) {
        expect((e as SoftmaxRegressionError).code).toBe(expected);
      }
    }
    let reads = 0;
    const row = new Proxy(new Array(3000).fill(0), { get: (t, k) => (k === "length" ? 3000 : (reads++, 0)) });
    expect(() => createDataset(new Array(400_000).fill(row))).toThrow(/GiB/);
    expect(reads).toBe(0);
  });

  it("threads on a Dataset run on one thread and say why", async () => {
    const dataset = createDataset(X);
    const model = await new LogisticRegression({ threads: 2 }).fit(dataset, y);
    expect(model.warnings.join()).toMatch(/ran on one thread/);
    dataset.dispose();
  });
});
