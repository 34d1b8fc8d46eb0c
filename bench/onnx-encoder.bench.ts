// npm run bench:onnx-encoder: the measurement behind the ONNX export's protobuf encoder.
// Compares, side by side in one run, this package's small writer (src/onnx/protobuf.ts +
// onnx-messages.ts) with the well-kept alternative, protobufjs through onnx-proto's
// generated ONNX classes:
//   - bundle size: esbuild --bundle --minify --format=esm --platform=browser, gzip level 9,
//     of an app that encodes a ModelProto with each (and of the whole onnx entry);
//   - encoding time from the same graph description (numbers to bytes included in both) for
//     models of 4×3, 64×10, 784×10 and 4096×100 weights, median of 15 rounds, interleaved;
//   - that both produce identical bytes.
// Writes bench/results/onnx-encoder.json.
import { build, version as esbuildVersion } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
import { toONNX } from "../src/onnx.js";
import { exportGraph } from "../src/onnx/graphs.js";
import { DataType, encodeModel, type Attribute, type ModelSpec, type TensorSpec } from "../src/onnx/onnx-messages.js";
import { float32LittleEndian, float64LittleEndian, int64LittleEndian } from "../src/onnx/protobuf.js";
import type { ModelParts } from "../src/estimator/model-format.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

async function bundleSize(contents: string): Promise<{ minified: number; gzip: number }> {
  const r = await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    bundle: true, minify: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "error",
  });
  const bytes = r.outputFiles[0].contents;
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const sizes = {
  "own writer (encodeModel)": await bundleSize(`import { encodeModel } from "./src/onnx/onnx-messages.ts"; export const f = encodeModel;`),
  "onnx-proto + protobufjs (ModelProto.encode)": await bundleSize(
    `import onnxProto from "onnx-proto"; export const f = (m) => onnxProto.onnx.ModelProto.encode(m).finish();`,
  ),
  "whole onnx entry (toONNX)": await bundleSize(`export { toONNX } from "./src/onnx.ts";`),
};

/**
 * The alternative design: the same ModelSpec turned into onnx-proto's generated messages
 * and encoded by protobufjs (numbers converted to bytes the same way as ours).
 */
function libraryEncode(spec: ModelSpec): Uint8Array {
  const utf8 = new TextEncoder();
  const attribute = (a: Attribute) => {
    if ("int" in a) return { name: a.name, i: a.int, type: onnx.AttributeProto.AttributeType.INT };
    if ("string" in a) return { name: a.name, s: utf8.encode(a.string), type: onnx.AttributeProto.AttributeType.STRING };
    if ("floats" in a) return { name: a.name, floats: Array.from(a.floats), type: onnx.AttributeProto.AttributeType.FLOATS };
    if ("ints" in a) return { name: a.name, ints: Array.from(a.ints), type: onnx.AttributeProto.AttributeType.INTS };
    return { name: a.name, strings: a.strings.map((s) => utf8.encode(s)), type: onnx.AttributeProto.AttributeType.STRINGS };
  };
  const tensor = (t: TensorSpec) =>
    t.dataType === DataType.STRING
      ? { dims: t.dims, dataType: t.dataType, stringData: (t.values as string[]).map((s) => utf8.encode(s)), name: t.name }
      : {
          dims: t.dims,
          dataType: t.dataType,
          name: t.name,
          rawData: (t.dataType === DataType.FLOAT ? float32LittleEndian : t.dataType === DataType.DOUBLE ? float64LittleEndian : int64LittleEndian)(
            t.values as ArrayLike<number>,
          ),
        };
  const value = (v: ModelSpec["graph"]["inputs"][number]) => ({
    name: v.name,
    type: { tensorType: { elemType: v.elemType, shape: { dim: v.dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) } } },
  });
  const g = spec.graph;
  const message = onnx.ModelProto.create({
    irVersion: spec.irVersion,
    producerName: spec.producerName,
    producerVersion: spec.producerVersion,
    docString: spec.docString,
    graph: {
      node: g.nodes.map((n) => ({
        input: [...n.inputs], output: [...n.outputs], name: n.outputs[0], opType: n.opType,
        attribute: (n.attributes ?? []).map(attribute), ...(n.domain ? { domain: n.domain } : {}),
      })),
      name: g.name,
      initializer: g.initializers.map(tensor),
      input: g.inputs.map(value),
      output: g.outputs.map(value),
    },
    opsetImport: spec.opsets.map((o) => ({ domain: o.domain, version: o.version })),
    metadataProps: Object.entries(spec.metadata).map(([key, v]) => ({ key, value: v })),
  } as never);
  return onnx.ModelProto.encode(message).finish();
}

function parts(d: number, K: number): ModelParts {
  let s = 12345;
  const random = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  return {
    classes: Array.from({ length: K }, (_, k) => k),
    nFeatures: d,
    fitIntercept: true,
    theta: Float64Array.from({ length: K * (d + 1) }, random),
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds per call, median over rounds of `reps` calls, both encoders interleaved. */
function timeBoth(own: () => Uint8Array, library: () => Uint8Array, bytes: number): { own: number; library: number } {
  const reps = Math.max(1, Math.round(2e6 / bytes));
  const times = { own: [] as number[], library: [] as number[] };
  for (let round = 0; round < 15; round++) {
    for (const [name, f] of [["own", own], ["library", library]] as const) {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) f();
      times[name].push((performance.now() - t0) / reps);
    }
  }
  return { own: median(times.own), library: median(times.library) };
}

const timings = [];
for (const [d, K] of [[4, 3], [64, 10], [784, 10], [4096, 100]]) {
  for (const dtype of ["float32", "float64"] as const) {
    const p = parts(d, K);
    const { graph, opsets, irVersion } = exportGraph(p, dtype);
    const spec: ModelSpec = { irVersion, opsets, producerName: "softmax-regression", producerVersion: "bench", docString: "", metadata: {}, graph };
    const ours = encodeModel(spec);
    const theirs = Uint8Array.from(libraryEncode(spec));
    const identical = ours.length === theirs.length && ours.every((b, i) => b === theirs[i]);
    const t = timeBoth(() => encodeModel(spec), () => libraryEncode(spec), ours.length);
    timings.push({ d, K, dtype, bytes: ours.length, identicalBytes: identical, ownMs: t.own, libraryMs: t.library, ratio: t.library / t.own });
  }
}

const json = {
  esbuild: esbuildVersion,
  node: process.version,
  sizes,
  timings,
  check: toONNX(
    { format: "softmax-regression", formatVersion: 1, libraryVersion: "0", classes: [0, 1], nFeatures: 1, fitIntercept: true, coef: [[1], [-1]], intercept: [0, 0] },
  ).length > 0,
};
mkdirSync(new URL("results/", import.meta.url), { recursive: true });
writeFileSync(new URL("results/onnx-encoder.json", import.meta.url), JSON.stringify(json, null, 2) + "\n");

console.log("bundle (minified / gzip):");
for (const [name, s] of Object.entries(sizes)) console.log(`  ${name.padEnd(46)} ${(s.minified / 1024).toFixed(1).padStart(7)} kB  ${(s.gzip / 1024).toFixed(1).padStart(6)} kB`);
console.log("encode time per model (median of 15 rounds); ratio = onnx-proto time / own time:");
for (const t of timings) {
  console.log(`  ${`${t.d}×${t.K} ${t.dtype}`.padEnd(18)} ${String(t.bytes).padStart(9)} B  own ${t.ownMs.toFixed(4)} ms  onnx-proto ${t.libraryMs.toFixed(4)} ms  (${t.ratio.toFixed(2)}×)  identical bytes: ${t.identicalBytes}`);
}
