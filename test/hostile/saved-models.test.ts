// Tampered saved models and hostile options: every one is INVALID_MODEL / INVALID_OPTION
// (or loads correctly), and a loaded model keeps nothing of the caller's object.
import { describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV, Predictor } from "../../src/index.js";
import { randomProblem } from "../helpers/random.js";
import { codeOf, messageOf, runChild } from "./helpers.js";

const { X, y } = randomProblem(43, 80, 3, 3);
const model = new LogisticRegression({ l2: 1e-2 }).fitSync(X, y);
const good = () => JSON.parse(JSON.stringify(model));

describe("tampered saved models", () => {
  const tampered: Array<[string, (j: any) => unknown]> = [
    ["nFeatures 2³¹", (j) => ({ ...j, nFeatures: 2 ** 31 })],
    ["nFeatures 1e300", (j) => ({ ...j, nFeatures: 1e300 })],
    ["nFeatures as a string", (j) => ({ ...j, nFeatures: "3" })],
    ["classes as a string", (j) => ({ ...j, classes: "012" })],
    ["classes with NaN", (j) => ({ ...j, classes: [0, NaN, 2] })],
    ["classes mixed", (j) => ({ ...j, classes: [0, "1", 2] })],
    ["classes as objects", (j) => ({ ...j, classes: [{}, [], null] })],
    ["an intercept of Infinity (as 1e999 text)", (j) => JSON.stringify(j).replace(/"intercept":\[[^,]+/, '"intercept":[1e999')],
    ["a coef row of strings", (j) => ({ ...j, coef: j.coef.map((r: number[], k: number) => (k === 1 ? r.map(String) : r)) })],
    ["fitIntercept false with non-zero intercepts", (j) => ({ ...j, fitIntercept: false })],
    ["training.options.fitIntercept contradicting fitIntercept", (j) => ({ ...j, training: { ...j.training, options: { ...j.training.options, fitIntercept: false } } })],
    ["training.iterations -5", (j) => ({ ...j, training: { ...j.training, iterations: -5 } })],
    ["training.iterations 1.5", (j) => ({ ...j, training: { ...j.training, iterations: 1.5 } })],
    ["training.converged 'yes'", (j) => ({ ...j, training: { ...j.training, converged: "yes" } })],
    ["training.solver 'magic'", (j) => ({ ...j, training: { ...j.training, solver: "magic" } })],
    ["training.lossHistory with a string", (j) => ({ ...j, training: { ...j.training, lossHistory: [1, "2"] } })],
    ["training.warnings not strings", (j) => ({ ...j, training: { ...j.training, warnings: [1] } })],
    ["training as a number", (j) => ({ ...j, training: 5 })],
    ["training.options.threads 1e6", (j) => ({ ...j, training: { ...j.training, options: { ...j.training.options, threads: 1e6 } } })],
    ["training.options.seed 2³²", (j) => ({ ...j, training: { ...j.training, options: { ...j.training.options, seed: 2 ** 32 } } })],
    ["training.options with an unknown key", (j) => ({ ...j, training: { ...j.training, options: { ...j.training.options, evil: 1 } } })],
    ["training.options null", (j) => ({ ...j, training: { ...j.training, options: null } })],
    ["a cycle", (j) => { const t = { ...j }; t.training = { ...j.training, self: t }; return t; }],
    ["a bigint", (j) => ({ ...j, training: { ...j.training, extra: 1n } })],
    ["an array", () => [1, 2, 3]],
    ["null", () => null],
    ["the text 'null'", () => "null"],
    ["empty text", () => ""],
  ];
  it.each(tampered)("%s → INVALID_MODEL", async (_, make) => {
    expect(await codeOf(() => LogisticRegression.fromJSON(make(good())))).toBe("INVALID_MODEL");
  });

  it.each(tampered.filter(([name]) => !name.startsWith("training")))("Predictor.fromJSON: %s → INVALID_MODEL", async (_, make) => {
    expect(await codeOf(() => Predictor.fromJSON(make(good())))).toBe("INVALID_MODEL");
  });

  it("fitIntercept false with non-zero intercepts names the intercept", async () => {
    expect(await messageOf(() => LogisticRegression.fromJSON({ ...good(), fitIntercept: false }))).toMatch(/intercept\[0\] is not 0/);
  });

  it("a saved model's __proto__ key does not pollute anything", () => {
    const text = JSON.stringify(good()).replace('"format"', '"__proto__":{"polluted":1},"format"');
    const m = LogisticRegression.fromJSON(text);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    expect(m.predict(X)).toEqual(model.predict(X));
  });
});

describe("a loaded model keeps nothing of the caller's object", () => {
  it("mutating the source after fromJSON changes neither toJSON() nor predictions", () => {
    const source = good();
    const loaded = LogisticRegression.fromJSON(source);
    const before = JSON.stringify(loaded);
    source.coef[0][0] = 123;
    source.intercept[1] = -5;
    source.classes[0] = "changed";
    source.training.lossHistory.push(1);
    source.training.options.l2 = 99;
    source.training.warnings.push("tampered");
    expect(JSON.stringify(loaded)).toBe(before);
    expect(loaded.predict(X)).toEqual(model.predict(X));
    const predictor = Predictor.fromJSON(good());
    const p = good();
    const fromP = Predictor.fromJSON(p);
    p.training.options.l2 = 5;
    p.classes.reverse();
    expect(JSON.stringify(fromP)).toBe(JSON.stringify(predictor));
  });

  it("getters of a saved model object are read once", () => {
    const source = good();
    let reads = 0;
    const coef = source.coef;
    Object.defineProperty(source, "coef", { enumerable: true, get: () => (reads++ === 0 ? coef : [[NaN]]) });
    const loaded = LogisticRegression.fromJSON(source);
    expect(reads).toBe(1);
    expect(loaded.predict(X)).toEqual(model.predict(X));
  });

  it("the round trip predicts bit for bit", () => {
    expect(LogisticRegression.fromJSON(JSON.stringify(model)).predictProba(X)).toEqual(model.predictProba(X));
    expect(Predictor.fromJSON(model.toJSON()).predictProba(X)).toEqual(model.predictProba(X));
  });

  it("model text with a leading byte-order mark (as Windows editors save it) loads like the text without it", async () => {
    const text = "\uFEFF" + JSON.stringify(model);
    expect(LogisticRegression.fromJSON(text).predictProba(X)).toEqual(model.predictProba(X));
    expect(Predictor.fromJSON(text).predictProba(X)).toEqual(model.predictProba(X));
    // Only one leading mark is a BOM; a second one, or one inside, is still corrupt text.
    expect(await codeOf(() => LogisticRegression.fromJSON("\uFEFF\uFEFF" + JSON.stringify(model)))).toBe("INVALID_MODEL");
    expect(await codeOf(() => LogisticRegression.fromJSON("\uFEFF"))).toBe("INVALID_MODEL");
  });
});

describe("hostile options", () => {
  it("Predictor.fromJSON options: null, { backend: 'gpu' } and unknown keys are refused", async () => {
    expect(await codeOf(() => Predictor.fromJSON(good(), null as unknown as object))).toBe("INVALID_OPTION");
    expect(await codeOf(() => Predictor.fromJSON(good(), { backend: "gpu" } as unknown as object))).toBe("INVALID_OPTION");
    expect(await codeOf(() => Predictor.fromJSON(good(), { backnd: "js" } as unknown as object))).toBe("INVALID_OPTION");
    expect(Predictor.fromJSON(good(), { backend: "js" }).predict(X)).toEqual(model.predict(X));
  });

  const badOptions: object[] = [
    { seed: 2 ** 32 },
    { seed: -1 },
    { seed: 1.5 },
    { seed: "7" },
    { threads: 0 },
    { threads: 1.5 },
    { threads: "2" },
    { maxIter: 0 },
    { maxIter: Infinity },
    { tol: NaN },
    { tol: -1 },
    { l2: Infinity },
    { batchSize: 0 },
    { learningRate: 0 },
    { learningRate: "fast" },
    { dtype: "float16" },
    { backend: "gpu" },
    { solver: "adam" },
    { fitIntercept: "yes" },
    { maxIters: 10 },
  ];
  it.each(badOptions)("new LogisticRegression(%o) → INVALID_OPTION", async (options) => {
    expect(await codeOf(() => new LogisticRegression(options as object))).toBe("INVALID_OPTION");
  });

  it("options that are not an object", async () => {
    for (const options of [null, 3, "newton", [1]]) expect(await codeOf(() => new LogisticRegression(options as object))).toBe("INVALID_OPTION");
  });

  it("seed 2³² − 1 is a seed of its own, not seed 0", () => {
    const a = new LogisticRegression({ solver: "sgd", maxIter: 3, seed: 0 }).fitSync(X, y);
    const b = new LogisticRegression({ solver: "sgd", maxIter: 3, seed: 2 ** 32 - 1 }).fitSync(X, y);
    expect(a.theta).not.toEqual(b.theta);
  });

  const badFitOptions: Array<[string, object, string]> = [
    ["signal: 'stop'", { signal: "stop" }, "INVALID_OPTION"],
    ["signal: {}", { signal: {} }, "INVALID_OPTION"],
    ["onIteration: 3", { onIteration: 3 }, "INVALID_OPTION"],
    ["an unknown fit option", { sampleWeights: [] }, "INVALID_OPTION"],
  ];
  it.each(badFitOptions)("fit option %s → %s", async (_, fitOptions, code) => {
    expect(await codeOf(() => new LogisticRegression().fit(X, y, fitOptions as object))).toBe(code);
    expect(await codeOf(() => new LogisticRegression().fitSync(X, y, fitOptions as object))).toBe(code);
  });

  it("fit options that are not an object", async () => {
    for (const fitOptions of [null, 3, "x"]) expect(await codeOf(() => new LogisticRegression().fit(X, y, fitOptions as object))).toBe("INVALID_OPTION");
  });

  it("an already aborted signal gives ABORTED and leaves the model as it was", async () => {
    const m = new LogisticRegression().fitSync(X, y);
    const before = JSON.stringify(m);
    const controller = new AbortController();
    controller.abort();
    expect(await codeOf(() => m.fit(X, y, { signal: controller.signal }))).toBe("ABORTED");
    expect(JSON.stringify(m)).toBe(before);
  });

  it("onIteration that throws ends the fit with that error, leaving the model and kernel memory as they were", async () => {
    const m = new LogisticRegression().fitSync(X, y);
    const before = JSON.stringify(m);
    await expect(m.fit(X, y, { onIteration: () => { throw new RangeError("mine"); } })).rejects.toThrow("mine");
    expect(JSON.stringify(m)).toBe(before);
    // The model can be fitted again (no fit stays "in progress").
    await m.fit(X, y);
  });

  it("a fit started from onIteration of the same model is refused; another model's works", async () => {
    const m = new LogisticRegression({ solver: "gd", maxIter: 3 });
    let inner = "";
    await m.fit(X, y, {
      onIteration: () => {
        if (inner) return;
        inner = "started";
        m.fit(X, y).catch((e) => (inner = e.code));
      },
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(inner).toBe("FIT_IN_PROGRESS");
  });

  it("threads: 100 000 is clamped, with a warning, and starts only a few workers", async () => {
    const big = randomProblem(44, 2000, 3, 3);
    const m = await new LogisticRegression({ threads: 100_000 }).fit(big.X, big.y);
    expect(m.options.threads).toBe(1024);
    expect(m.warnings.join()).toMatch(/threads: 1024 requested, ran on \d+/);
    // The model saves and loads.
    expect(LogisticRegression.fromJSON(JSON.stringify(m)).options.threads).toBe(1024);
  });
});

describe("the edge entry's init with hostile sources", () => {
  it("garbage bytes, a string, null, a number, an empty or foreign module: INVALID_ARGUMENT, and the entry stays usable", async () => {
    const child = await runChild(
      `const fs = await import("node:fs");
       const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
       const codes = {};
       const attempt = async (name, run) => { try { await run(); codes[name] = "ok"; } catch (e) { codes[name] = e.code ?? e.name; } };
       await attempt("before init", () => new lib.LogisticRegression().fit([[0], [1]], [0, 1]));
       await attempt("garbage", () => lib.init(new Uint8Array([1, 2, 3, 4])));
       await attempt("string", () => lib.init("softmax.wasm"));
       await attempt("null", () => lib.init(null));
       await attempt("number", () => lib.init(42));
       await attempt("empty module bytes", () => lib.init(empty));
       await attempt("initSync empty module", () => lib.initSync(new WebAssembly.Module(empty)));
       await attempt("initSync garbage", () => lib.initSync(new Uint8Array(16)));
       await attempt("initSync null", () => lib.initSync(null));
       await attempt("rejected fetch", () => lib.init(Promise.reject(new Error("offline"))));
       codes.initialized = lib.isInitialized();
       await attempt("real module", () => lib.init(fs.readFileSync(new URL("softmax.wasm", ${JSON.stringify(new URL("../../dist/", import.meta.url).href)}))));
       await attempt("garbage after init", () => lib.init("again"));
       await attempt("fit after init", () => new lib.LogisticRegression().fit([[0], [1]], [0, 1]));
       report(codes);`,
      { entry: "edge.js" },
    );
    expect(child.timedOut, child.stderr).toBe(false);
    expect(child.result).toEqual({
      "before init": "NOT_INITIALIZED",
      garbage: "INVALID_ARGUMENT",
      string: "INVALID_ARGUMENT",
      null: "INVALID_ARGUMENT",
      number: "INVALID_ARGUMENT",
      "empty module bytes": "INVALID_ARGUMENT",
      "initSync empty module": "INVALID_ARGUMENT",
      "initSync garbage": "INVALID_ARGUMENT",
      "initSync null": "INVALID_ARGUMENT",
      "rejected fetch": "INVALID_ARGUMENT",
      initialized: false,
      "real module": "ok",
      "garbage after init": "INVALID_ARGUMENT",
      "fit after init": "ok",
    });
  }, 70_000);
});

describe("a saved LogisticRegressionCV whose search results contradict themselves or the model", () => {
  const { X, y } = randomProblem(21, 90, 3, 3);
  const saved = new LogisticRegressionCV({ l2s: [1e-1, 1e-2, 1e-3], cv: 3 }).fitSync(X, y).toJSON();
  type Json = { options: { l2: number }; training: { options: { l2: number }; cv: Record<string, unknown> } };
  const edit = (change: (json: Json) => void) => {
    const json = JSON.parse(JSON.stringify(saved)) as Json;
    change(json);
    return json;
  };
  it("loads as saved", () => {
    expect(LogisticRegressionCV.fromJSON(JSON.parse(JSON.stringify(saved))).meanScores).toEqual((saved as unknown as Json).training.cv.meanScores);
  });
  it("a penalty that is not the chosen candidate's, a bestIndex the rule would not choose, mean scores that are not the folds' means, a row index ≥ 2³¹: INVALID_MODEL, naming the field", async () => {
    const cv = (saved as unknown as Json).training.cv;
    const best = cv.bestIndex as number;
    const other = (best + 1) % 3;
    const cases: [Json, RegExp][] = [
      [edit((j) => ((j.training.options.l2 = 0.5), (j.options ??= { l2: 0 }), (j.options.l2 = 0.5))), /penalty/],
      [edit((j) => (j.training.cv.bestIndex = other)), /bestIndex/],
      [edit((j) => ((j.training.cv.meanScores as number[])[other] += 1e-3)), /meanScores\[/],
      [edit((j) => ((j.training.cv.testFolds as number[][])[0][0] = 2 ** 31)), /testFolds\[0\]/],
    ];
    for (const [json, field] of cases) {
      expect(await codeOf(() => LogisticRegressionCV.fromJSON(json))).toBe("INVALID_MODEL");
      expect(await messageOf(() => LogisticRegressionCV.fromJSON(json))).toMatch(field);
    }
  });
});
