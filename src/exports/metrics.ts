/** The metrics: the "softmax-regression/metrics" entry, and part of the full API. */
export { accuracy, balancedAccuracy } from "../metrics/accuracy.js";
export { confusionMatrix } from "../metrics/confusion-matrix.js";
export { classificationReport, formatClassificationReport } from "../metrics/classification-report.js";
export type { ClassificationReport, LabelScores } from "../metrics/classification-report.js";
export { logLoss } from "../metrics/log-loss.js";
export type { MetricOptions } from "../metrics/inputs.js";
