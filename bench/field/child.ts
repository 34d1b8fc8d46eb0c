// One contender on one dataset, in its own process so that its peak memory is its own.
// Usage (from field.bench.ts): node --expose-gc --import tsx bench/field/child.ts SPEC_JSON_FILE
// Writes a ContenderResult JSON to spec.resultPath.
import { readFileSync, writeFileSync } from "node:fs";
import { readSplit, type DatasetFiles, type Split } from "./data.js";
import { accuracy, accuracyEvaluator, accuracyTrace } from "./evaluate.js";
import { Clock, resetPeak, statusBytes } from "./measure.js";
import type { ContenderResult, ContenderSpec } from "./types.js";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8")) as ContenderSpec;
const files = spec.dataset;
const train = readSplit(files, "train")!;
const test = readSplit(files, "test");
const LAMBDA = spec.lambda;

function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

function slice(s: Split, d: number, rows: number): Split {
  return { X: s.X.subarray(0, rows * d), y: s.y.subarray(0, rows), rows };
}

function begin(): { base: number; reset: boolean } {
  gc();
  const reset = resetPeak();
  return { base: statusBytes("VmRSS"), reset };
}

function memory(m: { base: number; reset: boolean }) {
  const peak = statusBytes("VmHWM");
  return { baselineRss: m.base, peakRss: peak, peakRssDelta: m.reset ? peak - m.base : null };
}

const result: ContenderResult = {
  id: spec.id,
  label: spec.label,
  library: spec.library,
  dataset: files.key,
  status: "ok",
  fitSeconds: 0,
  iterations: 0,
  iterationUnit: "iteration",
  trace: [],
  theta: null,
  baselineRss: 0,
  peakRss: 0,
  peakRssDelta: null,
  notes: [],
};

async function runOurs() {
  const { LogisticRegression } = await import("../../src/index.js");
  const o = spec.ours!;
  const options: Record<string, unknown> = { solver: o.solver, l2: LAMBDA, tol: o.tol, backend: o.backend };
  if (o.maxIter !== undefined) {
    options.maxIter = o.maxIter;
    result.notes.push(`maxIter ${o.maxIter} (benchmark cap)`);
  }
  if (o.dtype !== undefined) options.dtype = o.dtype;
  if (o.threads !== undefined) options.threads = o.threads;
  let model: InstanceType<typeof LogisticRegression>;
  try {
    model = new LogisticRegression(options as never);
  } catch (e) {
    result.status = "skipped";
    result.notes.push(`options not supported by this build: ${(e as Error).message}`);
    return;
  }
  const d = files.d;
  // Warm-up (JIT, kernel instantiation) on a small slice, not measured.
  const warm = slice(train, d, Math.min(train.rows, 500));
  await new LogisticRegression({ ...(options as object), maxIter: 3 } as never).fit({ data: warm.X, rows: warm.rows, cols: d }, warm.y);
  // With a test split, keep each report's θ (already a copy made by the package) and its
  // time; nothing is evaluated inside the fit.
  const keep = test !== undefined;
  const thetas: Float64Array[] = [];
  const times: number[] = [];
  const mem = begin();
  const clock = new Clock();
  await model.fit({ data: train.X, rows: train.rows, cols: d }, train.y, {
    onIteration: (r) => {
      const t = clock.seconds();
      result.trace.push([t, r.loss]);
      if (keep) {
        times.push(t);
        thetas.push(r.theta);
      }
    },
  });
  result.fitSeconds = clock.seconds();
  Object.assign(result, memory(mem));
  if (keep && thetas.length) {
    const bytes = thetas.length * thetas[0].length * 8;
    result.notes.push(`peak ΔRSS includes the ${thetas.length} θ copies kept for the accuracy trace (${(bytes / 2 ** 20).toFixed(1)} MB)`);
  }
  result.iterations = model.nIter;
  result.converged = model.converged;
  // Stopped by its iteration cap (the benchmark's, or the default maxIter) rather than by its tolerance.
  result.capped = !model.converged && model.nIter >= model.options.maxIter;
  result.stopReason = model.stopReason;
  result.resolvedOptions = { ...model.options };
  result.solver = model.solver;
  if (model.warnings.length) result.notes.push(...model.warnings);
  const theta = Array.from(model.theta);
  result.theta = theta;
  if (keep && thetas.length) {
    const score = await accuracyEvaluator(test!, d, files.K);
    const { trace, note } = accuracyTrace(times, thetas, score, spec.accuracyTarget);
    // The last report's θ is the final one before re-centring: its accuracy must equal the model's.
    const finalAccuracy = accuracy(theta, test!, d, files.K);
    if (Math.abs(trace[trace.length - 1][1] - finalAccuracy) > 1e-12) result.notes.push(`last reported θ scores ${trace[trace.length - 1][1]} on test, the final model ${finalAccuracy}`);
    result.accuracyTrace = [[0, score(new Float64Array(theta.length))], ...trace];
    result.accuracyTraceNote = note;
  }
  // The first trace entry of the package is the loss after iteration 1; prepend the start (θ = 0: ln K).
  result.trace.unshift([0, Math.log(files.K)]);
}

async function runTfjs() {
  const tf = await import("@tensorflow/tfjs");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const { createObjective } = await import("../../src/index.js");
  const { dirname, join } = await import("node:path");
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  wasm.setWasmPaths(join(dist, "/"));
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  const ok = await tf.setBackend("wasm");
  await tf.ready();
  if (!ok || tf.getBackend() !== "wasm") throw new Error("the tfjs wasm backend did not start");
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  result.notes.push(`tfjs backend ${tf.getBackend()}, SIMD ${simd}, threads off (WASM_HAS_MULTITHREAD_SUPPORT=false), float32`);
  result.versions = { tfjs: tf.version.tfjs, "tfjs-backend-wasm": wasm.version_wasm };
  const t = spec.tfjs!;
  const d = files.d;
  const K = files.K;
  const evalEvery = t.evalEvery;
  const objective = createObjective({ data: train.X, rows: train.rows, cols: d }, train.y, { l2: LAMBDA });

  const build = () => {
    const model = tf.sequential();
    model.add(
      tf.layers.dense({
        units: K,
        inputShape: [d],
        activation: "softmax",
        kernelInitializer: "zeros",
        biasInitializer: "zeros",
        // tfjs's l2 regulariser adds l2·Σw², so λ/2 gives the package's (λ/2)‖W‖².
        kernelRegularizer: tf.regularizers.l2({ l2: LAMBDA / 2 }),
      }),
    );
    const optimizer = t.optimizer === "adam" ? tf.train.adam(t.learningRate) : tf.train.sgd(t.learningRate);
    model.compile({ optimizer, loss: "categoricalCrossentropy" });
    return model;
  };
  const thetaOf = (model: ReturnType<typeof build>): number[] => {
    const [kernel, bias] = model.layers[0].getWeights().map((w) => w.dataSync());
    const theta = new Array<number>(K * (d + 1));
    for (let k = 0; k < K; k++) {
      theta[k * (d + 1)] = bias[k];
      for (let j = 0; j < d; j++) theta[k * (d + 1) + 1 + j] = kernel[j * K + k];
    }
    return theta;
  };
  const tensors = (s: Split) => {
    const x = tf.tensor2d(Float32Array.from(s.X), [s.rows, d]);
    const labels = tf.tensor1d(s.y, "int32");
    const y = tf.oneHot(labels, K).toFloat();
    labels.dispose();
    return { x, y };
  };
  // Warm-up: a few epochs on a slice, not measured.
  {
    const warm = slice(train, d, Math.min(train.rows, 500));
    const m = build();
    const { x, y } = tensors(warm);
    await m.fit(x, y, { batchSize: warm.rows, epochs: 3, shuffle: false, verbose: 0 });
    tf.dispose([x, y]);
    m.dispose();
  }
  const mem = begin();
  const clock = new Clock();
  const model = build();
  const { x, y } = tensors(train);
  result.trace.push([0, Math.log(K)]);
  if (test) {
    result.accuracyTrace = [];
    result.accuracyTraceNote = `test accuracy at every checkpoint (every ${evalEvery} epochs), outside the clock`;
  }
  const ownLoss: number[] = [];
  let epochs = 0;
  const deadline = t.maxSeconds;
  await model.fit(x, y, {
    batchSize: train.rows,
    epochs: t.epochs,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        epochs = epoch + 1;
        ownLoss.push(logs?.loss ?? NaN);
        const now = clock.seconds();
        if (epochs % evalEvery === 0 || epochs === t.epochs) {
          const [loss, acc] = clock.exclude(() => {
            const theta = thetaOf(model);
            return [objective.value(theta), test ? accuracy(theta, test, d, K) : NaN];
          });
          result.trace.push([now, loss]);
          if (test) result.accuracyTrace!.push([now, acc]);
        }
        if (now > deadline) model.stopTraining = true;
      },
    },
  });
  result.fitSeconds = clock.seconds();
  Object.assign(result, memory(mem));
  result.iterations = epochs;
  result.iterationUnit = "epoch";
  result.capped = true; // a fixed budget of epochs and seconds
  result.ownLoss = ownLoss;
  result.theta = thetaOf(model);
  if (result.trace[result.trace.length - 1][0] < result.fitSeconds - 1e-9) {
    result.trace.push([result.fitSeconds, objective.value(result.theta)]);
    if (test) result.accuracyTrace!.push([result.fitSeconds, accuracy(result.theta, test, d, K)]);
  }
  if (epochs < t.epochs) result.notes.push(`stopped by the ${deadline} s time cap after ${epochs} of ${t.epochs} epochs`);
  objective.dispose();
  tf.dispose([x, y]);
}

async function runMl() {
  const { Matrix } = await import("ml-matrix");
  // @ts-expect-error ml-logistic-regression ships no type declarations
  const mod = await import("ml-logistic-regression");
  const MlLogisticRegression = (mod.default ?? mod) as unknown as new (o: { numSteps: number; learningRate: number }) => {
    train(X: unknown, Y: unknown): void;
    classifiers: { weights: { to1DArray(): number[] } }[];
  };
  const d = files.d;
  const K = files.K;
  const m = spec.ml!;
  // ml-logistic-regression has no intercept: append a column of ones (the bias input).
  const toMatrix = (s: Split) => {
    const rows: number[][] = new Array(s.rows);
    for (let i = 0; i < s.rows; i++) {
      const r = new Array<number>(d + 1);
      for (let j = 0; j < d; j++) r[j] = s.X[i * d + j];
      r[d] = 1;
      rows[i] = r;
    }
    return new Matrix(rows);
  };
  const labels = (s: Split) => Matrix.columnVector(Array.from(s.y));
  // Calibrate the per-step time on the full data (not part of the measurement), then size
  // numSteps to the time budget.
  const Xfull = toMatrix(train);
  const Yfull = labels(train);
  let t0 = performance.now();
  new MlLogisticRegression({ numSteps: 1, learningRate: m.learningRate }).train(Xfull, Yfull);
  let perStep = (performance.now() - t0) / 1000;
  if (perStep < 1) {
    // Short steps: the first one is mostly JIT warm-up, so time two more.
    t0 = performance.now();
    new MlLogisticRegression({ numSteps: 2, learningRate: m.learningRate }).train(Xfull, Yfull);
    perStep = (performance.now() - t0) / 2000;
  }
  const numSteps = Math.max(1, Math.min(m.maxSteps, Math.floor(m.maxSeconds / perStep)));
  if (numSteps < m.maxSteps) result.notes.push(`numSteps ${numSteps} (time cap ${m.maxSeconds} s at ${perStep.toFixed(3)} s/step measured before the run; uncapped ${m.maxSteps})`);
  else result.notes.push(`numSteps ${numSteps}`);
  result.notes.push(`learningRate ${m.learningRate.toExponential(3)} = 4/λmax(X̂ᵀX̂) (1/L of its summed binary loss); one-vs-rest, no regularisation, intercept via an appended ones column`);
  const mem = begin();
  const clock = new Clock();
  const model = new MlLogisticRegression({ numSteps, learningRate: m.learningRate });
  model.train(toMatrix(train), labels(train));
  result.fitSeconds = clock.seconds();
  Object.assign(result, memory(mem));
  result.iterations = numSteps;
  result.iterationUnit = "step";
  result.capped = true; // a fixed budget of steps
  // Class k's classifier models P(not k) = σ(w_k·x̂) and predicts the class with the smallest
  // σ, so the logit of class k is −w_k·x̂.
  const theta = new Array<number>(K * (d + 1));
  for (let k = 0; k < K; k++) {
    const w = model.classifiers[k].weights.to1DArray();
    theta[k * (d + 1)] = -w[d];
    for (let j = 0; j < d; j++) theta[k * (d + 1) + 1 + j] = -w[j];
  }
  result.theta = theta;
}

try {
  if (spec.library === "softmax-regression") await runOurs();
  else if (spec.library === "tfjs") await runTfjs();
  else if (spec.library === "ml-logistic-regression") await runMl();
} catch (e) {
  result.status = "error";
  result.notes.push(String((e as Error)?.stack ?? e));
}
writeFileSync(spec.resultPath, JSON.stringify(result));
process.exit(0);
