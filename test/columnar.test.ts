// Columnar X: { columns, names } and Arrow tables (real apache-arrow tables, and flechette's
// reading of the same IPC bytes), against the same data given as rows.
import * as arrow from "apache-arrow";
import { tableFromIPC as flechetteFromIPC } from "@uwdata/flechette";
import { describe, expect, it } from "vitest";
import { LogisticRegression, createObjective } from "../src/index.js";
import { loadCsv } from "./helpers/fixtures.js";

const { X, y } = loadCsv("iris");
const NAMES = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
const SPECIES = ["setosa", "versicolor", "virginica"];
const species = y.map((k) => SPECIES[k]);
const byColumn = NAMES.map((_, j) => X.map((row) => row[j]));
const options = { l2: 1e-2, solver: "newton" as const };

async function rowsModel(labels: (number | string)[] = y) {
  return new LogisticRegression(options).fit(X, labels);
}

/** An apache-arrow table of iris: Float64 features and the species as `target` (Dictionary<Int32, Utf8> by default). */
function irisTable(extra: Record<string, arrow.Vector> = {}) {
  return new arrow.Table({
    ...Object.fromEntries(NAMES.map((name, j) => [name, arrow.vectorFromArray(Float64Array.from(byColumn[j]))])),
    ...extra,
  });
}

describe("{ columns, names }", () => {
  it("fits the same model as the rows, bit for bit, and predicts from columns", async () => {
    const reference = await rowsModel();
    const model = await new LogisticRegression(options).fit({ columns: byColumn }, y);
    expect(model.theta).toEqual(reference.theta);
    expect(model.predictProba({ columns: byColumn })).toEqual(reference.predictProba(X));
    expect(model.predict({ columns: byColumn.map((c) => c.slice(0, 5)) })).toEqual(reference.predict(X.slice(0, 5)));
    expect(model.score({ columns: byColumn }, y)).toBe(reference.score(X, y));
  });

  it("takes the target from a named column and leaves it out of the features", async () => {
    const reference = await rowsModel();
    const model = await new LogisticRegression(options).fit({ columns: [...byColumn, y], names: [...NAMES, "label"] }, "label");
    expect(model.theta).toEqual(reference.theta);
    expect(model.coef[0].length).toBe(4);
  });

  it("typed-array columns (Float32Array, Int32Array) read as their values", async () => {
    const f32 = byColumn.map((c) => Float32Array.from(c));
    const asRows = X.map((_, i) => f32.map((c) => c[i]));
    const reference = await new LogisticRegression(options).fit(asRows, y);
    expect((await new LogisticRegression(options).fit({ columns: f32 }, y)).theta).toEqual(reference.theta);
    const ints = byColumn.map((c) => Int32Array.from(c, (v) => Math.round(v * 10)));
    const intRows = X.map((_, i) => ints.map((c) => c[i]));
    expect((await new LogisticRegression(options).fit({ columns: ints }, y)).theta).toEqual((await new LogisticRegression(options).fit(intRows, y)).theta);
  });

  it("dtype float32: the same model as rows, and a value beyond the float32 range is refused", async () => {
    const f32 = { ...options, dtype: "float32" as const };
    const reference = await new LogisticRegression(f32).fit(X, y);
    expect((await new LogisticRegression(f32).fit({ columns: byColumn }, y)).theta).toEqual(reference.theta);
    const huge = byColumn.map((c) => [...c]);
    huge[3][5] = 1e300;
    await expect(new LogisticRegression(f32).fit({ columns: huge }, y)).rejects.toMatchObject({ code: "NON_FINITE", message: /column 3, row 5 is 1e\+300, beyond the float32 range/ });
  });

  it("reads each value exactly once and does not touch the caller's arrays", async () => {
    let reads = 0;
    const counted = byColumn.map((c) => new Proxy(c, { get: (t, k) => (typeof k === "string" && /^\d+$/.test(k) && reads++, Reflect.get(t, k)) }));
    const before = JSON.stringify(byColumn);
    await new LogisticRegression(options).fit({ columns: counted }, y);
    expect(reads).toBe(150 * 4);
    expect(JSON.stringify(byColumn)).toBe(before);
  });

  it("bad columns name the column and the row", async () => {
    const fit = (Xc: unknown, labels: unknown = y) => new LogisticRegression(options).fit(Xc as never, labels as never);
    await expect(fit({ columns: [byColumn[0], byColumn[1].slice(1)] })).rejects.toMatchObject({ code: "INVALID_X", message: /column 1 has 149 values, column 0 has 150/ });
    const withNaN = byColumn.map((c) => [...c]);
    withNaN[2][7] = NaN;
    await expect(fit({ columns: withNaN, names: NAMES })).rejects.toMatchObject({ code: "NON_FINITE", message: /column "petal_length" \(2\), row 7 is NaN/ });
    const withNull = byColumn.map((c) => [...c]) as unknown[][];
    withNull[1][9] = null;
    await expect(fit({ columns: withNull })).rejects.toMatchObject({ code: "INVALID_X", message: /column 1, row 9 is null \(missing\)/ });
    const withText = byColumn.map((c) => [...c]) as unknown[][];
    withText[0][3] = "5.1";
    await expect(fit({ columns: withText })).rejects.toMatchObject({ code: "INVALID_X", message: /column 0, row 3 is "5.1", not a number/ });
    await expect(fit({ columns: [] })).rejects.toMatchObject({ code: "INVALID_X", message: /empty/ });
    await expect(fit({ columns: [[], []] }, [])).rejects.toMatchObject({ code: "INVALID_X", message: /no rows/ });
    await expect(fit({ columns: byColumn, names: ["a", "b", "c"] })).rejects.toMatchObject({ code: "INVALID_X", message: /3 names but X.columns has 4/ });
    await expect(fit({ columns: byColumn, names: ["a", "b", "a", "d"] })).rejects.toMatchObject({ code: "INVALID_X", message: /names\[2\] \("a"\) is a duplicate/ });
    await expect(fit({ columns: byColumn, names: NAMES }, "species")).rejects.toMatchObject({ code: "INVALID_Y", message: /no column "species"/ });
    await expect(fit({ columns: byColumn }, "label")).rejects.toMatchObject({ code: "INVALID_Y", message: /no column names/ });
    await expect(fit(X, "label")).rejects.toMatchObject({ code: "INVALID_Y", message: /column name is a target only when X is an Arrow table/ });
  });
});

describe("Arrow tables (apache-arrow)", () => {
  it("a dictionary-encoded string target: the numeric columns are the features, the same model as rows", async () => {
    const table = irisTable({ species: arrow.vectorFromArray(species) });
    expect(String(table.schema.fields[4].type)).toMatch(/Dictionary/);
    const reference = await rowsModel(species);
    const model = await new LogisticRegression(options).fit(table, "species");
    expect(model.theta).toEqual(reference.theta);
    expect(model.classes).toEqual(SPECIES);
    expect(model.predictProba(irisTable())).toEqual(reference.predictProba(X));
  });

  it("the columns' names become featureNames; predictions pick the columns by name", async () => {
    const model = await new LogisticRegression(options).fit(irisTable({ species: arrow.vectorFromArray(species) }), "species");
    expect(model.featureNames).toEqual(NAMES);
    const reordered = new arrow.Table({
      extra: arrow.vectorFromArray(Float64Array.from(y)),
      ...Object.fromEntries([...NAMES].reverse().map((name) => [name, arrow.vectorFromArray(Float64Array.from(byColumn[NAMES.indexOf(name)]))])),
    });
    expect(model.predictProba(reordered)).toEqual((await rowsModel(species)).predictProba(X));
    // The fit option featureNames picks and orders the columns of a named X, and names unnamed ones.
    const two = await new LogisticRegression(options).fit(irisTable({ species: arrow.vectorFromArray(species) }), "species", { featureNames: ["petal_width", "petal_length"] });
    expect(two.featureNames).toEqual(["petal_width", "petal_length"]);
    expect(two.theta).toEqual((await new LogisticRegression(options).fit(X.map((r) => [r[3], r[2]]), species)).theta);
    const named = await new LogisticRegression(options).fit({ columns: byColumn }, y, { featureNames: ["a", "b", "c", "d"] });
    expect(named.featureNames).toEqual(["a", "b", "c", "d"]);
  });

  it("a plain Utf8 target, and Int32, Int64 and Float32 feature columns", async () => {
    const ints = byColumn.map((c) => c.map((v) => Math.round(v * 10)));
    const table = new arrow.Table({
      a: arrow.vectorFromArray(Int32Array.from(ints[0])),
      b: arrow.vectorFromArray(BigInt64Array.from(ints[1], (v) => BigInt(v))),
      c: arrow.vectorFromArray(Int16Array.from(ints[2])),
      d: arrow.vectorFromArray(Float32Array.from(byColumn[3])),
      species: arrow.vectorFromArray(species, new arrow.Utf8()),
    });
    expect(table.schema.fields.map((f) => String(f.type))).toEqual(["Int32", "Int64", "Int16", "Float32", "Utf8"]);
    const rows = X.map((_, i) => [ints[0][i], ints[1][i], ints[2][i], Math.fround(byColumn[3][i])]);
    const reference = await new LogisticRegression(options).fit(rows, species);
    expect((await new LogisticRegression(options).fit(table, "species")).theta).toEqual(reference.theta);
  });

  it("chunked and sliced tables read the right rows", async () => {
    const whole = irisTable({ label: arrow.vectorFromArray(Int32Array.from(y)) });
    const chunked = whole.slice(0, 40).concat(whole.slice(40, 41), whole.slice(41, 150));
    expect(chunked.batches.length).toBe(3);
    expect(chunked.getChildAt(0)!.data.length).toBe(3);
    const reference = await rowsModel();
    const model = await new LogisticRegression(options).fit(chunked, "label");
    expect(model.theta).toEqual(reference.theta);
    // A slice starting mid-chunk: its chunks' values begin at the slice's first row.
    expect(model.predictProba(irisTable().slice(37, 45))).toEqual(reference.predictProba(X.slice(37, 45)));
  });

  it("Float16 columns (no plain typed array) are read value by value", async () => {
    const half = arrow.vectorFromArray(byColumn[0], new arrow.Float16());
    const table = irisTable({ sepal_length: half, label: arrow.vectorFromArray(Int32Array.from(y)) });
    const rounded = X.map((row, i) => [half.get(i) as number, ...row.slice(1)]);
    expect(rounded.some((row, i) => row[0] !== X[i][0])).toBe(true); // float16 rounded some values
    const reference = await new LogisticRegression(options).fit(rounded, y);
    expect((await new LogisticRegression(options).fit(table, "label")).theta).toEqual(reference.theta);
  });

  it("string columns other than the target are not features", async () => {
    const table = irisTable({ id: arrow.vectorFromArray(X.map((_, i) => `row${i}`), new arrow.Utf8()), species: arrow.vectorFromArray(species) });
    const reference = await rowsModel(species);
    expect((await new LogisticRegression(options).fit(table, "species")).theta).toEqual(reference.theta);
  });

  it("nulls name the row and the column; NaN is not finite; bad targets are INVALID_Y", async () => {
    const withNull = [...byColumn[1]] as (number | null)[];
    withNull[11] = null;
    const nullFeature = irisTable({ sepal_width: arrow.vectorFromArray(withNull, new arrow.Float64()), label: arrow.vectorFromArray(Int32Array.from(y)) });
    await expect(new LogisticRegression().fit(nullFeature, "label")).rejects.toMatchObject({ code: "INVALID_X", message: /column "sepal_width" \(1\), row 11 is null/ });
    const withNaN = Float64Array.from(byColumn[2]);
    withNaN[20] = NaN;
    const nanFeature = irisTable({ petal_length: arrow.vectorFromArray(withNaN), label: arrow.vectorFromArray(Int32Array.from(y)) });
    await expect(new LogisticRegression().fit(nanFeature, "label")).rejects.toMatchObject({ code: "NON_FINITE", message: /column "petal_length" \(2\), row 20 is NaN/ });
    const nullTarget: (string | null)[] = [...species];
    nullTarget[140] = null;
    await expect(new LogisticRegression().fit(irisTable({ species: arrow.vectorFromArray(nullTarget, new arrow.Utf8()) }), "species")).rejects.toMatchObject({
      code: "INVALID_Y",
      message: /column "species" \(4\), row 140 is null/,
    });
    await expect(new LogisticRegression().fit(irisTable({ species: arrow.vectorFromArray(species) }), "Species")).rejects.toMatchObject({
      code: "INVALID_Y",
      message: /no column "Species" \(did you mean "species"\?\)/,
    });
    const flags = arrow.vectorFromArray(y.map((k) => k > 0), new arrow.Bool());
    await expect(new LogisticRegression().fit(irisTable({ flag: flags }), "flag")).rejects.toMatchObject({ code: "INVALID_Y", message: /type Bool; labels must be numbers or strings/ });
    const textOnly = new arrow.Table({ s: arrow.vectorFromArray(species), t: arrow.vectorFromArray(species) });
    await expect(new LogisticRegression().fit(textOnly, "s")).rejects.toMatchObject({ code: "INVALID_X", message: /no numeric feature columns/ });
  });

  it("createObjective takes a table and its target column too", () => {
    const table = irisTable({ label: arrow.vectorFromArray(Int32Array.from(y)) });
    const fromTable = createObjective(table, "label", { l2: 1e-2, backend: "js" });
    const fromRows = createObjective(X, y, { l2: 1e-2, backend: "js" });
    const theta = new Float64Array(15).map((_, i) => Math.sin(i));
    expect(fromTable.value(theta)).toBe(fromRows.value(theta));
    fromTable.dispose();
    fromRows.dispose();
  });
});

describe("Arrow-like tables by duck typing", () => {
  it("a hand-made table whose columns have only get (as apache-arrow before 13) and no chunks", async () => {
    const values = [...byColumn, species];
    const table = {
      numRows: 150,
      schema: { fields: [...NAMES, "species"].map((name, j) => ({ name, type: { typeId: j < 4 ? 3 : 5 } })) },
      getChildAt: (j: number) => ({ length: 150, nullCount: 0, get: (i: number) => values[j][i] }),
    };
    const reference = await rowsModel(species);
    const model = await new LogisticRegression(options).fit(table, "species");
    expect(model.theta).toEqual(reference.theta);
    expect(model.predictProba(table)).toEqual(reference.predictProba(X));
  });
});

describe("Arrow tables (flechette)", () => {
  it("flechette's table of the same IPC bytes fits the same model", async () => {
    const ipc = arrow.tableToIPC(irisTable({ species: arrow.vectorFromArray(species) }), "stream");
    const table = flechetteFromIPC(ipc);
    const reference = await rowsModel(species);
    const model = await new LogisticRegression(options).fit(table, "species");
    expect(model.theta).toEqual(reference.theta);
    expect(model.predict(table)).toEqual(reference.predict(X));
  });
});
