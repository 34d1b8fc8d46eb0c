// Columnar X ({ columns, names } and Arrow tables) in createDataset, partialFit and
// LogisticRegressionCV, as fit takes it: the same results as the same data given as rows, the columns' names as feature
// names, a batch's target taken from a named column, each value read once, errors naming
// the column and the row.
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV, createDataset } from "../src/index.js";
import { loadCsv } from "./helpers/fixtures.js";

const { X, y } = loadCsv("iris");
const NAMES = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
const SPECIES = ["setosa", "versicolor", "virginica"];
const species = y.map((k) => SPECIES[k]);
const byColumn = NAMES.map((_, j) => X.map((row) => row[j]));
const options = { l2: 1e-2, solver: "newton" as const };
const records = X.map((row) => Object.fromEntries(NAMES.map((name, j) => [name, row[j]])));

function irisTable(rows = X.length, from = 0) {
  return new arrow.Table({
    ...Object.fromEntries(NAMES.map((name, j) => [name, arrow.vectorFromArray(Float64Array.from(byColumn[j].slice(from, from + rows)))])),
    species: arrow.vectorFromArray(species.slice(from, from + rows)),
  });
}

describe("createDataset with columnar X", () => {
  it("{ columns, names }: the rows' Dataset, bit for bit, with the names as featureNames", () => {
    const named = createDataset({ columns: byColumn, names: NAMES });
    const rows = createDataset(X);
    try {
      expect(named.featureNames).toEqual(NAMES);
      expect([named.rows, named.cols]).toEqual([150, 4]);
      const a = new LogisticRegression(options).fitSync(named, y);
      const b = new LogisticRegression(options).fitSync(rows, y);
      expect(a.theta).toEqual(b.theta);
      expect(a.featureNames).toEqual(NAMES);
      expect(a.predictProba(named)).toEqual(b.predictProba(rows));
    } finally {
      named.dispose();
      rows.dispose();
    }
    // Unnamed columns have no feature names.
    const unnamed = createDataset({ columns: byColumn });
    expect(unnamed.featureNames).toBeUndefined();
    unnamed.dispose();
  });

  it("an Arrow table: its numeric columns (the string target left out), in float32 too", () => {
    for (const dtype of ["float64", "float32"] as const) {
      const table = createDataset(irisTable(), { dtype });
      try {
        expect(table.cols).toBe(4);
        expect(table.featureNames).toEqual(NAMES);
        const a = new LogisticRegression({ ...options, dtype }).fitSync(table, species);
        const b = new LogisticRegression({ ...options, dtype }).fitSync(X, species);
        expect(a.theta).toEqual(b.theta);
      } finally {
        table.dispose();
      }
    }
  });

  it("reads each value once, keeps its own copy, and names the column and row of a bad value", () => {
    let reads = 0;
    const counted = byColumn.map((c) => new Proxy([...c], { get: (t, k, r) => (typeof k === "string" && /^\d+$/.test(k) && reads++, Reflect.get(t, k, r)) }));
    const dataset = createDataset({ columns: counted });
    try {
      expect(reads).toBe(150 * 4);
      const reference = new LogisticRegression(options).fitSync(X, y).theta;
      counted[0].fill(1e6);
      expect(new LogisticRegression(options).fitSync(dataset, y).theta).toEqual(reference);
    } finally {
      dataset.dispose();
    }
    const withNaN = byColumn.map((c) => [...c]);
    withNaN[2][7] = NaN;
    expect(() => createDataset({ columns: withNaN, names: NAMES })).toThrow(expect.objectContaining({ code: "NON_FINITE", message: expect.stringMatching(/column "petal_length" \(2\), row 7 is NaN/) }));
    expect(() => createDataset({ columns: [byColumn[0], byColumn[1].slice(1)] })).toThrow(expect.objectContaining({ code: "INVALID_X", message: expect.stringMatching(/column 1 has 149 values/) }));
  });
});

describe("partialFit with columnar X", () => {
  it("{ columns } batches take the rows' steps, bit for bit", () => {
    const columns = new LogisticRegression(options);
    const rows = new LogisticRegression(options);
    for (const [from, to] of [[0, 75], [75, 150]]) {
      columns.partialFit({ columns: byColumn.map((c) => c.slice(from, to)) }, y.slice(from, to), { classes: [0, 1, 2] });
      rows.partialFit(X.slice(from, to), y.slice(from, to), { classes: [0, 1, 2] });
    }
    expect(columns.theta).toEqual(rows.theta);
  });

  it("Arrow batches with the target named as in fit: the names become featureNames, later batches picked by name", () => {
    const model = new LogisticRegression(options);
    const reference = new LogisticRegression(options);
    model.partialFit(irisTable(75, 0), "species", { classes: SPECIES });
    reference.partialFit(records.slice(0, 75), species.slice(0, 75), { classes: SPECIES });
    expect(model.featureNames).toEqual(NAMES);
    // The second batch's columns in another order: picked by the model's names.
    const shuffled = new arrow.Table({
      species: arrow.vectorFromArray(species.slice(75)),
      ...Object.fromEntries([...NAMES].reverse().map((name) => [name, arrow.vectorFromArray(Float64Array.from(byColumn[NAMES.indexOf(name)].slice(75)))])),
    });
    model.partialFit(shuffled, "species");
    reference.partialFit(records.slice(75), species.slice(75));
    expect(model.theta).toEqual(reference.theta);
    expect(model.predict(irisTable())).toEqual(reference.predict(records));
  });

  it("errors: a column count unlike the model's, a missing target column, a label outside the classes", () => {
    const model = new LogisticRegression(options).partialFit({ columns: byColumn }, y, { classes: [0, 1, 2] });
    expect(() => model.partialFit({ columns: byColumn.slice(0, 3) }, y)).toThrow(expect.objectContaining({ code: "FEATURE_MISMATCH", message: expect.stringMatching(/3 feature columns but the model was fitted with 4/) }));
    expect(() => new LogisticRegression(options).partialFit(irisTable(), "label", { classes: SPECIES })).toThrow(expect.objectContaining({ code: "INVALID_Y", message: expect.stringMatching(/no column "label"/) }));
    expect(() => new LogisticRegression(options).partialFit(X, "species", { classes: SPECIES })).toThrow(expect.objectContaining({ code: "INVALID_Y" }));
    expect(() => new LogisticRegression(options).partialFit(irisTable(), "species", { classes: ["setosa", "versicolor"] })).toThrow(expect.objectContaining({ code: "INVALID_Y" }));
  });
});

describe("LogisticRegressionCV with columnar X", () => {
  it("an Arrow table with y naming its target column: the rows' search, bit for bit, with feature names", () => {
    const options = { l2s: [1e-2, 1e-1], cv: 3 };
    const table = new LogisticRegressionCV(options).fitSync(irisTable(), "species");
    const rows = new LogisticRegressionCV(options).fitSync(X, species);
    expect(table.scores).toEqual(rows.scores);
    expect(table.theta).toEqual(rows.theta);
    expect(table.featureNames).toEqual(NAMES);
    expect(new LogisticRegressionCV(options).fitSync({ columns: byColumn }, species).scores).toEqual(rows.scores);
  });
});
