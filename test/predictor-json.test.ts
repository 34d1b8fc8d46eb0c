// Predictor.fromJSON(json).toJSON() is the saved model itself: the fields the Predictor does
// not use (`statistics`, the inference data of unpenalised fits, and the CLI's
// `preprocessing`) are kept as read and written back, so a model loaded and saved through the
// predict-only entry still gives inference() and its preprocessing when loaded by
// LogisticRegression.fromJSON. The Predictor keeps its own copy of them.
import { describe, expect, it } from "vitest";
import { LogisticRegression, Predictor } from "../src/index.js";
import { randomProblem } from "./helpers/random.js";

const { X, y } = randomProblem(7, 200, 3, 3);
const preprocessing = {
  columns: [
    { name: "a", type: "numeric" },
    { name: "b", type: "numeric" },
    { name: "c", type: "numeric" },
  ],
  target: "label",
};

describe("Predictor JSON round trip", () => {
  it("keeps statistics: toJSON equals the saved model, and inference() survives", () => {
    const model = new LogisticRegression({ l2: 0 }).fitSync(X, y);
    const json = JSON.parse(JSON.stringify(model));
    expect(json.statistics).toBeDefined();
    const predictor = Predictor.fromJSON(JSON.stringify(model));
    expect(JSON.parse(JSON.stringify(predictor))).toEqual(json);
    const reloaded = LogisticRegression.fromJSON(predictor.toJSON());
    expect(reloaded.inference()).toEqual(model.inference());
  });

  it("keeps preprocessing, and hands out copies (changing one output changes nothing)", () => {
    const json = { ...JSON.parse(JSON.stringify(new LogisticRegression({ l2: 0 }).fitSync(X, y))), preprocessing: structuredClone(preprocessing) };
    const predictor = Predictor.fromJSON(json);
    // The caller's object changed after loading: the Predictor kept its own copy.
    json.preprocessing.columns.pop();
    json.statistics.nObservations = -1;
    const first = predictor.toJSON();
    expect(first.preprocessing).toEqual(preprocessing);
    first.preprocessing!.columns.pop();
    (first.statistics as unknown as Record<string, unknown>).nObservations = -2;
    const second = predictor.toJSON();
    expect(second.preprocessing).toEqual(preprocessing);
    expect(LogisticRegression.fromJSON(second).preprocessing).toEqual(preprocessing);
    expect(LogisticRegression.fromJSON(second).inference().params).toBeDefined();
  });

  it("a model without them stays without them", () => {
    const json = JSON.parse(JSON.stringify(new LogisticRegression({ l2: 1e-2 }).fitSync(X, y)));
    expect(json.statistics).toBeUndefined();
    const out = Predictor.fromJSON(json).toJSON();
    expect("statistics" in out || "preprocessing" in out).toBe(false);
    expect(out).toEqual(json);
  });
});
