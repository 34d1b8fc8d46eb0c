// npm run demo: train on the bundled digits data (1797 8×8 images, 10 classes) with the
// WebAssembly and the pure-JS backends, and print accuracy, iterations and time; then a short
// version of the README's workflow (examples/workflow.ts) on the raw wine data.
import { readFileSync } from "node:fs";
import { LogisticRegression, LogisticRegressionCV } from "../src/index.js";
import { classificationReport, formatClassificationReport } from "../src/metrics.js";

const file = process.argv[2] ?? new URL("../test/fixtures/digits.csv", import.meta.url).pathname;
const rows = readFileSync(file, "utf8").trim().split("\n").slice(1).map((line) => line.split(",").map(Number));
const labels = rows.map((r) => r.pop()!);

// Standardise with training statistics; every fifth row is held out for testing.
const isTest = (i: number) => i % 5 === 0;
const train = rows.filter((_, i) => !isTest(i));
const d = rows[0].length;
const mean = Array.from({ length: d }, (_, j) => train.reduce((a, r) => a + r[j], 0) / train.length);
const std = mean.map((m, j) => Math.sqrt(train.reduce((a, r) => a + (r[j] - m) ** 2, 0) / train.length) || 1);
const X = rows.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
const Xtrain = X.filter((_, i) => !isTest(i));
const ytrain = labels.filter((_, i) => !isTest(i));
const Xtest = X.filter((_, i) => isTest(i));
const ytest = labels.filter((_, i) => isTest(i));

console.log(`digits: ${Xtrain.length} training rows, ${Xtest.length} test rows, ${d} features, 10 classes; l2 = 1e-4, tol = 1e-8`);
for (const backend of ["wasm", "js"] as const) {
  const model = new LogisticRegression({ l2: 1e-4, tol: 1e-8, backend });
  const start = performance.now();
  await model.fit(Xtrain, ytrain);
  const ms = performance.now() - start;
  console.log(
    `${backend.padEnd(4)}  solver ${model.solver}  train accuracy ${model.score(Xtrain, ytrain).toFixed(4)}` +
      `  test accuracy ${model.score(Xtest, ytest).toFixed(4)}  iterations ${model.nIter}` +
      `  converged ${model.converged}  time ${ms.toFixed(0)} ms`,
  );
}

// The workflow, short: raw features standardised inside the fit, λ chosen by 5-fold CV.
const wine = readFileSync(new URL("../test/fixtures/wine.csv", import.meta.url), "utf8").trim().split("\n");
const header = wine[0].split(",");
const records = wine.slice(1).map((line) => Object.fromEntries(line.split(",").map((v, j) => [header[j], Number(v)])));
const wineLabels = records.map(({ label }) => label);
const wineX = records.map(({ label, ...features }) => features);
const start = performance.now();
const cv = await new LogisticRegressionCV({ standardize: true }).fit(wineX, wineLabels);
console.log(
  `\nwine (raw, ${header.length - 1} named features): λ ${cv.l2.toExponential(2)} chosen among ${cv.l2s.length} by 5-fold CV ` +
    `(held-out log-loss ${cv.meanScores[cv.bestIndex].toFixed(4)}) in ${(performance.now() - start).toFixed(0)} ms; on the training rows:`,
);
console.log(formatClassificationReport(classificationReport(wineLabels, cv.predict(wineX))));
