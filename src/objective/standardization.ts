/**
 * Standardisation inside the fit, applied implicitly: the data in kernel memory stay as they
 * are, and the objective the solvers see is the loss of the standardised features
 * x̃ = (x − μ)/σ, whose parameters θ̃ map to the original units by
 *   W = W̃/σ (per column),  b = b̃ − Σ_j W_j μ_j,
 * a linear map T (θ = Tθ̃). The Objective evaluates the data at Tθ̃ and returns Tᵀ∇ and TᵀHT,
 * and penalises θ̃: the optimum is that of scikit-learn's
 * make_pipeline(StandardScaler(), LogisticRegression()), already in original units.
 *
 * Why not transform X while copying it: a dataset placed in kernel memory once (the folds of
 * a cross-validation, each with its own statistics) stays untouched, and sparse rows keep
 * their zeros (centring would fill them). The cost is rounding: the logits b + W·x of raw
 * features cancel where |μ|/σ is large, which loses about log10(|μ|/σ) digits of the
 * gradient (measured: coefficients still within 1e-9 for |μ|/σ = 1e4, see test/workflow).
 */
import type { ResidentData } from "./resident-data.js";
import type { Resident } from "./resident.js";
import { SparseResidentData } from "./sparse-resident-data.js";
import { sparseColumnStatistics, sparseHalfMeanSquaredNorm } from "./sparse-column-statistics.js";

/** Weighted per-column statistics of the features (population variance). */
export interface ColumnStatistics {
  /** Weighted mean of each feature. */
  mean: Float64Array;
  /** Weighted population standard deviation (0 for a constant column). */
  std: Float64Array;
  /** Whether every row that counts has the same value. */
  constant: boolean[];
}

/** Mean and standard deviation of each feature over the rows, weighted by `weights` (two passes). */
export function columnStatistics(data: Resident, weights: Float64Array): ColumnStatistics {
  // CSR: from the stored entries (the zeros stay implicit); else the dense rows.
  if (data instanceof SparseResidentData) return sparseColumnStatistics(data.csr, weights);
  const { n, d, s } = data as ResidentData;
  const x = (data as ResidentData).features();
  const mean = new Float64Array(d);
  const first = new Float64Array(d).fill(NaN);
  const constant = new Array<boolean>(d).fill(true);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    total += w;
    for (let j = 0; j < d; j++) {
      const v = x[i * s + 1 + j];
      mean[j] += w * v;
      if (Number.isNaN(first[j])) first[j] = v;
      else if (v !== first[j]) constant[j] = false;
    }
  }
  for (let j = 0; j < d; j++) mean[j] = constant[j] ? first[j] : mean[j] / total;
  const variance = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    for (let j = 0; j < d; j++) {
      const c = x[i * s + 1 + j] - mean[j];
      variance[j] += w * c * c;
    }
  }
  return { mean, std: variance.map((v, j) => (constant[j] ? 0 : Math.sqrt(v / total))), constant };
}

/**
 * The map between standardised parameters θ̃ (what the solvers see) and the original units θ.
 * Used two ways: for standardize, the penalty acts on θ̃ (the pipeline's optimum); as a
 * preconditioner of the first-order solvers on badly scaled data, it acts on θ, so the
 * optimum stays the plain fit's and only the solver's path changes.
 */
export class ColumnScaling {
  /** Subtracted from each feature (zeros when not centring). */
  readonly shift: Float64Array;
  /** Each feature is divided by this (1 for a constant column). */
  readonly scale: Float64Array;
  /** Whether the penalty acts on the standardised parameters (standardize) or on the original ones. */
  readonly penalisesStandardised: boolean;
  /** max_j 1/scale_j²: how much more the penalty on original weights curves in θ̃. */
  readonly largestInverseSquare: number;
  private readonly d: number;
  private readonly K: number;

  /** From the statistics of the training rows; without an intercept the features are scaled, not centred. */
  constructor(stats: ColumnStatistics, centre: boolean, K: number, purpose: "standardize" | "precondition" = "standardize") {
    this.d = stats.mean.length;
    this.K = K;
    this.shift = centre ? Float64Array.from(stats.mean) : new Float64Array(this.d);
    this.scale = stats.std.map((v, j) => (stats.constant[j] || v === 0 ? 1 : v));
    this.penalisesStandardised = purpose === "standardize";
    this.largestInverseSquare = this.scale.reduce((a, v) => Math.max(a, 1 / (v * v)), 0);
  }

  /** The same map for the features `features` (0-based, ascending) alone: a working set of the L1 solver. */
  restrict(features: Int32Array): ColumnScaling {
    const stats = {
      mean: Float64Array.from(features, (j) => this.shift[j]),
      std: Float64Array.from(features, (j) => this.scale[j]),
      constant: Array.from(features, () => false),
    };
    return new ColumnScaling(stats, true, this.K, this.penalisesStandardised ? "standardize" : "precondition");
  }

  /** out = Tθ̃: the original-units parameters of standardised ones (compact layout). */
  toOriginal(standardised: Float64Array, out: Float64Array): Float64Array {
    const { d, K, shift, scale } = this;
    const m = d + 1;
    for (let k = 0; k < K; k++) {
      let b = standardised[k * m];
      for (let j = 0; j < d; j++) {
        const w = standardised[k * m + 1 + j] / scale[j];
        out[k * m + 1 + j] = w;
        b -= w * shift[j];
      }
      out[k * m] = b;
    }
    return out;
  }

  /** out = T⁻¹θ: standardised parameters of original-units ones. */
  toStandardised(original: Float64Array, out: Float64Array): Float64Array {
    const { d, K, shift, scale } = this;
    const m = d + 1;
    for (let k = 0; k < K; k++) {
      let b = original[k * m];
      for (let j = 0; j < d; j++) {
        b += original[k * m + 1 + j] * shift[j];
        out[k * m + 1 + j] = original[k * m + 1 + j] * scale[j];
      }
      out[k * m] = b;
    }
    return out;
  }

  /** g ← Tᵀg in place: a gradient (or any dual vector) from the original parameters to the standardised ones. */
  pullBack(g: Float64Array): void {
    const { d, K, shift, scale } = this;
    const m = d + 1;
    for (let k = 0; k < K; k++) {
      const gb = g[k * m];
      for (let j = 0; j < d; j++) g[k * m + 1 + j] = (g[k * m + 1 + j] - shift[j] * gb) / scale[j];
    }
  }

  /** out = T⁻ᵀg: a gradient in standardised coordinates back in the original ones (undoes pullBack). */
  pushForward(g: Float64Array, out: Float64Array): Float64Array {
    const { d, K, shift, scale } = this;
    const m = d + 1;
    for (let k = 0; k < K; k++) {
      const gb = g[k * m];
      out[k * m] = gb;
      for (let j = 0; j < d; j++) out[k * m + 1 + j] = g[k * m + 1 + j] * scale[j] + shift[j] * gb;
    }
    return out;
  }

  /** H ← TᵀHT in place, for a P×P row-major matrix (P = K(d+1)). */
  pullBackMatrix(H: Float64Array): void {
    const P = this.K * (this.d + 1);
    // Each row (giving H·T), then each column (Tᵀ·): pullBack along one index at a time.
    const row = new Float64Array(P);
    for (let r = 0; r < P; r++) {
      row.set(H.subarray(r * P, (r + 1) * P));
      this.pullBack(row);
      H.set(row, r * P);
    }
    const column = row;
    for (let c = 0; c < P; c++) {
      for (let r = 0; r < P; r++) column[r] = H[r * P + c];
      this.pullBack(column);
      for (let r = 0; r < P; r++) H[r * P + c] = column[r];
    }
  }

  /** ½·Σ w‖x̃̂‖²/Σw: the mean squared norm of the standardised rows with their intercept column, halved. */
  halfMeanSquaredNorm(data: Resident, weights: Float64Array): number {
    if (data instanceof SparseResidentData) return sparseHalfMeanSquaredNorm(data.csr, weights, data.fitIntercept, this.shift, this.scale);
    const { n, d, s } = data as ResidentData;
    const x = (data as ResidentData).features();
    let total = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w === 0) continue;
      let sq = x[i * s] * x[i * s];
      for (let j = 0; j < d; j++) {
        const v = (x[i * s + 1 + j] - this.shift[j]) / this.scale[j];
        sq += v * v;
      }
      sum += w * sq;
      total += w;
    }
    return (0.5 * sum) / total;
  }
}
