/**
 * Entry point "softmax-regression" (dist/index.js). The main entry (Node ≥ 20, Deno, Bun, browsers and bundlers): the WebAssembly module
 * travels inside the package as base64 and is instantiated at import (a top-level await
 * on an async compile, which browsers allow on the main thread for any module size), so
 * no initialisation and no bundler configuration is needed.
 *
 * The values are re-bound here rather than re-exported: the package declares
 * "sideEffects": false, and bundlers (esbuild, Rollup, webpack) skip the body of a module
 * whose exports are all pass-through re-exports, which would skip the instantiation.
 */
import * as api from "./exports/full.js";
import { init } from "./backends/registry.js";
import { provideThreadsBuild } from "./threads/pools.js";
import { wasmBytes } from "./wasm/embedded.js";
import type { Label } from "./input/targets.js";

await init(wasmBytes());
// Loaded only when a fit asks for threads: bundlers that split dynamic imports keep it out
// of the main chunk.
provideThreadsBuild(async () => (await import("./wasm/embedded-threads.js")).threadsWasmBytes());

/** Multinomial logistic regression: `new LogisticRegression(options)`, then `await fit(X, y)`, `predict`, `predictProba`. */
export const LogisticRegression = api.LogisticRegression;
/** A multinomial logistic regression model (see the class's members); `L` is its label type. */
export type LogisticRegression<L extends Label = Label> = api.LogisticRegression<L>;
/** LogisticRegression whose λ is chosen by cross-validation: `new LogisticRegressionCV({ l2s, cv, scoring })`, then `await fit(X, y)`. */
export const LogisticRegressionCV = api.LogisticRegressionCV;
/** A LogisticRegression that chose its λ by cross-validation (see the class's members). */
export type LogisticRegressionCV = api.LogisticRegressionCV;
/** The prediction side of a fitted model, loadable from saved JSON without the solvers. */
export const Predictor = api.Predictor;
/** A fitted model's prediction side; `L` is its label type. */
export type Predictor<L extends Label = Label> = api.Predictor<L>;
/** The single error type of the library; branch on its `code`. */
export const SoftmaxRegressionError = api.SoftmaxRegressionError;
/** The single error type of the library. */
export type SoftmaxRegressionError = api.SoftmaxRegressionError;
/** The penalised mean cross-entropy with its gradient, Hessian and Hessian-vector product, for your own optimiser. */
export const createObjective = api.createObjective;
/** Place X in kernel memory once, for several fits, objectives and predictions: `createDataset(X, { dtype })`. */
export const createDataset = api.createDataset;
/** X in kernel memory (see createDataset); `dispose()` gives the memory back. */
export const Dataset = api.Dataset;
/** X in kernel memory. */
export type Dataset = api.Dataset;
/** The L1 regularisation path: optima along a decreasing λ₁ grid from λ₁_max, warm-started, the data placed in kernel memory once. */
export const l1Path = api.l1Path;
/** The smallest λ₁ at which every weight of the optimum is exactly 0. */
export const l1Max = api.l1Max;
/** True once the WebAssembly kernels are instantiated (always, after importing this entry). */
export const isInitialized = api.isInitialized;
/** Kernel memory per backend: buffer size and bytes in use. */
export const kernelMemory = api.kernelMemory;
/** Stop the kernel workers started by `threads` (Deno, Bun and browsers keep running while they live). */
export const shutdownThreads = api.shutdownThreads;
/** Accuracy: the (weighted) fraction of correct predictions (also in "softmax-regression/metrics"). */
export const accuracy = api.accuracy;
/** Balanced accuracy: the mean recall over the classes present in yTrue. */
export const balancedAccuracy = api.balancedAccuracy;
/** The confusion matrix: rows true labels, columns predicted ones. */
export const confusionMatrix = api.confusionMatrix;
/** Precision, recall, F1 and support per label, with macro and weighted averages, as data. */
export const classificationReport = api.classificationReport;
/** A classification report as a text table. */
export const formatClassificationReport = api.formatClassificationReport;
/** The mean cross-entropy of predicted probabilities (scikit-learn's log_loss). */
export const logLoss = api.logLoss;
/** The library version, also written into saved models. */
export const VERSION = api.VERSION;
/** Texts → CSR of hashed word n-gram counts, equal to scikit-learn's HashingVectorizer(norm=None). */
export const hashFeatures = api.hashFeatures;
export type * from "./exports/full.js";
