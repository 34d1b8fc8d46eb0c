// partialFit: one pass of mini-batch SGD per call, continuing its schedule, averaging and
// shuffling across calls and across toJSON/fromJSON, bit for bit.
import { describe, expect, it } from "vitest";
import { LogisticRegression } from "../../src/index.js";
import { relativeError } from "../helpers/compare.js";
import { referenceProblem } from "../helpers/fixtures.js";

const { X, y } = referenceProblem("iris_std_lambda1e-2.json");
// Batches as a stream would bring them: A lacks class 2 entirely.
const order = X.map((_, i) => i).sort((a, b) => ((a * 7919) % 150) - ((b * 7919) % 150));
const A = order.filter((i) => y[i] !== 2).slice(0, 60);
const B = order.filter((i) => !A.includes(i));
const rows = (idx: number[]) => idx.map((i) => X[i]);
const labels = (idx: number[]) => idx.map((i) => y[i]);
const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer));

describe("partialFit", () => {
  for (const backend of ["wasm", "js"] as const) {
    it(`${backend}: partialFit(A), partialFit(B) equals partialFit(A), save, load, partialFit(B), bit for bit`, () => {
      const options = { l2: 1e-2, backend, classWeight: { 0: 1, 1: 2, 2: 0.5 }, seed: 3 } as const;
      const weights = (idx: number[]) => idx.map((i) => 1 + (i % 3));
      const straight = new LogisticRegression(options);
      straight.partialFit(rows(A), labels(A), { classes: [0, 1, 2], sampleWeight: weights(A) });
      const saved = JSON.stringify(straight);
      straight.partialFit(rows(B), labels(B), { sampleWeight: weights(B) });
      straight.partialFit(rows(A), labels(A), { sampleWeight: weights(A) });

      const resumed = LogisticRegression.fromJSON(saved);
      resumed.partialFit(rows(B), labels(B), { sampleWeight: weights(B) });
      const again = LogisticRegression.fromJSON(JSON.stringify(resumed));
      again.partialFit(rows(A), labels(A), { sampleWeight: weights(A) });
      expect(bits(again.theta)).toEqual(bits(straight.theta));
      expect(JSON.stringify(again)).toBe(JSON.stringify(straight));
      expect(again.nIter).toBe(3);
      expect(again.solver).toBe("sgd");
    });
  }

  it("saves the iterate, the average, the schedule and the generator in the JSON", () => {
    const model = new LogisticRegression({ l2: 1e-2 }).partialFit(X, y, { classes: [0, 1, 2] });
    const state = JSON.parse(JSON.stringify(model)).training.partialFit;
    expect(Object.keys(state).sort()).toEqual(["averaged", "epoch", "eta0", "random", "sum", "theta"]);
    expect(state.theta).toHaveLength(15);
    expect(state.epoch).toBe(1);
    expect(state.averaged).toBe(Math.ceil(150 / 16));
  });

  it("many passes approach the optimum of the same objective", async () => {
    const model = new LogisticRegression({ l2: 1e-2 });
    for (let pass = 0; pass < 300; pass++) model.partialFit(X, y, { classes: [0, 1, 2] });
    const optimum = await new LogisticRegression({ l2: 1e-2, tol: 1e-10 }).fit(X, y);
    expect(relativeError(model.theta, optimum.theta)).toBeLessThan(2e-2);
    expect(model.score(X, y)).toBeGreaterThan(0.95);
  });

  it("the classes fix K and their order; a later batch may lack classes but not add one", () => {
    const model = new LogisticRegression({ l2: 1e-2 });
    model.partialFit(rows(A), labels(A).map((k) => ["b", "c", "a"][k]), { classes: ["c", "b", "a"] });
    expect(model.classes).toEqual(["c", "b", "a"]);
    expect(model.predictProba(X.slice(0, 1))[0]).toHaveLength(3);
    expect(() => model.partialFit(rows(B), labels(B).map((k) => ["b", "c", "z"][k]))).toThrow(
      expect.objectContaining({ code: "INVALID_Y", message: expect.stringMatching(/row \d+ is "z", which is not one of the classes \["c", "b", "a"\]/) }),
    );
    expect(() => model.partialFit(rows(B), labels(B).map(() => "a"), { classes: ["a", "b", "c"] })).toThrow(/differ from the model's/);
  });

  it("refuses a first call without classes, bad classes, balanced weights and standardize", () => {
    expect(() => new LogisticRegression().partialFit(X, y)).toThrow(expect.objectContaining({ code: "INVALID_OPTION", message: expect.stringMatching(/needs the option classes/) }));
    expect(() => new LogisticRegression().partialFit(X, y, { classes: [0] })).toThrow(/at least two classes/);
    expect(() => new LogisticRegression().partialFit(X, y, { classes: [0, 1, 1] })).toThrow(/classes\[2\] \(1\) is a duplicate/);
    expect(() => new LogisticRegression().partialFit(X, y, { classes: [0, "1"] as never })).toThrow(/all numbers or all strings/);
    expect(() => new LogisticRegression({ classWeight: "balanced" }).partialFit(X, y, { classes: [0, 1, 2] })).toThrow(/cannot use classWeight "balanced"/);
    expect(() => new LogisticRegression({ standardize: true }).partialFit(X, y, { classes: [0, 1, 2] })).toThrow(/cannot standardise/);
    expect(() => new LogisticRegression().partialFit(X, y, { classes: [0, 1, 2], epochs: 3 } as never)).toThrow(/unknown partialFit option "epochs"/);
  });

  it("continues from a model fitted by fit, and fit afterwards starts afresh", async () => {
    const model = await new LogisticRegression({ l2: 1e-2, tol: 1e-10 }).fit(X, y);
    const optimum = model.theta;
    model.partialFit(X, y);
    // One SGD pass from the optimum stays near it.
    expect(relativeError(model.theta, optimum)).toBeLessThan(0.05);
    expect(JSON.parse(JSON.stringify(model)).training.partialFit).toBeDefined();
    await model.fit(X, y);
    expect(JSON.parse(JSON.stringify(model)).training.partialFit).toBeUndefined();
    expect(() => model.partialFit(X.map((r) => r.slice(1)), y)).toThrow(expect.objectContaining({ code: "FEATURE_MISMATCH" }));
  });

  it("a diverging learning rate is NUMERICAL and leaves the model as it was", () => {
    const model = new LogisticRegression({ l2: 1e-2, learningRate: 1e300 }).partialFit(X.slice(0, 3), [0, 1, 2], { classes: [0, 1, 2] });
    let before = "";
    let error: unknown;
    for (let i = 0; i < 20 && !error; i++) {
      before = JSON.stringify(model);
      try {
        model.partialFit(X, y);
      } catch (e) {
        error = e;
      }
    }
    expect(error).toMatchObject({ code: "NUMERICAL", message: expect.stringMatching(/diverged/) });
    expect(JSON.stringify(model)).toBe(before);
  });

  it("tampered partialFit state in the JSON is INVALID_MODEL", () => {
    const json = JSON.parse(JSON.stringify(new LogisticRegression({ l2: 1e-2 }).partialFit(X, y, { classes: [0, 1, 2] })));
    const tamper = (change: (s: Record<string, unknown>) => void) => {
      const copy = structuredClone(json);
      change(copy.training.partialFit);
      return () => LogisticRegression.fromJSON(copy);
    };
    for (const [what, change] of [
      ["short theta", (s: Record<string, unknown>) => (s.theta = (s.theta as number[]).slice(1))],
      ["string in sum", (s: Record<string, unknown>) => ((s.sum as unknown[])[3] = "1")],
      ["negative epoch", (s: Record<string, unknown>) => (s.epoch = -5)],
      ["fractional averaged", (s: Record<string, unknown>) => (s.averaged = 1.5)],
      ["random beyond uint32", (s: Record<string, unknown>) => (s.random = 2 ** 32)],
      ["zero eta0", (s: Record<string, unknown>) => (s.eta0 = 0)],
      ["missing eta0", (s: Record<string, unknown>) => delete s.eta0],
    ] as const) {
      expect(tamper(change), what).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    }
    const copy = structuredClone(json);
    copy.training.partialFit = "state";
    expect(() => LogisticRegression.fromJSON(copy)).toThrow(/training.partialFit must be an object/);
  });
});
