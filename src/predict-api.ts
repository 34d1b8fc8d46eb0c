/** What the predict-only entries export: loading a saved model and scoring rows. */
export { Predictor } from "./predictor.js";
export { SoftmaxRegressionError } from "./errors.js";
export type { ErrorCode } from "./errors.js";
export type { Label, MatrixInput } from "./data.js";
export type { ModelJSON } from "./model-json.js";
export type { BackendName } from "./options.js";
