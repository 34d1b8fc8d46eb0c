/** evaluate <model.json> <data>: accuracy, log-loss, confusion matrix and per-class report as aligned tables. */
import { accuracy, classificationReport, confusionMatrix, logLoss, type LabelScores } from "../../exports/metrics.js";
import type { Parsed } from "../args.js";
import { columnName } from "../data/frame.js";
import { readData } from "../data/read-data.js";
import { encode } from "../encode.js";
import { fail, usage } from "../errors.js";
import { loadModel, refuseOverwrite, writeOutput, type Io } from "../io.js";
import { confusionSvg } from "../plots/confusion-heatmap.js";
import { formatTable } from "../report/table.js";
import { featureEncoding } from "./model-features.js";

export async function evaluateCommand({ positionals: [modelFile, dataFile], flags }: Parsed, io: Io): Promise<void> {
  await refuseOverwrite([modelFile, dataFile], [["--plot", flags.plot]]);
  const model = await loadModel(modelFile);
  const target = typeof flags.target === "string" ? flags.target : (model.preprocessing?.target ?? usage(`${modelFile} does not name its target column: pass --target <column>`));
  const frame = await readData(dataFile);
  const spec = featureEncoding(model, modelFile, frame, target);
  const classes = model.classes;
  const encoded = encode(frame, spec, {
    target,
    dropMissing: flags["drop-missing"] === true,
    ignoreUnseen: flags["ignore-unseen"] === true,
    labelKind: typeof classes[0] === "number" ? "number" : "string",
  });
  if (encoded.dropped > 0) io.stderr.write(`dropped ${encoded.dropped} of ${frame.rows} rows with missing values (--drop-missing)\n`);
  const truth = encoded.labels!;
  const known = new Set<unknown>(classes);
  const stranger = truth.findIndex((label) => !known.has(label));
  if (stranger >= 0) {
    fail(`${frame.file} ${frame.where(encoded.kept[stranger])}, ${columnName(target)}: class ${JSON.stringify(truth[stranger])} is not one of the model's classes (${classes.join(", ")})`);
  }
  const X = { data: encoded.data, rows: encoded.rows, cols: encoded.cols };
  const predicted = model.predict(X);
  const proba = model.predictProba(X);
  const labels = [...classes];
  const matrix = confusionMatrix(truth, predicted, { labels });
  const report = classificationReport(truth, predicted, { labels });
  const names = labels.map(String);
  const scores = (name: string, s: LabelScores) => [name, s.precision, s.recall, s.f1, s.support];
  const text = [
    `${encoded.rows} rows of ${frame.file}, target ${JSON.stringify(target)}`,
    "",
    formatTable(["metric", "value"], [
      ["accuracy", accuracy(truth, predicted)],
      ["log-loss", logLoss(truth, proba, { labels })],
    ]),
    "",
    "confusion matrix (rows: true class, columns: predicted class)",
    formatTable(["true \\ predicted", ...names], matrix.map((row, k) => [names[k], ...row])),
    "",
    formatTable(["class", "precision", "recall", "f1", "support"], [
      ...names.map((name) => scores(name, report[name] as LabelScores)),
      scores("macro avg", report.macro),
      scores("weighted avg", report.weighted),
    ]),
    "",
  ].join("\n");
  io.stdout.write(text);
  if (typeof flags.plot === "string") {
    await writeOutput(flags.plot, confusionSvg(names, matrix, `Confusion matrix on ${frame.file.split("/").pop()} (accuracy ${accuracy(truth, predicted).toFixed(3)})`), io);
  }
}
