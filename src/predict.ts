/**
 * The predict-only entry with the WebAssembly embedded ("softmax-regression/predict"):
 * load a model saved with toJSON and score rows, without the solvers in your bundle.
 * Values are re-bound, not re-exported, for the reason given in index.ts.
 */
import * as api from "./predict-api.js";
import { init } from "./runtime.js";
import { wasmBytes } from "./wasm/embedded.js";

await init(wasmBytes());

export const Predictor = api.Predictor;
export type Predictor = api.Predictor;
export const SoftmaxRegressionError = api.SoftmaxRegressionError;
export type SoftmaxRegressionError = api.SoftmaxRegressionError;
export type * from "./predict-api.js";
