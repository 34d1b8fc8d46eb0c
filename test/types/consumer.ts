// A consumer of the published types: compiled with `tsc --strict --noEmit` against the
// installed tarball by test/runtimes/run.mjs (the "types" line). Not run, only type-checked.
import {
  LogisticRegression,
  Predictor,
  SoftmaxRegressionError,
  createObjective,
  isInitialized,
  VERSION,
  type ErrorCode,
  type FitOptions,
  type FittedSolver,
  type IterationReport,
  type Label,
  type LogisticRegressionOptions,
  type MatrixInput,
  type ModelJSON,
  type SoftmaxObjective,
} from "softmax-regression";
import { init, initSync, LogisticRegression as EdgeLogisticRegression, type WasmSource } from "softmax-regression/edge";
import { Predictor as PredictOnly } from "softmax-regression/predict";
import * as predictEntry from "softmax-regression/predict";

const X: number[][] = [[5.1, 3.5], [4.9, 3.0], [6.2, 3.4], [5.9, 3.0]];
const y: Label[] = ["setosa", "setosa", "virginica", "virginica"];
const flat: MatrixInput = { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 };

const options: LogisticRegressionOptions = { solver: "newton", l2: 1e-2, tol: 1e-10, backend: "wasm" };
const model: LogisticRegression = new LogisticRegression(options);
const controller = new AbortController();
const fitOptions: FitOptions = {
  sampleWeight: [1, 1, 2, 2],
  signal: controller.signal,
  onIteration: (r: IterationReport) => void r,
};
const fitted: LogisticRegression = await model.fit(X, y, fitOptions);
model.fitSync(flat, [0, 1]);
const proba: number[][] = fitted.predictProba(X);
const labels: Label[] = fitted.predict(X);
const accuracy: number = fitted.score(X, y);
const classes: Label[] = fitted.classes;
const coef: number[][] = fitted.coef;
const intercept: number[] = fitted.intercept;
const converged: boolean = fitted.converged;
const parameters: Float64Array = fitted.theta;
const saved: ModelJSON = fitted.toJSON();
const text: string = JSON.stringify(fitted);
const again: LogisticRegression = LogisticRegression.fromJSON(text);
{
  using disposable = LogisticRegression.fromJSON(saved);
  void disposable.predict(X);
}

// The predict-only entry: a Predictor, and no estimator.
const predictor: PredictOnly = PredictOnly.fromJSON(text);
const scores: number[][] = predictor.predictProba(X);
const predictorClasses: readonly Label[] = predictor.classes;
const samePredictor: Predictor = Predictor.fromJSON(saved);
// @ts-expect-error the predict-only entry has no LogisticRegression
void predictEntry.LogisticRegression;

// The edge entry: init with a precompiled module (or bytes, a URL, a Response).
declare const wasmModule: WebAssembly.Module;
const source: WasmSource = wasmModule;
const ready: Promise<void> = init(source);
await ready;
initSync(new Uint8Array(0));
const edgeModel = new EdgeLogisticRegression({ solver: "gd" });
const initialized: boolean = isInitialized();

// The objective for custom optimisers.
const objective: SoftmaxObjective = createObjective(X, y, { l2: 1e-2 });
const theta = new Float64Array(objective.size);
const loss: number = objective.value(theta);
const gradient: Float64Array = objective.gradient(theta);
objective.dispose();

// Errors carry a typed code.
try {
  LogisticRegression.fromJSON("{}");
} catch (e) {
  if (e instanceof SoftmaxRegressionError) {
    const code: ErrorCode = e.code;
    if (code === "INVALID_MODEL") console.log(e.message);
  }
}

// Every name model.solver reports is a solver option.
const ran: FittedSolver | undefined = fitted.solver;
const again2 = new LogisticRegression({ solver: ran, l2: 1e-2 });
new LogisticRegression({ solver: "newton-cg" });
new LogisticRegression({ solver: "newton-cholesky" });

// @ts-expect-error solver names are checked
new LogisticRegression({ solver: "adam" });
// @ts-expect-error options are checked
new LogisticRegression({ l2: "1e-2" });
// @ts-expect-error predictProba returns rows of numbers, not a Float64Array
const wrong: Float64Array = fitted.predictProba(X);

const version: string = VERSION;
console.log(proba, labels, accuracy, classes, coef, intercept, converged, again, scores, predictorClasses,
  samePredictor, edgeModel, initialized, loss, gradient, version, wrong, again2, parameters);
