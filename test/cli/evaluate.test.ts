// evaluate: the metrics of softmax-regression/metrics on the model's predictions, printed as
// aligned tables, and the confusion heat map.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { accuracy, classificationReport, confusionMatrix, logLoss } from "../../src/exports/metrics.js";
import { LogisticRegression } from "../../src/index.js";
import { buildCli, cli, put, scratch } from "../helpers/cli.js";
import { csv, encodedRows, labels, SPECIES } from "./data.js";

const dir = scratch();
const file = put(dir, "iris.csv", csv());
const model = `${dir}/model.json`;

beforeAll(async () => {
  await buildCli();
  const r = await cli(["fit", file, "-t", "species", "--categorical", "colour", "--features", "sepal_length,sepal_width,colour", "-o", model]);
  if (r.code !== 0) throw new Error(r.stderr);
}, 60_000);

describe("evaluate", () => {
  it("prints accuracy, log-loss, the confusion matrix and the per-class report of the library's metrics", async () => {
    const r = await cli(["evaluate", model, file]); // --target defaults to the model's
    expect(r.code, r.stderr).toBe(0);
    const saved = LogisticRegression.fromJSON(readFileSync(model, "utf8"));
    const X = encodedRows().map((x) => [x[0], x[1], x[4], x[5], x[6]]);
    const predicted = saved.predict(X);
    const report = classificationReport(labels, predicted, { labels: SPECIES });
    const matrix = confusionMatrix(labels, predicted, { labels: SPECIES });
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`150 rows of ${file}, target "species"`);
    expect(r.stdout).toContain(`accuracy  ${accuracy(labels, predicted).toFixed(4)}`);
    expect(r.stdout).toContain(`log-loss  ${logLoss(labels, saved.predictProba(X), { labels: SPECIES }).toFixed(4)}`);
    const header = lines.findIndex((l) => l.startsWith("true \\ predicted"));
    expect(lines[header]).toMatch(/^true \\ predicted {2}setosa {2}versicolor {2}virginica$/);
    SPECIES.forEach((name, k) => expect(lines[header + 2 + k].split(/\s+/)).toEqual([name, ...matrix[k].map(String)]));
    const scores = lines.findIndex((l) => l.startsWith("class "));
    SPECIES.forEach((name, k) => {
      const s = report[name] as { precision: number; recall: number; f1: number; support: number };
      expect(lines[scores + 2 + k].split(/\s+/)).toEqual([name, s.precision.toFixed(4), s.recall.toFixed(4), s.f1.toFixed(4), String(s.support)]);
    });
    expect(lines[scores + 5].split(/\s{2,}/)).toEqual(["macro avg", report.macro.precision.toFixed(4), report.macro.recall.toFixed(4), report.macro.f1.toFixed(4), "150"]);
    // Columns line up: every row of a table is as wide as its header's dashes.
    const dashes = lines[scores + 1];
    for (const line of lines.slice(scores + 2, scores + 7)) expect(line.length).toBe(dashes.length);
  });

  it("--plot writes the confusion matrix as an SVG heat map", async () => {
    const svg = `${dir}/confusion.svg`;
    const r = await cli(["evaluate", model, file, "--target", "species", "--plot", svg]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(svg, "utf8");
    expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Nine cells, each with its count; the legend's eleven swatches; the class names on both axes.
    expect(text.match(/fill="rgb\([\d,]+\)" stroke="white"\/>/g)).toHaveLength(9);
    expect(text.match(/<rect x="\d+" y="\d+" width="16" height="12"/g)).toHaveLength(11);
    for (const name of SPECIES) expect(text.match(new RegExp(`>${name}<`, "g"))).toHaveLength(2);
  });

  it("refuses a class the model does not know, and a model that does not name its target without --target", async () => {
    const lines = csv().trim().split("\n");
    lines[6] = lines[6].replace("setosa", "iris-nova");
    const strange = put(dir, "strange.csv", lines.join("\n"));
    const r = await cli(["evaluate", model, strange]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`softmax-regression: ${strange} line 7, column "species": class "iris-nova" is not one of the model's classes (setosa, versicolor, virginica)\n`);
    const library = put(dir, "library.json", JSON.stringify(await new LogisticRegression().fit([[0], [1], [2], [3]], [0, 0, 1, 1])));
    const numbers = put(dir, "numbers.csv", "x,y\n0,0\n1,0\n2,1\n3,1\n");
    const noTarget = await cli(["evaluate", library, numbers]);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/does not name its target column: pass --target <column>/);
    const ok = await cli(["evaluate", library, numbers, "--target", "y"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("accuracy  1.0000");
  });
});
