// Feature names (fit option featureNames, records as X) and the prediction conveniences:
// single rows, records matched by name, empty batches.
import { describe, expect, it } from "vitest";
import { LogisticRegression, Predictor, createDataset } from "../../src/index.js";
import { relativeError } from "../helpers/compare.js";
import { loadCsv } from "../helpers/workflow-fixtures.js";

const { X, y } = loadCsv("iris");
const names = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
const records = X.map((row) => Object.fromEntries(names.map((n, j) => [n, row[j]])));

describe("feature names and records", () => {
  it("records as X fit the same model as rows, and name the features", async () => {
    const fromRecords = await new LogisticRegression({ l2: 1e-2 }).fit(records, y);
    const fromRows = await new LogisticRegression({ l2: 1e-2 }).fit(X, y);
    expect(fromRecords.theta).toEqual(fromRows.theta);
    expect(fromRecords.featureNames).toEqual(names);
    expect(fromRows.featureNames).toBeUndefined();
    // Predictions accept records in any key order, and plain rows too.
    const shuffled = records.map((r) => Object.fromEntries(Object.entries(r).reverse()));
    expect(fromRecords.predictProba(shuffled)).toEqual(fromRows.predictProba(X));
    expect(fromRecords.predict(X)).toEqual(fromRows.predict(X));
    expect(fromRecords.score(shuffled, y)).toBe(fromRows.score(X, y));
  });

  it("the fit option featureNames names the columns of rows, and orders the keys of records", async () => {
    const model = await new LogisticRegression({ l2: 1e-2 }).fit(X, y, { featureNames: names });
    expect(model.featureNames).toEqual(names);
    const reordered = ["petal_width", "petal_length", "sepal_width", "sepal_length"];
    const byName = await new LogisticRegression({ l2: 1e-2 }).fit(records, y, { featureNames: reordered });
    expect(byName.featureNames).toEqual(reordered);
    // The same optimum with the columns reversed (to rounding: the sums run in another order).
    expect(relativeError(byName.coef.flatMap((row) => [...row].reverse()), model.coef.flat())).toBeLessThan(1e-9);
    expect(relativeError(byName.predictProba(records).flat(), model.predictProba(records).flat())).toBeLessThan(1e-9);
  });

  it("featureNames and records are saved in the JSON; Predictor.fromJSON predicts records too", async () => {
    const model = await new LogisticRegression({ l2: 1e-2 }).fit(records, y);
    const json = JSON.parse(JSON.stringify(model));
    expect(json.featureNames).toEqual(names);
    const again = LogisticRegression.fromJSON(json);
    expect(again.featureNames).toEqual(names);
    expect(again.predictProba(records)).toEqual(model.predictProba(records));
    expect(Predictor.fromJSON(json).predictProba(records.slice(0, 3))).toEqual(model.predictProba(X.slice(0, 3)));
    expect(Predictor.fromJSON(json).featureNames).toEqual(names);
  });

  it("records that differ name the row and the key (INVALID_X)", async () => {
    const fit = (X: unknown) => new LogisticRegression().fit(X as never, [0, 1, 2]);
    const three = records.slice(0, 3);
    await expect(fit([three[0], { ...three[1], extra: 1 }, three[2]])).rejects.toMatchObject({ code: "INVALID_X", message: /row 1 has key "extra", which is not a feature/ });
    const { petal_width: _, ...missing } = three[2];
    await expect(fit([three[0], three[1], missing])).rejects.toMatchObject({ code: "INVALID_X", message: /row 2 lacks key "petal_width"/ });
    await expect(fit([three[0], { ...three[1], sepal_width: "3.1" }, three[2]])).rejects.toMatchObject({ code: "INVALID_X", message: /row 1, key "sepal_width" is "3.1", not a number/ });
    await expect(fit([three[0], { ...three[1], sepal_width: NaN }, three[2]])).rejects.toMatchObject({ code: "NON_FINITE", message: /row 1, key "sepal_width" is NaN/ });
    await expect(fit([three[0], [1, 2, 3, 4], three[2]])).rejects.toMatchObject({ code: "INVALID_X", message: /row 1 is an array of length 4, not a record/ });
    await expect(fit([{}, {}, {}])).rejects.toMatchObject({ code: "INVALID_X", message: /without keys/ });
    const model = await new LogisticRegression().fit(records, y);
    expect(() => model.predict([{ ...three[0], sepal_width: undefined } as never])).toThrow(/row 0, key "sepal_width" is undefined/);
    expect(() => model.predict([{ a: 1, b: 2, c: 3, d: 4 }])).toThrow(/row 0 has key "a", which is not a feature/);
  });

  it("bad featureNames are INVALID_OPTION", async () => {
    const fit = (featureNames: unknown) => new LogisticRegression().fit(X, y, { featureNames: featureNames as string[] });
    await expect(fit(["a", "b", "c"])).rejects.toMatchObject({ code: "INVALID_OPTION", message: /3 names but X has 4 features/ });
    await expect(fit(["a", "b", "a", "d"])).rejects.toMatchObject({ code: "INVALID_OPTION", message: /featureNames\[2\] \("a"\) is a duplicate/ });
    await expect(fit(["a", "b", 3, "d"])).rejects.toMatchObject({ code: "INVALID_OPTION", message: /featureNames\[2\] is 3, not a string/ });
    await expect(fit("abcd")).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(new LogisticRegression().fit(records, y, { featureNames: ["a", "b", "c", "d"] })).rejects.toMatchObject({ code: "INVALID_X", message: /key "sepal_length", which is not a feature/ });
  });

  it("records to a model without names, and tampered featureNames in JSON, are refused", async () => {
    const plain = await new LogisticRegression().fit(X, y);
    expect(() => plain.predict(records)).toThrow(/this model has no feature names/);
    const named = JSON.parse(JSON.stringify(await new LogisticRegression().fit(records, y)));
    for (const bad of [["a", "b"], ["a", "a", "b", "c"], [1, 2, 3, 4], "abcd", null]) {
      expect(() => LogisticRegression.fromJSON({ ...named, featureNames: bad }), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    }
  });

  it("a Dataset made from records keeps the names, and a fit on it takes them", async () => {
    const dataset = createDataset(records);
    expect(dataset.featureNames).toEqual(names);
    const model = await new LogisticRegression({ l2: 1e-2 }).fit(dataset, y);
    expect(model.featureNames).toEqual(names);
    expect(model.predictProba(records.slice(0, 2))).toEqual(model.predictProba(X.slice(0, 2)));
    dataset.dispose();
  });

  it("reads each record value exactly once", async () => {
    let reads = 0;
    const counted = records.slice(0, 6).map((r) => {
      const o: Record<string, number> = {};
      for (const [k, v] of Object.entries(r)) Object.defineProperty(o, k, { enumerable: true, get: () => (reads++, v) });
      return o;
    });
    await new LogisticRegression().fit(counted, [0, 1, 2, 0, 1, 2]);
    expect(reads).toBe(24);
  });
});

describe("prediction input conveniences", () => {
  it("a single row as a plain array or one record is one sample", async () => {
    const model = await new LogisticRegression().fit(records, y);
    expect(model.predictProba(X[60])).toEqual(model.predictProba([X[60]]));
    expect(model.predict(X[60])).toEqual(model.predict([X[60]]));
    expect(model.predictProba(records[60])).toEqual(model.predictProba([X[60]]));
    expect(model.predict(records[120])).toEqual([2]);
    // A 1-D array of another length is still ambiguous.
    expect(() => model.predict([1, 2, 3])).toThrow(expect.objectContaining({ code: "INVALID_X" }));
  });

  it("an empty batch gives an empty result", async () => {
    const model = await new LogisticRegression().fit(X, y);
    expect(model.predict([])).toEqual([]);
    expect(model.predictProba([])).toEqual([]);
    expect(model.predictProba({ data: new Float64Array(0), rows: 0, cols: 4 })).toEqual([]);
    expect(() => model.score([], [])).toThrow(expect.objectContaining({ code: "INVALID_X" }));
    // Fitting still needs rows.
    await expect(new LogisticRegression().fit([], [])).rejects.toMatchObject({ code: "INVALID_X", message: /empty/ });
  });

  it("predict returns the model's own label values", async () => {
    const labels = y.map((k) => ["setosa", "versicolor", "virginica"][k]);
    const model = await new LogisticRegression().fit(X, labels);
    const predicted: (string | number)[] = model.predict(X.slice(0, 3));
    expect(predicted.every((v) => typeof v === "string")).toBe(true);
  });
});
