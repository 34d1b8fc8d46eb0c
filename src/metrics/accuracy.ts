/** Accuracy and balanced accuracy, as scikit-learn's accuracy_score and balanced_accuracy_score define them. */
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";
import { countPairs } from "./confusion-matrix.js";
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
  // Every prediction counts against its true class, also predictions outside `labels`.
  const columns = labels === undefined ? set : [...set, ...new Set(predicted.filter((p) => !set.includes(p)))];
  const matrix = countPairs(truth, predicted, relativeWeights(sampleWeight, truth.length).values, columns);
  let sum = 0;
  let classes = 0;
  for (let k = 0; k < set.length; k++) {
    const support = matrix[k].reduce((a, b) => a + b, 0);
    if (support === 0) continue;
    sum += matrix[k][k] / support;
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
