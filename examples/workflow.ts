// The workflow of the README: load a CSV, standardise, choose λ by cross-validation, report
// metrics, save. Run it with `npx tsx examples/workflow.ts [file.csv]` (test/workflow-example.test.ts runs it).
import { readFileSync, writeFileSync } from "node:fs";
import { LogisticRegression, LogisticRegressionCV } from "../src/index.js";
import { accuracy, classificationReport, confusionMatrix, formatClassificationReport, logLoss } from "../src/metrics.js";

export async function workflow(csvFile: string, modelFile: string, log: (line: string) => void = console.log) {
  // 1. Load: one record per row, keyed by the header's column names; the last column is the label.
  const [header, ...lines] = readFileSync(csvFile, "utf8").trim().split("\n");
  const names = header.split(",");
  const rows = lines.map((line) => Object.fromEntries(line.split(",").map((v, j) => [names[j], Number(v)])));
  const y = rows.map(({ label }) => label);
  const X = rows.map(({ label, ...features }) => features);

  // 2. Keep every fifth row aside for the final test.
  const isTest = (_: unknown, i: number) => i % 5 === 0;
  const isTrain = (_: unknown, i: number) => i % 5 !== 0;
  const [Xtrain, ytrain, Xtest, ytest] = [X.filter(isTrain), y.filter(isTrain), X.filter(isTest), y.filter(isTest)];

  // 3. Standardise inside every fit, and choose λ among 10 by 5-fold stratified cross-validation.
  const model = await new LogisticRegressionCV({ standardize: true, l2s: 10, cv: 5, scoring: "logLoss" }).fit(Xtrain, ytrain);
  log(`chosen l2 ${model.l2.toExponential(2)} (mean held-out log-loss ${model.meanScores[model.bestIndex].toFixed(4)}), refitted by ${model.solver}`);

  // 4. Metrics on the test rows; coefficients by feature name, in original units.
  const predicted = model.predict(Xtest);
  const proba = model.predictProba(Xtest);
  log(`test accuracy ${accuracy(ytest, predicted).toFixed(4)}, log-loss ${logLoss(ytest, proba, { labels: model.classes }).toFixed(4)}`);
  log(`confusion matrix (rows: true ${model.classes.join(", ")}): ${JSON.stringify(confusionMatrix(ytest, predicted, { labels: model.classes }))}`);
  log(formatClassificationReport(classificationReport(ytest, predicted)));
  // Weights per standard deviation of each feature compare across features: coef × scale.
  const { scale } = model.standardization!;
  const [top] = model.featureNames!.map((name, j) => ({ name, w: model.coef[0][j] * scale[j] })).sort((a, b) => Math.abs(b.w) - Math.abs(a.w));
  log(`class ${model.classes[0]}: strongest feature ${top.name} (${top.w.toFixed(3)} per standard deviation)`);

  // 5. Save, and load: the saved model predicts bit for bit the same, raw records in, no scaler.
  writeFileSync(modelFile, JSON.stringify(model));
  const loaded = LogisticRegression.fromJSON(readFileSync(modelFile, "utf8"));
  log(`saved to ${modelFile}; the loaded model predicts ${loaded.predict(Xtest[0])[0]} for the first test row`);
  return { model, loaded, Xtest, ytest };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const csv = process.argv[2] ?? new URL("../test/fixtures/wine.csv", import.meta.url).pathname;
  await workflow(csv, "model.json");
}
