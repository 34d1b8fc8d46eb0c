/**
 * Cholesky factorisation with diagonal pivoting of a symmetric positive semi-definite
 * matrix, P·A·Pᵀ = L·Lᵀ, stopping where the largest remaining pivot is negligible. Used on
 * matrices scaled to a unit diagonal, where that pivot is 1 − R² of the best remaining
 * column regressed on the chosen ones: a rank decision with a meaning, and, for a
 * deficient matrix, the linear relations that make it so (null vectors).
 */

export interface PivotedCholesky {
  /** n. */
  readonly size: number;
  /** Columns in pivot order: order[i] is the original index of position i. */
  readonly order: Int32Array;
  /** Numerical rank: positions 0..rank−1 are factorised. */
  readonly rank: number;
  /** L, row-major n×n in pivot order; only its first `rank` columns are meaningful. */
  readonly lower: Float64Array;
}

/**
 * Factorise `a` (row-major n×n, not modified). A pivot counts as zero when it is at most
 * `tolerance` times the largest diagonal entry of `a`.
 */
export function pivotedCholesky(a: Float64Array, n: number, tolerance: number): PivotedCholesky {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  // Work on a pivoted copy; the Schur complement is updated in place (right-looking).
  const w = Float64Array.from(a);
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, w[i * n + i]);
  const floor = tolerance * maxDiagonal;
  let rank = 0;
  for (let k = 0; k < n; k++) {
    let best = k;
    for (let i = k + 1; i < n; i++) if (w[i * n + i] > w[best * n + best]) best = i;
    const pivot = w[best * n + best];
    if (!(pivot > floor)) break;
    swapSymmetric(w, n, k, best);
    const t = order[k];
    order[k] = order[best];
    order[best] = t;
    const lkk = Math.sqrt(pivot);
    w[k * n + k] = lkk;
    for (let i = k + 1; i < n; i++) w[i * n + k] /= lkk;
    for (let i = k + 1; i < n; i++) {
      const lik = w[i * n + k];
      for (let j = k + 1; j <= i; j++) w[i * n + j] -= lik * w[j * n + k];
    }
    // Keep the trailing block symmetric so that the next pivot search reads the updated diagonal.
    for (let i = k + 1; i < n; i++) for (let j = k + 1; j < i; j++) w[j * n + i] = w[i * n + j];
    rank++;
  }
  return { size: n, order, rank, lower: w };
}

/** Swap rows and columns p and q of a symmetric matrix stored in full. */
function swapSymmetric(w: Float64Array, n: number, p: number, q: number): void {
  if (p === q) return;
  for (let j = 0; j < n; j++) {
    const t = w[p * n + j];
    w[p * n + j] = w[q * n + j];
    w[q * n + j] = t;
  }
  for (let i = 0; i < n; i++) {
    const t = w[i * n + p];
    w[i * n + p] = w[i * n + q];
    w[i * n + q] = t;
  }
}

/**
 * For a rank-deficient factorisation, the null vector belonging to the unfactorised
 * position `position` (≥ rank): v with v[order[position]] = 1, the factorised columns
 * chosen so that A·v ≈ 0, every other entry 0. In original (unpivoted) indices.
 */
export function nullVector(f: PivotedCholesky, position: number): Float64Array {
  const { size: n, rank, lower: l, order } = f;
  // Solve L11ᵀ·u = L21[position, :]ᵀ; then v = [−u; e_position].
  const u = new Float64Array(rank);
  for (let i = 0; i < rank; i++) u[i] = l[position * n + i];
  for (let i = rank - 1; i >= 0; i--) {
    let s = u[i];
    for (let k = i + 1; k < rank; k++) s -= l[k * n + i] * u[k];
    u[i] = s / l[i * n + i];
  }
  const v = new Float64Array(n);
  for (let i = 0; i < rank; i++) v[order[i]] = -u[i];
  v[order[position]] = 1;
  return v;
}

/** A⁻¹ (row-major n×n, original order) from a full-rank factorisation. */
export function inverseFromCholesky(f: PivotedCholesky): Float64Array {
  const { size: n, lower: l, order } = f;
  if (f.rank !== n) throw new Error("internal: inverse of a rank-deficient factorisation");
  // Row c of `yt` is column c of L⁻¹ (forward substitution on e_c): then
  // (L⁻ᵀL⁻¹)[i][j] = Σ_k L⁻¹[k][i]·L⁻¹[k][j] is a dot product of two contiguous rows.
  const yt = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const y = yt.subarray(c * n, (c + 1) * n);
    y[c] = 1 / l[c * n + c];
    for (let i = c + 1; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let k = c; k < i; k++) s -= l[row + k] * y[k];
      y[i] = s / l[row + i];
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      // Both rows are zero before their own index: the sum starts at max(i, j) = i.
      let s = 0;
      for (let k = i; k < n; k++) s += yt[i * n + k] * yt[j * n + k];
      const oi = order[i];
      const oj = order[j];
      out[oi * n + oj] = s;
      out[oj * n + oi] = s;
    }
  }
  return out;
}
