// Trains a softmax regression on scikit-learn's 8×8 digits in the page: standardised
// features, every 5th row held out, exact Newton. Shows the test accuracy and 8 test digits.
import { LogisticRegression, VERSION } from "softmax-regression";

const status = document.getElementById("status");

async function main() {
  const text = await (await fetch("../../test/fixtures/digits.csv")).text();
  const rows = text.trim().split("\n").slice(1).map((line) => line.split(",").map(Number));
  const X = rows.map((r) => r.slice(0, 64));
  const y = rows.map((r) => r[64]);

  // Hold out every 5th row; standardise with the training rows' mean and std.
  const trainIdx = [], testIdx = [];
  rows.forEach((_, i) => (i % 5 === 4 ? testIdx : trainIdx).push(i));
  const d = 64, mean = new Array(d).fill(0), std = new Array(d).fill(0);
  for (const i of trainIdx) for (let j = 0; j < d; j++) mean[j] += X[i][j] / trainIdx.length;
  for (const i of trainIdx) for (let j = 0; j < d; j++) std[j] += (X[i][j] - mean[j]) ** 2 / trainIdx.length;
  const scale = std.map((v) => (v > 0 ? Math.sqrt(v) : 1)); // constant pixels stay 0
  const standardise = (i) => X[i].map((v, j) => (v - mean[j]) / scale[j]);

  const model = new LogisticRegression({ solver: "newton", l2: 1e-2 });
  const t0 = performance.now();
  await model.fit(trainIdx.map(standardise), trainIdx.map((i) => y[i]));
  const ms = performance.now() - t0;
  const Xtest = testIdx.map(standardise);
  const accuracy = model.score(Xtest, testIdx.map((i) => y[i]));
  status.textContent = `softmax-regression ${VERSION}: trained on ${trainIdx.length} digits in ${ms.toFixed(0)} ms ` +
    `(${model.nIter} Newton iterations), test accuracy ${(100 * accuracy).toFixed(1)}% on ${testIdx.length} held-out digits.`;

  // 8 test digits spread over the test set, drawn from their 17 grey levels (0..16),
  // with the predicted label.
  const picks = Array.from({ length: 8 }, (_, k) => Math.floor(((k + 0.5) * testIdx.length) / 8));
  const shown = picks.map((t) => testIdx[t]);
  const predicted = model.predict(picks.map((t) => Xtest[t]));
  shown.forEach((i, n) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 8;
    const ctx = canvas.getContext("2d");
    const img = ctx.createImageData(8, 8);
    for (let p = 0; p < 64; p++) {
      const v = 255 - Math.round((X[i][p] / 16) * 255);
      img.data.set([v, v, v, 255], 4 * p);
    }
    ctx.putImageData(img, 0, 0);
    const figure = document.createElement("figure");
    const caption = document.createElement("figcaption");
    caption.textContent = `predicted ${predicted[n]}` + (predicted[n] === y[i] ? "" : ` (is ${y[i]})`);
    if (predicted[n] !== y[i]) caption.className = "wrong";
    figure.append(canvas, caption);
    document.getElementById("digits").append(figure);
  });
  return { accuracy, iterations: model.nIter, ms, train: trainIdx.length, test: testIdx.length };
}

// For tests (the runtime harness waits for data-status="done"):
window.__example = main().then(
  (result) => { document.body.dataset.status = "done"; return result; },
  (e) => { status.textContent = `Error: ${e.message}`; document.body.dataset.status = "error"; return { error: String(e.stack || e) }; },
);
