/** Accuracy and balanced accuracy, as scikit-learn's accuracy_score and balanced_accuracy_score define them. */
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";
import { labelSet, readOptions, readPair, relativeWeights, type MetricOptions } from "./inputs.js";

/**
 * The (weighted) fraction of samples whose predicted label equals the true one. `labels`, if
 * given, only declares the label set: a label outside it is an error.
 */
export function accuracy(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: MetricOptions = {}): number {
  const { sampleWeight, labels } = readOptions(options);
  const { truth, predicted } = readPair(yTrue, yPred);
  if (labels !== undefined) requireListed(labelSet(labels, [truth]), truth, predicted);
  const w = relativeWeights(sampleWeight, truth.length).values;
  let correct = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] === predicted[i]) correct += w[i];
    total += w[i];
  }
  return correct / total;
}

/**
 * The mean over classes of the recall (the weighted fraction of each true class predicted as
 * itself). Classes without true samples are left out of the mean (scikit-learn warns "y_pred
 * contains classes not in y_true" and does the same). `labels` restricts the classes.
 */
export function balancedAccuracy(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: MetricOptions = {}): number {
  const { sampleWeight, labels } = readOptions(options);
  const { truth, predicted } = readPair(yTrue, yPred);
  const set = labelSet(labels, [truth, predicted]);
  // Per class: the weight of its true samples and of those predicted right. Every prediction
  // counts against its true class, also predictions outside `labels` (no K × K matrix: a
  // hundred thousand distinct labels would need 10¹⁰ cells).
  const position = new Map(set.map((l, k) => [l, k]));
  const weights = relativeWeights(sampleWeight, truth.length).values;
  const supports = new Float64Array(set.length);
  const correct = new Float64Array(set.length);
  for (let i = 0; i < truth.length; i++) {
    const k = position.get(truth[i]);
    if (k === undefined) continue;
    supports[k] += weights[i];
    if (predicted[i] === truth[i]) correct[k] += weights[i];
  }
  let sum = 0;
  let classes = 0;
  for (let k = 0; k < set.length; k++) {
    const support = supports[k];
    if (support === 0) continue;
    sum += correct[k] / support;
    classes++;
  }
  if (classes === 0) fail("INVALID_ARGUMENT", "balancedAccuracy: none of the labels has true samples");
  return sum / classes;
}

function requireListed(set: readonly Label[], ...arrays: Label[][]): void {
  const listed = new Set(set);
  for (const [a, name] of [[arrays[0], "yTrue"], [arrays[1], "yPred"]] as const) {
    const i = a.findIndex((l) => !listed.has(l));
    if (i >= 0) fail("INVALID_ARGUMENT", `${name}[${i}] is ${JSON.stringify(a[i])}, which is not in labels`);
  }
}
