// Bad input: one error class with a stable code and a message that says what and where;
// checked before any state changes.
import { describe, expect, it } from "vitest";
import { LogisticRegression, SoftmaxRegressionError, createObjective } from "../src/index.js";

const X = [[0, 1], [1, 0], [1, 1], [0, 0]];
const y = [0, 1, 1, 0];

/** Run fn and return the SoftmaxRegressionError it throws (failing the test otherwise). */
async function caught(fn: () => unknown): Promise<SoftmaxRegressionError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SoftmaxRegressionError);
    return e as SoftmaxRegressionError;
  }
  throw new Error("expected an error, none was thrown");
}

const fit = (X2: unknown, y2: unknown, opts?: unknown) => () =>
  new LogisticRegression().fit(X2 as number[][], y2 as number[], opts as undefined);

const badInputs: Array<[string, () => unknown, string, RegExp]> = [
  ["empty X", fit([], []), "INVALID_X", /empty/],
  ["zero features", fit([[], []], [0, 1]), "INVALID_X", /zero features/],
  ["1-D X", fit([1, 2, 3], [0, 1, 0]), "INVALID_X", /2-D/],
  ["ragged rows", fit([[1, 2], [3]], [0, 1]), "INVALID_X", /row 1 has 1 values, row 0 has 2/],
  ["NaN in X", fit([[1, 2], [3, NaN]], [0, 1]), "NON_FINITE", /row 1, column 1 is NaN/],
  ["Infinity in X", fit([[1, Infinity], [3, 4]], [0, 1]), "NON_FINITE", /row 0, column 1 is Infinity/],
  ["a string in X", fit([[1, "2"], [3, 4]], [0, 1]), "INVALID_X", /row 0, column 1/],
  ["typed data of the wrong length", fit({ data: new Float64Array(5), rows: 2, cols: 3 }, [0, 1]), "INVALID_X", /length 5.*2×3/],
  ["NaN in typed data", fit({ data: Float64Array.of(1, 2, NaN, 4), rows: 2, cols: 2 }, [0, 1]), "NON_FINITE", /row 1, column 0/],
  ["y length mismatch", fit(X, [0, 1]), "INVALID_Y", /2 labels but X has 4 rows/],
  ["one class", fit(X, [1, 1, 1, 1]), "TOO_FEW_CLASSES", /only one class/],
  ["NaN label", fit(X, [0, 1, NaN, 0]), "NON_FINITE", /row 2/],
  ["mixed label types", fit(X, [0, "a", 1, 0]), "INVALID_Y", /mixes numbers and strings.*row 1/],
  ["object label", fit(X, [0, {}, 1, 0]), "INVALID_Y", /row 1/],
  ["negative soft target", fit(X, [[1, 0], [1.5, -0.5], [0, 1], [0.5, 0.5]]), "INVALID_Y", /row 1, class 1 is negative/],
  ["soft row not summing to 1", fit(X, [[1, 0], [0.6, 0.6], [0, 1], [0.5, 0.5]]), "INVALID_Y", /row 1 sums to 1.2/],
  ["soft targets of the wrong length", fit(X, [[1, 0], [0, 1]]), "INVALID_Y", /2 probability rows but X has 4/],
  ["NaN soft target", fit(X, [[1, 0], [NaN, 1], [0, 1], [0.5, 0.5]]), "NON_FINITE", /row 1, column 0/],
  ["negative weight", fit(X, y, { sampleWeight: [1, -1, 1, 1] }), "INVALID_WEIGHTS", /row 1 is negative/],
  ["NaN weight", fit(X, y, { sampleWeight: [1, 1, NaN, 1] }), "NON_FINITE", /row 2/],
  ["all-zero weights", fit(X, y, { sampleWeight: [0, 0, 0, 0] }), "INVALID_WEIGHTS", /zero for every row/],
  ["weights of the wrong length", fit(X, y, { sampleWeight: [1, 1] }), "INVALID_WEIGHTS", /2 values but X has 4/],
  ["unknown fit option", fit(X, y, { sampleWeights: [1, 1, 1, 1] }), "INVALID_OPTION", /did you mean "sampleWeight"/],
];

describe("bad input to fit", () => {
  it.each(badInputs)("%s", async (_, fn, code, message) => {
    const e = await caught(fn);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe("bad options", () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ maxIters: 10 }, /unknown option "maxIters" \(did you mean "maxIter"\?\)/],
    [{ solver: "adam" }, /solver must be one of/],
    [{ l2: -1 }, /l2 must be ≥ 0/],
    [{ l2: NaN }, /l2 must be a finite number/],
    [{ tol: -1e-3 }, /tol must be ≥ 0/],
    [{ maxIter: 2.5 }, /maxIter must be an integer in 1 … 10000000 \(10⁷\)/],
    [{ maxIter: 0 }, /maxIter must be an integer in 1 … 10000000 \(10⁷\)/],
    [{ batchSize: 0 }, /batchSize must be an integer in 1 … 2147483647/],
    [{ learningRate: 0 }, /learningRate must be > 0/],
    [{ fitIntercept: "yes" }, /fitIntercept must be true or false/],
    [{ backend: "gpu" }, /backend must be one of/],
    [{ seed: -1 }, /seed must be an integer in 0 … 4294967295/],
  ];
  it.each(cases)("%o", async (options, message) => {
    const e = await caught(() => new LogisticRegression(options as never));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toMatch(message);
  });
});

describe("misuse of a model", () => {
  it("predict, score, coef and toJSON before fit", async () => {
    const m = new LogisticRegression();
    for (const fn of [() => m.predict(X), () => m.predictProba(X), () => m.score(X, y), () => m.coef, () => JSON.stringify(m)]) {
      const e = await caught(fn);
      expect(e.code).toBe("NOT_FITTED");
      expect(e.message).toMatch(/call fit/);
    }
  });

  it("a feature count that differs from training", async () => {
    const m = await new LogisticRegression().fit(X, y);
    const e = await caught(() => m.predict([[1, 2, 3]]));
    expect(e.code).toBe("FEATURE_MISMATCH");
    expect(e.message).toMatch(/3 features .* fitted with 2/);
  });

  it("a failed fit leaves a fitted model exactly as it was", async () => {
    const m = await new LogisticRegression().fit(X, y);
    const before = JSON.stringify(m);
    await caught(() => m.fit(X, [0, 1]));
    await caught(() => m.fit([[NaN, 1], [1, 1]], [0, 1]));
    expect(JSON.stringify(m)).toBe(before);
  });

  it("objective parameters of the wrong length", async () => {
    const obj = createObjective(X, y);
    const e = await caught(() => obj.value(new Float64Array(5)));
    expect(e.code).toBe("INVALID_ARGUMENT");
    expect(e.message).toMatch(/length K\(d\+1\) = 6/);
    obj.dispose();
    expect((await caught(() => obj.value(new Float64Array(6)))).code).toBe("DISPOSED");
  });
});

describe("an array where an options object goes (a positional argument, as in scikit-learn's fit(X, y, sample_weight))", () => {
  const weights = [1, 2, 1, 1];
  it.each([
    ["fit(X, y, weights)", () => new LogisticRegression().fit(X, y, weights as never), /fit options must be an object of named options \(sampleWeight, .*got an array of length 4; sample weights go in \{ sampleWeight: w \}/],
    ["fit(X, y, Float64Array)", () => new LogisticRegression().fit(X, y, Float64Array.from(weights) as never), /got a Float64Array; sample weights go in/],
    ["partialFit(X, y, classes)", () => new LogisticRegression().partialFit(X, y, [0, 1] as never), /the classes go in \{ classes: \[\.\.\.\] \}/],
    ["createDataset(X, y)", async () => (await import("../src/index.js")).createDataset(X, y as never), /createDataset takes X alone: the targets go to fit\(dataset, y\)/],
  ])("%s: INVALID_OPTION saying where the array belongs, not 'unknown option \"0\"'", async (_, call, message) => {
    const e = await caught(call);
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toMatch(message);
    expect(e.message).not.toMatch(/"0"/);
  });
});
