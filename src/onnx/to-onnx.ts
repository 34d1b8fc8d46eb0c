/**
 * toONNX: a fitted model as the bytes of an ONNX model, for onnxruntime (Node, web, Python,
 * C++, …) and every other ONNX consumer. It reads the model through its saved form
 * (`toJSON`), so it takes a LogisticRegression, a Predictor or saved JSON alike and needs
 * neither the WebAssembly kernels nor the solvers.
 */
import { fail } from "../util/errors.js";
import type { ModelJSON } from "../estimator/model-format.js";
import { readModel } from "../estimator/saved-model.js";
import { describe, ownOptions, rejectUnknownKeys } from "../input/checks.js";
import { VERSION } from "../util/version.js";
import { exportGraph, type OnnxDtype } from "./graphs.js";
import { encodeModel } from "./onnx-messages.js";

export type { OnnxDtype };

/** Options of toONNX. */
export interface ToONNXOptions {
  /**
   * "float64" (default): MatMul → Add → Softmax → ArgMax on doubles, the model's own
   * numbers. "float32": one ai.onnx.ml LinearClassifier (post_transform SOFTMAX) on floats,
   * the operator most ONNX tools know; weights and inputs are rounded to float32.
   */
  dtype?: OnnxDtype;
}

/** What toONNX exports: a fitted LogisticRegression or Predictor (anything with toJSON), or a saved model (object or JSON text). */
export type ExportableModel = { toJSON(): unknown } | ModelJSON | string;

const OPTIONS = ["dtype"] as const;
const DTYPES: readonly OnnxDtype[] = ["float32", "float64"];

/**
 * The ONNX model of a fitted softmax regression. Input `X` (N × d, float or double as
 * `dtype` says); outputs `label` (N: int64 for integer classes, double for other numbers,
 * string for strings) and `probabilities` (N × K, columns in `classes` order).
 */
export function toONNX(model: ExportableModel, options: ToONNXOptions = {}): Uint8Array {
  if (typeof options !== "object" || options === null) fail("INVALID_OPTION", `toONNX options must be an object, got ${describe(options)}`);
  rejectUnknownKeys(options as Record<string, unknown>, OPTIONS, "toONNX option");
  options = ownOptions(options);
  const dtype = options.dtype ?? "float64";
  if (!DTYPES.includes(dtype)) fail("INVALID_OPTION", `toONNX option dtype must be "float32" or "float64", got ${describe(dtype)}`);
  // The loader LogisticRegression.fromJSON runs: a model it refuses as tampered is not exported.
  const { parts } = readModel(savedForm(model));
  const { graph, opsets, irVersion } = exportGraph(parts, dtype);
  return encodeModel({
    irVersion,
    opsets,
    producerName: "softmax-regression",
    producerVersion: VERSION,
    docString: `softmax regression, ${parts.classes.length} classes, ${parts.nFeatures} features, ${dtype}`,
    metadata: { classes: JSON.stringify(parts.classes) },
    graph,
  });
}

function savedForm(model: ExportableModel): unknown {
  if (typeof model === "object" && model !== null && typeof (model as { toJSON?: unknown }).toJSON === "function") {
    return (model as { toJSON(): unknown }).toJSON();
  }
  return model;
}
