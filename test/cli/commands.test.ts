// The CLI's commands run as subprocesses on CSV, Parquet and Arrow files, checked against the
// library fitted directly on the same numbers.
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { LogisticRegression, Predictor } from "../../src/index.js";
import { buildCli, cli, put, scratch } from "../helpers/cli.js";
import { arrowFile, csv, encodedRows, labels, parquet, SPECIES } from "./data.js";

const dir = scratch();
const files = {
  csv: put(dir, "iris.csv", csv()),
  parquet: put(dir, "iris.parquet", parquet()),
  arrow: put(dir, "iris.arrow", arrowFile("file")),
  arrows: put(dir, "iris.arrows", arrowFile("stream")),
  semicolon: put(dir, "iris-semicolon.txt", csv(";", "\r\n")),
  tab: put(dir, "iris.tsv", csv("\t")),
};
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

beforeAll(() => buildCli(), 60_000);

describe("--help", () => {
  it("the tool and every command explain themselves, with examples", async () => {
    const main = await cli(["--help"]);
    expect(main.code).toBe(0);
    for (const command of ["fit", "predict", "evaluate", "summary"]) {
      expect(main.stdout).toContain(command);
      const r = await cli([command, "--help"]);
      expect(r.code, command).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: softmax-regression ${command}`));
      expect(r.stdout).toContain("Examples:\n  softmax-regression ");
    }
    expect((await cli(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("fit and predict", () => {
  it("fit on CSV equals the library's fit on the encoded rows, and saves the encoding", async () => {
    const out = `${dir}/model.json`;
    const r = await cli(["fit", files.csv, "--target", "species", "--categorical", "colour", "--l2", "0.01", "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/newton-cholesky: \d+ iterations, converged.*150 rows, 7 features from 5 columns, 3 classes; model written to/);
    const saved = readJson(out);
    const reference = await new LogisticRegression({ l2: 0.01 }).fit(encodedRows(), labels);
    expect(saved.coef).toEqual(reference.coef);
    expect(saved.intercept).toEqual(reference.intercept);
    expect(saved.classes).toEqual(SPECIES);
    expect(saved.preprocessing).toEqual({
      columns: [
        { name: "sepal_length", type: "numeric" },
        { name: "sepal_width", type: "numeric" },
        { name: "petal_length", type: "numeric" },
        { name: "petal_width", type: "numeric" },
        { name: "colour", type: "categorical", levels: ["blue", "green", "red"], dropFirst: false },
      ],
      target: "species",
    });
    // The field round-trips through the library and does not disturb its predictions.
    const loaded = LogisticRegression.fromJSON(saved);
    expect(loaded.preprocessing).toEqual(saved.preprocessing);
    expect(JSON.parse(JSON.stringify(loaded)).preprocessing).toEqual(saved.preprocessing);
    expect(Predictor.fromJSON(saved).predictProba(encodedRows())).toEqual(reference.predictProba(encodedRows()));
  });

  it("--standardize and --class-weight balanced set the library options of those names", async () => {
    const out = `${dir}/weighted.json`;
    const few = csv().trim().split("\n").filter((_, i) => i === 0 || i > 30); // setosa becomes the small class
    const file = put(dir, "unbalanced.csv", few.join("\n") + "\n");
    const r = await cli(["fit", file, "-t", "species", "--categorical", "colour", "--standardize", "--class-weight", "balanced", "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    const saved = readJson(out);
    expect(saved.training.options).toMatchObject({ standardize: true, classWeight: "balanced" });
    const reference = await new LogisticRegression({ standardize: true, classWeight: "balanced" }).fit(encodedRows().slice(30), labels.slice(30));
    expect(saved.coef).toEqual(reference.coef);
    expect(saved.intercept).toEqual(reference.intercept);
  });

  it("predict on the raw CSV gives the library's labels and probabilities", async () => {
    const model = `${dir}/model-predict.json`;
    expect((await cli(["fit", files.csv, "-t", "species", "--categorical", "colour", "-o", model])).code).toBe(0);
    const reference = LogisticRegression.fromJSON(readFileSync(model, "utf8"));
    const plain = await cli(["predict", model, files.csv]);
    expect(plain.code, plain.stderr).toBe(0);
    const predicted = Papa.parse<string[]>(plain.stdout.trim()).data;
    expect(predicted[0]).toEqual(["prediction"]);
    expect(predicted.slice(1).map((row) => row[0])).toEqual(reference.predict(encodedRows()));
    const out = `${dir}/proba.csv`;
    const withProba = await cli(["predict", model, files.csv, "--proba", "-o", out]);
    expect(withProba.code).toBe(0);
    expect(withProba.stdout).toBe("");
    const table = Papa.parse<string[]>(readFileSync(out, "utf8").trim()).data;
    expect(table[0]).toEqual(["prediction", "p_setosa", "p_versicolor", "p_virginica"]);
    // Probabilities are written with every digit: they parse back to the same doubles.
    expect(table.slice(1).map((row) => row.slice(1).map(Number))).toEqual(reference.predictProba(encodedRows()));
  });

  it("Parquet, Arrow (file and stream) and other CSV dialects give the same model as CSV", async () => {
    const fitTo = async (file: string, name: string) => {
      const out = `${dir}/${name}.json`;
      const r = await cli(["fit", file, "-t", "species", "--categorical", "colour", "-o", out]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      const { coef, intercept, preprocessing } = readJson(out);
      return { coef, intercept, preprocessing };
    };
    const fromCsv = await fitTo(files.csv, "from-csv");
    for (const name of ["parquet", "arrow", "arrows", "semicolon", "tab"] as const) expect(await fitTo(files[name], name), name).toEqual(fromCsv);
    // A model fitted on CSV predicts Parquet and Arrow rows alike.
    const outputs = await Promise.all([files.csv, files.parquet, files.arrow].map((f) => cli(["predict", `${dir}/from-csv.json`, f, "--proba"])));
    expect(outputs[1].stdout).toBe(outputs[0].stdout);
    expect(outputs[2].stdout).toBe(outputs[0].stdout);
  });

  it("gzip-compressed Parquet with INT64 and INT32 columns, and Arrow with Int64 and Float32 columns", async () => {
    const { gzipSync } = await import("node:zlib");
    const { parquetWriteBuffer } = await import("hyparquet-writer");
    const arrow = await import("apache-arrow");
    const x = encodedRows().map((r) => [Math.round(r[2] * 10), Math.round(r[3] * 10)]);
    const gz = put(dir, "ints.parquet", new Uint8Array(parquetWriteBuffer({
      codec: "GZIP",
      compressors: { GZIP: (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) },
      columnData: [
        { name: "a", data: x.map((r) => BigInt(r[0])), type: "INT64" },
        { name: "b", data: x.map((r) => r[1]), type: "INT32" },
        { name: "species", data: labels, type: "STRING" },
      ],
    })));
    const table = new arrow.Table({
      a: arrow.vectorFromArray(BigInt64Array.from(x, (r) => BigInt(r[0]))),
      b: arrow.vectorFromArray(Float32Array.from(x, (r) => r[1])),
      species: arrow.vectorFromArray(labels),
    });
    const ipc = put(dir, "ints.arrow", arrow.tableToIPC(table, "file"));
    const reference = await new LogisticRegression().fit(x, labels);
    for (const file of [gz, ipc]) {
      const out = `${file}.json`;
      const r = await cli(["fit", file, "-t", "species", "-o", out]);
      expect(r.code, r.stderr).toBe(0);
      expect(readJson(out).coef, file).toEqual(reference.coef);
    }
  });

  it("--features picks columns; --drop-missing leaves out rows with missing values and says how many", async () => {
    const lines = csv().trim().split("\n");
    lines[3] = lines[3].replace(/^([^,]+,[^,]+,)[^,]+/, "$1"); // line 4: empty petal_length
    lines[5] = lines[5].replace(/^[^,]+/, ""); // line 6: empty sepal_length, which is not used
    lines[10] = lines[10].replace("setosa", "NA"); // line 11: missing species
    const file = put(dir, "missing.csv", lines.join("\n") + "\n");
    const out = `${dir}/dropped.json`;
    const r = await cli(["fit", file, "-t", "species", "--features", "petal_length,petal_width", "--drop-missing", "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("dropped 2 of 150 rows with missing values (--drop-missing)");
    const keep = encodedRows().map((x) => x.slice(2, 4)).filter((_, i) => i !== 2 && i !== 9);
    const reference = await new LogisticRegression().fit(keep, labels.filter((_, i) => i !== 2 && i !== 9));
    expect(readJson(out).coef).toEqual(reference.coef);
    expect(readJson(out).preprocessing.columns.map((c: { name: string }) => c.name)).toEqual(["petal_length", "petal_width"]);
  });

  it("an unseen level names its line, unless --ignore-unseen (then it is no level)", async () => {
    const model = `${dir}/model-unseen.json`;
    expect((await cli(["fit", files.csv, "-t", "species", "--categorical", "colour", "-o", model])).code).toBe(0);
    const lines = csv().trim().split("\n").slice(0, 4);
    lines[2] = lines[2].replace(/,(red|green|blue),/, ",purple,");
    const file = put(dir, "unseen.csv", lines.join("\n") + "\n");
    const refused = await cli(["predict", model, file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`softmax-regression: ${file} line 3, column "colour": level "purple" was not seen in training (levels: blue, green, red); pass --ignore-unseen to encode it as no level\n`);
    const ignored = await cli(["predict", model, file, "--proba", "--ignore-unseen"]);
    expect(ignored.code, ignored.stderr).toBe(0);
    const p = Papa.parse<string[]>(ignored.stdout.trim()).data.slice(1).map((row) => row.slice(1).map(Number));
    const rowsAsEncoded = encodedRows().slice(0, 3).map((x, i) => (i === 1 ? [...x.slice(0, 4), 0, 0, 0] : x));
    expect(p).toEqual(LogisticRegression.fromJSON(readFileSync(model, "utf8")).predictProba(rowsAsEncoded));
  });

  it("a model saved by the library (no preprocessing) predicts from a file of exactly its feature columns", async () => {
    const saved = put(dir, "library.json", JSON.stringify(await new LogisticRegression().fit(encodedRows().map((x) => x.slice(0, 4)), labels)));
    const numeric = put(dir, "numeric.csv", ["a,b,c,d", ...encodedRows().map((x) => x.slice(0, 4).join(","))].join("\n"));
    const r = await cli(["predict", saved, numeric]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n").length).toBe(151);
    const wrong = await cli(["predict", saved, files.csv]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/has no preprocessing \(it was not saved by fit\), so its 4 features are taken to be the columns of .* in order, but it has 6/);
  });
});

describe("summary", () => {
  it("prints the inference table of an l2 = 0 fit, naming the encoded terms", async () => {
    const out = `${dir}/mle.json`;
    // anes96 (no separation) with a categorical column added: three well-filled levels.
    const lines = readFileSync(new URL("../fixtures/anes96.csv", import.meta.url), "utf8").trim().split("\n");
    const regions = ["north", "south", "west"];
    const anes = put(dir, "anes96.csv", lines.map((line, i) => `${line},${i === 0 ? "region" : regions[i % 3]}`).join("\n") + "\n");
    const fit = await cli(["fit", anes, "-t", "label", "--categorical", "region", "--l2", "0", "--solver", "newton-cholesky", "-o", out]);
    expect(fit.code, fit.stderr).toBe(0);
    expect(fit.stderr).toMatch(/converged/);
    const saved = readJson(out);
    expect(saved.preprocessing.columns[5]).toEqual({ name: "region", type: "categorical", levels: regions, dropFirst: true });
    expect(saved.coef[0].length).toBe(5 + 2); // north is the reference level
    const r = await cli(["summary", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd()).toBe(LogisticRegression.fromJSON(saved).summary().trimEnd());
    expect(r.stdout).toContain("MNLogit Regression Results");
    // The terms are the encoded features, by name.
    const terms = ["logpopul", "TVnews", "age", "educ", "income", "region=south", "region=west"];
    expect(saved.featureNames).toEqual(terms);
    for (const t of terms) expect(r.stdout).toMatch(new RegExp(`^${t} +-?\\d`, "m"));
    const robust = await cli(["summary", out, "--robust"]);
    expect(robust.stdout).toMatch(/Covariance Type:\s+HC0/);
  });

  it("refuses a penalised fit with the library's reason", async () => {
    const out = `${dir}/penalised.json`;
    expect((await cli(["fit", files.csv, "-t", "species", "--categorical", "colour", "-o", out])).code).toBe(0);
    const r = await cli(["summary", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^softmax-regression: ${out}: .*l2`));
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("fit --plot", () => {
  it("writes the loss curve as SVG", async () => {
    const svg = `${dir}/loss.svg`;
    const r = await cli(["fit", files.csv, "-t", "species", "--features", "petal_length,petal_width", "-o", `${dir}/plotted.json`, "--plot", svg]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(svg, "utf8");
    expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text.trim().endsWith("</svg>")).toBe(true);
    const iterations = readJson(`${dir}/plotted.json`).training.iterations;
    // One marker per loss value (start + iterations) and per gradient value (iterations).
    expect(text.match(/<circle /g)).toHaveLength(2 * iterations + 1);
    expect(text).toContain("max |gradient| (log scale)");
  });
});
