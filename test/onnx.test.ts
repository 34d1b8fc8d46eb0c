// ONNX export: the exported models run in onnxruntime-node (an independent implementation
// of the operators) and must reproduce predict and predictProba; the bytes must decode with
// onnx-proto (protobufjs, an independent protobuf implementation) to the intended graph.
import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
import { LogisticRegression, Predictor, SoftmaxRegressionError, type Label } from "../src/index.js";
import { toONNX, type OnnxDtype } from "../src/onnx.js";
import { loadCsv } from "./helpers/fixtures.js";
import { randomProblem } from "./helpers/random.js";

/** The fields of a decoded ModelProto these tests read (onnx-proto types every field as optional). */
interface Decoded {
  irVersion: unknown;
  producerName: string;
  opsetImport: { domain: string; version: unknown }[];
  graph: {
    node: { opType: string; domain: string; attribute: { name: string; floats: number[]; strings: Uint8Array[]; s: Uint8Array }[] }[];
    output: { name: string }[];
    initializer: { name: string; dims: unknown[]; rawData: Uint8Array; stringData: Uint8Array[] }[];
  };
}
const decode = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes) as unknown as Decoded;
const reencode = (m: Decoded) => Uint8Array.from(onnx.ModelProto.encode(m as never).finish());

/** Tolerances of the issue: |ONNX probability − predictProba| per entry. */
const TOLERANCE: Record<OnnxDtype, number> = { float32: 1e-6, float64: 1e-12 };

async function runOnnx(bytes: Uint8Array, X: number[][], dtype: OnnxDtype): Promise<{ labels: Label[]; proba: number[][] }> {
  const session = await ort.InferenceSession.create(bytes);
  const flat = dtype === "float32" ? Float32Array.from(X.flat()) : Float64Array.from(X.flat());
  const out = await session.run({ X: new ort.Tensor(dtype, flat, [X.length, X[0].length]) });
  const K = out.probabilities.dims[1];
  const p = out.probabilities.data as Float32Array | Float64Array;
  const proba = X.map((_, i) => Array.from(p.subarray(i * K, (i + 1) * K)));
  const raw = out.label.data as BigInt64Array | Float64Array | string[];
  const labels = Array.from(raw as ArrayLike<bigint | number | string>, (v) => (typeof v === "bigint" ? Number(v) : v));
  return { labels, proba };
}

/** Runs both exports of `model` on X and checks them against predict and predictProba. */
async function checkExports(model: LogisticRegression, X: number[][]): Promise<Record<OnnxDtype, number>> {
  const worst = { float32: 0, float64: 0 };
  for (const dtype of ["float32", "float64"] as const) {
    // The float32 model sees X rounded to float32: the reference is predictProba on those inputs.
    const Xin = dtype === "float32" ? X.map((row) => row.map(Math.fround)) : X;
    const { labels, proba } = await runOnnx(toONNX(model, { dtype }), Xin, dtype);
    const expected = model.predictProba(Xin);
    expect(proba).toHaveLength(X.length);
    for (let i = 0; i < X.length; i++) {
      expect(proba[i]).toHaveLength(model.classes.length);
      for (let k = 0; k < expected[i].length; k++) worst[dtype] = Math.max(worst[dtype], Math.abs(proba[i][k] - expected[i][k]));
    }
    expect(worst[dtype], dtype).toBeLessThanOrEqual(TOLERANCE[dtype]);
    expect(labels, dtype).toEqual(model.predict(Xin));
  }
  return worst;
}

const iris = loadCsv("iris");
const irisNames = ["setosa", "versicolor", "virginica"];
// Rows far outside the data: saturated probabilities, logits hundreds apart.
const irisExtremes = [[0, 0, 0, 0], [10, 10, 10, 10], [-5, 3, 20, 1], [8, 2.2, 1, 3.5], [30, -30, 30, -30]];

function standardized(X: number[][]): number[][] {
  const d = X[0].length;
  const mean = Array.from({ length: d }, (_, j) => X.reduce((s, r) => s + r[j], 0) / X.length);
  const std = mean.map((m, j) => Math.sqrt(X.reduce((s, r) => s + (r[j] - m) ** 2, 0) / X.length) || 1);
  return X.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
}

describe("toONNX in onnxruntime-node", () => {
  it("iris: labels equal predict, probabilities within 1e-6 (float32) and 1e-12 (float64)", async () => {
    const model = await new LogisticRegression({ solver: "newton", l2: 1e-2 }).fit(iris.X, iris.y);
    const worst = await checkExports(model, [...iris.X, ...irisExtremes]);
    console.log(`iris: max |Δp| float32 ${worst.float32.toExponential(2)}, float64 ${worst.float64.toExponential(2)}`);
  });

  it("string labels travel as a string tensor", async () => {
    const model = await new LogisticRegression({ l2: 1e-2 }).fit(iris.X, iris.y.map((k) => irisNames[k]));
    await checkExports(model, iris.X);
    const { labels } = await runOnnx(toONNX(model, { dtype: "float64" }), iris.X.slice(0, 3), "float64");
    expect(labels).toEqual(["setosa", "setosa", "setosa"]);
  });

  it("binary (breast cancer, K = 2): the softmax of two rows, not a one-score rule", async () => {
    const cancer = loadCsv("breast_cancer");
    const X = standardized(cancer.X);
    const model = await new LogisticRegression({ l2: 1e-3 }).fit(X, cancer.y);
    expect(model.classes).toEqual([0, 1]);
    await checkExports(model, X);
  });

  it("K = 2 … 10 classes", async () => {
    for (let K = 2; K <= 10; K++) {
      const { X, y } = randomProblem(100 + K, 40 * K, 3, K);
      const model = await new LogisticRegression({ l2: 1e-2 }).fit(X, y);
      expect(model.classes).toHaveLength(K);
      await checkExports(model, X);
    }
  });

  it("one feature (d = 1)", async () => {
    const X = Array.from({ length: 60 }, (_, i) => [(i % 20) / 4 - 2.5]);
    const y = X.map(([x], i) => (x + ((i * 7) % 5) / 5 > 0.3 ? 1 : x < -1.5 ? 2 : 0));
    const model = await new LogisticRegression({ l2: 1e-2 }).fit(X, y);
    await checkExports(model, X);
  });

  it("labels that are not int64: fractions and huge numbers become a double tensor; negatives stay int64", async () => {
    const base = iris.y;
    for (const values of [[0.5, 1.5, -2.25], [-3, 0, 7], [1e20, 2e20, 3e20]]) {
      const model = await new LogisticRegression({ l2: 1e-2 }).fit(iris.X, base.map((k) => values[k]));
      await checkExports(model, iris.X);
    }
  });

  it("fitIntercept false", async () => {
    const model = await new LogisticRegression({ l2: 1e-2, fitIntercept: false }).fit(iris.X, iris.y);
    await checkExports(model, iris.X);
  });
});

describe("toONNX input and output", () => {
  it("takes a LogisticRegression, a Predictor, the saved object or its JSON text: the same bytes", async () => {
    const model = await new LogisticRegression({ l2: 1e-2 }).fit(iris.X, iris.y);
    const text = JSON.stringify(model);
    for (const dtype of ["float32", "float64"] as const) {
      const bytes = toONNX(model, { dtype });
      expect(toONNX(Predictor.fromJSON(text), { dtype })).toEqual(bytes);
      expect(toONNX(JSON.parse(text), { dtype })).toEqual(bytes);
      expect(toONNX(text, { dtype })).toEqual(bytes);
    }
    expect(toONNX(model)).toEqual(toONNX(model, { dtype: "float64" })); // the default
  });

  it("decodes with onnx-proto to the intended graph, and re-encodes to the same bytes", async () => {
    const model = await new LogisticRegression({ l2: 1e-2 }).fit(iris.X, iris.y.map((k) => irisNames[k]));
    const f32 = toONNX(model, { dtype: "float32" });
    const m32 = decode(f32);
    expect(onnx.ModelProto.verify(m32 as never)).toBeNull();
    expect(Number(m32.irVersion)).toBe(7);
    expect(m32.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([["", 13], ["ai.onnx.ml", 1]]);
    expect(m32.producerName).toBe("softmax-regression");
    const [classifier] = m32.graph.node;
    expect(classifier.opType).toBe("LinearClassifier");
    expect(classifier.domain).toBe("ai.onnx.ml");
    const attr = Object.fromEntries(classifier.attribute.map((a) => [a.name, a]));
    expect(attr.coefficients.floats).toEqual(model.coef.flat().map(Math.fround));
    expect(attr.intercepts.floats).toEqual(model.intercept.map(Math.fround));
    expect(attr.classlabels_strings.strings.map((s) => new TextDecoder().decode(s))).toEqual(irisNames);
    expect(new TextDecoder().decode(attr.post_transform.s)).toBe("SOFTMAX");
    expect(m32.graph.output.map((o) => o.name)).toEqual(["label", "probabilities"]);
    expect(reencode(m32)).toEqual(f32);

    const f64 = toONNX(model, { dtype: "float64" });
    const m64 = decode(f64);
    expect(m64.graph.node.map((n) => n.opType)).toEqual(["MatMul", "Add", "Softmax", "ArgMax", "Gather"]);
    const init = Object.fromEntries(m64.graph.initializer.map((t) => [t.name, t]));
    expect(init.coefficients.dims.map(Number)).toEqual([4, 3]);
    const raw = init.coefficients.rawData;
    const W = new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    // d × K: W[j][k] = coef[k][j], bit for bit.
    expect(Array.from(W)).toEqual([0, 1, 2, 3].flatMap((j) => model.coef.map((row) => row[j])));
    expect(init.classes.stringData.map((s) => new TextDecoder().decode(s))).toEqual(irisNames);
    expect(reencode(m64)).toEqual(f64);
  });

  it("refuses bad options, unfitted models, damaged JSON and weights float32 cannot hold", async () => {
    const model = await new LogisticRegression({ l2: 1e-2 }).fit(iris.X, iris.y);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(SoftmaxRegressionError);
        return `${(e as SoftmaxRegressionError).code}: ${(e as Error).message}`;
      }
      return "no error";
    };
    expect(code(() => toONNX(model, { dtype: "float16" as OnnxDtype }))).toMatch(/^INVALID_OPTION: .*dtype/);
    expect(code(() => toONNX(model, { dtpye: "float32" } as never))).toMatch(/^INVALID_OPTION: .*did you mean "dtype"/);
    expect(code(() => toONNX(model, null as never))).toMatch(/^INVALID_OPTION/);
    expect(code(() => toONNX(new LogisticRegression()))).toMatch(/^NOT_FITTED/);
    expect(code(() => toONNX('{"format": "softmax-regression"'))).toMatch(/^INVALID_MODEL/);
    expect(code(() => toONNX({ ...model.toJSON(), coef: [[1]] } as never))).toMatch(/^INVALID_MODEL: .*coef/);
    const huge = { ...model.toJSON(), coef: model.coef.map((row, k) => row.map((v, j) => (k === 1 && j === 2 ? 1e39 : v))) };
    expect(code(() => toONNX(huge, { dtype: "float32" }))).toMatch(/^INVALID_ARGUMENT: coef\[1\]\[2\] = 1e\+39 does not fit in float32/);
    expect(toONNX(huge, { dtype: "float64" }).length).toBeGreaterThan(0);
  });
});
