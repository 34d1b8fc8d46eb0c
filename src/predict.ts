/**
 * Entry point "softmax-regression/predict" (dist/predict.js). The predict-only entry with the
 * WebAssembly embedded:
 * load a model saved with toJSON and score rows, without the solvers in your bundle.
 * Values are re-bound, not re-exported, for the reason given in index.ts.
 */
import * as api from "./exports/predict-only.js";
import { init } from "./backends/registry.js";
import { wasmBytes } from "./wasm/embedded.js";
import type { Label } from "./input/targets.js";

await init(wasmBytes());

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
