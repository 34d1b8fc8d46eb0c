/**
 * Newton-CG's inner solve ∇²f(θ)·x = −∇f(θ) on CSR data, run in the sparse kernels' own
 * layout (d + 1 rows of KP doubles, sparse-resident-data.ts): on text K(d+1) is as large as
 * the stored entries, so converting every CG direction to and from the compact layout, and
 * every separate pass over the vectors, costs as much as the Hessian-vector product itself.
 * Here the right-hand side and the solution are converted once per solve; each product is
 * the kernel plus one pass (normalisation, penalty and pᵀHp together), and the CG's own
 * vector work is two fused passes (linalg/cg-ops.ts), all in kernel memory and, on the
 * WebAssembly backend, in SIMD (assembly/sparse/cg.ts).
 *
 * Preconditioner: Jacobi per feature, M = D ⊗ I_K with D_j = Σ_n c_n x_nj² / Σw plus the
 * penalty's curvature, c_n = w_n(1 − ‖p_n‖²)/K the row's mean softmax curvature (the weight the
 * dense Gram preconditioner gives a row). One D_j shared by the K classes keeps M⁻¹ within
 * the space the softmax's null directions are orthogonal to, as the Gram preconditioner's
 * I_K ⊗ A⁻¹ does. Measured on the 2000 × 20 000 bag of words (λ = 1e-4, tol 1e-8): 258
 * products in 14 Newton steps against 310 in 17 without it; a per-class diagonal diverged
 * (its CG solves ran to 178 products).
 */
import { conjugateGradientOps, type CgOps, type CgOpsResult } from "../linalg/cg-ops.js";
import type { Penalty } from "./penalty.js";
import type { SparseResidentData } from "./sparse-resident-data.js";

/** Newton-CG's inner solve in a data layout of its own (Objective.newtonSystem). */
export interface NewtonSystem {
  /**
   * direction ← an approximate solution of ∇²f(θ)·x = −gradient (gradient = ∇f(θ), compact
   * layout), by preconditioned CG to ‖r‖ ≤ η‖∇f‖ or `maxIterations` products.
   */
  solve(theta: Float64Array, gradient: Float64Array, direction: Float64Array | null, eta: number, maxIterations: number): CgOpsResult;
  // With direction null, solve() leaves its solution x in kernel memory; until the next solve
  // a line search runs along it without compact arrays of x or of its trial points.
  /** gradientᵀx in compact order (the bits of a loop over gradient and x's compact array). */
  slope(gradient: Float64Array): number;
  /** f at θ + t·x, the gradient held (Objective.readHeldGradient, heldGradientMax). */
  lossAlong(theta: Float64Array, t: number): number;
  /** θ ← the last lossAlong's point (at step t); returns max |Δθ| (maxAbs's rule), `step` ← Δθ when given. */
  takePoint(theta: Float64Array, t: number, step: Float64Array | null): number;
  /** Free its kernel memory. Safe to call twice. */
  dispose(): void;
}

/** What the system needs from the Objective. */
export interface NewtonSystemSource {
  data: SparseResidentData;
  penalty: Penalty;
  /** 1/Σw. */
  scale: number;
  /** Make the data's kept probabilities those at θ. */
  keepProbabilitiesAt(theta: Float64Array): void;
  /** The Objective's value at θ + t·x for the layout vector x (rows `stride` apart), its gradient held. */
  lossAlong(theta: Float64Array, t: number, x: number, stride: number): number;
}

export class SparseNewtonSystem implements NewtonSystem {
  private readonly source: NewtonSystemSource;
  /**
   * x and r interleaved in a buffer of the system's (x at `pair`, r KP doubles on); p and hp in
   * the data's θ/gradient rows, borrowed for the solve (sparse-resident-data.ts), so the
   * product's kernel sees p and hp as it sees θ and the gradient.
   */
  private readonly pair: number;
  /** 1/D_j per feature row (row 0: the intercepts), then two sums. */
  private readonly inverse: number;
  private readonly sums: number;
  private disposed = false;

  constructor(source: NewtonSystemSource) {
    this.source = source;
    const { data } = source;
    const rows = data.d + 1;
    this.pair = data.allocateLayoutVector(rows * data.pairStride);
    try {
      this.inverse = data.allocateLayoutVector(rows + 2);
    } catch (e) {
      data.freeLayoutVector(this.pair);
      throw e;
    }
    this.sums = this.inverse + rows * 8;
  }

  solve(theta: Float64Array, gradient: Float64Array, direction: Float64Array | null, eta: number, maxIterations: number): CgOpsResult {
    const { data } = this.source;
    this.source.keepProbabilitiesAt(theta);
    this.refreshPreconditioner();
    const stride = data.pairStride;
    const x = this.pair;
    const r = this.pair + data.lanes * 8;
    data.toLayout(gradient, r, stride);
    const f = data.csr.heap.f64;
    for (let j = 0, i = r >>> 3; j <= data.d; j++, i += stride) for (let k = 0; k < data.lanes; k++) f[i + k] = -f[i + k];
    const p = data.borrowParameterRows();
    try {
      const result = conjugateGradientOps(this.ops(x, r, p, p + data.lanes * 8), eta, maxIterations);
      if (direction) data.fromLayout(x, direction, stride);
      return result;
    } finally {
      data.returnParameterRows();
    }
  }

  slope(gradient: Float64Array): number {
    return this.source.data.slopeAlong(gradient, this.pair, this.source.data.pairStride);
  }

  lossAlong(theta: Float64Array, t: number): number {
    return this.source.lossAlong(theta, t, this.pair, this.source.data.pairStride);
  }

  takePoint(theta: Float64Array, t: number, step: Float64Array | null): number {
    return this.source.data.takeHeldPoint(theta, t, step);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.source.data.freeLayoutVector(this.pair);
    this.source.data.freeLayoutVector(this.inverse);
  }

  /** The CG's vector work on x, r, p, hp (layout vectors at the pair stride), by the data's kernels. */
  private ops(x: number, r: number, p: number, hp: number): CgOps {
    const { data, penalty, scale } = this.source;
    const { inverse } = this;
    const kernels = data.csr.kernels;
    const heap = data.csr.heap;
    const rows = data.d + 1;
    const { lanes, pairStride: stride } = data;
    const sums = (): [number, number] => {
      const f = heap.f64;
      return [f[this.sums >>> 3], f[(this.sums >>> 3) + 1]];
    };
    // The penalty acts from the first penalised feature row on (penalty.ts: every weight, no intercept).
    let penalisedFrom = 0;
    while (penalisedFrom < rows && !penalty.penalises(penalisedFrom)) penalisedFrom++;
    const absentRows = data.fitIntercept ? 0 : 1;
    return {
      start: () => {
        kernels.cgStart(x, r, p, inverse, rows, lanes, stride, this.sums);
        return sums();
      },
      multiply: () => {
        data.hessianVectorInLayout(p, hp, stride);
        return kernels.hessianFinish(p, hp, rows, lanes, stride, scale, penalty.l2, absentRows, penalisedFrom);
      },
      update: (alpha) => {
        kernels.cgUpdate(x, r, p, hp, inverse, rows, lanes, stride, alpha, this.sums);
        return sums();
      },
      direction: (beta) => kernels.cgDirection(r, p, inverse, rows, lanes, stride, beta),
      solutionFromDirection: () => {
        const f = heap.f64;
        for (let j = 0; j < rows; j++) f.copyWithin((x >>> 3) + j * stride, (p >>> 3) + j * stride, (p >>> 3) + j * stride + lanes);
      },
    };
  }

  /** 1 / D_j at the kept probabilities. */
  private refreshPreconditioner(): void {
    const { data, penalty, scale } = this.source;
    const rows = data.d + 1;
    // D is computed where 1/D goes (no array a solve: on text 160 KB each, 14 of them a fit).
    const at = this.inverse >>> 3;
    const diagonal = data.csr.heap.f64.subarray(at, at + rows);
    data.curvatureDiagonal(diagonal);
    let largest = 0;
    for (let j = 0; j < rows; j++) {
      diagonal[j] = diagonal[j] * scale + (penalty.penalises(j) ? penalty.l2 : 0);
      if (diagonal[j] > largest) largest = diagonal[j];
    }
    // A feature that curves nowhere (no entries, no penalty): scaled as the stiffest one, so M
    // stays positive definite.
    for (let j = 0; j < rows; j++) diagonal[j] = 1 / (diagonal[j] > 0 ? diagonal[j] : largest > 0 ? largest : 1);
  }
}
