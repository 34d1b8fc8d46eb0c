// Child process: runs the bundled worker inside edge-runtime's EdgeRuntime (Vercel's
// edge VM) and prints the probe output. Usage: node edge-runtime-host.mjs <bundle.js> <softmax.wasm> <softmax-predict.wasm>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { EdgeRuntime } from "edge-runtime";

const [bundlePath, wasmPath, predictWasmPath] = process.argv.slice(2);
// Precompiled on the host, as Next.js/Vercel do for `import wasm from "...wasm?module"`.
const wasmModule = new WebAssembly.Module(readFileSync(wasmPath));
const predictWasmModule = new WebAssembly.Module(readFileSync(predictWasmPath));
// edge-runtime's default is codeGeneration { strings: false, wasm: true }, i.e. code may
// compile WebAssembly from bytes, which Vercel's deployed Edge runtime refuses. Here:
// wasm: false, like production.
const codeGeneration = { strings: false, wasm: false };
const runtime = new EdgeRuntime({
  codeGeneration,
  initialCode: readFileSync(bundlePath, "utf8"),
  extend: (context) => Object.assign(context, { __softmax_wasm_module__: wasmModule, __softmax_predict_wasm_module__: predictWasmModule }),
});
const res = await runtime.dispatchFetch("http://localhost/");
const body = JSON.parse(await res.text());
const version = createRequire(import.meta.url)("edge-runtime/package.json").version;
body.notes = { runtime: `edge-runtime ${version} on node ${process.version}`, codeGeneration };
console.log("@@PROBE@@" + JSON.stringify(body));
process.exit(0);
