/**
 * What an unpenalised fit keeps so that inference needs neither the training data nor a
 * refit (and works on a model loaded from JSON): the observed information and the outer
 * product of the scores at the optimum, both SUMMED over rows with the sample weights as
 * frequencies, in the full K(d+1) parameterisation, plus the log-likelihoods.
 *
 * The full parameterisation is singular along the softmax's null directions, but any
 * reference-class parameterisation is that matrix with the reference class's rows and
 * columns dropped: the likelihood depends on θ only through the differences θ_k − θ_r, so
 * derivatives with θ_r held at its value are derivatives in the differences.
 */
/** Inference is offered up to this many parameters K(d+1) (two dense P×P matrices are kept and saved). */
export const MAX_INFERENCE_PARAMETERS = 500;

export interface FitStatistics {
  /** Σ_n w_n (diag p_n − p_n p_nᵀ) ⊗ x̂_n x̂_nᵀ at the fitted θ, P×P row-major, θ layout. */
  information: Float64Array;
  /** Σ_n w_n s_n s_nᵀ with the per-row scores s_n = (y_n − p_n) ⊗ x̂_n (the HC0 "meat"). */
  scoreOuterProducts: Float64Array;
  /** Σ_n w_n log p_n(y_n) (for soft targets Σ_n w_n Σ_k y_nk log p_nk). */
  logLikelihood: number;
  /** The same for the intercept-only model: class probabilities = weighted class frequencies. */
  nullLogLikelihood: number;
  /** Σ_n w_n x̂_n x̂_nᵀ, (d+1)×(d+1): tells collinear features apart from separated classes. */
  designGram: Float64Array;
  /** Σ_n w_n: the number of observations, weights being frequencies. */
  nObs: number;
  /** Whether the solver reached its tolerance. */
  converged: boolean;
  /** Whether the fit found the data separable (no finite maximum-likelihood estimate). */
  separable: boolean;
}

/** The training data as the fit saw it (read only). */
export interface StatisticsInput {
  /** n×d features, row i at data[i·stride + offset …] (stride d and offset 0 unless given). */
  X: { data: ArrayLike<number>; rows: number; cols: number; stride?: number; offset?: number };
  /** Class indices (hard labels) or n×K probabilities (soft targets). */
  labels: Int32Array | null;
  soft: Float64Array | null;
  K: number;
  weights: ArrayLike<number>;
  fitIntercept: boolean;
  /** Whether X̂ was rounded to float32 for the kernels (the scores then use the same values). */
  float32: boolean;
  /** n×K fitted probabilities at the optimum. */
  probabilities: Float64Array;
  /** The summed information matrix at the optimum (from the objective's exact Hessian). */
  information: Float64Array;
  logLikelihood: number;
  converged: boolean;
  separable: boolean;
}

/** Rows per tile of the score accumulation: the tile's packed x̂x̂ᵀ stay in cache across class pairs. */
const TILE = 64;

/** Refuse a problem whose statistics would not be kept (the limit is in the README). */
export function inferenceFits(P: number): boolean {
  return P <= MAX_INFERENCE_PARAMETERS;
}

export function collectStatistics(input: StatisticsInput): FitStatistics {
  const { X, K } = input;
  const P = K * (X.cols + 1);
  if (!inferenceFits(P)) throw new Error(`internal: statistics of ${P} parameters requested`);
  let nObs = 0;
  for (let i = 0; i < X.rows; i++) nObs += input.weights[i];
  return {
    information: Float64Array.from(input.information),
    ...scoresAndGram(input),
    logLikelihood: input.logLikelihood,
    nullLogLikelihood: nullLogLikelihood(input, nObs),
    nObs,
    converged: input.converged,
    separable: input.separable,
  };
}

/** Σ_k c_k log(c_k / Σw) with c_k the weighted count (or probability mass) of class k; 0·log 0 = 0. */
function nullLogLikelihood(input: StatisticsInput, nObs: number): number {
  const { K, weights, labels, soft } = input;
  const mass = new Float64Array(K);
  for (let i = 0; i < input.X.rows; i++) {
    const w = weights[i];
    if (w === 0) continue;
    if (labels) mass[labels[i]] += w;
    else for (let k = 0; k < K; k++) mass[k] += w * soft![i * K + k];
  }
  let ll = 0;
  for (let k = 0; k < K; k++) if (mass[k] > 0) ll += mass[k] * Math.log(mass[k] / nObs);
  return ll;
}

/**
 * M = Σ_n w_n (r_n r_nᵀ) ⊗ (x̂_n x̂_nᵀ), r_n = y_n − p_n, as blocks M_kl = X̂ᵀ diag(w r_k r_l) X̂,
 * and the design Gram Σ w x̂x̂ᵀ as one more block (coefficient w). Rows are taken a tile at a
 * time: each row's packed upper triangle of x̂x̂ᵀ is formed once, then every block adds the
 * tile's triangles scaled by its coefficients, four rows per sweep (one load and store of
 * the block entry per four products). The result is unpacked to full symmetric matrices.
 */
function scoresAndGram(input: StatisticsInput): { scoreOuterProducts: Float64Array; designGram: Float64Array } {
  const { X, K, weights, labels, soft, probabilities, fitIntercept, float32 } = input;
  const data = X.data;
  const d = X.cols;
  const stride = X.stride ?? d;
  const offset = X.offset ?? 0;
  const m = d + 1;
  const T = (m * (m + 1)) / 2;
  // Block 0 is the design Gram, blocks 1… the class pairs k ≤ l in row order.
  const nBlocks = 1 + (K * (K + 1)) / 2;
  const blocks = new Float64Array(nBlocks * T);
  const outer = new Float64Array(TILE * T);
  const coefficient = new Float64Array(TILE * nBlocks);
  const xhat = new Float64Array(m);
  const r = new Float64Array(K);
  for (let start = 0; start < X.rows; start += TILE) {
    const rows = Math.min(TILE, X.rows - start);
    for (let t = 0; t < rows; t++) {
      const i = start + t;
      const w = weights[i];
      xhat[0] = fitIntercept ? 1 : 0;
      for (let j = 0; j < d; j++) {
        const v = data[i * stride + offset + j];
        xhat[j + 1] = float32 ? Math.fround(v) : v;
      }
      let e = t * T;
      for (let a = 0; a < m; a++) for (let b = a; b < m; b++) outer[e++] = xhat[a] * xhat[b];
      for (let k = 0; k < K; k++) {
        const target = labels ? (labels[i] === k ? 1 : 0) : soft![i * K + k];
        r[k] = target - probabilities[i * K + k];
      }
      let c = t * nBlocks;
      coefficient[c++] = w;
      for (let k = 0; k < K; k++) for (let l = k; l < K; l++) coefficient[c++] = w * r[k] * r[l];
    }
    for (let block = 0; block < nBlocks; block++) {
      const at = block * T;
      let t = 0;
      for (; t + 4 <= rows; t += 4) {
        const c0 = coefficient[t * nBlocks + block];
        const c1 = coefficient[(t + 1) * nBlocks + block];
        const c2 = coefficient[(t + 2) * nBlocks + block];
        const c3 = coefficient[(t + 3) * nBlocks + block];
        const r0 = t * T;
        const r1 = r0 + T;
        const r2 = r1 + T;
        const r3 = r2 + T;
        for (let e = 0; e < T; e++) {
          blocks[at + e] += c0 * outer[r0 + e] + c1 * outer[r1 + e] + c2 * outer[r2 + e] + c3 * outer[r3 + e];
        }
      }
      for (; t < rows; t++) {
        const c = coefficient[t * nBlocks + block];
        const row = t * T;
        for (let e = 0; e < T; e++) blocks[at + e] += c * outer[row + e];
      }
    }
  }
  return { scoreOuterProducts: unpack(blocks.subarray(T), K, m), designGram: unpack(blocks.subarray(0, T), 1, m) };
}

/** Packed upper-triangular blocks (pairs k ≤ l) → the full symmetric P×P matrix. */
function unpack(blocks: Float64Array, K: number, m: number): Float64Array {
  const P = K * m;
  const T = (m * (m + 1)) / 2;
  const out = new Float64Array(P * P);
  let pair = 0;
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++, pair++) {
      let e = pair * T;
      for (let a = 0; a < m; a++) {
        for (let b = a; b < m; b++, e++) {
          const v = blocks[e];
          // Block (k, l) is symmetric in (a, b), and block (l, k) is its transpose.
          out[(k * m + a) * P + l * m + b] = v;
          out[(k * m + b) * P + l * m + a] = v;
          out[(l * m + b) * P + k * m + a] = v;
          out[(l * m + a) * P + k * m + b] = v;
        }
      }
    }
  }
  return out;
}
