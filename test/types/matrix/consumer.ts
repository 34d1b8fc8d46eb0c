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
  // predict is typed by the model's label type.
  const typed = new LogisticRegression<string>({ solver: "newton", l2: 1e-2 });
  await typed.fit(X, ["a", "b", "a", "b", "a", "b"]);
  const typedLabels: string[] = typed.predict(X);
  const typedClasses: string[] = typed.classes;
  // @ts-expect-error a model of string labels predicts strings, not numbers
  const notNumbers: number[] = typed.predict(X);
  // Never called: a model of string labels takes neither numeric labels nor soft targets.
  const misuse = () => [
    // @ts-expect-error numeric labels for a model of strings
    typed.fit(X, [0, 1, 0, 1, 0, 1]),
    // @ts-expect-error soft targets have the classes 0 … K−1
    typed.fit(X, [[0.5, 0.5]]),
  ];
  const soft: LogisticRegression<number> = new LogisticRegression<number>();
  const softFit: Promise<LogisticRegression<number>> = soft.fit(X, X.map(([a]) => [a / 4, 1 - a / 4]));
  const yesNo = LogisticRegression.fromSklearn({ coef: [[1, -1]], intercept: [0], classes: ["no", "yes"] });
  const sklearnLabels: string[] = yesNo.predict(X);
  const sklearnBack: string[] = yesNo.toSklearn().classes;
  const typedPredictor: string[] = Predictor.fromJSON(typed.toJSON()).predict(X);
  const untyped: Label[] = PredictOnly.fromJSON(JSON.stringify(typed)).predict(X);
  // @ts-expect-error JSON text carries no label type: Label[], not string[]
  const notNarrowed: string[] = Predictor.fromJSON(JSON.stringify(typed)).predict(X);
  const widened: LogisticRegression = typed;
  const reloaded: LogisticRegression<string> = LogisticRegression.fromJSON(typed.toJSON());
  void [notNumbers, misuse, softFit, notNarrowed, widened, typedClasses, sklearnBack];
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
    typedLabels,
    sklearnLabels,
    typedPredictorMatches: JSON.stringify(typedPredictor) === JSON.stringify(typedLabels) && JSON.stringify(untyped) === JSON.stringify(typedLabels),
    reloadedMatches: JSON.stringify(reloaded.predict(X)) === JSON.stringify(typedLabels),
    edgeApi: edgeApi.length,
  };
}

main().then(
  (r) => console.log("@@CONSUMER@@" + JSON.stringify(r)),
  (e: unknown) => console.log("@@CONSUMER@@" + JSON.stringify({ error: String(e) })),
);
