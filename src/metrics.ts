/**
 * Entry point "softmax-regression/metrics" (dist/metrics.js): scikit-learn's classification
 * metrics (accuracy, balanced accuracy, confusion matrix, classification report, log-loss) in
 * plain JavaScript, without the WebAssembly module or the solvers.
 */
export * from "./exports/metrics.js";
export { SoftmaxRegressionError } from "./util/errors.js";
export type { ErrorCode } from "./util/errors.js";
export type { Label } from "./input/targets.js";
