// A consumer of every subpath, type-checked by test/runtimes/run.mjs against the installed
// tarball under each moduleResolution (node10, node16, nodenext, bundler) with module
// commonjs and esm alike; the node16 CommonJS build of it is also run with node. So no
// top-level await here, and nothing that cannot run in Node.
import {
  LogisticRegression,
  Predictor,
  SoftmaxRegressionError,
  VERSION,
  type Label,
  type ModelJSON,
  type SklearnParameters,
} from "softmax-regression";
import { init, initSync, isInitialized, LogisticRegression as EdgeLogisticRegression, type WasmSource } from "softmax-regression/edge";
import { Predictor as PredictOnly } from "softmax-regression/predict";
import * as predictEntry from "softmax-regression/predict";
import { init as initPredictEdge, Predictor as EdgePredictor } from "softmax-regression/predict/edge";
import { toONNX, type ExportableModel, type OnnxDtype, type ToONNXOptions } from "softmax-regression/onnx";

// Only type-checked: the edge entries' init functions and classes exist with these types.
const edgeApi: [(source: WasmSource) => Promise<void>, (source: WebAssembly.Module | BufferSource) => void, typeof init, unknown, unknown] = [
  init,
  initSync,
  initPredictEdge,
  EdgeLogisticRegression,
  EdgePredictor,
];
// @ts-expect-error the predict-only entry has no LogisticRegression
void predictEntry.LogisticRegression;

export async function main(): Promise<Record<string, unknown>> {
  const X: number[][] = [[0, 1], [1, 0], [2, 2], [3, 1], [0.5, 2], [2.5, 0.5]];
  const y: Label[] = ["a", "b", "a", "b", "a", "b"];
  const model: LogisticRegression = await new LogisticRegression({ solver: "newton", l2: 1e-2 }).fit(X, y);
  const labels: Label[] = model.predict(X);
  const proba: number[][] = model.predictProba(X);
  const saved: ModelJSON = model.toJSON();
  const predictor: PredictOnly = PredictOnly.fromJSON(JSON.stringify(saved));
  const same: Predictor = Predictor.fromJSON(saved);
  const sklearn: SklearnParameters = model.toSklearn();
  const imported: LogisticRegression = LogisticRegression.fromSklearn(sklearn);
  const options: ToONNXOptions = { dtype: "float32" satisfies OnnxDtype };
  const source: ExportableModel = model;
  const onnx: Uint8Array = toONNX(source, options);
  let code = "";
  try {
    LogisticRegression.fromJSON("{}");
  } catch (e) {
    if (e instanceof SoftmaxRegressionError) code = e.code;
  }
  return {
    version: VERSION,
    initialized: isInitialized(),
    labels,
    proba,
    predictorMatches: JSON.stringify(predictor.predictProba(X)) === JSON.stringify(proba),
    sameMatches: JSON.stringify(same.predict(X)) === JSON.stringify(labels),
    importedMatches: imported.predict(X).every((l, i) => l === labels[i]),
    onnxBytes: onnx.length,
    errorCode: code,
    edgeApi: edgeApi.length,
  };
}

main().then(
  (r) => console.log("@@CONSUMER@@" + JSON.stringify(r)),
  (e: unknown) => console.log("@@CONSUMER@@" + JSON.stringify({ error: String(e) })),
);
