// Cloudflare workerd (ES module worker) and Vercel edge-runtime (through
// edge-runtime-entry.mjs): the edge entries plus `softmax-regression/wasm` as a precompiled
// WebAssembly.Module (workerd: a CompiledWasm module, as wrangler uploads it; edge-runtime:
// a module compiled by the host and handed in, as Next.js does for `?module` imports).
import { init, LogisticRegression, SoftmaxRegressionError, shutdownThreads } from "softmax-regression/edge";
import { init as initPredict, Predictor } from "softmax-regression/predict/edge";
import wasmModule from "softmax-regression/wasm";
import predictWasmModule from "softmax-regression/wasm/predict";
import * as mainEntry from "softmax-regression";
import * as predictEntry from "softmax-regression/predict";
import { probe } from "./probe.mjs";

const TINY = JSON.stringify({
  format: "softmax-regression", formatVersion: 1, libraryVersion: "0.1.0", classes: [0, 1],
  nFeatures: 1, fitIntercept: true, coef: [[1], [-1]], intercept: [0, 0],
});

function errorInfo(f) {
  try {
    f();
    return "no error";
  } catch (e) {
    return { code: e?.code, isSoftmaxError: e instanceof SoftmaxRegressionError, namesInit: /\binit\b/.test(String(e?.message)), message: String(e?.message) };
  }
}

async function run() {
  const checks = {};
  // Before init: the WASM backend must refuse with NOT_INITIALIZED, naming init.
  checks.beforeInitModel = errorInfo(() => LogisticRegression.fromJSON(TINY).predictProba([[1]]));
  checks.beforeInitPredictor = errorInfo(() => Predictor.fromJSON(TINY).predictProba([[1]]));
  // An empty but valid module: may this runtime compile WebAssembly from bytes?
  const empty = () => new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const tries = {
    "WebAssembly.compile(bytes)": () => WebAssembly.compile(empty()),
    "WebAssembly.instantiate(bytes)": () => WebAssembly.instantiate(empty(), {}),
    "new WebAssembly.Module(bytes)": () => new WebAssembly.Module(empty()),
  };
  checks.compileFromBytes = {};
  for (const [k, f] of Object.entries(tries)) {
    try { await f(); checks.compileFromBytes[k] = "allowed"; } catch (e) { checks.compileFromBytes[k] = `refused: ${e.message}`; }
  }
  // With the workerd / edge-light condition, "." and "./predict" must be the init() flavours.
  checks.mainEntryIsEdge = typeof mainEntry.init === "function";
  checks.predictEntryIsEdge = typeof predictEntry.init === "function";
  checks.wasmImport = Object.prototype.toString.call(wasmModule);
  try {
    // The prediction-only module first: the predict entry runs on it, training refuses until
    // the full module comes (which then replaces it, with the same prediction bits).
    await initPredict(predictWasmModule);
    const bits = (rows) => rows.flat().map((v) => new BigUint64Array(new Float64Array([v]).buffer)[0].toString(16)).join();
    const rows = [[-2], [0.25], [3]];
    const predictOnly = bits(Predictor.fromJSON(TINY).predictProba(rows));
    checks.fitOnPredictModule = await new LogisticRegression({ solver: "newton" }).fit([[0], [1]], [0, 1]).then(() => "no error", (e) => e?.code);
    await init(wasmModule);
    await initPredict(wasmModule); // the same runtime module in one bundle: a no-op
    checks.predictModuleMatchesFull = predictOnly === bits(Predictor.fromJSON(TINY).predictProba(rows));
    return { result: await probe({ LogisticRegression, Predictor, shutdownThreads }), checks };
  } catch (e) {
    return { error: String((e && e.stack) || e), checks };
  }
}

let cached = null;
export async function handle() {
  cached ??= run();
  return new Response(JSON.stringify(await cached), { headers: { "content-type": "application/json" } });
}

export default { fetch: handle };
