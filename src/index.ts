/**
 * The main entry (Node ≥ 20, Deno, Bun, browsers and bundlers): the WebAssembly module
 * travels inside the package as base64 and is instantiated at import (a top-level await
 * on an async compile, which browsers allow on the main thread for any module size), so
 * no initialisation and no bundler configuration is needed.
 *
 * The values are re-bound here rather than re-exported: the package declares
 * "sideEffects": false, and bundlers (esbuild, Rollup, webpack) skip the body of a module
 * whose exports are all pass-through re-exports, which would skip the instantiation.
 */
import * as api from "./api.js";
import { init } from "./runtime.js";
import { wasmBytes } from "./wasm/embedded.js";

await init(wasmBytes());

export const LogisticRegression = api.LogisticRegression;
export type LogisticRegression = api.LogisticRegression;
export const Predictor = api.Predictor;
export type Predictor = api.Predictor;
export const SoftmaxRegressionError = api.SoftmaxRegressionError;
export type SoftmaxRegressionError = api.SoftmaxRegressionError;
export const createObjective = api.createObjective;
export const isInitialized = api.isInitialized;
export const kernelMemory = api.kernelMemory;
export const VERSION = api.VERSION;
export type * from "./api.js";
