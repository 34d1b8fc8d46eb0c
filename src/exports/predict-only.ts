/** The predict-only API, shared by the predict entries: loading a saved model and scoring rows. */
export { Predictor } from "../estimator/predictor.js";
export type { FlatOutput } from "../estimator/predictor.js";
export { SoftmaxRegressionError } from "../util/errors.js";
export type { ErrorCode } from "../util/errors.js";
export type { MatrixInput } from "../input/matrix.js";
export type { PredictionInput } from "../input/prediction-input.js";
export type { Label } from "../input/targets.js";
export type { ModelJSON } from "../estimator/model-format.js";
export type { BackendName } from "../backends/backend.js";
export { hashFeatures } from "../text/hash-features.js";
export type { HashFeaturesOptions, HashedFeatures } from "../text/hash-features.js";
export type { CsrInput } from "../input/matrix.js";
