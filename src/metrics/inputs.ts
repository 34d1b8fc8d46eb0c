/**
 * The checks every metric makes on its inputs: label arrays (numbers or strings, one kind),
 * matching lengths, sample weights, and the label set (given, or the sorted labels present).
 * Errors name the argument and the index.
 */
import { countOf, describe, isArrayLike, ownOptions } from "../input/checks.js";
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";
import { powerOfTwoBelow } from "../input/weights.js";

/** Options shared by the metrics. */
export interface MetricOptions {
  /** One non-negative weight per sample (default: all 1). */
  sampleWeight?: ArrayLike<number>;
  /** The labels to report, in this order (default: the sorted labels present). */
  labels?: readonly Label[];
}

const OPTIONS = ["sampleWeight", "labels"];

/** A copy of a label array, checked: finite numbers or strings, all of one kind. */
export function readLabels(values: unknown, name: string, kind?: "number" | "string"): Label[] {
  if (!isArrayLike(values)) fail("INVALID_ARGUMENT", `${name} must be an array of labels, got ${describe(values)}`);
  // The length once (a getter may answer differently each time, or claim 10⁹), within what a
  // JavaScript array of the copy can hold.
  const n = countOf(values, "INVALID_ARGUMENT", name, "labels");
  if (n > MAX_METRIC_SAMPLES) fail("TOO_LARGE", `${name} holds ${n} labels; the metrics take at most ${MAX_METRIC_SAMPLES} per call (weigh batches with sampleWeight, or sum their confusion matrices)`);
  const out: Label[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === "number") {
      if (!Number.isFinite(v)) fail("NON_FINITE", `${name}[${i}] is ${v}`);
    } else if (typeof v !== "string") {
      fail("INVALID_ARGUMENT", `${name}[${i}] is ${describe(v)}; labels must be numbers or strings`);
    }
    kind ??= typeof v as "number" | "string";
    if (typeof v !== kind) fail("INVALID_ARGUMENT", `${name}[${i}] is ${describe(v)}, but the labels are ${kind}s`);
    out.push(v === 0 ? 0 : (v as Label)); // -0 and 0 are one label
  }
  return out;
}

/** The most labels a metric reads in one call (a JavaScript array holds about 2²⁷). */
export const MAX_METRIC_SAMPLES = 100_000_000;
/** The most distinct labels a metric's label set may have (a confusion matrix of K² cells, K per-label scores). */
export const MAX_METRIC_LABELS = 1 << 20;

/** yTrue and yPred, checked and of equal length. */
export function readPair(yTrue: unknown, yPred: unknown): { truth: Label[]; predicted: Label[] } {
  const truth = readLabels(yTrue, "yTrue");
  if (truth.length === 0) fail("INVALID_ARGUMENT", "yTrue is empty");
  const predicted = readLabels(yPred, "yPred", kindOf(truth));
  if (predicted.length !== truth.length) fail("INVALID_ARGUMENT", `yPred has ${predicted.length} labels but yTrue has ${truth.length}`);
  return { truth, predicted };
}

/** The options object, checked (unknown keys are refused). */
export function readOptions(options: unknown): MetricOptions {
  if (typeof options !== "object" || options === null) fail("INVALID_OPTION", `metric options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) fail("INVALID_OPTION", `unknown metric option "${key}"; allowed: ${OPTIONS.join(", ")}`);
  }
  return ownOptions(options) as MetricOptions;
}

/** The sample weights for n samples (all 1 when absent). */
export function readWeights(sampleWeight: unknown, n: number): Float64Array {
  if (sampleWeight === undefined) return new Float64Array(n).fill(1);
  // The length once: it is compared, then n bounds the loop.
  if (!isArrayLike(sampleWeight) || sampleWeight.length !== n) {
    fail("INVALID_WEIGHTS", `sampleWeight must hold ${n} weights (one per sample), got ${describe(sampleWeight)}`);
  }
  const w = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = sampleWeight[i];
    if (typeof v !== "number") fail("INVALID_WEIGHTS", `sampleWeight[${i}] is ${describe(v)}, not a number`);
    if (!Number.isFinite(v)) fail("NON_FINITE", `sampleWeight[${i}] is ${v}`);
    if (v < 0) fail("INVALID_WEIGHTS", `sampleWeight[${i}] is negative (${v})`);
    w[i] = v;
    total += v;
  }
  if (total === 0) fail("INVALID_WEIGHTS", "sampleWeight is zero for every sample");
  return w;
}

/**
 * The sample weights divided by the power of two that brings the largest into [1, 2) (exact),
 * for the metrics that are weighted means: weights of 1e308 (whose sum overflows) or 5e-324
 * (whose products underflow) give the answer of any other scale (equal weights: all ones).
 * `scale` undoes it.
 */
export function relativeWeights(sampleWeight: unknown, n: number): { values: Float64Array; scale: number } {
  const values = readWeights(sampleWeight, n);
  let largest = 0;
  for (const v of values) largest = Math.max(largest, v);
  // Equal weights are the unweighted mean, exactly.
  if (values.every((v) => v === largest)) return { values: values.fill(1), scale: largest };
  const scale = powerOfTwoBelow(largest);
  if (scale !== 1) for (let i = 0; i < n; i++) values[i] /= scale;
  return { values, scale };
}

/** The label set: `labels` as given (checked, distinct, the data's kind), or the sorted labels of `present`. */
export function labelSet(labels: unknown, present: readonly Label[][]): Label[] {
  const kind = kindOf(present[0]);
  if (labels === undefined) {
    // One set over the arrays (no concatenated copy, which could exceed an array's size).
    const union = new Set<Label>();
    for (const array of present) {
      for (const l of array) {
        union.add(l);
        if (union.size > MAX_METRIC_LABELS) fail("TOO_LARGE", `the labels have more than ${MAX_METRIC_LABELS} distinct values; a classification metric takes at most that many (are they classes?)`);
      }
    }
    return sortLabels([...union]);
  }
  const given = readLabels(labels, "labels", kind);
  if (given.length > MAX_METRIC_LABELS) fail("TOO_LARGE", `labels lists ${given.length} labels; a classification metric takes at most ${MAX_METRIC_LABELS}`);
  if (given.length === 0) fail("INVALID_ARGUMENT", "labels is empty");
  const seen = new Set<Label>();
  given.forEach((l, k) => {
    if (seen.has(l)) fail("INVALID_ARGUMENT", `labels[${k}] (${describe(l)}) is a duplicate`);
    seen.add(l);
  });
  return given;
}

/** Numbers ascending, strings by code unit (the order of model.classes). */
export function sortLabels(labels: Label[]): Label[] {
  return labels.sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : a < b ? -1 : a > b ? 1 : 0));
}

function kindOf(labels: readonly Label[]): "number" | "string" | undefined {
  return labels.length ? (typeof labels[0] as "number" | "string") : undefined;
}
