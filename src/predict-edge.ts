/**
 * Entry point "softmax-regression/predict/edge" (dist/predict-edge.js; also
 * "softmax-regression/predict" under the workerd and edge-light conditions). The
 * predict-only entry for runtimes that forbid compiling WebAssembly from bytes
 * (workerd, Vercel Edge): call `await init(wasmModule)` with the module your bundler made
 * from "softmax-regression/wasm/predict" (the prediction kernels only; the full
 * "softmax-regression/wasm" works too), then `Predictor.fromJSON(savedModel)`.
 */
export { initPrediction as init, initPredictionSync as initSync } from "./backends/registry.js";
export type { WasmSource } from "./backends/registry.js";
export * from "./exports/predict-only.js";
