/**
 * Maximum-likelihood inference for a fitted model from the statistics its fit kept
 * (fit-statistics.ts): coefficients against a reference class with standard errors,
 * z-statistics, p-values and confidence intervals, the covariance matrix, and the
 * likelihood-ratio test and information criteria — statsmodels' MNLogit (Logit for K = 2)
 * quantities, with its conventions:
 *
 * - params for class k are θ_k − θ_r (intercept first), the reference r being the first
 *   class unless chosen;
 * - "classical" covariance = inverse of the summed observed information with the reference
 *   class's rows and columns dropped; "robust" = the sandwich H⁻¹MH⁻¹ with the summed score
 *   outer products M (statsmodels cov_type="HC0", no small-sample factor);
 * - z = params/se, p = 2·P(Z > |z|), interval params ∓ Φ⁻¹((1 + level)/2)·se (computed as −Φ⁻¹((1 − level)/2));
 * - dfModel = parameters − (K − 1), dfResid = nObs − parameters, AIC = −2ℓ + 2·parameters,
 *   BIC = −2ℓ + ln(nObs)·parameters, llr = 2(ℓ − ℓ₀) against the intercept-only model,
 *   llrPValue = P(χ²_dfModel > llr), pseudoR2 = 1 − ℓ/ℓ₀ (McFadden). Without an intercept
 *   these are still statsmodels' numbers for a design without a constant (the null model
 *   keeps its intercepts, and dfModel = parameters − (K − 1)).
 */
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";
import { describe, ownOptions } from "../input/checks.js";
import { chiSquaredSf } from "./chi-squared.js";
import { MAX_INFERENCE_PARAMETERS, type FitStatistics } from "./fit-statistics.js";
import { normalQuantile, normalSf } from "./normal.js";
import { inverseFromCholesky, nullVector, pivotedCholesky } from "../linalg/pivoted-cholesky.js";

/** "classical": inverse observed information; "robust": the HC0 sandwich. */
export type CovarianceType = "classical" | "robust";

/** Options of `model.inference()` and `model.summary()`. */
export interface InferenceOptions {
  /** The baseline class the others are compared with (default: the first of `model.classes`). */
  referenceClass?: Label;
  /** "classical" (default) or "robust" (sandwich, statsmodels' HC0). */
  covariance?: CovarianceType;
  /** Confidence level of the intervals, in (0, 1) (default 0.95). */
  level?: number;
}

/** The result of `model.inference()`: plain data. Matrices have one row per class in `classes`, one column per term. */
export interface InferenceResult {
  /** The baseline class. */
  referenceClass: Label;
  /** The K − 1 classes compared with the reference, in `model.classes` order. */
  classes: Label[];
  /** "intercept" (when the model has one), then the feature names (x0, x1, … without names). */
  terms: string[];
  /** Which covariance the standard errors come from. */
  covarianceType: CovarianceType;
  /** The confidence level of lower/upper. */
  level: number;
  /** Each class's coefficients minus the reference class's. */
  params: number[][];
  standardErrors: number[][];
  z: number[][];
  /** Two-sided, from the normal distribution. */
  pValues: number[][];
  lower: number[][];
  upper: number[][];
  /** (K−1)·terms square matrix, rows and columns class-major in the order of params. */
  covariance: number[][];
  logLikelihood: number;
  /** Log-likelihood of the intercept-only model. */
  nullLogLikelihood: number;
  /** Likelihood-ratio statistic 2(logLikelihood − nullLogLikelihood). */
  llr: number;
  /** P(χ²_dfModel > llr); NaN when dfModel is 0. */
  llrPValue: number;
  aic: number;
  bic: number;
  /** McFadden's 1 − logLikelihood/nullLogLikelihood. */
  pseudoR2: number;
  /** Σ sample weights (frequency weights). */
  nObs: number;
  dfModel: number;
  dfResid: number;
  /** Whether the fit reached its tolerance. */
  converged: boolean;
}

/** What inference needs to know about the model besides its statistics. */
export interface InferenceModel {
  classes: readonly Label[];
  nFeatures: number;
  fitIntercept: boolean;
  /** Compact layout θ[k(d+1) + j], j = 0 the intercept. */
  theta: Float64Array;
  /** The penalties the model was fitted with; inference needs them all 0. */
  penalties: Readonly<Record<string, number>>;
  featureNames?: readonly string[];
}

/**
 * A term whose part not explained by the other terms (1 − R² in the weighted design, or in
 * the information matrix) is below this counts as collinear: its standard error would be
 * inflated more than 3·10⁵-fold and could not be computed to six digits.
 */
const SINGULAR_TOLERANCE = 1e-11;

const OPTION_NAMES = ["referenceClass", "covariance", "level"];

export function computeInference(model: InferenceModel, statistics: FitStatistics | undefined, options: unknown = {}): InferenceResult {
  const { referenceClass, covariance, level } = resolveInferenceOptions(model, options);
  const stats = usableStatistics(model, statistics);
  const { classes, nFeatures: d, fitIntercept, theta } = model;
  const K = classes.length;
  const m = d + 1;
  const P = K * m;
  const terms = termNames(model);
  const first = fitIntercept ? 0 : 1;
  const nTerms = m - first;
  const r = classes.indexOf(referenceClass);
  const compared = classes.filter((_, k) => k !== r);

  checkDesign(stats.designGram, m, first, terms);

  // The reference parameterisation: drop class r's rows and columns (and the absent intercepts).
  const index: number[] = [];
  for (let k = 0; k < K; k++) if (k !== r) for (let j = first; j < m; j++) index.push(k * m + j);
  const q = index.length;
  const information = submatrix(stats.information, P, index);
  const scaled = unitDiagonal(information, q);
  const factor = pivotedCholesky(scaled.matrix, q, SINGULAR_TOLERANCE);
  if (factor.rank < q) separatedError(factor, q, index, m, classes, terms, first);
  const inverse = rescale(inverseFromCholesky(factor), scaled.inverseRoot, q);
  const cov = covariance === "classical" ? inverse : sandwich(inverse, submatrix(stats.scoreOuterProducts, P, index), q);
  symmetrise(cov, q);

  // Φ⁻¹((1 + level)/2) from the tail: (1 − level)/2 is exact for level ≥ ½ (Sterbenz), where
  // (1 + level)/2 rounds to 1 for levels within 1.1e-16 of 1 (an infinite quantile) and loses
  // the tail's digits before that.
  const quantile = -normalQuantile((1 - level) / 2);
  const rows = (f: (k: number, j: number, at: number) => number): number[][] =>
    compared.map((_, c) => Array.from({ length: nTerms }, (_, t) => f(c, t, c * nTerms + t)));
  const classIndex = compared.map((label) => classes.indexOf(label));
  const params = rows((c, t) => theta[classIndex[c] * m + first + t] - theta[r * m + first + t]);
  const standardErrors = rows((_c, _t, at) => Math.sqrt(cov[at * q + at]));
  const z = rows((c, t) => params[c][t] / standardErrors[c][t]);
  const pValues = rows((c, t) => 2 * normalSf(Math.abs(z[c][t])));
  const lower = rows((c, t) => params[c][t] - quantile * standardErrors[c][t]);
  const upper = rows((c, t) => params[c][t] + quantile * standardErrors[c][t]);

  const parameters = q;
  const dfModel = parameters - (K - 1);
  const { logLikelihood: ll, nullLogLikelihood: ll0, nObs } = stats;
  const llr = 2 * (ll - ll0);
  return {
    referenceClass,
    classes: compared,
    terms,
    covarianceType: covariance,
    level,
    params,
    standardErrors,
    z,
    pValues,
    lower,
    upper,
    covariance: Array.from({ length: q }, (_, i) => Array.from(cov.subarray(i * q, (i + 1) * q))),
    logLikelihood: ll,
    nullLogLikelihood: ll0,
    llr,
    llrPValue: dfModel > 0 ? chiSquaredSf(llr, dfModel) : NaN,
    aic: -2 * ll + 2 * parameters,
    bic: -2 * ll + Math.log(nObs) * parameters,
    pseudoR2: 1 - ll / ll0,
    nObs,
    dfModel,
    dfResid: nObs - parameters,
    converged: stats.converged,
  };
}

/** "intercept" (with one), then the feature names or x0…x{d−1}. */
export function termNames(model: Pick<InferenceModel, "nFeatures" | "fitIntercept" | "featureNames">): string[] {
  const features = model.featureNames ? [...model.featureNames] : Array.from({ length: model.nFeatures }, (_, j) => `x${j}`);
  return model.fitIntercept ? ["intercept", ...features] : features;
}

/** Validate the options (INVALID_OPTION naming the one at fault) and fill in defaults. */
export function resolveInferenceOptions(
  model: Pick<InferenceModel, "classes">,
  options: unknown,
): { referenceClass: Label; covariance: CovarianceType; level: number } {
  if (options === undefined) options = {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    fail("INVALID_OPTION", `inference options must be an object, got ${describe(options)}`);
  }
  const o = ownOptions(options as Record<string, unknown>);
  for (const key of Object.keys(o)) {
    if (!OPTION_NAMES.includes(key)) fail("INVALID_OPTION", `unknown inference option "${key}"; the options are ${OPTION_NAMES.join(", ")}`);
  }
  const { referenceClass = model.classes[0], covariance = "classical", level = 0.95 } = o;
  if (!model.classes.includes(referenceClass as Label)) {
    fail("INVALID_OPTION", `referenceClass ${describe(referenceClass)} is not one of the model's classes (${model.classes.map((c) => describe(c)).join(", ")})`);
  }
  if (covariance !== "classical" && covariance !== "robust") {
    fail("INVALID_OPTION", `covariance must be "classical" or "robust", got ${describe(covariance)}`);
  }
  if (typeof level !== "number" || !(level > 0 && level < 1)) {
    fail("INVALID_OPTION", `level must be a number strictly between 0 and 1 (e.g. 0.95), got ${describe(level)}`);
  }
  return { referenceClass: referenceClass as Label, covariance, level };
}

/** The statistics, or the typed error that says why there are none to use. */
function usableStatistics(model: InferenceModel, statistics: FitStatistics | undefined): FitStatistics {
  for (const [name, value] of Object.entries(model.penalties)) {
    if (value !== 0) {
      fail(
        "PENALIZED_FIT",
        `inference is for maximum-likelihood fits, but this model was fitted with ${name} = ${value}: a penalised ` +
          `estimate is shrunk towards 0, and standard errors, p-values and intervals computed as if it were the ` +
          `maximum-likelihood estimate would not mean what they say. Refit with { ${name}: 0 } ` +
          `(e.g. new LogisticRegression({ l2: 0, solver: "newton", tol: 1e-10 }))`,
      );
    }
  }
  const P = model.classes.length * (model.nFeatures + 1);
  if (P > MAX_INFERENCE_PARAMETERS) {
    fail(
      "TOO_LARGE",
      `inference is offered up to ${MAX_INFERENCE_PARAMETERS} parameters K·(d+1); this model has ` +
        `${model.classes.length}·${model.nFeatures + 1} = ${P} (its dense covariance would not be kept)`,
    );
  }
  if (!statistics) {
    fail(
      "NO_INFERENCE_DATA",
      `this model has no inference statistics: they are kept by unpenalised fits (l2: 0, l1: 0) of this library on ` +
        `dense X and saved with them, and this model was either loaded from a file without them, made by ` +
        `fromSklearn, or fitted on CSR X (whose fits do not keep them yet). Refit it with { l2: 0 } on dense X to get them`,
    );
  }
  if (statistics.separable) {
    fail(
      "SEPARABLE",
      `the training data are separable (a combination of the features predicts the classes perfectly), so the ` +
        `maximum-likelihood estimate does not exist: the log-likelihood keeps rising as some coefficients grow ` +
        `without bound, and there are no standard errors. Drop or merge the feature or class that separates, or ` +
        `collect more data`,
    );
  }
  return statistics;
}

/** COLLINEAR naming the terms of each exact (or nearly exact) linear relation in the weighted design. */
function checkDesign(gram: Float64Array, m: number, first: number, terms: string[]): void {
  const index = Array.from({ length: m - first }, (_, t) => first + t);
  const n = index.length;
  const g = submatrix(gram, m, index);
  const zero = index.map((_, t) => g[t * n + t]).map((v, t) => (v > 0 ? -1 : t)).filter((t) => t >= 0);
  if (zero.length > 0) {
    fail("COLLINEAR", `the features are collinear: ${zero.map((t) => terms[t]).join(", ")} ${zero.length > 1 ? "are" : "is"} 0 in every row with a weight; drop ${zero.length > 1 ? "them" : "it"} and refit`);
  }
  const scaled = unitDiagonal(g, n);
  const factor = pivotedCholesky(scaled.matrix, n, SINGULAR_TOLERANCE);
  if (factor.rank === n) return;
  const relations: string[] = [];
  const involved = new Set<number>();
  for (let position = factor.rank; position < n; position++) {
    // v in scaled units; D·v are the coefficients on the terms themselves.
    const v = nullVector(factor, position).map((x, t) => x * scaled.inverseRoot[t]);
    const big = Math.max(...v.map(Math.abs));
    const members = Array.from(v.keys()).filter((t) => Math.abs(v[t]) > 1e-6 * big);
    members.forEach((t) => involved.add(t));
    // Largest coefficient 1 in size, the first one positive.
    const unit = big * Math.sign(v[members[0]]);
    if (relations.length < 3) relations.push(`${members.map((t, i) => term(v[t] / unit, terms[t], i === 0)).join(" ")} ≈ 0`);
  }
  const names = [...involved].sort((a, b) => a - b).map((t) => terms[t]);
  fail(
    "COLLINEAR",
    `the features are collinear: ${names.join(", ")} are linearly dependent in the training rows ` +
      `(${relations.join("; ")}), so their coefficients are not identified and the information matrix is ` +
      `singular. Drop ${n - factor.rank === 1 ? "one of them" : "some of them"} (or combine them) and refit`,
  );
}

/** SEPARABLE for an information matrix that is singular although the design is not. */
function separatedError(
  factor: ReturnType<typeof pivotedCholesky>,
  q: number,
  index: number[],
  m: number,
  classes: readonly Label[],
  terms: string[],
  first: number,
): never {
  const v = nullVector(factor, factor.rank);
  const big = Math.max(...v.map(Math.abs));
  const parts = new Map<Label, string[]>();
  for (let i = 0; i < q; i++) {
    if (Math.abs(v[i]) <= 1e-6 * big) continue;
    const label = classes[Math.floor(index[i] / m)];
    parts.set(label, [...(parts.get(label) ?? []), terms[(index[i] % m) - first]]);
  }
  const where = [...parts].map(([label, names]) => `class ${describe(label)}: ${names.join(", ")}`).join("; ");
  fail(
    "SEPARABLE",
    `the information matrix is singular although the features are not collinear: some rows are fitted with ` +
      `probability 0 or 1 (quasi-complete separation), so the maximum-likelihood estimate is infinite along ` +
      `a direction involving ${where}, and its standard errors do not exist. Drop or merge what separates ` +
      `(a class that a feature predicts perfectly, say) and refit`,
  );
}

function term(coefficient: number, name: string, first: boolean): string {
  const size = Number(Math.abs(coefficient).toPrecision(4));
  const magnitude = size === 1 ? "" : `${size}·`;
  const sign = coefficient < 0 ? "−" : "+";
  return first ? `${coefficient < 0 ? "−" : ""}${magnitude}${name}` : `${sign} ${magnitude}${name}`;
}

/** The rows and columns `index` of a row-major P×P matrix. */
function submatrix(a: Float64Array, P: number, index: readonly number[]): Float64Array {
  const q = index.length;
  const out = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) out[i * q + j] = a[index[i] * P + index[j]];
  return out;
}

/** D·A·D with D = diag(A)^(−1/2), so that pivots read as 1 − R². */
function unitDiagonal(a: Float64Array, n: number): { matrix: Float64Array; inverseRoot: Float64Array } {
  const inverseRoot = new Float64Array(n);
  for (let i = 0; i < n; i++) inverseRoot[i] = a[i * n + i] > 0 ? 1 / Math.sqrt(a[i * n + i]) : 0;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) matrix[i * n + j] = a[i * n + j] * inverseRoot[i] * inverseRoot[j];
  return { matrix, inverseRoot };
}

/** (D·A·D)⁻¹ → A⁻¹ = D·(DAD)⁻¹·D, in place. */
function rescale(inverse: Float64Array, inverseRoot: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) inverse[i * n + j] *= inverseRoot[i] * inverseRoot[j];
  return inverse;
}

/** B·M·B for symmetric B and M. */
function sandwich(b: Float64Array, meat: Float64Array, n: number): Float64Array {
  const bm = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const bik = b[i * n + k];
      if (bik === 0) continue;
      for (let j = 0; j < n; j++) bm[i * n + j] += bik * meat[k * n + j];
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const v = bm[i * n + k];
      if (v === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += v * b[k * n + j];
    }
  }
  return out;
}

/** Average A with Aᵀ: rounding in the products leaves it asymmetric in the last bits. */
function symmetrise(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
}
