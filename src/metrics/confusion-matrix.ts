/** The confusion matrix, as scikit-learn's confusion_matrix defines it. */
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";

/** The most cells a confusion matrix is built with (2²⁴: 4096 labels; 10⁵ labels would be 10¹⁰ cells, a crash). */
const MAX_CONFUSION_CELLS = 2 ** 24;
import { labelSet, readOptions, readPair, readWeights, type MetricOptions } from "./inputs.js";

/** Counts (weighted) of each true label (rows) predicted as each label (columns), with the labels in that order. */
export function countPairs(truth: readonly Label[], predicted: readonly Label[], weights: Float64Array, labels: readonly Label[]): number[][] {
  if (labels.length ** 2 > MAX_CONFUSION_CELLS) {
    fail("TOO_LARGE", `a confusion matrix of ${labels.length} labels would hold ${labels.length ** 2} cells; at most ${MAX_CONFUSION_CELLS} (${Math.floor(Math.sqrt(MAX_CONFUSION_CELLS))} labels): pass the labels of interest as options.labels`);
  }
  const position = new Map(labels.map((l, k) => [l, k]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = position.get(truth[i]);
    const p = position.get(predicted[i]);
    // Samples whose true or predicted label is not listed are left out, as in scikit-learn.
    if (t !== undefined && p !== undefined) matrix[t][p] += weights[i];
  }
  return matrix;
}

/**
 * Row i, column j: how many samples (or how much sample weight) of true label labels[i] were
 * predicted as labels[j]. `labels` default: the sorted union of yTrue and yPred.
 */
export function confusionMatrix(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: MetricOptions = {}): number[][] {
  const { sampleWeight, labels } = readOptions(options);
  const { truth, predicted } = readPair(yTrue, yPred);
  return countPairs(truth, predicted, readWeights(sampleWeight, truth.length), labelSet(labels, [truth, predicted]));
}
