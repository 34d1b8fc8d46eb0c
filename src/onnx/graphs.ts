/**
 * The two ONNX graphs of a fitted model. Both take X (N × d) and give plain tensors,
 * `label` (N) and `probabilities` (N × K, columns in `classes` order), never ZipMap's
 * sequence of maps, which the JavaScript runtimes cannot read.
 *
 * float32: one ai.onnx.ml LinearClassifier with post_transform SOFTMAX. It is given all K
 *   coefficient rows, also for K = 2: with a single row onnxruntime switches to a
 *   one-score binary rule, with K rows it takes the softmax of the K scores, which is
 *   this model. Its label is the class of the largest score (first on ties).
 * float64: MatMul → Add → Softmax → ArgMax in the default domain (no ai.onnx.ml kernel
 *   takes doubles through), then Gather of the label from a constant tensor.
 */
import { fail } from "../util/errors.js";
import type { Label } from "../input/targets.js";
import type { ModelParts } from "../estimator/model-format.js";
import { DataType, type DataTypeCode, type ModelSpec, type NodeSpec, type TensorSpec } from "./onnx-messages.js";

/** Precision of an exported model: of its input, its weights and its arithmetic. */
export type OnnxDtype = "float32" | "float64";

/** ONNX IR version 7 goes with opset 13, the opset of every default-domain operator used here. */
const IR_VERSION = 7;
const DEFAULT_OPSET = 13;
const ML_DOMAIN = "ai.onnx.ml";
const ML_OPSET = 1;

type ModelGraph = ModelSpec["graph"];

/** How the classes travel: as int64 (safe integers), double (other numbers) or string. */
interface LabelEncoding {
  dataType: DataTypeCode;
  values: number[] | string[];
}

/** The graph and opsets for `parts` in the given precision. */
export function exportGraph(parts: ModelParts, dtype: OnnxDtype): { graph: ModelGraph; opsets: ModelSpec["opsets"]; irVersion: number } {
  const labels = labelEncoding(parts.classes);
  if (dtype === "float32") {
    return {
      graph: linearClassifierGraph(parts, labels),
      opsets: [{ domain: "", version: DEFAULT_OPSET }, { domain: ML_DOMAIN, version: ML_OPSET }],
      irVersion: IR_VERSION,
    };
  }
  return { graph: matMulSoftmaxGraph(parts, labels), opsets: [{ domain: "", version: DEFAULT_OPSET }], irVersion: IR_VERSION };
}

/** A UTF-16 surrogate without its partner: a string that UTF-8 (ONNX's string encoding) cannot hold. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function labelEncoding(classes: readonly Label[]): LabelEncoding {
  if (classes.every((c) => typeof c === "string")) {
    // UTF-8 would write each lone surrogate as U+FFFD: two such classes would become one label.
    const bad = (classes as string[]).findIndex((c) => LONE_SURROGATE.test(c));
    if (bad >= 0) {
      fail("INVALID_ARGUMENT", `class ${JSON.stringify(classes[bad])} (classes[${bad}]) is not well-formed Unicode (a lone surrogate): ONNX keeps labels as UTF-8, which cannot hold it; relabel the classes before exporting`);
    }
    return { dataType: DataType.STRING, values: classes as string[] };
  }
  const numbers = classes as number[];
  return { dataType: numbers.every(Number.isSafeInteger) ? DataType.INT64 : DataType.DOUBLE, values: numbers };
}

/** Weights as K rows × d and intercepts, read from the class-major θ. */
function weights(parts: ModelParts): { coef: Float64Array; intercept: Float64Array } {
  const { theta, nFeatures: d, classes } = parts;
  const K = classes.length;
  const coef = new Float64Array(K * d);
  const intercept = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    intercept[k] = theta[k * (d + 1)];
    coef.set(theta.subarray(k * (d + 1) + 1, (k + 1) * (d + 1)), k * d);
  }
  return { coef, intercept };
}

function linearClassifierGraph(parts: ModelParts, labels: LabelEncoding): ModelGraph {
  const { coef, intercept } = weights(parts);
  checkFloat32(coef, parts.nFeatures, "coef");
  checkFloat32(intercept, 1, "intercept");
  const K = parts.classes.length;
  // Numbers that are not safe integers cannot be classlabels_ints: the classifier gives the
  // class index and a Gather turns it into the label.
  const viaIndex = labels.dataType === DataType.DOUBLE;
  const classAttribute =
    labels.dataType === DataType.STRING
      ? { name: "classlabels_strings", strings: labels.values as string[] }
      : { name: "classlabels_ints", ints: viaIndex ? Array.from({ length: K }, (_, k) => k) : (labels.values as number[]) };
  const nodes: NodeSpec[] = [
    {
      opType: "LinearClassifier",
      domain: ML_DOMAIN,
      inputs: ["X"],
      outputs: [viaIndex ? "label_index" : "label", "probabilities"],
      attributes: [
        { name: "coefficients", floats: coef },
        { name: "intercepts", floats: intercept },
        classAttribute,
        { name: "multi_class", int: 1 },
        { name: "post_transform", string: "SOFTMAX" },
      ],
    },
  ];
  const initializers: TensorSpec[] = [];
  if (viaIndex) {
    initializers.push(classTensor(labels));
    nodes.push({ opType: "Gather", inputs: ["classes", "label_index"], outputs: ["label"], attributes: [{ name: "axis", int: 0 }] });
  }
  return { name: "softmax_regression", nodes, initializers, ...inputsOutputs(parts, DataType.FLOAT, labels) };
}

function matMulSoftmaxGraph(parts: ModelParts, labels: LabelEncoding): ModelGraph {
  const { coef, intercept } = weights(parts);
  const d = parts.nFeatures;
  const K = parts.classes.length;
  const transposed = new Float64Array(d * K); // d × K, so that scores = X · W
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) transposed[j * K + k] = coef[k * d + j];
  const nodes: NodeSpec[] = [
    { opType: "MatMul", inputs: ["X", "coefficients"], outputs: ["linear_scores"] },
    { opType: "Add", inputs: ["linear_scores", "intercepts"], outputs: ["scores"] },
    { opType: "Softmax", inputs: ["scores"], outputs: ["probabilities"], attributes: [{ name: "axis", int: 1 }] },
    // The class of the largest probability, the first one on ties, as predict does.
    {
      opType: "ArgMax",
      inputs: ["probabilities"],
      outputs: ["label_index"],
      attributes: [{ name: "axis", int: 1 }, { name: "keepdims", int: 0 }],
    },
    { opType: "Gather", inputs: ["classes", "label_index"], outputs: ["label"], attributes: [{ name: "axis", int: 0 }] },
  ];
  const initializers: TensorSpec[] = [
    { name: "coefficients", dataType: DataType.DOUBLE, dims: [d, K], values: transposed },
    { name: "intercepts", dataType: DataType.DOUBLE, dims: [K], values: intercept },
    classTensor(labels),
  ];
  return { name: "softmax_regression", nodes, initializers, ...inputsOutputs(parts, DataType.DOUBLE, labels) };
}

function classTensor(labels: LabelEncoding): TensorSpec {
  return { name: "classes", dataType: labels.dataType, dims: [labels.values.length], values: labels.values };
}

function inputsOutputs(parts: ModelParts, real: DataTypeCode, labels: LabelEncoding): Pick<ModelGraph, "inputs" | "outputs"> {
  return {
    inputs: [{ name: "X", elemType: real, dims: ["N", parts.nFeatures] }],
    outputs: [
      { name: "label", elemType: labels.dataType, dims: ["N"] },
      { name: "probabilities", elemType: real, dims: ["N", parts.classes.length] },
    ],
  };
}

/** float32 would turn weights beyond ±3.4e38 into infinities: refuse rather than export a broken model. */
function checkFloat32(values: Float64Array, cols: number, name: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(Math.fround(values[i]))) {
      const where = cols === 1 ? `${name}[${i}]` : `${name}[${Math.floor(i / cols)}][${i % cols}]`;
      fail("INVALID_ARGUMENT", `${where} = ${values[i]} does not fit in float32; export with dtype "float64"`);
    }
  }
}
