/**
 * The main entry (Node ≥ 20, Deno, Bun, browsers and bundlers): the WebAssembly module
 * travels inside the package as base64 and is instantiated at import (a top-level await
 * on an async compile, which browsers allow on the main thread for any module size), so
 * no initialisation and no bundler configuration is needed.
 */
import { init } from "./runtime.js";
import { wasmBytes } from "./wasm/embedded.js";

await init(wasmBytes());

export * from "./api.js";
