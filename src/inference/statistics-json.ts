/**
 * The fit statistics in a saved model (the optional `statistics` field), and the checks
 * fromJSON makes before trusting them (INVALID_MODEL naming the field): every number finite,
 * every matrix of the model's size, symmetric by construction (only upper triangles are
 * stored), and positive semi-definite as far as a cheap test can tell — a non-negative
 * diagonal and |A_ij| ≤ √(A_ii·A_jj), which every sum of outer products satisfies.
 *
 * (The softmax also makes each block row sum to zero over the classes, but not to a
 * tolerance that survives rows fitted with probabilities within 1e-12 of 1, whose 1 − p has
 * few correct digits; so that is not checked.)
 */
import { fail } from "../util/errors.js";
import { describe } from "../input/checks.js";
import type { FitStatistics } from "./fit-statistics.js";

/** The `statistics` field of a saved model. Matrices are upper triangles: row i holds entries i..n−1. */
export interface StatisticsJSON {
  logLikelihood: number;
  nullLogLikelihood: number;
  nObs: number;
  converged: boolean;
  separable: boolean;
  /** K(d+1) rows, the observed information Σ w (diag p − ppᵀ) ⊗ x̂x̂ᵀ. */
  information: number[][];
  /** K(d+1) rows, Σ w s sᵀ of the per-row scores. */
  scoreOuterProducts: number[][];
  /** d+1 rows, Σ w x̂x̂ᵀ. */
  designGram: number[][];
}

/** Rounding can push a 2×2 minor of a (nearly) rank-one matrix just past Cauchy–Schwarz. */
const CAUCHY_SCHWARZ_SLACK = 1e-12;

export function statisticsToJSON(s: FitStatistics, K: number, d: number): StatisticsJSON {
  const P = K * (d + 1);
  return {
    logLikelihood: s.logLikelihood,
    nullLogLikelihood: s.nullLogLikelihood,
    nObs: s.nObs,
    converged: s.converged,
    separable: s.separable,
    information: upper(s.information, P),
    scoreOuterProducts: upper(s.scoreOuterProducts, P),
    designGram: upper(s.designGram, d + 1),
  };
}

/**
 * The `statistics` of a parsed saved model (undefined when it has none), checked. They are
 * read by LogisticRegression.fromJSON only, not by partsFromJSON: the predict-only bundles
 * never carry this code.
 */
export function statisticsFromSavedModel(
  model: unknown,
  K: number,
  d: number,
  penalties: Readonly<Record<string, number>>,
): FitStatistics | undefined {
  const saved = (model as { statistics?: unknown }).statistics;
  if (saved === undefined) return undefined;
  for (const [name, value] of Object.entries(penalties)) {
    if (value !== 0) fail("INVALID_MODEL", `model has fit statistics but training.options.${name} is ${value}; they belong to unpenalised fits`);
  }
  return statisticsFromJSON(saved, K, d);
}

/** Parse and check the saved statistics of a model with K classes and d features. */
export function statisticsFromJSON(json: unknown, K: number, d: number): FitStatistics {
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail("INVALID_MODEL", `model statistics must be an object, got ${describe(json)}`);
  const o = json as Record<string, unknown>;
  const P = K * (d + 1);
  const logLikelihood = finite(o.logLikelihood, "logLikelihood");
  const nullLogLikelihood = finite(o.nullLogLikelihood, "nullLogLikelihood");
  if (logLikelihood > 0 || nullLogLikelihood > 0) fail("INVALID_MODEL", "model statistics: log-likelihoods of a multinomial model cannot be positive");
  const nObs = finite(o.nObs, "nObs");
  if (!(nObs > 0)) fail("INVALID_MODEL", `model statistics.nObs must be positive, got ${describe(o.nObs)}`);
  for (const key of ["converged", "separable"] as const) {
    if (typeof o[key] !== "boolean") fail("INVALID_MODEL", `model statistics.${key} must be true or false, got ${describe(o[key])}`);
  }
  const information = symmetric(o.information, P, "information");
  const scoreOuterProducts = symmetric(o.scoreOuterProducts, P, "scoreOuterProducts");
  const designGram = symmetric(o.designGram, d + 1, "designGram");
  return {
    logLikelihood,
    nullLogLikelihood,
    nObs,
    converged: o.converged as boolean,
    separable: o.separable as boolean,
    information,
    scoreOuterProducts,
    designGram,
  };
}

function upper(a: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n + i, (i + 1) * n)));
}

/** A full symmetric matrix from its stored upper triangle, checked. */
function symmetric(rows: unknown, n: number, name: string): Float64Array {
  if (!Array.isArray(rows) || rows.length !== n) fail("INVALID_MODEL", `model statistics.${name} must have ${n} rows, got ${describe(rows)}`);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== n - i) {
      fail("INVALID_MODEL", `model statistics.${name} row ${i} must hold the ${n - i} entries from the diagonal on, got ${describe(row)}`);
    }
    for (let j = i; j < n; j++) {
      const v = finite(row[j - i], `${name}[${i}][${j}]`);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
    if (out[i * n + i] < 0) fail("INVALID_MODEL", `model statistics.${name}[${i}][${i}] is negative (${out[i * n + i]}); it is a sum of squares`);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(out[i * n + j]) > Math.sqrt(out[i * n + i] * out[j * n + j]) * (1 + CAUCHY_SCHWARZ_SLACK)) {
        fail("INVALID_MODEL", `model statistics.${name}[${i}][${j}] = ${out[i * n + j]} exceeds √(diagonal·diagonal): not a sum of outer products; the file was damaged or edited`);
      }
    }
  }
  return out;
}

function finite(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) fail("INVALID_MODEL", `model statistics.${where} must be a finite number, got ${describe(v)}`);
  return v;
}
