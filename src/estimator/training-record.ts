/**
 * The parts of a saved model's `training` record that later calls rely on: the class
 * weights, the standardisation and the state of an incremental (partialFit) fit. They are
 * checked on loading like the coefficients: a tampered field gives INVALID_MODEL naming it.
 */
import type { SgdState } from "../fit/partial-fit.js";
import { describe } from "../input/checks.js";
import type { ResolvedOptions } from "../input/options.js";
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";

/** x̃ = (x − center)/scale, per feature. */
export interface Standardization {
  center: number[];
  scale: number[];
}

/** What a model keeps of its fit beyond coefficients and fit info. */
export interface TrainingRecord {
  /** The weight of each class, classes order, when classWeight was used. */
  classWeights: number[] | null;
  standardization: Standardization | null;
  /** The incremental fit's state, when the model was trained by partialFit. */
  partialFit: SgdState | null;
}


/** The fields written into `training` (absent ones are left out). */
export function recordToJSON(record: TrainingRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (record.classWeights) out.classWeights = [...record.classWeights];
  if (record.standardization) out.standardization = { center: [...record.standardization.center], scale: [...record.standardization.scale] };
  const s = record.partialFit;
  if (s) {
    out.partialFit = {
      theta: Array.from(s.theta),
      sum: Array.from(s.sum),
      averaged: s.averaged,
      epoch: s.epoch,
      random: s.random,
      eta0: s.eta0,
    };
  }
  return out;
}

/**
 * Read and check the fields of a saved `training` for a model with these classes and d
 * features; with the saved `options`, also against them: class weights saved exactly when
 * classWeight was set (and, for a weight per label, those weights), standardisation exactly
 * when standardize was, a partialFit state only where partialFit could have run (no L1).
 */
export function recordFromJSON(training: Record<string, unknown>, classes: readonly Label[], d: number, options?: ResolvedOptions): TrainingRecord {
  const K = classes.length;
  const { classWeights, standardization, partialFit } = training;
  const record: TrainingRecord = {
    classWeights: classWeights === undefined ? null : numbers(classWeights, K, "classWeights", (v) => v >= 0),
    standardization: standardization === undefined ? null : readStandardization(standardization, d),
    partialFit: partialFit === undefined ? null : readState(partialFit, K * (d + 1)),
  };
  if (record.classWeights && !record.classWeights.some((w) => w > 0)) fail("INVALID_MODEL", "model training.classWeights are all 0; a fit needs a class of positive weight");
  if (options) checkRecordAgainst(record, classes, options);
  return record;
}

function checkRecordAgainst(record: TrainingRecord, classes: readonly Label[], options: ResolvedOptions): void {
  const { classWeight, standardize, l1 } = options;
  if ((record.classWeights === null) !== (classWeight === null)) {
    fail("INVALID_MODEL", record.classWeights ? "model training.classWeights are saved, but training.options.classWeight is null" : `model training.options.classWeight is ${describe(classWeight)}, but training.classWeights are missing`);
  }
  if (record.classWeights && classWeight !== null && classWeight !== "balanced") {
    // A weight per label: the saved weights are those (1 for a label not listed).
    const byLabel = new Map(Object.entries(classWeight));
    const known = new Set(classes.map(String));
    for (const key of byLabel.keys()) {
      if (!known.has(key)) fail("INVALID_MODEL", `model training.options.classWeight names ${JSON.stringify(key)}, which is not one of the model's classes`);
    }
    classes.forEach((c, k) => {
      const want = byLabel.get(String(c)) ?? 1;
      if (record.classWeights![k] !== want) fail("INVALID_MODEL", `model training.classWeights[${k}] is ${record.classWeights![k]}, but training.options.classWeight gives class ${describe(c)} the weight ${want}`);
    });
  }
  if (record.classWeights && classWeight === "balanced") {
    // n/(K·n_k) for class counts n_k summing to n: every weight positive and Σ 1/w_k = K.
    const sum = record.classWeights.reduce((a, w) => a + 1 / w, 0);
    if (!(Math.abs(sum - classes.length) <= 1e-9 * classes.length)) {
      fail("INVALID_MODEL", `model training.classWeights [${record.classWeights.join(", ")}] are not "balanced" weights n/(K·n_k) (their reciprocals sum to ${sum}, not ${classes.length})`);
    }
  }
  if ((record.standardization === null) === standardize) {
    fail("INVALID_MODEL", standardize ? "model training.options.standardize is true, but training.standardization is missing" : "model training.standardization is saved, but training.options.standardize is false");
  }
  if (record.standardization && !options.fitIntercept) {
    // Without intercepts the features are scaled, not centred.
    const j = record.standardization.center.findIndex((c) => c !== 0);
    if (j >= 0) fail("INVALID_MODEL", `model training.standardization.center[${j}] is ${record.standardization.center[j]}, but a model without intercepts is standardised uncentred (center 0)`);
  }
  if (record.partialFit && standardize) fail("INVALID_MODEL", "model training.partialFit is saved, but training.options.standardize is true (partialFit cannot standardise)");
  if (record.partialFit && l1 > 0) fail("INVALID_MODEL", `model training.partialFit is saved, but training.options.l1 is ${l1} (partialFit cannot fit an L1 term)`);
}

function readStandardization(v: unknown, d: number): Standardization {
  const o = object(v, "standardization");
  return {
    center: numbers(o.center, d, "standardization.center"),
    scale: numbers(o.scale, d, "standardization.scale", (s) => s > 0),
  };
}

function readState(v: unknown, P: number): SgdState {
  const o = object(v, "partialFit");
  const count = (x: unknown, name: string, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isSafeInteger(x) || (x as number) < 0 || (x as number) > max) {
      fail("INVALID_MODEL", `model training.partialFit.${name} must be an integer in [0, ${max}], got ${describe(x)}`);
    }
    return x as number;
  };
  const eta0 = o.eta0;
  if (typeof eta0 !== "number" || !Number.isFinite(eta0) || eta0 <= 0) {
    fail("INVALID_MODEL", `model training.partialFit.eta0 must be a positive finite number, got ${describe(eta0)}`);
  }
  const epoch = count(o.epoch, "epoch");
  const averaged = count(o.averaged, "averaged");
  if (epoch < 1 || averaged < 1) fail("INVALID_MODEL", "model training.partialFit: epoch and averaged must be at least 1 after a pass");
  return {
    theta: Float64Array.from(numbers(o.theta, P, "partialFit.theta")),
    sum: Float64Array.from(numbers(o.sum, P, "partialFit.sum")),
    averaged,
    epoch,
    random: count(o.random, "random", 2 ** 32 - 1),
    eta0,
  };
}

function object(v: unknown, name: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail("INVALID_MODEL", `model training.${name} must be an object, got ${describe(v)}`);
  return v as Record<string, unknown>;
}

function numbers(v: unknown, length: number, name: string, valid: (x: number) => boolean = () => true): number[] {
  if (!Array.isArray(v) || v.length !== length) fail("INVALID_MODEL", `model training.${name} must hold ${length} numbers, got ${describe(v)}`);
  return v.map((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x) || !valid(x)) fail("INVALID_MODEL", `model training.${name}[${i}] is ${describe(x)}, out of range`);
    return x;
  });
}

/**
 * A saved partialFit state against the model it saved with: the model is the state's tail
 * average sum/averaged, moved to the symmetric gauge on the columns the penalty leaves free
 * (the intercepts; the weights too when l2 is 0), as partialFit computes it. A model whose
 * coefficients are not that was tampered with: the next pass would continue from the state and
 * silently drop them. (The same operations in the same order give the same bits; 1e-12 relative
 * leaves room for nothing but rounding.)
 */
export function checkStateAgainstModel(state: SgdState, theta: Float64Array, K: number, d: number, l2: number): void {
  const m = d + 1;
  const expected = new Float64Array(K * m);
  for (let i = 0; i < expected.length; i++) expected[i] = state.sum[i] / state.averaged;
  for (let j = 0; j < m; j++) {
    if (j >= 1 && l2 > 0) continue;
    let mean = 0;
    for (let k = 0; k < K; k++) mean += expected[k * m + j];
    mean /= K;
    for (let k = 0; k < K; k++) expected[k * m + j] -= mean;
  }
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(theta[i] - expected[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])))) {
      const k = Math.floor(i / m);
      const j = i % m;
      fail("INVALID_MODEL", `model ${j === 0 ? `intercept[${k}]` : `coef[${k}][${j - 1}]`} is ${theta[i]}, but the saved partialFit state's average gives ${expected[i]}`);
    }
  }
}
