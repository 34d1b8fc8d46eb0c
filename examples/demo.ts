// npm run demo: train on the bundled digits data (1797 8×8 images, 10 classes) with the
// WebAssembly and the pure-JS backends, and print accuracy, iterations and time.
import { readFileSync } from "node:fs";
import { LogisticRegression } from "../src/index.js";

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
