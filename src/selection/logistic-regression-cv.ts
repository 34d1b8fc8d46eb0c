/**
 * LogisticRegressionCV: chooses λ by cross-validation, then behaves as the fitted
 * LogisticRegression at that λ (refitted on every row, warm-started from the folds' mean
 * optimum). The λ searched is l2 (l2s, with a fixed l1 if any) or, with l1s, l1 (with a
 * fixed l2). The search itself is search.ts; this file holds the options, the results and
 * their saved form.
 */
import { drive, driveSync, type DriveControls } from "../fit/drive.js";
import type { IterationReport } from "../solvers/solver.js";
import { LogisticRegression, type FitOptions, type TargetsFor, type ValidatedInput } from "../estimator/logistic-regression.js";
import type { Dataset } from "../objective/dataset.js";
import { describe, isArrayLike, ownOptions, rejectUnknownKeys, splitOptions } from "../input/checks.js";
import type { MatrixInput } from "../input/matrix.js";
import type { ColumnarInput } from "../input/columnar.js";
import { OPTION_NAMES, type LogisticRegressionOptions } from "../input/options.js";
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";
import { checkedFolds, explicitFolds, stratifiedFolds, type Folds } from "./folds.js";
import { DEFAULT_L2_COUNT, MAX_GRID_POINTS, l2Grid, l2Values } from "./l2-grid.js";
import { SCORINGS, better, type Scoring } from "./scoring.js";
import { placeFoldRows, type FoldRows } from "./fold-rows.js";
import { crossValidate, type SearchPlan, type SearchResult } from "./search.js";
import { trainingSetL1Max } from "../fit/fit.js";
import { defaultL1MinRatio, l1Grid } from "./l1-grid.js";
import { checkGridValues } from "./l1-path.js";

/**
 * Options of LogisticRegressionCV: its own, plus any LogisticRegression option but the one
 * searched (l2, or l1 with l1s).
 */
export interface LogisticRegressionCVOptions extends Omit<LogisticRegressionOptions, "l2"> {
  /** The candidate λ values, or how many to log-space around 1/N as scikit-learn's Cs are (default 10). */
  l2s?: number | readonly number[];
  /**
   * Search λ₁ instead (with the fixed option l2, default 1e-4 as for LogisticRegression; 0
   * for the lasso): the candidate values, or how many to log-space from λ₁_max (computed on
   * all rows) down to 1e-4·λ₁_max (1e-2 when N ≤ d). Each fold's path runs from the largest
   * λ₁ down, warm-started. Not together with l2s.
   */
  l1s?: number | readonly number[];
  /** The fixed λ₂ of an l1s search. */
  l2?: number;
  /** The number of stratified, seeded folds (default 5), or the test-row indices of each fold. */
  cv?: number | readonly (readonly number[])[];
  /** "logLoss" (default: held-out mean cross-entropy, lower is better) or "accuracy". */
  scoring?: Scoring;
  /** Refit on every row at the chosen λ (default true); otherwise the model is the folds' mean optimum. */
  refit?: boolean;
}

/** Per-call options of LogisticRegressionCV's fit. */
export type CVFitOptions = Pick<FitOptions, "sampleWeight" | "signal" | "featureNames">;

const CV_OPTIONS = ["l2s", "l1s", "cv", "scoring", "refit"] as const;
const CV_FIT_OPTIONS = ["sampleWeight", "signal", "featureNames"] as const;
const DEFAULT_FOLDS = 5;

/** A step of the search for fit or fitSync to drive: the folds' iterations, or the refit. */
type Step =
  | { kind: "search"; iterations: Generator<IterationReport, SearchResult, void>; controls: DriveControls }
  | { kind: "refit"; input: ValidatedInput };

/** The chosen penalty, the folds' mean optimum there, and the results to keep. */
interface Choice {
  l2: number;
  l1: number;
  mean: Float64Array;
  results: Results;
}

/** What the search found, in the λ order of l2s. Candidate i is the penalty (l2s[i], l1s[i]). */
interface Results {
  l2s: number[];
  l1s: number[];
  /** Which λ the search varied. */
  searched: "l2" | "l1";
  scores: number[][];
  meanScores: number[];
  bestIndex: number;
  folds: Folds;
  scoring: Scoring;
  warnings: string[];
}

export class LogisticRegressionCV extends LogisticRegression {
  /** The cross-validation options, defaults filled in. */
  readonly cvOptions: Readonly<{
    l2s: number | readonly number[];
    l1s?: number | readonly number[];
    cv: number | readonly (readonly number[])[];
    scoring: Scoring;
    refit: boolean;
  }>;
  private results?: Results;
  private searching = false;

  constructor(options: LogisticRegressionCVOptions = {}) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) fail("INVALID_OPTION", `options must be a plain object, got ${describe(options)}`);
    // Each option read once (a getter may answer differently on a second read).
    const { picked, rest } = splitOptions(options, CV_OPTIONS);
    const { l2s, l1s, cv, scoring, refit } = picked as LogisticRegressionCVOptions;
    const searchesL1 = l1s !== undefined;
    if (searchesL1 && l2s !== undefined) fail("INVALID_OPTION", "LogisticRegressionCV searches one penalty at a time: give l2s or l1s, not both");
    if (!searchesL1 && Object.hasOwn(options, "l2")) fail("INVALID_OPTION", "LogisticRegressionCV chooses l2 itself: give the candidates as l2s");
    if (searchesL1 && Object.hasOwn(options, "l1")) fail("INVALID_OPTION", "LogisticRegressionCV chooses l1 itself: give the candidates as l1s");
    rejectUnknownKeys(options as Record<string, unknown>, [...CV_OPTIONS, ...OPTION_NAMES.filter((n) => n !== (searchesL1 ? "l1" : "l2"))], "option");
    super(rest);
    if (searchesL1 && !["auto", "newton", "newton-l1", "gd"].includes(this.options.solver)) {
      fail("INVALID_OPTION", `option solver "${this.options.solver}" cannot minimise an objective with an L1 term (option l1s); use "auto", "newton-l1" or "gd"`);
    }
    this.cvOptions = Object.freeze({
      l2s: checkL2s(l2s),
      ...(searchesL1 ? { l1s: checkL1s(l1s) } : {}),
      cv: checkCv(cv),
      scoring: scoring === undefined ? "logLoss" : SCORINGS.includes(scoring) ? scoring : fail("INVALID_OPTION", `option scoring must be "logLoss" or "accuracy", got ${describe(scoring)}`),
      refit: refit === undefined ? true : typeof refit === "boolean" ? refit : fail("INVALID_OPTION", `option refit must be true or false, got ${describe(refit)}`),
    });
  }

  /**
   * Cross-validate every λ, choose the best mean score, then refit (see refit). X and y as for
   * LogisticRegression.fit (rows, records, CSR, columns or an Arrow table with y naming its
   * target column, a Dataset). X is placed in kernel memory once for the whole search and the
   * refit (or give a Dataset: then not at all).
   */
  override async fit(X: MatrixInput | ColumnarInput | Dataset, y: TargetsFor<Label> | string, fitOptions: CVFitOptions = {}): Promise<this> {
    const steps = this.steps(X, y, fitOptions);
    for (let step = steps.next(); ; ) {
      if (step.done) return step.value;
      let found: SearchResult | undefined;
      try {
        found = step.value.kind === "search" ? await drive(step.value.iterations, step.value.controls) : void (await this.fitValidated(step.value.input));
      } catch (e) {
        step = steps.throw(e);
        continue;
      }
      step = steps.next(found);
    }
  }

  /** The same, synchronously. */
  override fitSync(X: MatrixInput | ColumnarInput | Dataset, y: TargetsFor<Label> | string, fitOptions: CVFitOptions = {}): this {
    const steps = this.steps(X, y, fitOptions);
    for (let step = steps.next(); ; ) {
      if (step.done) return step.value;
      let found: SearchResult | undefined;
      try {
        found = step.value.kind === "search" ? driveSync(step.value.iterations, step.value.controls) : void this.fitValidatedSync(step.value.input);
      } catch (e) {
        step = steps.throw(e);
        continue;
      }
      step = steps.next(found);
    }
  }

  /**
   * The search, the choice and the refit, once for fit and fitSync: each step that needs
   * driving (the folds' iterations, the refit) is yielded to the caller, which runs it its own
   * way (async or not) and sends back the search's result or throws its error in here.
   */
  private *steps(X: MatrixInput | ColumnarInput | Dataset, y: TargetsFor<Label> | string, fitOptions: CVFitOptions): Generator<Step, this, SearchResult | undefined> {
    const { input, plan, rows } = this.begin(X, y, fitOptions);
    try {
      const found = (yield { kind: "search", iterations: crossValidate(rows, input.data, this.options, plan), controls: input.controls })!;
      const choice = this.choose(plan, found);
      const before = this.options;
      this.setOptions({ ...before, l2: choice.l2, l1: choice.l1 });
      try {
        if (this.cvOptions.refit) yield { kind: "refit", input: { ...input, data: rows.refitSet(), start: choice.mean } };
        else this.adoptMean(input, choice);
      } catch (e) {
        this.setOptions(before);
        throw e;
      }
      this.results = choice.results;
      return this;
    } finally {
      rows.release();
      this.searching = false;
    }
  }

  /** The λ values tried (ascending for a count, as given otherwise); scores and meanScores follow this order. */
  get l2s(): number[] {
    return [...this.found().l2s];
  }
  /** scores[fold][i]: the held-out score of fold `fold` at l2s[i], in the scoring's units. */
  get scores(): number[][] {
    return this.found().scores.map((row) => [...row]);
  }
  /** The mean over folds of each λ's score. */
  get meanScores(): number[] {
    return [...this.found().meanScores];
  }
  /** The index into l2s of the best mean score (ties go to the larger λ). */
  get bestIndex(): number {
    return this.found().bestIndex;
  }
  /** The chosen λ (the fixed l2 of an l1s search). */
  get l2(): number {
    const r = this.found();
    return r.l2s[r.bestIndex];
  }
  /**
   * The λ₁ of each candidate, in the order of scores and meanScores: the values tried in an
   * l1s search (ascending for a count, as given otherwise), the fixed l1 in an l2s search.
   */
  get l1s(): number[] {
    return [...this.found().l1s];
  }
  /** The chosen λ₁ (the fixed l1 of an l2s search). */
  get l1(): number {
    const r = this.found();
    return r.l1s[r.bestIndex];
  }
  /** The test rows of each fold. */
  get testFolds(): number[][] {
    return this.found().folds.map((f) => Array.from(f));
  }
  /** Solver fallbacks met during the search ("fold f, l2 λ: …"); the refit's are in warnings. */
  get searchWarnings(): string[] {
    return [...this.found().warnings];
  }

  /** The saved model, with the search's results in training.cv. */
  override toJSON(): ReturnType<LogisticRegression["toJSON"]> {
    const json = super.toJSON();
    const r = this.found();
    const cv = { options: { ...this.cvOptions }, l2s: r.l2s, l1s: r.l1s, searched: r.searched, scores: r.scores, meanScores: r.meanScores, bestIndex: r.bestIndex, scoring: r.scoring, testFolds: this.testFolds, warnings: r.warnings };
    return { ...json, training: { ...json.training, cv } };
  }

  /** Restore a LogisticRegressionCV saved with toJSON (its results included). */
  static override fromJSON(json: unknown): LogisticRegressionCV {
    const model = new LogisticRegressionCV();
    const saved = model.restore(json);
    if (typeof saved.cv !== "object" || saved.cv === null || Array.isArray(saved.cv)) fail("INVALID_MODEL", `not a LogisticRegressionCV model: training.cv is ${describe(saved.cv)}`);
    const cvOptions = savedCvOptions(saved.cv);
    model.results = resultsFromJSON(saved.cv, model.options, cvOptions);
    // refit false: the model is the folds' mean optimum; no fit ran on all the rows.
    if (!cvOptions.refit && (saved.iterations !== undefined && saved.iterations !== 0)) {
      fail("INVALID_MODEL", `model training.iterations is ${describe(saved.iterations)}, but training.cv.options.refit is false (the model is the folds' mean, fitted by no iterations)`);
    }
    (model as { cvOptions: LogisticRegressionCV["cvOptions"] }).cvOptions = cvOptions;
    return model;
  }

  /**
   * Validate everything before any state changes, then place X in kernel memory once for the
   * search and the refit (fold-rows.ts; a Dataset given as X is used as it is). The folds and
   * the grid follow from the data.
   */
  private begin(X: MatrixInput | ColumnarInput | Dataset, y: TargetsFor<Label> | string, fitOptions: CVFitOptions): { input: ValidatedInput; plan: SearchPlan; rows: FoldRows } {
    if (this.searching) fail("FIT_IN_PROGRESS", "fit is already running on this model; await it before fitting again");
    if (typeof fitOptions !== "object" || fitOptions === null) fail("INVALID_OPTION", `fit options must be an object, got ${describe(fitOptions)}`);
    rejectUnknownKeys(fitOptions as Record<string, unknown>, CV_FIT_OPTIONS, "LogisticRegressionCV fit option");
    fitOptions = ownOptions(fitOptions);
    const input = this.validate(X, y, fitOptions);
    const { data } = input;
    const n = data.X.rows;
    const { cv, scoring } = this.cvOptions;
    if (scoring === "accuracy" && data.targets.kind === "soft") fail("INVALID_OPTION", 'scoring "accuracy" needs class labels as y, not soft targets');
    const folds = typeof cv === "number" ? stratifiedFolds(data.targets, n, cv, this.options.seed) : explicitFolds(cv, n);
    let weight = 0;
    for (let i = 0; i < n; i++) weight += data.weights[i] > 0 ? 1 : 0;
    // X's values are read here, in the call that read its shape.
    const rows = placeFoldRows(data, folds, this.options);
    try {
      const { l1s } = this.cvOptions;
      const grid =
        l1s === undefined
          ? l2Grid(this.cvOptions.l2s, weight).map((l2) => ({ l2, l1: this.options.l1 }))
          : l1Values(l1s, rows, this.options, n, data.X.cols).map((l1) => ({ l2: this.options.l2, l1 }));
      this.searching = true;
      return { input, plan: { grid, folds, scoring }, rows };
    } catch (e) {
      rows.release();
      throw e;
    }
  }

  /** The best λ by mean score (ties go to the larger λ, as scikit-learn's first best C), and the folds' mean optimum there. */
  private choose(plan: SearchPlan, found: SearchResult): Choice {
    const { folds, scoring } = plan;
    const searched = this.cvOptions.l1s === undefined ? "l2" : "l1";
    const l2s = plan.grid.map((p) => p.l2);
    const l1s = plan.grid.map((p) => p.l1 ?? 0);
    const values = searched === "l2" ? l2s : l1s;
    const meanScores = meanScoresOf(found.scores, values.length);
    const bestIndex = bestIndexOf(values, meanScores, scoring);
    const P = found.thetas[0][bestIndex].length;
    const mean = new Float64Array(P);
    for (const fold of found.thetas) for (let j = 0; j < P; j++) mean[j] += fold[bestIndex][j] / folds.length;
    return {
      l2: l2s[bestIndex],
      l1: l1s[bestIndex],
      mean,
      results: { l2s, l1s, searched, scores: found.scores, meanScores, bestIndex, folds, scoring, warnings: found.warnings },
    };
  }

  /** refit false: the model is the folds' mean optimum at the chosen λ (scikit-learn does the same). */
  private adoptMean(input: ValidatedInput, choice: Choice): void {
    const { data, featureNames } = input;
    this.adoptModel(
      { classes: data.targets.classes, nFeatures: data.X.cols, fitIntercept: this.options.fitIntercept, theta: choice.mean, ...(featureNames ? { featureNames } : {}) },
      {
        iterations: 0,
        converged: false,
        reason: `refit false: the mean of the ${choice.results.folds.length} folds' optima at the chosen ${choice.results.searched}`,
        lossHistory: [],
        kktResidual: NaN,
        warnings: choice.results.warnings,
      },
      { classWeights: null, standardization: null, partialFit: null },
    );
  }

  private found(): Results {
    return this.results ?? fail("NOT_FITTED", "this LogisticRegressionCV is not fitted yet: call fit(X, y) first");
  }
}

function checkL2s(l2s: unknown): number | readonly number[] {
  if (l2s === undefined) return DEFAULT_L2_COUNT;
  if (typeof l2s === "number") {
    l2Grid(l2s, 1); // validates the count
    return l2s;
  }
  // Each value read once: the checked copy is the one kept.
  return Object.freeze(l2Values(l2s));
}

function checkL1s(l1s: unknown): number | readonly number[] {
  if (typeof l1s === "number") {
    if (!Number.isSafeInteger(l1s) || l1s < 1) fail("INVALID_OPTION", `option l1s must be a count ≥ 1 or an array of λ₁ values, got ${describe(l1s)}`);
    if (l1s > MAX_GRID_POINTS) fail("INVALID_OPTION", `option l1s asks for ${l1s} λ₁ values; a search takes at most ${MAX_GRID_POINTS}`);
    return l1s;
  }
  // Each value read once: the checked copy is the one kept.
  const given = checkGridValues(l1s);
  const values = [...given].sort((a, b) => b - a);
  for (let i = 1; i < values.length; i++) if (values[i] === values[i - 1]) fail("INVALID_OPTION", `option l1s has the value ${values[i]} twice`);
  return Object.freeze(given);
}

/** The λ₁ candidates: as given, or for a count log-spaced up to λ₁_max of every row (ascending). */
function l1Values(l1s: number | readonly number[], rows: FoldRows, options: LogisticRegressionCV["options"], n: number, d: number): number[] {
  if (typeof l1s !== "number") return [...l1s];
  return l1Grid(trainingSetL1Max(rows.refitSet(), options), defaultL1MinRatio(n, d), l1s).reverse();
}

/** The most folds a count may ask for (one test row each, rows indexed by Int32). */
const MAX_FOLDS = 2 ** 31 - 1;

function checkCv(cv: unknown): number | readonly (readonly number[])[] {
  if (cv === undefined) return DEFAULT_FOLDS;
  if (typeof cv === "number") {
    if (!Number.isSafeInteger(cv) || cv < 2) fail("INVALID_OPTION", `option cv must be a number of folds ≥ 2 or an array of test-row index arrays, got ${describe(cv)}`);
    // Each fold tests at least one row, and row indices are Int32: more folds never fit any X.
    if (cv > MAX_FOLDS) fail("INVALID_OPTION", `option cv asks for at most ${MAX_FOLDS} (2³¹ − 1) folds, got ${cv}`);
    return cv;
  }
  if (!isArrayLike(cv)) fail("INVALID_OPTION", `option cv must be a number of folds ≥ 2 or an array of test-row index arrays, got ${describe(cv)}`);
  // Copied now, each fold and index read once (the caller may change theirs later, or answer a
  // second read differently); the copy is checked against the row count at fit.
  return Object.freeze(checkedFolds(cv, Infinity).map((fold) => Object.freeze(fold)));
}

function savedCvOptions(cv: unknown): LogisticRegressionCV["cvOptions"] {
  const o = (cv as { options?: Record<string, unknown> }).options;
  try {
    if (typeof o !== "object" || o === null) throw new Error("missing");
    const l1s = o.l1s === undefined ? {} : { l1s: o.l1s as number };
    return new LogisticRegressionCV({ l2s: o.l1s === undefined ? (o.l2s as number) : undefined, ...l1s, cv: o.cv as number, scoring: o.scoring as Scoring, refit: o.refit as boolean }).cvOptions;
  } catch (e) {
    return fail("INVALID_MODEL", `model training.cv.options are invalid: ${(e as Error).message}`);
  }
}

/** The mean over the folds of each candidate's held-out score. */
function meanScoresOf(scores: readonly (readonly number[])[], candidates: number): number[] {
  return Array.from({ length: candidates }, (_, i) => scores.reduce((a, row) => a + row[i], 0) / scores.length);
}

/** The candidate with the best mean score; among ties (within 1e-12) the strongest penalty. */
function bestIndexOf(values: readonly number[], meanScores: readonly number[], scoring: Scoring): number {
  let bestIndex = 0;
  for (let i = 1; i < values.length; i++) {
    const tie = Math.abs(meanScores[i] - meanScores[bestIndex]) <= 1e-12 * Math.max(1, Math.abs(meanScores[bestIndex]));
    if (tie ? values[i] > values[bestIndex] : better(scoring, meanScores[i], meanScores[bestIndex])) bestIndex = i;
  }
  return bestIndex;
}

/**
 * The saved search's results, refused (INVALID_MODEL) where they contradict themselves or the
 * model: the mean scores must be the folds' means, the chosen index the selection rule's, and
 * the model's penalty the chosen candidate's.
 */
function resultsFromJSON(cv: unknown, penalty: { l2: number; l1: number }, options: LogisticRegressionCV["cvOptions"]): Results {
  if (typeof cv !== "object" || cv === null || Array.isArray(cv)) fail("INVALID_MODEL", `not a LogisticRegressionCV model: training.cv is ${describe(cv)}`);
  const o = cv as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!CV_KEYS.includes(key) && key !== "__proto__") fail("INVALID_MODEL", `model training.cv has the field ${JSON.stringify(key)}, which toJSON never writes`);
  }
  const l2s = numbers(o.l2s, "l2s", (v) => v >= 0);
  const L = l2s.length;
  if (L === 0) fail("INVALID_MODEL", "model training.cv.l2s is empty");
  // Models saved before l1s existed searched l2 with no L1 term.
  const l1s = o.l1s === undefined ? new Array<number>(L).fill(0) : numbers(o.l1s, "l1s", (v) => v >= 0, L);
  const searched = o.searched === undefined || o.searched === "l2" ? "l2" : o.searched === "l1" ? "l1" : fail("INVALID_MODEL", `model training.cv.searched is ${describe(o.searched)}`);
  const scores = Array.isArray(o.scores) && o.scores.length > 0 ? o.scores.map((row, f) => numbers(row, `scores[${f}]`, () => true, L)) : fail("INVALID_MODEL", "model training.cv.scores must be a non-empty array of rows");
  const meanScores = numbers(o.meanScores, "meanScores", () => true, L);
  const bestIndex = o.bestIndex;
  if (!Number.isSafeInteger(bestIndex) || (bestIndex as number) < 0 || (bestIndex as number) >= L) fail("INVALID_MODEL", `model training.cv.bestIndex must be an index into l2s, got ${describe(bestIndex)}`);
  const scoring = SCORINGS.includes(o.scoring as Scoring) ? (o.scoring as Scoring) : fail("INVALID_MODEL", `model training.cv.scoring is ${describe(o.scoring)}`);
  const testFolds = Array.isArray(o.testFolds) && o.testFolds.length === scores.length ? o.testFolds : fail("INVALID_MODEL", "model training.cv.testFolds must hold one array per fold");
  // Row indices are Int32 (2³¹ and above would wrap to another row).
  const folds = testFolds.map((f, i) => Int32Array.from(numbers(f, `testFolds[${i}]`, (v) => Number.isInteger(v) && v >= 0 && v < 2 ** 31)));
  const means = meanScoresOf(scores, L);
  const stray = means.findIndex((m, i) => !(Math.abs(m - meanScores[i]) <= 1e-12 * Math.max(1, Math.abs(m))));
  if (stray >= 0) fail("INVALID_MODEL", `model training.cv.meanScores[${stray}] is ${meanScores[stray]}, but the mean of the folds' scores there is ${means[stray]}`);
  const warnings = o.warnings === undefined ? [] : Array.isArray(o.warnings) && o.warnings.every((w) => typeof w === "string") ? [...(o.warnings as string[])] : fail("INVALID_MODEL", `model training.cv.warnings must be an array of strings, got ${describe(o.warnings)}`);
  const results: Results = { l2s, l1s, searched, scores, meanScores, bestIndex: bestIndex as number, folds, scoring, warnings };
  checkResultsAgainst(results, penalty, options);
  const rule = bestIndexOf(searched === "l2" ? l2s : l1s, meanScores, scoring);
  if (rule !== bestIndex) fail("INVALID_MODEL", `model training.cv.bestIndex is ${bestIndex}, but the best mean score (${scoring}) is at index ${rule}`);
  if (penalty.l2 !== l2s[rule] || penalty.l1 !== l1s[rule]) {
    fail("INVALID_MODEL", `the model's penalty (l2 ${penalty.l2}, l1 ${penalty.l1}) is not the chosen candidate's (l2 ${l2s[rule]}, l1 ${l1s[rule]})`);
  }
  return results;
}

/** The fields toJSON writes in training.cv. */
const CV_KEYS = ["options", "l2s", "l1s", "searched", "scores", "meanScores", "bestIndex", "scoring", "testFolds", "warnings"];

/**
 * The saved results against the saved search options and themselves: the folds the cv option
 * makes (a count: that many disjoint, non-empty folds of every row, sizes within one; explicit
 * folds: those), the grid the l2s or l1s option makes, the scoring, scores in its range, and
 * the penalty not searched fixed at the model's.
 */
function checkResultsAgainst(r: Results, penalty: { l2: number; l1: number }, options: LogisticRegressionCV["cvOptions"]): void {
  const bad = (message: string): never => fail("INVALID_MODEL", `model training.cv.${message}`);
  const { folds } = r;
  folds.forEach((fold, f) => {
    if (fold.length === 0) bad(`testFolds[${f}] is empty; every fold tests at least one row`);
    for (let i = 1; i < fold.length; i++) if (!(fold[i] > fold[i - 1])) bad(`testFolds[${f}] is not ascending and distinct at index ${i} (row ${fold[i]} after ${fold[i - 1]})`);
  });
  if (typeof options.cv === "number") {
    if (folds.length !== options.cv) bad(`testFolds holds ${folds.length} folds, but options.cv is ${options.cv}`);
    const seen = new Set<number>();
    let largest = -1;
    folds.forEach((fold, f) => {
      for (const row of fold) {
        if (seen.has(row)) bad(`testFolds[${f}] repeats row ${row} of another fold; ${options.cv} stratified folds are disjoint`);
        seen.add(row);
        largest = Math.max(largest, row);
      }
    });
    if (seen.size !== largest + 1) bad(`testFolds cover ${seen.size} rows of 0 … ${largest}; ${options.cv} stratified folds deal out every row`);
    const sizes = folds.map((fold) => fold.length);
    if (Math.max(...sizes) - Math.min(...sizes) > 1) bad(`testFolds have sizes ${sizes.join(", ")}; stratified folds differ by at most one row`);
  } else {
    const given = options.cv;
    if (folds.length !== given.length) bad(`testFolds holds ${folds.length} folds, but options.cv lists ${given.length}`);
    folds.forEach((fold, f) => {
      const want = Int32Array.from(given[f]).sort();
      if (fold.length !== want.length || fold.some((row, i) => row !== want[i])) bad(`testFolds[${f}] is not options.cv[${f}]'s rows`);
    });
  }
  if (r.scoring !== options.scoring) bad(`scoring is ${describe(r.scoring)}, but options.scoring is ${describe(options.scoring)}`);
  const searched = options.l1s === undefined ? "l2" : "l1";
  if (r.searched !== searched) bad(`searched is ${describe(r.searched)}, but the options search ${searched} (${searched === "l1" ? "l1s" : "l2s"})`);
  r.scores.forEach((row, f) =>
    row.forEach((v, i) => {
      if (r.scoring === "logLoss" ? v < 0 : v < 0 || v > 1) bad(`scores[${f}][${i}] is ${v}, outside the range of ${r.scoring} (${r.scoring === "logLoss" ? "≥ 0" : "0 … 1"})`);
    }),
  );
  // The penalty not searched is the model's, the same for every candidate.
  const [fixed, fixedName, value] = searched === "l2" ? [r.l1s, "l1s", penalty.l1] : [r.l2s, "l2s", penalty.l2];
  const stray = fixed.findIndex((v) => v !== value);
  if (stray >= 0) bad(`${fixedName}[${stray}] is ${fixed[stray]}, but a search of ${searched} keeps ${searched === "l2" ? "l1" : "l2"} at the model's ${value}`);
  const values = searched === "l2" ? r.l2s : r.l1s;
  const name = searched === "l2" ? "l2s" : "l1s";
  const option = searched === "l2" ? options.l2s : options.l1s!;
  if (typeof option === "number") {
    // A count: log-spaced ascending (an l1 grid whose λ₁_max is 0 is the one value 0).
    const zeroGrid = searched === "l1" && values.length === 1 && values[0] === 0;
    if (values.length !== option && !zeroGrid) bad(`${name} holds ${values.length} values, but options.${name} asks for ${option}`);
    if (!zeroGrid && !(values[0] > 0)) bad(`${name}[0] is ${values[0]}; a grid of ${option} values is log-spaced, every value positive`);
    for (let i = 1; i < values.length; i++) {
      if (!(values[i] > values[i - 1])) bad(`${name}[${i}] (${values[i]}) is not above ${name}[${i - 1}] (${values[i - 1]}); a grid of ${option} values ascends`);
      if (i >= 2 && !(Math.abs(values[i] / values[i - 1] - values[1] / values[0]) <= 1e-9 * (values[1] / values[0]))) bad(`${name}[${i}] (${values[i]}) breaks the grid's log spacing`);
    }
  } else {
    const j = values.length !== option.length ? Math.min(values.length, option.length) : values.findIndex((v, i) => v !== option[i]);
    if (j >= 0) bad(`${name} [${values.slice(0, 5).join(", ")}${values.length > 5 ? ", …" : ""}] are not options.${name} (they differ at index ${j})`);
  }
}

function numbers(v: unknown, name: string, valid: (x: number) => boolean, length?: number): number[] {
  if (!Array.isArray(v) || (length !== undefined && v.length !== length)) fail("INVALID_MODEL", `model training.cv.${name} must hold ${length ?? "some"} numbers, got ${describe(v)}`);
  return v.map((x, i) => (typeof x === "number" && Number.isFinite(x) && valid(x) ? x : fail("INVALID_MODEL", `model training.cv.${name}[${i}] is ${describe(x)}`)));
}
