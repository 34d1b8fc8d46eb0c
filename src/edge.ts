/**
 * Entry point "softmax-regression/edge" (dist/edge.js; also "softmax-regression" under the
 * workerd and edge-light conditions). The edge entry, for runtimes that forbid compiling WebAssembly from bytes at run time
 * (Cloudflare workerd, Vercel Edge): the same API, plus `init`, which takes the module
 * your bundler precompiled from "softmax-regression/wasm". The WASM is not embedded here.
 */
export { init, initSync } from "./backends/registry.js";
export type { WasmSource } from "./backends/registry.js";
export * from "./exports/full.js";
