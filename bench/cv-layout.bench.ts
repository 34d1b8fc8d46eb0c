// npm run bench:cv-layout: what LogisticRegressionCV's fold layout buys on CSR X. The same
// search (5 stratified folds × 3 λ, then the refit; default options) on the caller's CSR,
// which the search lays out fold by fold ((2F − 1)/F copies of the entries, every fold's rows
// contiguous), against the same CSR as a Dataset, where every fold passes over all rows with
// the held-out ones weighing zero (one copy). Alternating runs side by side, medians and
// their ratio; the two must choose the same λ with scores equal to the stopping rule's
// precision. Two bag-of-words shapes (bench/sparse/bag-of-words.ts): a tall one, where the
// data passes dominate, and the 2000 × 20 000, where the solver's vector work on
// K(d+1) parameters does. Public API only. Writes bench/results/cv-layout.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { LogisticRegressionCV, createDataset } from "../src/index.js";
import { SMALL, bagOfWords, type BagOfWordsOptions } from "./sparse/bag-of-words.js";

const REPEATS = Number(process.env.REPEATS ?? 3);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const OPTIONS = { l2s: [1e-1, 1e-2, 1e-3], cv: 5 };
const SHAPES: { name: string; shape: BagOfWordsOptions }[] = [
  { name: "tall 100 000 × 500, ~20 words a row, K = 3", shape: { rows: 100_000, cols: 500, perRow: 20, K: 3, seed: 21 } },
  { name: "2000 × 20 000, ~78 words a row, K = 10", shape: SMALL },
];

const results = [];
for (const { name, shape } of SHAPES) {
  const { X, y } = bagOfWords(shape);
  const labels = Array.from(y);
  const layout: number[] = [];
  const weighted: number[] = [];
  let scoreDifference = 0;
  let sameL2 = true;
  for (let r = 0; r < REPEATS; r++) {
    let start = performance.now();
    const a = await new LogisticRegressionCV(OPTIONS).fit(X, labels);
    layout.push((performance.now() - start) / 1000);
    const dataset = createDataset(X);
    start = performance.now();
    const b = await new LogisticRegressionCV(OPTIONS).fit(dataset, labels);
    weighted.push((performance.now() - start) / 1000);
    dataset.dispose();
    sameL2 &&= a.l2 === b.l2;
    const flat = b.scores.flat();
    a.scores.flat().forEach((v, i) => (scoreDifference = Math.max(scoreDifference, Math.abs(v - flat[i]) / Math.abs(v))));
  }
  const row = {
    name,
    nnz: X.indptr[X.rows],
    layoutSeconds: median(layout),
    weightedSeconds: median(weighted),
    ratio: median(weighted) / median(layout),
    sameL2,
    largestRelativeScoreDifference: scoreDifference,
  };
  console.log(`${name}: layout ${row.layoutSeconds.toFixed(2)} s, zero weights (Dataset) ${row.weightedSeconds.toFixed(2)} s, ratio ${row.ratio.toFixed(2)}; same λ ${sameL2}, scores within ${scoreDifference.toExponential(1)}`);
  results.push(row);
}
mkdirSync(new URL("results/", import.meta.url), { recursive: true });
writeFileSync(new URL("results/cv-layout.json", import.meta.url), JSON.stringify({ measured: new Date().toISOString(), load: loadavg(), repeats: REPEATS, options: OPTIONS, results }, null, 2) + "\n");
console.log("wrote bench/results/cv-layout.json");
