// Bundle sizes of typical apps (npm run size): esbuild bundles for the browser of
//   (a) an app importing LogisticRegression from "softmax-regression" (WASM embedded as base64),
//   (b) an app importing Predictor from "softmax-regression/predict" (WASM embedded too),
// and, for edge workers, the same two apps on the edge entries (the .wasm shipped beside them).
// Reports raw, minified and gzip (level 9) bytes, plus the raw .wasm; checks that the
// predict-only bundle contains no solver code. Writes bench/results/size.json.
// Resolves "softmax-regression" through this package's own exports: run `npm run build` first.
import { build, version as esbuildVersion } from "esbuild";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WASM = `${ROOT}dist/softmax.wasm`;
if (!existsSync(`${ROOT}dist/index.js`) || !existsSync(WASM)) {
  console.error("measure-size: dist/ is missing; run `npm run build` first");
  process.exit(1);
}

const SAVED = JSON.stringify({ format: "softmax-regression", formatVersion: 1, libraryVersion: "0.1.0", classes: [0, 1], nFeatures: 1, fitIntercept: true, coef: [[1], [-1]], intercept: [0, 0] });
const apps = {
  "fit (softmax-regression)": `
    import { LogisticRegression } from "softmax-regression";
    const model = new LogisticRegression({ solver: "newton" });
    await model.fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
    console.log(model.predictProba([[1.5]]), JSON.stringify(model));`,
  "predict (softmax-regression/predict)": `
    import { Predictor } from "softmax-regression/predict";
    console.log(Predictor.fromJSON(${JSON.stringify(SAVED)}).predictProba([[1.5]]));`,
  "fit, edge (softmax-regression/edge)": `
    import { init, LogisticRegression } from "softmax-regression/edge";
    export async function run(wasmModule) {
      await init(wasmModule);
      const model = new LogisticRegression({ solver: "newton" });
      await model.fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
      return model.predictProba([[1.5]]);
    }`,
  "ONNX export (softmax-regression/onnx)": `
    import { toONNX } from "softmax-regression/onnx";
    console.log(toONNX(${JSON.stringify(SAVED)}).length);`,
  "predict, edge (softmax-regression/predict/edge)": `
    import { init, Predictor } from "softmax-regression/predict/edge";
    export async function run(wasmModule) {
      await init(wasmModule);
      return Predictor.fromJSON(${JSON.stringify(SAVED)}).predictProba([[1.5]]);
    }`,
  "predict + hashFeatures (softmax-regression/predict)": `
    import { Predictor, hashFeatures } from "softmax-regression/predict";
    console.log(Predictor.fromJSON(${JSON.stringify(SAVED)}).predictProba(hashFeatures(["some text"], { nFeatures: 1 })));`,
  "predict + hashFeatures, edge (softmax-regression/predict/edge)": `
    import { init, Predictor, hashFeatures } from "softmax-regression/predict/edge";
    export async function run(wasmModule) {
      await init(wasmModule);
      return Predictor.fromJSON(${JSON.stringify(SAVED)}).predictProba(hashFeatures(["some text"], { nFeatures: 1 }));
    }`,
};
// Strings that only the solvers contain (warnings and stop reasons of Newton and its line search).
const SOLVER_MARKERS = ["Newton-CG", "line search"];

/**
 * The app's entry chunk, and the chunks it loads only on demand (with code splitting, as
 * Vite, Rollup and webpack do by default: the threads build of the kernels is one).
 */
async function bundle(source, minify) {
  // Inside the package, so that "softmax-regression" resolves to itself (package self-reference).
  const dir = mkdtempSync(join(ROOT, ".size-"));
  const entry = join(dir, "app.mjs");
  writeFileSync(entry, source);
  try {
    const r = await build({
      entryPoints: [entry], outdir: join(dir, "out"), splitting: true,
      bundle: true, format: "esm", platform: "browser", target: "es2022", minify, write: false, logLevel: "error",
    });
    const main = r.outputFiles.find((f) => f.path.endsWith("app.js"));
    return { main: main.contents, lazy: r.outputFiles.filter((f) => f !== main).reduce((n, f) => n + f.contents.length, 0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const gz = (b) => gzipSync(b, { level: 9 }).length;
const rows = [];
const texts = {};
for (const [name, source] of Object.entries(apps)) {
  const raw = await bundle(source, false);
  const min = await bundle(source, true);
  texts[name] = Buffer.from(raw.main).toString("utf8");
  rows.push({
    bundle: name, wasm: name.includes("edge") ? "separate .wasm" : name.includes("ONNX") ? "none" : "embedded (base64)",
    raw: raw.main.length, minified: min.main.length, gzip: gz(min.main), lazyMinified: min.lazy,
  });
}
const wasm = readFileSync(WASM);
rows.push({ bundle: "softmax.wasm (softmax-regression/wasm)", wasm: "-", raw: wasm.length, minified: wasm.length, gzip: gz(wasm) });

const pad = (s, n) => String(s).padEnd(n);
const num = (n) => String(n).padStart(9);
console.log(`${pad("entry chunk (esbuild --bundle --splitting --minify)", 50)} ${pad("wasm", 18)} ${num("raw")} ${num("minified")} ${num("gzip -9")}  on demand`);
for (const r of rows) console.log(`${pad(r.bundle, 50)} ${pad(r.wasm, 18)} ${num(r.raw)} ${num(r.minified)} ${num(r.gzip)}  ${r.lazyMinified ? `${r.lazyMinified} (threads build)` : "-"}`);

const solverIn = (name) => SOLVER_MARKERS.filter((m) => texts[name].includes(m));
const predictHas = Object.keys(apps).filter((name) => name.startsWith("predict")).flatMap(solverIn);
const fitHas = solverIn("fit (softmax-regression)");
console.log(`solver code (${SOLVER_MARKERS.map((m) => JSON.stringify(m)).join(", ")}) in the fit bundle: ${fitHas.length ? "yes" : "NO"}; ` +
  `in the predict bundles: ${predictHas.length ? `YES (${[...new Set(predictHas)].join(", ")})` : "no"}`);

// The ONNX entry needs neither the kernels nor the solvers ("AGFzbQ" is base64 of "\0asm").
const onnxText = texts["ONNX export (softmax-regression/onnx)"];
const onnxHeavy = onnxText.includes("AGFzbQ") || solverIn("ONNX export (softmax-regression/onnx)").length > 0;
console.log(`WebAssembly or solver code in the ONNX bundle: ${onnxHeavy ? "YES" : "no"}`);

mkdirSync(`${ROOT}bench/results`, { recursive: true });
writeFileSync(`${ROOT}bench/results/size.json`, JSON.stringify({
  measured: new Date().toISOString(), esbuild: esbuildVersion, node: process.version,
  options: "--bundle --format=esm --platform=browser --target=es2022 [--minify]; gzip: node:zlib level 9 of the minified bundle",
  bundles: rows,
  solverMarkers: SOLVER_MARKERS,
  predictBundleHasSolverCode: predictHas.length > 0,
  fitBundleHasSolverCode: fitHas.length > 0,
  onnxBundleHasKernelsOrSolvers: onnxHeavy,
}, null, 2) + "\n");
console.log("wrote bench/results/size.json");
// The predict entry exists to leave the solvers out; the markers must be in the fit bundle
// (or the check would prove nothing).
if (predictHas.length || !fitHas.length || onnxHeavy) process.exit(1);
