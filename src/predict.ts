/**
 * Entry point "softmax-regression/predict" (dist/predict.js). The predict-only entry with the
 * prediction-only WebAssembly module (softmax-predict.wasm: the same prediction kernels, bit
 * for bit, without the training ones) embedded:
 * load a model saved with toJSON and score rows, without the solvers in your bundle.
 * Values are re-bound, not re-exported, for the reason given in index.ts.
 */
import * as api from "./exports/predict-only.js";
import { initPrediction } from "./backends/registry.js";
import { predictWasmBytes } from "./wasm/embedded-predict.js";
import type { Label } from "./input/targets.js";

await initPrediction(predictWasmBytes());

/** A fitted model's prediction side: `Predictor.fromJSON(saved).predictProba(X)`. */
export const Predictor = api.Predictor;
/** A fitted model's prediction side; `L` is its label type. */
export type Predictor<L extends Label = Label> = api.Predictor<L>;
/** The single error type of the library; branch on its `code`. */
export const SoftmaxRegressionError = api.SoftmaxRegressionError;
/** The single error type of the library. */
export type SoftmaxRegressionError = api.SoftmaxRegressionError;
/** Texts → CSR of hashed word n-gram counts, equal to scikit-learn's HashingVectorizer(norm=None). */
export const hashFeatures = api.hashFeatures;
export type * from "./exports/predict-only.js";
