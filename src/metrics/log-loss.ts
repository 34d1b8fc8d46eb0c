/**
 * The cross-entropy of predicted probabilities, as scikit-learn's log_loss defines it:
 * probabilities clipped to [ε, 1 − ε] (ε = 2⁻⁵², float64's epsilon), rows renormalised, then
 * the (weighted) mean of −log p(true label).
 */
import { describe, isArrayLike } from "../input/checks.js";
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";
import { labelSet, readLabels, readOptions, relativeWeights, type MetricOptions } from "./inputs.js";

const EPS = Number.EPSILON;
/** Probability rows must sum to 1 within this (predictProba's rows do to ~1e-16). */
const ROW_SUM_TOLERANCE = 1e-6;

/**
 * Mean cross-entropy (lower is better). `proba` is N × K with its columns in `labels` order
 * (default: the sorted labels of yTrue, which is model.classes for a model fitted on them);
 * for two labels it may also be the N probabilities of the second.
 */
export function logLoss(yTrue: ArrayLike<Label>, proba: ArrayLike<ArrayLike<number>> | ArrayLike<number>, options: MetricOptions = {}): number {
  const { sampleWeight, labels } = readOptions(options);
  const truth = readLabels(yTrue, "yTrue");
  const n = truth.length;
  if (n === 0) fail("INVALID_ARGUMENT", "yTrue is empty");
  const set = labelSet(labels, [truth]);
  const K = set.length;
  if (K < 2) fail("INVALID_ARGUMENT", `yTrue has only one label (${describe(set[0])}); pass labels with every class of proba's columns`);
  if (!isArrayLike(proba) || proba.length !== n) fail("INVALID_ARGUMENT", `proba must have ${n} rows (one per label of yTrue), got ${describe(proba)}`);
  const position = new Map(set.map((l, k) => [l, k]));
  const w = relativeWeights(sampleWeight, n).values;
  const row = new Float64Array(K);
  let loss = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    readRow(proba[i], i, K, row);
    const k = position.get(truth[i]);
    if (k === undefined) fail("INVALID_ARGUMENT", `yTrue[${i}] is ${describe(truth[i])}, which is not in labels`);
    let rowSum = 0;
    for (let c = 0; c < K; c++) rowSum += (row[c] = Math.min(Math.max(row[c], EPS), 1 - EPS));
    loss += w[i] * -Math.log(row[k] / rowSum);
    total += w[i];
  }
  return loss / total;
}

/** Row i of proba into `out` (a scalar p is the binary row [1 − p, p]), each value checked as it is read. */
function readRow(value: unknown, i: number, K: number, out: Float64Array): void {
  const binary = typeof value === "number";
  if (binary && K !== 2) fail("INVALID_ARGUMENT", `proba[${i}] is a number, which only two labels allow (there are ${K}); give rows of ${K} probabilities`);
  if (!binary && (!isArrayLike(value) || value.length !== K)) {
    fail("INVALID_ARGUMENT", `proba row ${i} must have ${K} probabilities (one per label), got ${describe(value)}`);
  }
  let sum = 0;
  for (let c = 0; c < (binary ? 1 : K); c++) {
    const p = binary ? value : (value as ArrayLike<unknown>)[c];
    if (typeof p !== "number") fail("INVALID_ARGUMENT", `proba row ${i}, column ${c} is ${describe(p)}, not a number`);
    if (!Number.isFinite(p)) fail("NON_FINITE", `proba row ${i}, column ${c} is ${p}`);
    if (p < 0 || p > 1) fail("INVALID_ARGUMENT", `proba row ${i}, column ${c} is ${p}, not a probability in [0, 1]`);
    out[binary ? 1 : c] = p;
    sum += p;
  }
  if (binary) out[0] = 1 - out[1];
  else if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) fail("INVALID_ARGUMENT", `proba row ${i} sums to ${sum}, not 1 (are these logits or scores?)`);
}
