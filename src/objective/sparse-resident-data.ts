/**
 * A training set given as CSR, in kernel memory for the sparse kernels: the CSR matrix (a
 * ResidentCsr, the fit's own or a Dataset's), targets and weights, and the buffers one
 * evaluation needs. Memory is O(nnz + n·K + (d+1)·K): nothing of size n × d exists.
 *
 * The sparse kernels take θ feature-major (row 0 the intercepts, then one row per feature in
 * the CSR's stored numbering, resident-csr.ts: by descending count; KP lanes each), and the
 * gradient interleaved with it (row stride 2·KP, the gradient in lanes
 * KP..2KP−1), so the gradient row a non-zero updates sits next to the θ row it has just read.
 * This class converts between that layout and the public compact one θ[k(d+1) + j] (bulk
 * copies of class segments through a small staging block, transposed by a kernel), and does
 * nothing else: normalisation, penalty and statistics belong to the Objective.
 */
import { Allocations, allocateAll } from "../backends/heap.js";
import type { Backend, Dtype } from "../backends/backend.js";
import { paddedClasses, type SparseKernels } from "../backends/sparse-kernels.js";
import type { CsrSource } from "../input/csr-matrix.js";
import type { Targets } from "../input/targets.js";
import { fail } from "../util/errors.js";
import type { Penalty } from "./penalty.js";
import { CurvaturePairs } from "../solvers/curvature-pairs.js";
import { ResidentCsr } from "./resident-csr.js";
import type { Resident, RowBlockHandle } from "./resident.js";

/**
 * Sums of squares of the values must stay this far below the float64 maximum: the curvature
 * bound and the Hessian sum up to nnz + n of them.
 */
const SQUARES_LIMIT = 2 ** 1020;

/** Doubles of the staging block the layout conversions go through (256 KiB: a few blocks a pass on text, little memory). */
const STAGING_DOUBLES = 32768;

/** Columns per staging block for d features and K classes. */
function stagingColumns(d: number, K: number): number {
  return Math.max(1, Math.min(d + 1, Math.floor(STAGING_DOUBLES / K)));
}

/** Bytes of the staging block: K rows of stagingColumns doubles, then one double for a kernel's sum. */
export function stagingBytes(d: number, K: number): number {
  return stagingColumns(d, K) * K * 8 + 8;
}

/** CSR rows in kernel memory with their targets and weights (pointers); `entries` is the entry capacity. */
interface SparseRows extends RowBlockHandle {
  indptr: number;
  indices: number;
  values: number;
  entries: number;
  y: number;
  w: number;
}

export class SparseResidentData implements Resident {
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly soft: boolean;
  readonly fitIntercept: boolean;
  readonly weightSum: number;
  readonly dtype: Dtype;
  /** Stored entries. */
  readonly nnz: number;

  /** The CSR matrix (read by the standardisation's statistics). */
  readonly csr: ResidentCsr;
  private readonly ownsCsr: boolean;
  private readonly backend: Backend;
  private readonly kernels: SparseKernels;
  /** KP (classes rounded up to even) and the interleaved row stride 2·KP, in doubles. */
  private readonly KP: number;
  private readonly stride: number;
  private readonly valueBytes: number;
  private readonly all: SparseRows;
  private readonly blocks = new Set<SparseRows>();
  /** θ with the gradient interleaved; scratch. */
  private readonly parameters: number;
  private readonly scratch: number;
  /** The layout conversions' staging block: K rows of `blockColumns` doubles. */
  private readonly staging: number;
  private readonly blockColumns: number;
  private weightsView?: Float64Array;
  private probabilities = 0;
  /**
   * Whether the θ lanes of the evaluation rows hold the θ the kept probabilities were computed
   * at (keptProbabilitiesAt compares with them, so the Objective keeps no copy of θ).
   */
  private keptInRows = false;
  /** The read-out of the gradient the evaluation rows hold (lossHoldingGradient), null when they hold none. */
  private held: { scale: number; l2: number; first: number } | null = null;
  /** v with the Hessian-vector product interleaved. */
  private vector = 0;
  private hessianPtr = 0;
  private disposed = false;
  /** The targets and weights this data was made from (used again by selectColumns). */
  private readonly targets: Targets;
  private readonly sourceWeights: Float64Array;
  /** Column subsets made by selectColumns, freed with this data. */
  private readonly subsets = new Set<SparseResidentData>();
  private parent?: SparseResidentData;
  /** Vectors from allocateLayoutVector, freed with the data. */
  private readonly layoutVectors = new Set<number>();
  /** L-BFGS pair memories from curvaturePairs, freed with the data. */
  private readonly pairMemories = new Set<CurvaturePairs>();
  /** Whether the last writeParameters met a value that is not finite. */
  private wroteNonFinite = false;

  /**
   * The data of one fit on `csr` (freed with it when `ownsCsr`, also when this constructor
   * throws). Throws NUMERICAL when the values are too large for float64 sums of squares,
   * TOO_LARGE when kernel memory runs out; nothing stays allocated then.
   */
  constructor(csr: ResidentCsr, targets: Targets, weights: Float64Array, fitIntercept: boolean, ownsCsr: boolean) {
    this.csr = csr;
    this.ownsCsr = ownsCsr;
    this.targets = targets;
    this.sourceWeights = weights;
    const backend = (this.backend = csr.backend);
    this.dtype = csr.dtype;
    this.fitIntercept = fitIntercept;
    this.kernels = csr.kernels;
    this.valueBytes = csr.valueBytes;
    const n = (this.n = csr.n);
    this.d = csr.d;
    const K = (this.K = targets.classes.length);
    this.KP = paddedClasses(K);
    this.stride = 2 * this.KP;
    this.soft = targets.kind === "soft";
    this.nnz = csr.nnz;
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    this.weightSum = total;

    const heap = backend.heap;
    const parameterBytes = (this.d + 1) * this.stride * 8;
    const allocations = new Allocations(heap);
    const alloc = (bytes: number) => allocations.alloc(bytes);
    try {
      if (csr.largest * csr.largest * (this.nnz + n) > SQUARES_LIMIT) this.overflowingColumn();
      this.all = {
        capacity: n, indptr: csr.indptr, indices: csr.indices, values: csr.values, entries: this.nnz,
        y: alloc(this.targetBytes(n)), w: alloc(n * 8),
      };
      this.parameters = alloc(parameterBytes);
      this.scratch = alloc(this.kernels.scratchBytes(K));
      this.blockColumns = stagingColumns(this.d, K);
      this.staging = alloc(stagingBytes(this.d, K));
    } catch (e) {
      allocations.freeAll();
      if (ownsCsr) csr.release();
      throw e;
    }
    if (targets.kind === "soft") heap.f64.set(targets.probabilities, this.all.y >>> 3);
    else heap.i32.set(targets.index, this.all.y >>> 2);
    heap.f64.set(weights, this.all.w >>> 3);
    // θ's pad lanes and the gradient lanes are zero from the start (reused memory holds anything).
    heap.f64.fill(0, this.parameters >>> 3, (this.parameters + parameterBytes) >>> 3);
  }

  /** Number of parameters in the compact layout, K(d+1). */
  get size(): number {
    return this.K * (this.d + 1);
  }

  lossGradient(theta: Float64Array, grad: Float64Array | null, keepProbabilities = false): number {
    this.assertAlive();
    if (keepProbabilities && !this.probabilities) this.probabilities = this.backend.heap.alloc(this.n * this.K * 8);
    return this.evaluate(this.all, this.n, theta, grad, keepProbabilities ? this.probabilities : 0);
  }

  /**
   * The Objective's value and gradient: scale·Σ w·CE + (l2/2)‖W‖², the penalty's sum of
   * squares taken in the pass that converts θ into the kernels' layout (transpose.ts's order,
   * not penalty.ts's: the same to rounding); when `grad` is given it receives scale·Σ plus l2·θ
   * on the columns the penalty acts on, in the pass that converts it from the kernels' layout
   * (the same operations as applying them after, so the same bits).
   */
  lossGradientPenalised(
    theta: Float64Array, grad: Float64Array | null, keepProbabilities: boolean, scale: number, penalty: Pick<Penalty, "l2" | "penalises">,
    nonFinite?: () => never,
  ): number {
    this.assertAlive();
    if (keepProbabilities && !this.probabilities) this.probabilities = this.backend.heap.alloc(this.n * this.K * 8);
    const first = firstPenalised(penalty, this.d);
    let squares = 0;
    const value = (sum: number) => sum * scale + 0.5 * penalty.l2 * squares;
    const sum = this.evaluate(
      this.all, this.n, theta, grad, keepProbabilities ? this.probabilities : 0,
      // A value that is not finite (the Objective throws NUMERICAL on it) leaves grad as it
      // was: createObjective's gradient(θ, out) writes into the caller's out directly.
      (ptr, sum) => {
        if (Number.isFinite(value(sum))) this.fromRows(ptr, this.stride, this.KP, grad!, scale, penalty.l2, first);
      },
      (ptr) => {
        squares = this.writeParameters(theta, ptr, this.stride, first);
        if (nonFinite && this.wroteNonFinite) {
          // The rows hold part of θ: neither the kept probabilities' θ nor a held gradient.
          this.keptInRows = false;
          this.held = null;
          nonFinite();
        }
      },
    );
    return value(sum);
  }

  /**
   * lossGradientPenalised's value with its gradient left in the evaluation rows instead of
   * read out: readHeldGradient and heldGradientMax give it (the same bits) until the next
   * evaluation or borrowParameterRows. A line search reads only the accepted trial's.
   */
  lossHoldingGradient(theta: Float64Array, keepProbabilities: boolean, scale: number, penalty: Pick<Penalty, "l2" | "penalises">): number {
    return this.evaluateHolding(theta, keepProbabilities, scale, penalty, (ptr, first) => this.writeParameters(theta, ptr, this.stride, first));
  }

  /**
   * lossHoldingGradient at θ + t·d, d = fromLayout(x) for the layout vector at x (rows
   * `xStride` apart: the Newton system's solution), the point formed in the staging block on
   * its way into the rows: the bits of θ[i] + t·d[i] (d's intercepts 0 without them), with no
   * compact array of d or of the point. takeHeldPoint reads the point out.
   */
  lossHoldingAlong(
    theta: Float64Array, t: number, x: number, xStride: number, keepProbabilities: boolean, scale: number, penalty: Pick<Penalty, "l2" | "penalises">,
  ): number {
    return this.evaluateHolding(theta, keepProbabilities, scale, penalty, (ptr, first) => this.writeAlong(theta, t, x, xStride, ptr, first));
  }

  /**
   * One evaluation whose gradient stays in the rows (lossHoldingGradient, lossHoldingAlong):
   * `writeIn(ptr, first)` puts the point into the rows and returns its penalised sum of squares.
   */
  private evaluateHolding(
    theta: Float64Array, keepProbabilities: boolean, scale: number, penalty: Pick<Penalty, "l2" | "penalises">,
    writeIn: (ptr: number, first: number) => number,
  ): number {
    this.assertAlive();
    if (keepProbabilities && !this.probabilities) this.probabilities = this.backend.heap.alloc(this.n * this.K * 8);
    const first = firstPenalised(penalty, this.d);
    let squares = 0;
    const sum = this.evaluate(
      this.all, this.n, theta, null, keepProbabilities ? this.probabilities : 0, undefined,
      (ptr) => (squares = writeIn(ptr, first)), true,
    );
    this.held = { scale, l2: penalty.l2, first };
    return sum * scale + 0.5 * penalty.l2 * squares;
  }

  /**
   * θ ← the point of the last lossHoldingAlong at step t (the rows' θ lanes; θ[i] + t·0 for
   * the intercepts without them, as the compact point had them). Returns max |new − old| as
   * maxAbs takes it (NaN wins); `step`, when given, receives new − old.
   */
  takeHeldPoint(theta: Float64Array, t: number, step: Float64Array | null): number {
    this.heldGradient();
    const { K } = this;
    const m = this.d + 1;
    const heap = this.backend.heap;
    const f = heap.f64;
    const rowOf = heap.i32.subarray(this.csr.layoutRows >>> 2, (this.csr.layoutRows >>> 2) + m);
    const base = this.parameters >>> 3;
    const stride = this.stride;
    const noIntercept = !this.fitIntercept;
    let largest = 0;
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < m; j++) {
        const i = k * m + j;
        const after = j === 0 && noIntercept ? theta[i] + t * 0 : f[base + rowOf[j] * stride + k];
        const s = after - theta[i];
        const a = Math.abs(s);
        if (a > largest || a !== a) largest = a;
        if (step) step[i] = s;
        theta[i] = after;
      }
    }
    return largest;
  }

  /**
   * gradientᵀd for d = fromLayout(x) (rows `xStride` apart), summed in compact order: the
   * bits of a loop over gradient and d's compact array.
   */
  slopeAlong(gradient: Float64Array, x: number, xStride: number): number {
    const { K } = this;
    const m = this.d + 1;
    const heap = this.backend.heap;
    const f = heap.f64;
    const rowOf = heap.i32.subarray(this.csr.layoutRows >>> 2, (this.csr.layoutRows >>> 2) + m);
    const xBase = x >>> 3;
    const noIntercept = !this.fitIntercept;
    let slope = 0;
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < m; j++) slope += gradient[k * m + j] * (j === 0 && noIntercept ? 0 : f[xBase + rowOf[j] * xStride + k]);
    }
    return slope;
  }

  /** The held gradient (lossHoldingGradient) into `out`, compact. */
  readHeldGradient(out: Float64Array): void {
    const held = this.heldGradient();
    this.fromRows(this.parameters, this.stride, this.KP, out, held.scale, held.l2, held.first);
  }

  /** max |held gradient| as maxAbs takes it (NaN wins), without an array of it. */
  heldGradientMax(): number {
    const held = this.heldGradient();
    const c0 = this.fitIntercept ? 0 : 1;
    let largest = 0;
    this.eachLayoutBlock(this.parameters, this.stride, this.KP, held.scale, held.l2, held.first, (f, at, j0, cols) => {
      // Without intercepts their read-out is 0, which leaves the max as it is.
      for (let k = 0; k < this.K; k++) {
        for (let c = j0 === 0 ? c0 : 0; c < cols; c++) {
          const a = Math.abs(f[at + k * cols + c]);
          if (a > largest || a !== a) largest = a;
        }
      }
      return true;
    });
    return largest;
  }

  private heldGradient(): { scale: number; l2: number; first: number } {
    this.assertAlive();
    if (!this.held) throw new Error("internal: no gradient is held (lossHoldingGradient, then no other evaluation)");
    return this.held;
  }

  lossGradientOfBlock(block: RowBlockHandle, count: number, theta: Float64Array, grad: Float64Array): number {
    this.assertAlive();
    return this.evaluate(block as SparseRows, count, theta, grad, 0);
  }

  hessian(out: Float64Array): void {
    this.assertProbabilities();
    const { n, K, KP } = this;
    const m = this.d + 1;
    const width = m * KP;
    const heap = this.backend.heap;
    if (!this.hessianPtr) {
      checkSize(width * width * 8);
      this.hessianPtr = heap.alloc(width * width * 8);
    }
    const { indptr, indices, values, w } = this.all;
    this.kernels.hessian(indptr, indices, values, n, m, K, this.probabilities, w, this.hessianPtr, this.scratch);
    // Blocks (a, b) with a ≤ b are filled; (b, a) is the transpose. Without intercepts their
    // rows and columns (a = 0) are absent: zero.
    const f = heap.f64;
    const h = this.hessianPtr >>> 3;
    const P = K * m;
    const first = this.fitIntercept ? 0 : 1;
    // Layout row a holds compact column `column(a)`.
    const { columnOf } = this.csr;
    const column = (a: number) => (a === 0 ? 0 : 1 + columnOf[a - 1]);
    out.fill(0);
    for (let a = first; a < m; a++) {
      const ca = column(a);
      for (let b = a; b < m; b++) {
        const cb = column(b);
        for (let k = 0; k < K; k++) {
          const row = h + (a * KP + k) * width + b * KP;
          for (let l = 0; l < K; l++) {
            const v = f[row + l];
            out[(k * m + ca) * P + l * m + cb] = v;
            out[(l * m + cb) * P + k * m + ca] = v;
          }
        }
      }
    }
  }

  hessianVector(v: Float64Array, out: Float64Array): void {
    this.assertProbabilities();
    const heap = this.backend.heap;
    const m = this.d + 1;
    if (!this.vector) {
      this.vector = heap.alloc(m * this.stride * 8);
      heap.f64.fill(0, this.vector >>> 3, (this.vector >>> 3) + m * this.stride);
    }
    this.writeParameters(v, this.vector);
    const { indptr, indices, values, w } = this.all;
    this.kernels.hessianVector(indptr, indices, values, this.n, m, this.K, this.probabilities, w, this.vector, this.stride, this.vector + this.KP * 8, this.scratch);
    this.readGradient(this.vector, out);
  }

  weightedSquaredNorm(): number {
    const heap = this.backend.heap;
    const values = this.csr.valueView();
    const v0 = 0;
    const indptr = heap.i32.subarray(this.all.indptr >>> 2, (this.all.indptr >>> 2) + this.n + 1);
    const weights = this.weights();
    const intercept = this.fitIntercept ? 1 : 0;
    let total = 0;
    for (let i = 0; i < this.n; i++) {
      let sq = intercept;
      for (let e = indptr[i]; e < indptr[i + 1]; e++) sq += values[v0 + e] * values[v0 + e];
      total += weights[i] * sq;
    }
    return total;
  }

  // The kernel layout for solvers that work in it (sparse-newton-system.ts): d + 1 rows of KP
  // doubles (pad lanes zero), rows `stride` doubles apart, in kernel memory; at stride 2·KP two
  // vectors interleave, as θ and the gradient do.

  /** KP: doubles per row of the kernel layout (K rounded up to even). */
  get lanes(): number {
    return this.KP;
  }

  /** The stride of two interleaved layout vectors, 2·KP. */
  get pairStride(): number {
    return this.stride;
  }

  /** `doubles` zeroed doubles of kernel memory (freed with the data, or by freeLayoutVector). */
  allocateLayoutVector(doubles: number): number {
    this.assertAlive();
    const heap = this.backend.heap;
    const ptr = heap.alloc(doubles * 8);
    heap.f64.fill(0, ptr >>> 3, (ptr >>> 3) + doubles);
    this.layoutVectors.add(ptr);
    return ptr;
  }

  freeLayoutVector(ptr: number): void {
    if (this.layoutVectors.delete(ptr)) this.backend.heap.free(ptr);
  }

  /**
   * L-BFGS's pair memory of `capacity` pairs, in kernel memory, recursed by the backend's
   * twoLoop kernel (freed with the data, or by freeSolverBuffer). On text the pairs are the
   * fit's largest buffers after the CSR (2·capacity·K(d+1) doubles), and the two-loop recursion
   * in JavaScript on a heap of its own took 80 % of an L-BFGS fit's time.
   */
  curvaturePairs(capacity: number): CurvaturePairs {
    this.assertAlive();
    const pairs = new CurvaturePairs(this.backend.heap, this.backend.kernels.float64.twoLoop, this.size, capacity);
    this.pairMemories.add(pairs);
    return pairs;
  }

  /** Free a pair memory from curvaturePairs now (else it goes with the data). */
  freeSolverBuffer(buffer: { free(): void }): void {
    if (this.pairMemories.delete(buffer as CurvaturePairs)) buffer.free();
  }

  /**
   * The interleaved θ/gradient rows of the evaluations, lent to a solver as a pair of layout
   * vectors (at the pointer and KP doubles on) between two evaluations: nothing else uses them
   * then. The borrower must give them back with returnParameterRows before the next evaluation.
   */
  borrowParameterRows(): number {
    this.assertAlive();
    this.keptInRows = false;
    this.held = null;
    return this.parameters;
  }

  /** Zero the lent rows again: the evaluations rely on zero pad and gradient lanes. */
  returnParameterRows(): void {
    const base = this.parameters >>> 3;
    this.backend.heap.f64.fill(0, base, base + (this.d + 1) * this.stride);
  }

  /** Compact (K × (d+1)) into the layout vector at ptr (pad lanes untouched; intercepts 0 without them). */
  toLayout(compact: Float64Array, ptr: number, stride: number): void {
    this.writeParameters(compact, ptr, stride);
  }

  /** The layout vector at ptr into compact (K × (d+1); intercepts 0 without them). */
  fromLayout(ptr: number, compact: Float64Array, stride: number): void {
    this.readGradient(ptr, compact, stride, 0);
  }

  /** out = Σ w (diag p − ppᵀ)(V x̂) ⊗ x̂ for layout vectors v and out (both at `stride`), at the kept probabilities. */
  hessianVectorInLayout(v: number, out: number, stride: number): void {
    this.assertProbabilities();
    const { indptr, indices, values, w } = this.all;
    this.kernels.hessianVector(indptr, indices, values, this.n, this.d + 1, this.K, this.probabilities, w, v, stride, out, this.scratch);
  }

  /**
   * out[0] = Σ c_n, out[1 + j] = Σ c_n x_nj² for the feature of layout row 1 + j, at the kept
   * probabilities, c_n = w_n(1 − ‖p_n‖²)/K (the diagonal preconditioner's curvatures, in the
   * layout's row order; out[0] is 0 without intercepts).
   */
  curvatureDiagonal(out: Float64Array): void {
    this.assertProbabilities();
    const { n, K } = this;
    const heap = this.backend.heap;
    const p = heap.f64.subarray(this.probabilities >>> 3, (this.probabilities >>> 3) + n * K);
    const w = this.weights();
    const indptr = heap.i32.subarray(this.all.indptr >>> 2, (this.all.indptr >>> 2) + n + 1);
    const indices = heap.i32.subarray(this.all.indices >>> 2, (this.all.indices >>> 2) + this.nnz);
    const values = this.csr.valueView();
    out.fill(0);
    let intercept = 0;
    for (let i = 0; i < n; i++) {
      let squares = 0;
      for (let k = 0; k < K; k++) squares += p[i * K + k] * p[i * K + k];
      const c = (w[i] * (1 - squares)) / K;
      intercept += c;
      for (let e = indptr[i]; e < indptr[i + 1]; e++) out[1 + indices[e]] += c * values[e] * values[e];
    }
    out[0] = this.fitIntercept ? intercept : 0;
  }

  weights(): Float64Array {
    const f = this.backend.heap.f64;
    if (this.weightsView?.buffer !== f.buffer) this.weightsView = f.subarray(this.all.w >>> 3, (this.all.w >>> 3) + this.n);
    return this.weightsView;
  }

  labels(): Int32Array | null {
    return this.soft ? null : this.backend.heap.i32.subarray(this.all.y >>> 2, (this.all.y >>> 2) + this.n);
  }

  /**
   * Whether the kept probabilities are those at θ (compact), entry by entry as `!==` compares
   * (intercepts aside without them: the kernels read them as 0): against the θ the evaluation
   * rows kept, read back through the staging block. False once the rows held anything else.
   */
  keptProbabilitiesAt(theta: Float64Array): boolean {
    if (!this.keptInRows || !this.probabilities || theta.length !== this.size) return false;
    const m = this.d + 1;
    const c0 = this.fitIntercept ? 0 : 1;
    // Times 1 and no penalty (penalisedFrom past every block): the lanes' own bits.
    return this.eachLayoutBlock(this.parameters, this.stride, 0, 1, 0, m, (f, at, j0, cols) => {
      for (let k = 0; k < this.K; k++) {
        const row = at + k * cols;
        const column = k * m + j0;
        for (let c = j0 === 0 ? c0 : 0; c < cols; c++) if (f[row + c] !== theta[column + c]) return false;
      }
      return true;
    });
  }

  keptProbabilities(): Float64Array | null {
    const p = this.probabilities >>> 3;
    return this.probabilities ? this.backend.heap.f64.subarray(p, p + this.n * this.K) : null;
  }

  allocateBlock(capacity: number): RowBlockHandle {
    this.assertAlive();
    const heap = this.backend.heap;
    const [indptr, y, w] = allocateAll(heap, [(capacity + 1) * 4, this.targetBytes(capacity), capacity * 8]);
    // Entry storage grows on demand in gatherRows (a batch's entry count depends on its rows).
    const block: SparseRows = { capacity, indptr, indices: 0, values: 0, entries: 0, y, w };
    this.blocks.add(block);
    return block;
  }

  freeBlock(handle: RowBlockHandle): void {
    const block = handle as SparseRows;
    if (!this.blocks.delete(block)) return;
    for (const p of [block.indptr, block.indices, block.values, block.y, block.w]) if (p) this.backend.heap.free(p);
  }

  gatherRows(rows: Int32Array, count: number, handle: RowBlockHandle): void {
    const block = handle as SparseRows;
    const heap = this.backend.heap;
    const { K, valueBytes, all } = this;
    let i32 = heap.i32;
    const source = all.indptr >>> 2;
    let entries = 0;
    for (let i = 0; i < count; i++) entries += i32[source + rows[i] + 1] - i32[source + rows[i]];
    if (entries > block.entries) this.growEntries(block, Math.max(entries, Math.ceil(block.entries * 1.5)));
    i32 = heap.i32;
    const f = heap.f64;
    const values = valueBytes === 4 ? heap.f32 : heap.f64;
    let at = 0;
    i32[block.indptr >>> 2] = 0;
    for (let i = 0; i < count; i++) {
      const r = rows[i];
      const start = i32[source + r];
      const end = i32[source + r + 1];
      i32.copyWithin((block.indices >>> 2) + at, (all.indices >>> 2) + start, (all.indices >>> 2) + end);
      values.copyWithin(block.values / valueBytes + at, all.values / valueBytes + start, all.values / valueBytes + end);
      at += end - start;
      i32[(block.indptr >>> 2) + i + 1] = at;
      f[(block.w >>> 3) + i] = f[(all.w >>> 3) + r];
      if (this.soft) f.copyWithin((block.y >>> 3) + i * K, (all.y >>> 3) + r * K, (all.y >>> 3) + (r + 1) * K);
      else i32[(block.y >>> 2) + i] = i32[(all.y >>> 2) + r];
    }
  }

  selectColumns(columns: Int32Array): SparseResidentData {
    this.assertAlive();
    const csr = this.csr;
    const heap = this.backend.heap;
    // The subset's column of each of this data's stored indices, −1 for those left out.
    const position = new Int32Array(this.d).fill(-1);
    const storedIndex = heap.i32.subarray((csr.layoutRows >>> 2) + 1, (csr.layoutRows >>> 2) + 1 + this.d);
    columns.forEach((c, a) => (position[storedIndex[c] - 1] = a));
    // Read from the heap when called: an allocation may have moved the views.
    const rowsOf = () => ({ indptr: heap.i32.subarray(csr.indptr >>> 2), indices: heap.i32.subarray(csr.indices >>> 2), values: csr.valueView() });
    const source: CsrSource = {
      kind: "csr",
      rows: this.n,
      cols: columns.length,
      entries(start, count) {
        const { indptr, indices } = rowsOf();
        let kept = 0;
        for (let e = indptr[start]; e < indptr[start + count]; e++) if (position[indices[e]] >= 0) kept++;
        return kept;
      },
      copyRows(start, count, indptr, at, indices, values, entryAt) {
        const from = rowsOf();
        let e = 0;
        let largest = 0;
        indptr[at] = 0;
        for (let r = 0; r < count; r++) {
          // The parent's rows hold each column once: so do the subset's.
          for (let q = from.indptr[start + r]; q < from.indptr[start + r + 1]; q++) {
            const a = position[from.indices[q]];
            if (a < 0) continue;
            indices[entryAt + e] = a;
            values[entryAt + e] = from.values[q];
            largest = Math.max(largest, Math.abs(from.values[q]));
            e++;
          }
          indptr[at + r + 1] = e;
        }
        return largest;
      },
    };
    const subset = new SparseResidentData(new ResidentCsr(this.backend, source, this.dtype), this.targets, this.sourceWeights, this.fitIntercept, true);
    subset.parent = this;
    this.subsets.add(subset);
    return subset;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const subset of [...this.subsets]) subset.dispose();
    this.parent?.subsets.delete(this);
    const heap = this.backend.heap;
    for (const block of [...this.blocks]) this.freeBlock(block);
    for (const p of [this.all.y, this.all.w, this.parameters, this.scratch, this.staging]) heap.free(p);
    for (const p of [this.probabilities, this.vector, this.hessianPtr]) if (p) heap.free(p);
    for (const p of this.layoutVectors) heap.free(p);
    for (const pairs of this.pairMemories) pairs.free();
    if (this.ownsCsr) this.csr.release();
  }

  /** One sparse lossGradient call on the first `count` rows of `rows`. */
  private evaluate(
    rows: SparseRows, count: number, theta: Float64Array, grad: Float64Array | null, probOut: number,
    readOut = (ptr: number, _sum: number) => this.readGradient(ptr, grad!),
    writeIn: (ptr: number) => unknown = (ptr) => this.writeParameters(theta, ptr),
    gradientLanes = grad !== null,
  ): number {
    writeIn(this.parameters);
    this.keptInRows = probOut !== 0 && probOut === this.probabilities && rows === this.all;
    this.held = null;
    const { indptr, indices, values, y, w } = rows;
    const p = this.parameters;
    const loss = this.kernels.lossGradient(
      indptr, indices, values, count, this.d + 1, this.K, p, this.stride, y, this.soft ? 1 : 0, w,
      gradientLanes ? p + this.KP * 8 : 0, probOut, this.scratch,
    );
    if (grad) readOut(p, loss);
    return loss;
  }

  /**
   * Compact θ (K × (d+1)) into the θ lanes of the rows at ptr (interleaved unless `stride` says
   * otherwise); returns Σ θ² over the columns from `squaresFrom` on (none by default), block by
   * block; wroteNonFinite tells whether some entry was not finite.
   */
  private writeParameters(compact: Float64Array, ptr: number, stride = this.stride, squaresFrom = this.d + 1): number {
    const heap = this.backend.heap;
    const { K, blockColumns: B, staging } = this;
    const m = this.d + 1;
    const { layoutRows } = this.csr;
    const sums = staging + B * K * 8;
    let squares = 0;
    let nonFinite = 0;
    for (let j0 = 0; j0 < m; j0 += B) {
      const cols = Math.min(B, m - j0);
      const f = heap.f64;
      const at = staging >>> 3;
      for (let k = 0; k < K; k++) f.set(compact.subarray(k * m + j0, k * m + j0 + cols), at + k * cols);
      nonFinite |= this.kernels.toLayout(staging, cols, K, ptr, stride, layoutRows + j0 * 4, Math.max(0, squaresFrom - j0), sums);
      squares += heap.f64[sums >>> 3];
    }
    this.wroteNonFinite = nonFinite !== 0;
    // Without intercepts their parameters are absent: 0 against the kernels' implicit 1.
    if (!this.fitIntercept) heap.f64.fill(0, ptr >>> 3, (ptr >>> 3) + K);
    return squares;
  }

  /**
   * writeParameters for the point θ + t·d (see lossHoldingAlong), staged block by block: the
   * same staging and kernel, so the same lanes and sum of squares as for its compact array.
   */
  private writeAlong(theta: Float64Array, t: number, x: number, xStride: number, ptr: number, squaresFrom: number): number {
    const heap = this.backend.heap;
    const { K, blockColumns: B, staging } = this;
    const m = this.d + 1;
    const { layoutRows } = this.csr;
    const sums = staging + B * K * 8;
    const xBase = x >>> 3;
    const noIntercept = !this.fitIntercept;
    let squares = 0;
    for (let j0 = 0; j0 < m; j0 += B) {
      const cols = Math.min(B, m - j0);
      const f = heap.f64;
      const rowOf = heap.i32.subarray((layoutRows >>> 2) + j0, (layoutRows >>> 2) + j0 + cols);
      const at = staging >>> 3;
      for (let k = 0; k < K; k++) {
        const row = at + k * cols;
        const column = k * m + j0;
        for (let c = 0; c < cols; c++) {
          const d = j0 + c === 0 && noIntercept ? 0 : f[xBase + rowOf[c] * xStride + k];
          f[row + c] = theta[column + c] + t * d;
        }
      }
      this.kernels.toLayout(staging, cols, K, ptr, this.stride, layoutRows + j0 * 4, Math.max(0, squaresFrom - j0), sums);
      squares += heap.f64[sums >>> 3];
    }
    // Without intercepts their parameters are absent: 0 against the kernels' implicit 1.
    if (noIntercept) heap.f64.fill(0, ptr >>> 3, (ptr >>> 3) + K);
    return squares;
  }

  /**
   * The gradient lanes of the interleaved rows at ptr into compact (K × (d+1)); or the lanes
   * from `first` on of rows `stride` doubles apart.
   */
  private readGradient(ptr: number, compact: Float64Array, stride = this.stride, first = this.KP): void {
    // Times 1 and no penalty: the lanes' own bits.
    this.fromRows(ptr, stride, first, compact, 1, 0, this.d + 1);
  }

  /**
   * compact[k(d+1) + j] ← scale·(lane first + k of row j) + (j ≥ penalisedFrom ? l2·(lane k of row j) : nothing),
   * rows `stride` doubles apart from ptr; intercepts 0 without them.
   */
  private fromRows(ptr: number, stride: number, first: number, compact: Float64Array, scale: number, l2: number, penalisedFrom: number): void {
    const { K } = this;
    const m = this.d + 1;
    this.eachLayoutBlock(ptr, stride, first, scale, l2, penalisedFrom, (f, at, j0, cols) => {
      for (let k = 0; k < K; k++) typedArraySet.call(compact, f.subarray(at + k * cols, at + (k + 1) * cols), k * m + j0);
      return true;
    });
    if (!this.fitIntercept) for (let k = 0; k < K; k++) compact[k * m] = 0;
  }

  /**
   * The lanes from `first` on of the rows at ptr (`stride` doubles apart), read out of the
   * kernels' layout a block of columns at a time into the staging block (scale·lane, + l2·θ
   * lane from column penalisedFrom on): `visit(f, at, j0, cols)` reads block j0's K rows of
   * `cols` at f[at + k·cols + c], and returns false to stop. Returns whether every visit went on.
   */
  private eachLayoutBlock(
    ptr: number, stride: number, first: number, scale: number, l2: number, penalisedFrom: number,
    visit: (f: Float64Array, at: number, j0: number, cols: number) => boolean,
  ): boolean {
    const heap = this.backend.heap;
    const { K, blockColumns: B, staging } = this;
    const m = this.d + 1;
    const { layoutRows } = this.csr;
    for (let j0 = 0; j0 < m; j0 += B) {
      const cols = Math.min(B, m - j0);
      this.kernels.fromLayout(ptr, stride, layoutRows + j0 * 4, first, staging, cols, K, scale, l2, Math.max(0, penalisedFrom - j0));
      if (!visit(heap.f64, staging >>> 3, j0, cols)) return false;
    }
    return true;
  }

  /** Throw NUMERICAL naming the column with the largest |value|. */
  private overflowingColumn(): never {
    const heap = this.backend.heap;
    const values = this.csr.valueView();
    const indices = heap.i32.subarray(this.csr.indices >>> 2);
    let column = 0;
    let largest = 0;
    for (let e = 0; e < this.nnz; e++) {
      const v = Math.abs(values[e]);
      if (v > largest) [largest, column] = [v, this.csr.columnOf[indices[e]]];
    }
    return fail(
      "NUMERICAL",
      `X column ${column} has values up to ${largest}: sums of their squares over ${this.nnz} entries overflow float64 ` +
        `(values beyond about ${Math.sqrt(SQUARES_LIMIT / (this.nnz + this.n)).toPrecision(2)} here); rescale that feature`,
    );
  }

  /** Entry storage of a block for at least `entries` entries (its old contents are dropped). */
  private growEntries(block: SparseRows, entries: number): void {
    const heap = this.backend.heap;
    if (block.indices) heap.free(block.indices);
    if (block.values) heap.free(block.values);
    block.indices = block.values = block.entries = 0;
    block.indices = heap.alloc(entries * 4);
    block.values = heap.alloc(entries * this.valueBytes);
    block.entries = entries;
  }

  private targetBytes(rows: number): number {
    return this.soft ? rows * this.K * 8 : rows * 4;
  }

  private assertAlive(): void {
    if (this.disposed) fail("DISPOSED", "this objective's memory was released by dispose()");
  }

  private assertProbabilities(): void {
    this.assertAlive();
    if (!this.probabilities) throw new Error("internal: lossGradient(keepProbabilities) must run before the Hessian");
  }
}

/** The first column the penalty acts on (it acts on every one after it: penalty.ts); d + 1 for none. */
function firstPenalised(penalty: Pick<Penalty, "penalises">, d: number): number {
  let j = 0;
  while (j <= d && !penalty.penalises(j)) j++;
  return j;
}

/** The intrinsic copy into a typed array (compact may be a caller's array: no method of theirs runs). */
const typedArraySet = Object.getPrototypeOf(Float64Array.prototype).set as (this: Float64Array, source: Float64Array, offset: number) => void;

/** Refuse sizes beyond WebAssembly's 4 GiB before touching memory. */
function checkSize(bytes: number): void {
  if (!(bytes <= 2 ** 32)) {
    fail("TOO_LARGE", `the problem needs ${(bytes / 2 ** 30).toFixed(1)} GiB of kernel memory; WebAssembly memory is limited to 4 GiB`);
  }
}
