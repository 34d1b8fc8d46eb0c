// Every field the workflow adds to a saved model survives toJSON/fromJSON, and a tampered one is INVALID_MODEL.
import { describe, expect, it } from "vitest";
import { LogisticRegression } from "../../src/index.js";
import { loadCsv } from "../helpers/workflow-fixtures.js";

const { X, y } = loadCsv("wine");
const names = ["alcohol", "malic_acid", "ash", "alcalinity", "magnesium", "phenols", "flavanoids", "nonflavanoid", "proanthocyanins", "color", "hue", "od280", "proline"];

describe("saved workflow fields", () => {
  it("round-trip: options, class weights, standardisation, feature names", async () => {
    const model = await new LogisticRegression({ classWeight: { 0: 2 }, standardize: true, warmStart: true, l2: 1e-3 }).fit(X, y, { featureNames: names });
    const json = JSON.parse(JSON.stringify(model));
    expect(json.training.options).toMatchObject({ classWeight: { 0: 2 }, standardize: true, warmStart: true });
    const again = LogisticRegression.fromJSON(json);
    expect(again.options).toEqual(model.options);
    expect(again.classWeights).toEqual([2, 1, 1]);
    expect(again.standardization).toEqual(model.standardization);
    expect(again.featureNames).toEqual(names);
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    // warmStart: the loaded model starts from its own parameters.
    expect((await again.fit(X, y)).nIter).toBeLessThanOrEqual(1);
  });

  it("tampered fields are INVALID_MODEL, naming the field", async () => {
    const model = await new LogisticRegression({ classWeight: "balanced", standardize: true }).fit(X, y, { featureNames: names });
    const json = JSON.parse(JSON.stringify(model));
    const cases: [string, (j: Record<string, any>) => void, RegExp][] = [
      ["classWeights of the wrong length", (j) => (j.training.classWeights = [1, 1]), /classWeights must hold 3/],
      ["a negative class weight", (j) => (j.training.classWeights[1] = -1), /classWeights\[1\]/],
      ["standardization scale 0", (j) => (j.training.standardization.scale[4] = 0), /standardization.scale\[4\]/],
      ["standardization center NaN", (j) => (j.training.standardization.center[0] = "NaN"), /standardization.center\[0\]/],
      ["standardization of the wrong shape", (j) => (j.training.standardization = { center: [1], scale: [1] }), /must hold 13/],
      ["standardization not an object", (j) => (j.training.standardization = 5), /must be an object/],
      ["an unknown classWeight option", (j) => (j.training.options.classWeight = "balance"), /training.options are invalid/],
      ["standardize not a boolean", (j) => (j.training.options.standardize = "yes"), /training.options are invalid/],
      ["featureNames too short", (j) => (j.featureNames = names.slice(1)), /featureNames must list 13 names/],
    ];
    for (const [what, change, message] of cases) {
      const copy = structuredClone(json);
      change(copy);
      expect(() => LogisticRegression.fromJSON(copy), what).toThrow(expect.objectContaining({ code: "INVALID_MODEL", message: expect.stringMatching(message) }));
    }
  });
});
