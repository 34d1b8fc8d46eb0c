// Hostile input to the workflow surfaces (class weights, metrics, cross-validation, partialFit,
// warm starts): the weights' scale must not matter where the quantity is a weighted mean, every
// option value is read once, and absurd sizes are refused instead of running for hours.
import { afterEach, describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV, accuracy, balancedAccuracy, classificationReport, createDataset, formatClassificationReport, createObjective, kernelMemory, l1Max, l1Path, logLoss } from "../../src/index.js";
import { randomProblem } from "../helpers/random.js";
import { codeOf, messageOf } from "./helpers.js";

const { X, y } = randomProblem(43, 60, 3, 3);
const models: LogisticRegression[] = [];
const fit = (options: object = {}, fitOptions: object = {}) => {
  const model = new LogisticRegression({ maxIter: 30, ...options });
  models.push(model);
  return model.fit(X, y, fitOptions);
};
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

describe("class weights: a weighted mean does not depend on their scale", () => {
  it.each([1e308, 5e-324, 2 ** 600])("class weights all %d give the model of no class weights, bit for bit", async (w) => {
    const expected = (await fit()).theta;
    expect((await fit({ classWeight: { 0: w, 1: w, 2: w } })).theta).toEqual(expected);
  });

  it("huge class weights times huge sample weights fit, and equal the model of the same ratios", async () => {
    const expected = (await fit({ classWeight: { 0: 2, 1: 1, 2: 1 } })).theta;
    const huge = await fit({ classWeight: { 0: 1e308, 1: 5e307, 2: 5e307 } }, { sampleWeight: X.map(() => 1e308) });
    expect(huge.theta.every(Number.isFinite)).toBe(true);
    huge.theta.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 10));
    // The model still reports the caller's class weights, not the rescaled ones.
    expect(huge.classWeights).toEqual([1e308, 5e307, 5e307]);
  });

  it("scaling class weights by a power of two changes no bit", async () => {
    const expected = (await fit({ classWeight: { 0: 3, 1: 1, 2: 0.5 } })).theta;
    const scaled = await fit({ classWeight: { 0: 3 * 2 ** 900, 1: 2 ** 900, 2: 0.5 * 2 ** 900 } });
    expect(scaled.theta).toEqual(expected);
  });
});

describe("metrics: weights of 1e308 or 5e-324 give the unweighted answer", () => {
  const truth = [0, 1, 1, 0];
  const predicted = [0, 0, 1, 0];
  const proba = [[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.7, 0.3]];
  it.each([1e308, 5e-324])("weights all %d", (w) => {
    const sampleWeight = truth.map(() => w);
    expect(accuracy(truth, predicted, { sampleWeight })).toBe(accuracy(truth, predicted));
    expect(balancedAccuracy(truth, predicted, { sampleWeight })).toBe(balancedAccuracy(truth, predicted));
    expect(logLoss(truth, proba, { sampleWeight })).toBe(logLoss(truth, proba));
    const report = classificationReport(truth, predicted, { sampleWeight });
    const plain = classificationReport(truth, predicted);
    for (const key of ["0", "1", "macro", "weighted"] as const) {
      const [a, b] = [report[key], plain[key]] as { precision: number; recall: number; f1: number }[];
      expect([a.precision, a.recall, a.f1]).toEqual([b.precision, b.recall, b.f1]);
    }
    // Support stays the caller's weighted count.
    expect((report["1"] as { support: number }).support).toBe(2 * w);
  });
});

describe("cross-validation options", () => {
  it("an absurd number of λ values is refused at construction, not searched for hours", async () => {
    expect(await codeOf(() => new LogisticRegressionCV({ l2s: 1e6 }))).toBe("INVALID_OPTION");
    expect(await codeOf(() => new LogisticRegressionCV({ l2s: Array.from({ length: 1e5 }, (_, i) => i + 1) }))).toBe("INVALID_OPTION");
    // A search of a hundred is fine to construct.
    expect(new LogisticRegressionCV({ l2s: 100 }).cvOptions.l2s).toBe(100);
  });

  it("an absurd λ₁ grid is refused before anything runs (nL1s: 1e9 ran the process out of memory)", async () => {
    expect(await codeOf(() => l1Path(X, y, { nL1s: 1e9 }))).toBe("INVALID_OPTION");
    expect(await codeOf(() => l1Path(X, y, { l1s: Array.from({ length: 1e5 }, (_, i) => i) }))).toBe("INVALID_OPTION");
    expect(await codeOf(() => new LogisticRegressionCV({ l1s: 1e6 }))).toBe("INVALID_OPTION");
  });

  it("l1Path and l1Max check their options as fit and createObjective do", async () => {
    expect(await codeOf(() => l1Path(X, y, { signal: "stop" as never }))).toBe("INVALID_OPTION");
    expect(await codeOf(() => l1Max(X, y, null as never))).toBe("INVALID_OPTION");
    let reads = 0;
    const options = { get fitIntercept() { return reads++ === 0; } };
    expect(l1Max(X, y, options)).toBe(l1Max(X, y, { fitIntercept: true }));
    expect(reads).toBe(1);
  });

  it("l1s values are read once, by LogisticRegressionCV and l1Path", async () => {
    let reads = 0;
    const l1s = [1e-3, 1e-2];
    Object.defineProperty(l1s, 0, { enumerable: true, get: () => (reads++ === 0 ? 1e-3 : NaN) });
    expect(new LogisticRegressionCV({ l1s, cv: 3 }).cvOptions.l1s).toEqual([1e-3, 1e-2]);
    expect(reads).toBe(1);
    reads = 0;
    const path = await l1Path(X, y, { l1s, maxIter: 20 });
    expect(path.l1s).toEqual([1e-2, 1e-3]);
    expect(reads).toBe(1);
  });

  it("the l2s values are read once: a getter answering 1 and then NaN cannot slip NaN in", async () => {
    let reads = 0;
    const l2s = [1e-3, 1e-2];
    Object.defineProperty(l2s, 0, { enumerable: true, get: () => (reads++ === 0 ? 1e-3 : NaN) });
    const model = new LogisticRegressionCV({ l2s, cv: 3, maxIter: 20 });
    expect(reads).toBe(1);
    expect(model.cvOptions.l2s).toEqual([1e-3, 1e-2]);
  });

  it("a negative test-row index names itself without a bogus range", async () => {
    const message = await messageOf(() => new LogisticRegressionCV({ cv: [[-1]] }));
    expect(message).toContain("cv[0][0] is -1");
    expect(message).not.toContain("9007199254740991");
  });
});

describe("never a model with NaN or infinite parameters", () => {
  it.each(["sgd", "gd", "lbfgs", "newton"] as const)("%s started far too large: NUMERICAL, and the model stays as it was", async (solver) => {
    const model = new LogisticRegression({ solver, maxIter: 30 });
    models.push(model);
    await model.fit(X, y);
    const before = model.theta;
    const init = { coef: [[1e308, 1e308, 1e308], [0, 0, 0], [-1e308, 0, 0]], intercept: [0, 0, 0] };
    expect(await codeOf(() => model.fit(X, y, { init }))).toBe("NUMERICAL");
    expect(model.theta).toEqual(before);
  });

  it("SGD with a learning rate of 1e300 diverges into NUMERICAL naming the learning rate, and leaves no model", async () => {
    const model = new LogisticRegression({ solver: "sgd", learningRate: 1e300 });
    models.push(model);
    expect(await messageOf(() => model.fit(X, y))).toMatch(/learningRate/);
    expect(await codeOf(() => model.theta)).toBe("NOT_FITTED");
  });
});

describe("columnar X", () => {
  const columns = [Float64Array.from(X, (r) => r[0]), Float64Array.from(X, (r) => r[1])];
  it("64-bit integer labels beyond 2⁵³ are refused (two of them would round to one class), those within are numbers", async () => {
    const big = BigInt64Array.from(y, (c) => 2n ** 60n + BigInt(c));
    const message = await messageOf(() => new LogisticRegression().fit({ columns: [...columns, big], names: ["a", "b", "t"] }, "t"));
    expect(message).toMatch(/row 0 .*2\^53/);
    const small = BigInt64Array.from(y, (c) => BigInt(c) - 2n ** 52n);
    const model = new LogisticRegression({ maxIter: 30 });
    models.push(model);
    await model.fit({ columns: [...columns, small], names: ["a", "b", "t"] }, "t");
    expect(model.classes).toEqual([0, 1, 2].map((c) => c - 2 ** 52));
  });

  it("a column changed right after fit() returns its promise changes nothing", async () => {
    const expected = (await fit()).theta;
    const first = Float64Array.from(columns[0]);
    const model = new LogisticRegression({ maxIter: 30 });
    models.push(model);
    const running = model.fit({ columns: [first, columns[1], Float64Array.from(X, (r) => r[2])] }, y);
    first.fill(NaN);
    expect((await running).theta).toEqual(expected);
  });
});

describe("nothing the caller passes is mutated", () => {
  /** Freeze every plain object and array reachable from `v` (a write would throw: the library is strict code). */
  const deepFreeze = <T>(v: T): T => {
    if (typeof v === "object" && v !== null && !ArrayBuffer.isView(v)) {
      Object.values(v).forEach(deepFreeze);
      Object.freeze(v);
    }
    return v;
  };
  it("frozen X, y, weights, options, init, feature names, folds and λ lists go through every workflow call unchanged", async () => {
    const flat = Float64Array.from(X.flat());
    const flatCopy = Float64Array.from(flat);
    const weights = Float64Array.from(X, (_, i) => 1 + (i % 4));
    const weightsCopy = Float64Array.from(weights);
    const Xs = deepFreeze(X.map((r) => [...r]));
    const ys = deepFreeze([...y]);
    const options = deepFreeze({ maxIter: 30, classWeight: { 0: 2, 1: 1, 2: 0.5 }, standardize: true, warmStart: true });
    const init = deepFreeze({ coef: [[0, 0, 0], [0.1, 0, 0], [0, 0, 0]], intercept: [0, 0, 0] });
    const featureNames = deepFreeze(["a", "b", "c"]);
    const model = new LogisticRegression(options);
    models.push(model);
    await model.fit(Xs, ys, { sampleWeight: weights, init, featureNames });
    const records = deepFreeze(X.map(([a, b, c]) => ({ a, b, c })));
    model.predict(records);
    await model.fit({ data: flat, rows: X.length, cols: 3 }, ys, { sampleWeight: weights });
    model.score(Xs, ys);
    const partial = new LogisticRegression(deepFreeze({ maxIter: 30 }));
    models.push(partial);
    partial.partialFit(Xs, ys, deepFreeze({ classes: [0, 1, 2], sampleWeight: weights }));
    const cv = new LogisticRegressionCV(deepFreeze({ l2s: [1e-3, 1e-1], cv: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]], maxIter: 20 }));
    models.push(cv);
    await cv.fit(Xs, ys, deepFreeze({ sampleWeight: weights }));
    const predicted = deepFreeze(model.predict(Xs));
    accuracy(ys, predicted, deepFreeze({ sampleWeight: weights }));
    logLoss(ys, deepFreeze(model.predictProba(Xs).map((r) => Array.from(r))), { sampleWeight: weights });
    expect(flat).toEqual(flatCopy);
    expect(weights).toEqual(weightsCopy);
  });
});

describe("too large: every entry point refuses from the shape, before reading a value", () => {
  // 400 000 × 3000 (8.9 GiB in float64) in each container, as proxies that count the values read.
  const n = 400_000;
  const d = 3000;
  let reads = 0;
  const values = (length: number) =>
    new Proxy([], { get: (t, k) => (k === "length" ? length : typeof k === "string" && /^\d+$/.test(k) ? (reads++, 1) : Reflect.get(t, k)) });
  const of = (length: number, item: unknown) => new Proxy([], { get: (t, k) => (k === "length" ? length : typeof k === "string" && /^\d+$/.test(k) ? item : Reflect.get(t, k)) });
  const record = new Proxy({}, {
    ownKeys: () => Array.from({ length: d }, (_, j) => `f${j}`),
    getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
    get: () => (reads++, 1),
  });
  const labels = new Proxy([], { get: (t, k) => (k === "length" ? n : typeof k === "string" && /^\d+$/.test(k) ? (reads++, Number(k) % 2) : Reflect.get(t, k)) });
  const containers: Array<[string, unknown]> = [
    ["rows", of(n, values(d))],
    ["flat", { data: values(n * d), rows: n, cols: d }],
    ["records", of(n, record)],
    ["columns", { columns: Array.from({ length: d }, () => values(n)) }],
  ];
  const calls: Array<[string, (X: never) => unknown]> = [
    ["fit", (X) => new LogisticRegression().fit(X, labels as never)],
    ["fitSync", (X) => new LogisticRegression().fitSync(X, labels as never)],
    ["createObjective", (X) => createObjective(X, labels as never)],
    ["LogisticRegressionCV", (X) => new LogisticRegressionCV().fit(X, labels as never)],
  ];
  const rowForms: Array<[string, (X: never) => unknown]> = [
    ["partialFit", (X) => new LogisticRegression().partialFit(X, labels as never, { classes: [0, 1] })],
    ["createDataset", (X) => createDataset(X)],
  ];
  const cases = containers.flatMap(([form, X]) =>
    [...calls, ...(form === "columns" ? [] : rowForms)].map(([call, run]) => [`${call} on ${form}`, X, run] as const),
  );
  it.each(cases)("%s", async (_, X, run) => {
    reads = 0;
    expect(await codeOf(() => run(X as never))).toBe("TOO_LARGE");
    expect(reads).toBe(0);
  });
});

describe("a getter or proxy of the caller's that throws mid-copy", () => {
  const held = () => kernelMemory().reduce((sum, m) => sum + m.bytesInUse, 0);
  /** X whose row 50, column 1 throws when read: the copy into kernel memory is half done by then. */
  const trapped = () => {
    const rows = X.map((r) => [...r]);
    Object.defineProperty(rows[50], 1, { get: () => { throw new RangeError("the caller's trap"); } });
    return rows;
  };
  const calls: Array<[string, () => unknown]> = [
    ["fit", () => new LogisticRegression().fit(trapped(), y)],
    ["fitSync", () => new LogisticRegression().fitSync(trapped(), y)],
    ["threaded fit", () => new LogisticRegression({ threads: 2 }).fit(trapped(), y)],
    ["partialFit", () => new LogisticRegression().partialFit(trapped(), y, { classes: [0, 1, 2] })],
    ["createDataset", () => createDataset(trapped())],
    ["createObjective", () => createObjective(trapped(), y)],
    ["LogisticRegressionCV", () => new LogisticRegressionCV({ cv: 3 }).fit(trapped(), y)],
    ["a label", () => new LogisticRegression().fit(X, new Proxy(y, { get: (t, k) => { if (k === "40") throw new RangeError("the caller's trap"); return Reflect.get(t, k); } }))],
  ];
  it.each(calls)("%s: the caller's own error comes through unchanged and nothing stays allocated", async (_, run) => {
    const before = held();
    await expect(async () => run()).rejects.toThrow("the caller's trap");
    expect(held()).toBe(before);
  });
});

describe("score", () => {
  it("a third argument (scikit-learn's score takes sample weights there) is refused, not silently ignored", async () => {
    const model = await fit();
    const score = model.score.bind(model) as (...args: unknown[]) => number;
    expect(await messageOf(() => score(X, y, { sampleWeight: X.map(() => 2) }))).toMatch(/accuracy\(/);
    expect(score(X, y, undefined)).toBe(model.score(X, y));
  });
});

describe("formatClassificationReport with junk", () => {
  const report = classificationReport([0, 1, 1, 0], [0, 1, 0, 0]);
  const format = formatClassificationReport as (...args: unknown[]) => string;
  it("a report that is not a report is INVALID_ARGUMENT naming what is wrong", async () => {
    for (const junk of [null, undefined, 3, "x", [1, 2]]) expect(await codeOf(() => format(junk))).toBe("INVALID_ARGUMENT");
    expect(await messageOf(() => format({ ...report, macro: undefined }))).toMatch(/macro/);
    expect(await messageOf(() => format({ ...report, 1: { ...(report[1] as object), f1: "0.5" } }))).toMatch(/"1".*f1/);
    expect(await messageOf(() => format({ ...report, accuracy: "1" }))).toMatch(/accuracy/);
  });
  it("options: digits an integer in 0–100, labels an array, nothing unknown (INVALID_OPTION)", async () => {
    for (const options of [null, 5, { digits: -1 }, { digits: 1e9 }, { digits: 1.5 }, { digits: "3" }, { labels: "01" }, { digit: 3 }]) {
      expect(await codeOf(() => format(report, options))).toBe("INVALID_OPTION");
    }
    expect(format(report, { digits: 0 })).toContain("accuracy");
    expect(format(report, { digits: 4 })).toContain("0.7500");
    expect(format(report, undefined)).toBe(format(report));
  });
});

describe("labels and class-weight keys named like Object.prototype's members", () => {
  it('classificationReport keeps a "__proto__" label as a row of its own (it used to vanish into the prototype setter)', () => {
    const report = classificationReport(["__proto__", "a", "a", "constructor"], ["__proto__", "a", "constructor", "constructor"]) as Record<string, unknown>;
    expect(Object.keys(report).slice(0, 3)).toEqual(["__proto__", "a", "constructor"]);
    expect(Object.getPrototypeOf(report)).toBe(Object.prototype);
    expect(report["__proto__"]).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(formatClassificationReport(report as never)).toMatch(/__proto__ +1\.00/);
  });

  it("classWeight as a Map or with inherited weights is INVALID_OPTION (Object.keys would miss them and the fit ran unweighted)", async () => {
    const { X, y } = { X: [[0], [1], [2], [3]], y: [0, 0, 1, 1] };
    for (const classWeight of [new Map([[0, 2]]), Object.create({ 0: 100 }), new (class Weights { 0 = 2 })()]) {
      expect(await codeOf(() => new LogisticRegression({ classWeight } as never).fitSync(X, y))).toBe("INVALID_OPTION");
    }
    expect(await messageOf(() => new LogisticRegression({ classWeight: new Map([[0, 2]]) } as never).fitSync(X, y))).toMatch(/Map.*Object\.fromEntries/);
    // A JSON-parsed object with a "__proto__" key weighs that label, and a null-prototype object is plain too.
    const byJson = new LogisticRegression({ classWeight: JSON.parse('{"__proto__": 3, "b": 1}') }).fitSync([[0], [1], [2], [3]], ["__proto__", "__proto__", "b", "b"]);
    expect(Array.from(byJson.classWeights ?? [])).toEqual([3, 1]);
    const bare = Object.assign(Object.create(null), { 0: 2, 1: 1 });
    expect(Array.from(new LogisticRegression({ classWeight: bare }).fitSync(X, y).classWeights ?? [])).toEqual([2, 1]);
  });
});
