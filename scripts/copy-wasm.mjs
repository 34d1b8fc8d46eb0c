// Ships the raw modules next to the compiled JS, for the "softmax-regression/wasm" and
// "softmax-regression/wasm/predict" exports, with a declaration of what bundlers for edge
// runtimes make of them.
import { copyFileSync, writeFileSync } from "node:fs";

for (const wasm of ["softmax.wasm", "softmax-predict.wasm"]) {
  copyFileSync(new URL(`../build/${wasm}`, import.meta.url), new URL(`../dist/${wasm}`, import.meta.url));
}
writeFileSync(
  new URL("../dist/softmax-wasm.d.ts", import.meta.url),
  `// "softmax-regression/wasm" (and "softmax-regression/wasm/predict", the prediction kernels
// only): the kernels as a compiled module, which is what the edge bundlers make of a .wasm
// import (wrangler's CompiledWasm modules, Next.js's "?module" imports). Hand the first to
// init() from "softmax-regression/edge", either to init() from "softmax-regression/predict/edge".
declare const wasmModule: WebAssembly.Module;
export default wasmModule;
`,
);
