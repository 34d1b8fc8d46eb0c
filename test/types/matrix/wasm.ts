// The edge pattern, type-checked where an ES module may import the .wasm subpath (every
// setting whose consumer is an ES module, and node10, which has no module formats):
// the bundler turns "softmax-regression/wasm" into a WebAssembly.Module for init().
import wasmModule from "softmax-regression/wasm";
import { init } from "softmax-regression/predict/edge";

const module: WebAssembly.Module = wasmModule;
export const ready: Promise<void> = init(module);
