/**
 * The edge entry, for runtimes that forbid compiling WebAssembly from bytes at run time
 * (Cloudflare workerd, Vercel Edge): the same API, plus `init`, which takes the module
 * your bundler precompiled from "softmax-regression/wasm". The WASM is not embedded here.
 */
export { init, initSync } from "./runtime.js";
export type { WasmSource } from "./runtime.js";
export * from "./api.js";
