// The prediction-only WebAssembly module (assembly/predict.ts, softmax-predict.wasm) of the
// predict-only entries: its predictions are bit-identical to the full entry's (dense and CSR
// rows, models fitted in f64 and f32), what init accepts and refuses, and that the predict-only
// import path carries neither the full module nor the pure-JS solver kernels.
// Each entry is loaded in a module graph of its own (vi.resetModules), as in an app that imports
// only that entry, so that the kernels it instantiates are the ones it ships.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { wasmBytes } from "../src/wasm/embedded.js";
import { predictWasmBytes } from "../src/wasm/embedded-predict.js";
import { gaussian, rng } from "./helpers/random.js";

type PredictEntry = typeof import("../src/predict.js");
type FullEntry = typeof import("../src/index.js");

/** A fresh copy of a module and of everything it imports (its own registry, its own kernels). */
async function fresh<T>(path: string): Promise<T> {
  vi.resetModules();
  return (await import(path)) as T;
}

const random = rng(20261201);
const [n, d, K] = [300, 40, 4];
const dense = Array.from({ length: n }, () => Array.from({ length: d }, () => (random() < 0.2 ? gaussian(random) : 0)));
const labels = dense.map((row) => (row[0] + row[1] - row[2] > 0 ? 0 : row[3] > 0 ? 1 : row[4] > 0 ? 2 : 3));
/** The same rows as CSR. */
const csr = (() => {
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (const row of dense) {
    row.forEach((v, j) => {
      if (v !== 0) {
        indices.push(j);
        data.push(v);
      }
    });
    indptr.push(indices.length);
  }
  return { indptr, indices, data, rows: n, cols: d };
})();

/** Every prediction output of a predictor, flat, on dense and CSR rows. */
function outputs(p: { predictProba: Function; predictLogProba: Function; decisionFunction: Function }): Record<string, Float64Array> {
  const all: Record<string, Float64Array> = {};
  for (const [name, X] of [["dense", dense], ["csr", csr]] as const) {
    all[`${name} predictProba`] = p.predictProba(X, { flat: true });
    all[`${name} predictLogProba`] = p.predictLogProba(X, { flat: true });
    all[`${name} decisionFunction`] = p.decisionFunction(X, { flat: true });
  }
  return all;
}

/** The IEEE-754 bit patterns, for exact comparison (−0 ≠ 0, NaN payloads). */
const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length), (b) => b.toString(16));

describe("the predict-only entry's prediction-only module", () => {
  it("is much smaller than the full module and exports only prediction kernels", () => {
    const names = WebAssembly.Module.exports(new WebAssembly.Module(predictWasmBytes())).map((e) => e.name).sort();
    expect(names).toEqual(["logProbabilities", "logits", "memory", "probabilities", "scratchBytes", "sparseLogits", "sparseProbabilities", "sparseScratchBytes"]);
    expect(predictWasmBytes().length).toBeLessThan(wasmBytes().length / 2);
  });

  it("predicts bit for bit what the full entry predicts: dense and CSR rows, f64 and f32 models", async () => {
    const full = await fresh<FullEntry>("../src/index.js");
    const saved: Record<string, unknown> = {};
    const reference: Record<string, Record<string, Float64Array>> = {};
    for (const dtype of ["float64", "float32"] as const) {
      const model = await new full.LogisticRegression({ dtype, l2: 1e-3 }).fit(dense, labels);
      saved[dtype] = model.toJSON();
      reference[dtype] = outputs(full.Predictor.fromJSON(saved[dtype]));
      // The fitted model itself predicts the same bits as its Predictor (a check of the reference).
      expect(bits(model.predictProba(csr, { flat: true }))).toEqual(bits(reference[dtype]["csr predictProba"]));
    }
    const predict = await fresh<PredictEntry>("../src/predict.js");
    // This graph runs the prediction-only module: it cannot train.
    const registry = await import("../src/backends/registry.js");
    expect(registry.isInitialized()).toBe(false);
    expect(() => registry.backendFor("wasm", "full")).toThrow(expect.objectContaining({ code: "NOT_INITIALIZED" }));
    for (const dtype of ["float64", "float32"] as const) {
      const got = outputs(predict.Predictor.fromJSON(saved[dtype]));
      expect(Object.keys(got)).toEqual(Object.keys(reference[dtype]));
      for (const [name, values] of Object.entries(got)) {
        expect(values.length, `${dtype} ${name}`).toBe(n * K);
        expect(values.every(Number.isFinite), `${dtype} ${name}`).toBe(true);
        expect(bits(values), `${dtype} ${name}`).toEqual(bits(reference[dtype][name]));
      }
    }
  });
});

describe("init of the predict-only edge entry", () => {
  const saved = { format: "softmax-regression", formatVersion: 1, libraryVersion: "0.1.0", classes: [0, 1, 2], nFeatures: 2, fitIntercept: true, coef: [[1, -2], [0.5, 0.25], [-1, 3]], intercept: [0.1, 0, -0.1] };
  const rows = [[0.3, -1.2], [2, 0.5], [-4, 1]];
  type PredictEdge = typeof import("../src/predict-edge.js");
  type Edge = typeof import("../src/edge.js");

  it("refuses garbage with INVALID_ARGUMENT, before and after, and then takes its own module", async () => {
    const entry = await fresh<PredictEdge>("../src/predict-edge.js");
    expect(() => entry.Predictor.fromJSON(saved).predictProba(rows)).toThrow(expect.objectContaining({ code: "NOT_INITIALIZED", message: expect.stringMatching(/\binit\b/) }));
    const garbage = [new Uint8Array([1, 2, 3, 4]), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])];
    for (const source of garbage) {
      await expect(entry.init(source)).rejects.toMatchObject({ name: "SoftmaxRegressionError", code: "INVALID_ARGUMENT" });
      expect(() => entry.initSync(source)).toThrow(expect.objectContaining({ name: "SoftmaxRegressionError", code: "INVALID_ARGUMENT" }));
    }
    await expect(entry.init(42 as never)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    entry.initSync(new WebAssembly.Module(predictWasmBytes()));
    const probabilities = entry.Predictor.fromJSON(saved).predictProba(rows, { flat: true });
    const full = await fresh<FullEntry>("../src/index.js");
    expect(bits(probabilities)).toEqual(bits(full.Predictor.fromJSON(saved).predictProba(rows, { flat: true })));
  });

  it("also takes the full module (users who pass softmax-regression/wasm keep working)", async () => {
    const entry = await fresh<PredictEdge>("../src/predict-edge.js");
    await entry.init(new WebAssembly.Module(wasmBytes()));
    const viaFull = entry.Predictor.fromJSON(saved).predictLogProba(rows, { flat: true });
    const own = await fresh<PredictEdge>("../src/predict-edge.js");
    await own.init(predictWasmBytes());
    expect(bits(own.Predictor.fromJSON(saved).predictLogProba(rows, { flat: true }))).toEqual(bits(viaFull));
  });

  it("the full edge entry refuses the prediction-only module; a full init after it replaces it", async () => {
    const edge = await fresh<Edge>("../src/edge.js");
    await expect(edge.init(predictWasmBytes())).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringMatching(/lossGradient/) });
    expect(edge.isInitialized()).toBe(false);
    // An app with both edge entries that gave the predict one its module: training says what to do.
    const predictEdge = await import("../src/predict-edge.js");
    await predictEdge.init(predictWasmBytes());
    const fit = () => new edge.LogisticRegression({ solver: "newton" }).fit(rows, [0, 1, 2]);
    await expect(fit()).rejects.toMatchObject({ code: "NOT_INITIALIZED", message: expect.stringMatching(/softmax-regression\/wasm"/) });
    await edge.init(wasmBytes());
    expect(edge.isInitialized()).toBe(true);
    const model = await fit();
    expect(model.classes).toEqual([0, 1, 2]);
  });
});

describe("the predict-only import path", () => {
  it("has neither the full module nor the training-only JS kernels", async () => {
    for (const entry of ["predict.ts", "predict-edge.ts"]) {
      const result = await build({
        entryPoints: [fileURLToPath(new URL(`../src/${entry}`, import.meta.url))],
        bundle: true, format: "esm", platform: "neutral", write: false, metafile: true, logLevel: "silent",
      });
      const inputs = Object.keys(result.metafile.inputs).map((p) => p.replace(/\\/g, "/"));
      expect(inputs.some((p) => p.endsWith("estimator/predictor.ts")), entry).toBe(true);
      for (const banned of ["backends/js-solver-kernels.ts", "backends/training-backends.ts", "wasm/embedded.ts", "solvers/"]) {
        expect(inputs.filter((p) => p.includes(banned)), `${entry}: ${banned}`).toEqual([]);
      }
    }
  });
});
