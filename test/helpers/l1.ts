// L1 test helpers: the fixtures of test/fixtures/sparse (scikit-learn saga optima polished
// by an active-set Newton in scripts/fixtures/sparse.py), and the composite objective and
// KKT residual computed here, independently of the solvers' own code.
import { createObjective } from "../../src/index.js";
import { loadCsv, loadJson, standardize } from "./fixtures.js";

export interface L1Case {
  lambda1: number;
  lambda2: number;
  sklearn: { coef_: number[][]; intercept_: number[]; n_iter_: number[] | number; kkt_residual: number; objective: number };
  polished: { coef: number[][]; intercept: number[]; objective: number; kkt_residual: number; n_zero_coef: number };
}

export interface L1Fixture {
  name: string;
  X: number[][];
  y: number[];
  K: number;
  cases: L1Case[];
  liblinear?: { lambda1: number; intercept_scaling: number; coef_: number[][]; intercept_: number[] }[];
}

export const L1_FIXTURES = ["l1_iris_std", "l1_wine_std", "l1_breast_cancer_std", "l1_random_csr"] as const;

/** A fixture's problem: the CSV standardised as the fixture says, or its CSR matrix made dense. */
export function l1Fixture(name: (typeof L1_FIXTURES)[number]): L1Fixture {
  const fx = loadJson<Record<string, any>>(`sparse/${name}.json`);
  let X: number[][];
  let y: number[];
  if (fx.X_csr) {
    const { shape, indptr, indices, data } = fx.X_csr as { shape: [number, number]; indptr: number[]; indices: number[]; data: number[] };
    X = Array.from({ length: shape[0] }, () => new Array<number>(shape[1]).fill(0));
    for (let i = 0; i < shape[0]; i++) for (let p = indptr[i]; p < indptr[i + 1]; p++) X[i][indices[p]] += data[p];
    y = fx.y;
  } else {
    const csv = loadCsv(fx.dataset);
    X = standardize(csv.X, fx.standardization);
    y = csv.y;
  }
  return { name, X, y, K: fx.classes.length, cases: fx.cases, liblinear: fx.liblinear };
}

/**
 * scikit-learn's coef_/intercept_ in the full softmax form: for two classes it stores only
 * W[1], and the full form is W = [−coef_, coef_], b = [−intercept_, intercept_].
 */
export function sklearnFull(coef: number[][], intercept: number[]): { coef: number[][]; intercept: number[] } {
  if (coef.length > 1) return { coef, intercept };
  return { coef: [coef[0].map((w) => -w), coef[0]], intercept: [-intercept[0], intercept[0]] };
}

/** θ (compact layout) of coef (K × d) and intercept. */
export function thetaOf(coef: number[][], intercept: number[]): Float64Array {
  const K = coef.length;
  const d = coef[0].length;
  const theta = new Float64Array(K * (d + 1));
  for (let k = 0; k < K; k++) {
    theta[k * (d + 1)] = intercept[k];
    for (let j = 0; j < d; j++) theta[k * (d + 1) + 1 + j] = coef[k][j];
  }
  return theta;
}

/** f(θ) + λ₁‖W‖₁ and the KKT residual at θ, from createObjective's value and gradient of the smooth part. */
export function certificate(
  X: number[][],
  y: ArrayLike<number>,
  l1: number,
  l2: number,
  theta: Float64Array,
  options: { sampleWeight?: ArrayLike<number>; fitIntercept?: boolean } = {},
): { objective: number; kkt: number } {
  const objective = createObjective(X, y, { l2, ...options });
  const d = objective.nFeatures;
  const smooth = objective.value(theta);
  const g = objective.gradient(theta);
  objective.dispose();
  let norm = 0;
  let kkt = 0;
  for (let i = 0; i < theta.length; i++) {
    let r: number;
    if (i % (d + 1) === 0) r = Math.abs(g[i]);
    else {
      norm += Math.abs(theta[i]);
      r = theta[i] !== 0 ? Math.abs(g[i] + l1 * Math.sign(theta[i])) : Math.max(0, Math.abs(g[i]) - l1);
    }
    kkt = Math.max(kkt, r);
  }
  return { objective: smooth + l1 * norm, kkt };
}

/**
 * The coefficients to compare: coef itself, or for K = 2 under pure L1 (whose full-softmax
 * optimum is not unique) the identified difference W[1] − W[0] (and b[1] − b[0]).
 */
export function identified(coef: number[][], intercept: number[], pureBinary: boolean): { coef: number[]; intercept: number[] } {
  if (!pureBinary) return { coef: coef.flat(), intercept };
  return { coef: coef[1].map((w, j) => w - coef[0][j]), intercept: [intercept[1] - intercept[0]] };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return a.length === b.length ? m : Infinity;
}
