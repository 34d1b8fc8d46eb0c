// Ships the raw module next to the compiled JS, for the "softmax-regression/wasm" export,
// with a declaration of what bundlers for edge runtimes make of it.
import { copyFileSync, writeFileSync } from "node:fs";

copyFileSync(new URL("../build/softmax.wasm", import.meta.url), new URL("../dist/softmax.wasm", import.meta.url));
writeFileSync(
  new URL("../dist/softmax-wasm.d.ts", import.meta.url),
  `// "softmax-regression/wasm": the kernels as a compiled module, which is what the edge bundlers
// make of a .wasm import (wrangler's CompiledWasm modules, Next.js's "?module" imports).
// Hand it to init() from "softmax-regression/edge" or "softmax-regression/predict/edge".
declare const wasmModule: WebAssembly.Module;
export default wasmModule;
`,
);
