/**
 * The predict-only entry for runtimes that forbid compiling WebAssembly from bytes
 * (workerd, Vercel Edge): call `await init(wasmModule)` with the module your bundler made
 * from "softmax-regression/wasm", then `Predictor.fromJSON(savedModel)`.
 */
export { init, initSync } from "./runtime.js";
export type { WasmSource } from "./runtime.js";
export * from "./predict-api.js";
