// The saved model's optional `preprocessing` field (written by the CLI): checked by
// LogisticRegression.fromJSON, kept through toJSON, ignored by Predictor (whose toJSON writes it back).
import { describe, expect, it } from "vitest";
import { LogisticRegression, Predictor } from "../src/index.js";

const X = [[0, 1, 0], [1, 0, 0], [2, 0, 1], [3, 1, 0], [4, 0, 1], [5, 0, 0]];
const y = ["a", "a", "b", "a", "b", "b"];
const preprocessing = {
  columns: [
    { name: "x", type: "numeric" },
    { name: "c", type: "categorical", levels: ["p", "q", "r"], dropFirst: true },
  ],
  target: "label",
};

async function saved() {
  return { ...JSON.parse(JSON.stringify(await new LogisticRegression().fit(X, y))), preprocessing };
}

describe("model preprocessing", () => {
  it("round-trips through fromJSON and toJSON and leaves predictions alone", async () => {
    const json = await saved();
    const model = LogisticRegression.fromJSON(json);
    expect(model.preprocessing).toEqual(preprocessing);
    expect(JSON.parse(JSON.stringify(model)).preprocessing).toEqual(preprocessing);
    const plain = LogisticRegression.fromJSON({ ...json, preprocessing: undefined });
    expect(plain.preprocessing).toBeUndefined();
    expect(model.predictProba(X)).toEqual(plain.predictProba(X));
    expect(Predictor.fromJSON(json).predictProba(X)).toEqual(plain.predictProba(X));
    // The getter hands out a copy.
    model.preprocessing!.columns.pop();
    expect(model.preprocessing).toEqual(preprocessing);
  });

  it("a refit drops it", async () => {
    const model = LogisticRegression.fromJSON(await saved());
    await model.fit(X, y);
    expect(model.preprocessing).toBeUndefined();
    expect(JSON.parse(JSON.stringify(model)).preprocessing).toBeUndefined();
  });

  it("tampered fields are INVALID_MODEL, naming the entry", async () => {
    const json = await saved();
    const bad = (p: unknown, message: RegExp) => expect(() => LogisticRegression.fromJSON({ ...json, preprocessing: p }), String(message)).toThrow(expect.objectContaining({ code: "INVALID_MODEL", message: expect.stringMatching(message) }));
    const columns = preprocessing.columns;
    bad("columns", /preprocessing must be an object/);
    bad({ columns: [] }, /columns must be a non-empty array/);
    bad({ ...preprocessing, target: 3 }, /target must be a column name/);
    bad({ columns: [columns[0], { ...columns[1], levels: ["p", "q"] }] }, /encode 2 features but the model has 3/);
    bad({ columns: [columns[0], { ...columns[1], dropFirst: false }] }, /encode 4 features but the model has 3/);
    bad({ columns: [columns[0], { ...columns[1], levels: ["p", "p", "q"] }] }, /columns\[1\]\.levels\[1\] "p" is a duplicate/);
    bad({ columns: [columns[0], { ...columns[1], levels: ["p", 2, "q"] }] }, /columns\[1\]\.levels\[1\] must be a string/);
    bad({ columns: [columns[0], { ...columns[1], type: "ordinal" }] }, /columns\[1\]\.type must be "numeric" or "categorical"/);
    bad({ columns: [columns[0], { ...columns[1], name: "x" }] }, /columns\[1\]\.name "x" is a duplicate/);
    bad({ ...preprocessing, target: "x" }, /columns\[0\]\.name "x" is also the target/);
    bad({ columns: [{ type: "numeric" }, columns[1]] }, /columns\[0\]\.name must be a string/);
  });
});
