/**
 * A training set placed in kernel memory in the padded layout the kernels expect, the
 * buffers one evaluation needs, and the kernel calls on them. X̂ is a ResidentMatrix (the
 * fit's own, or a Dataset's, shared); the targets, weights and work buffers are this
 * object's, in the same heap. It converts between the public compact parameter layout
 * θ[k(d+1) + j] and the padded one θ[k·s + j], and nothing else: the normalisation, the
 * penalty and every statistic of the data belong to the Objective.
 *
 * X̂'s column 0 is always 1, so one resident matrix serves models with and without
 * intercepts: without, the intercept parameters are absent from the layout (written as 0,
 * read back as 0), which gives exactly the products a zero column would.
 */
import { Allocations } from "../backends/heap.js";
import type { Backend, Dtype, Kernels } from "../backends/backend.js";
import type { MatrixSource } from "../input/matrix.js";
import type { Targets } from "../input/targets.js";
import { fail } from "../util/errors.js";
import { unpackHessianBlocks } from "./hessian-blocks.js";
import type { Resident, RowBlockHandle } from "./resident.js";
import { ResidentMatrix } from "./resident-matrix.js";
import { GramFactor } from "./gram-factor.js";
import { HessianSample } from "./hessian-sample.js";
import { CurvaturePairs } from "../solvers/curvature-pairs.js";
import type { Penalty } from "./penalty.js";
import type { TrialMeasures } from "./objective.js";

/** Rows in kernel memory, in the kernels' layout: X̂ (n × s), targets and weights (pointers). */
export interface RowBlock extends RowBlockHandle {
  readonly capacity: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
}

/**
 * Sums of squares of X̂'s entries must stay this far below the float64 maximum: the
 * curvature bound and the Hessian blocks sum up to n·s of them.
 */
const SQUARES_LIMIT = 2 ** 1020;

export class ResidentData implements Resident {
  /** Rows, features, classes, padded stride (a multiple of the SIMD width, ≥ d+1). */
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly s: number;
  readonly soft: boolean;
  /** Whether the model has intercepts (else their parameters stay 0). */
  readonly fitIntercept: boolean;
  /** Σ of the sample weights, the normaliser of the mean loss. */
  readonly weightSum: number;
  /** Storage precision of X̂. */
  readonly dtype: Dtype;

  private readonly matrix: ResidentMatrix;
  private readonly ownsMatrix: boolean;
  private readonly backend: Backend;
  private readonly kernels: Kernels;
  /** Bytes per X̂ element. */
  private readonly xBytes: number;
  /** Every row of the training set. */
  private readonly all: RowBlock;
  /** Blocks of gathered rows (mini-batches), freed with the data. */
  private readonly blocks = new Set<RowBlock>();
  /** The solvers' buffers in kernel memory (preconditioner factors, curvature pairs), freed with the data. */
  private readonly solverBuffers = new Set<{ free(): void }>();
  private readonly ptr: Record<"theta" | "grad" | "scratch", number>;
  private weightsView?: Float64Array;
  private probabilities = 0;
  private hessianBlocksPtr = 0;
  private vector = 0;
  private disposed = false;
  /** The validated targets and weights this data was made from (used again by selectColumns). */
  private readonly targets: Targets;
  private readonly sourceWeights: Float64Array;
  /** Column subsets made by selectColumns, freed with this data. */
  private readonly subsets = new Set<ResidentData>();
  private parent?: ResidentData;

  /**
   * The data of one fit on `matrix`, run by its kernels (freed with it when `ownsMatrix`, also when this
   * constructor throws). Throws NUMERICAL when X is too large in magnitude for float64
   * sums of squares, TOO_LARGE when kernel memory runs out; nothing stays allocated then.
   */
  constructor(matrix: ResidentMatrix, targets: Targets, weights: Float64Array, fitIntercept: boolean, ownsMatrix: boolean) {
    this.matrix = matrix;
    this.ownsMatrix = ownsMatrix;
    this.targets = targets;
    this.sourceWeights = weights;
    const backend = (this.backend = matrix.backend);
    this.dtype = matrix.dtype;
    this.fitIntercept = fitIntercept;
    this.kernels = matrix.kernels;
    this.xBytes = matrix.elementBytes;
    const n = (this.n = matrix.n);
    const d = (this.d = matrix.d);
    const K = (this.K = targets.classes.length);
    const s = (this.s = matrix.s);
    this.soft = targets.kind === "soft";
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    this.weightSum = total;

    const heap = backend.heap;
    const allocations = new Allocations(heap);
    const alloc = (bytes: number) => allocations.alloc(bytes);
    try {
      if (matrix.largest * matrix.largest * n * s > SQUARES_LIMIT) overflowingColumn(matrix);
      this.all = { capacity: n, x: matrix.x, y: alloc(this.targetBytes(n)), w: alloc(n * 8) };
      this.ptr = { theta: alloc(K * s * 8), grad: alloc(K * s * 8), scratch: alloc(this.kernels.scratchBytes(K, s)) };
    } catch (e) {
      allocations.freeAll();
      if (ownsMatrix) matrix.release();
      throw e;
    }
    const f = heap.f64;
    if (targets.kind === "soft") f.set(targets.probabilities, this.all.y >>> 3);
    else heap.i32.set(targets.index, this.all.y >>> 2);
    f.set(weights, this.all.w >>> 3);
  }

  /** Number of parameters in the compact layout, K(d+1). */
  get size(): number {
    return this.K * (this.d + 1);
  }

  /**
   * Σ w·CE at θ over every row; when `grad` is given it receives Σ w (p − y) ⊗ x̂ (compact
   * layout). With `keepProbabilities` the probabilities stay in kernel memory for
   * hessianBlocks, hessianVector and keptProbabilities.
   */
  lossGradient(theta: Float64Array, grad: Float64Array | null, keepProbabilities = false): number {
    this.assertAlive();
    if (keepProbabilities && !this.probabilities) this.probabilities = this.backend.heap.alloc(this.n * this.K * 8);
    return this.evaluate(this.all, this.n, theta, grad, keepProbabilities ? this.probabilities : 0);
  }

  /**
   * The penalised mean loss at θ = origin + t·direction, θ also written into `theta`, and its
   * gradient into `grad`: scale·Σ w·CE + (λ/2)‖W‖² and scale·Σ w (p − y) ⊗ x̂ + λW, with the
   * trial point, the normalisation and the penalty folded into the two copies to and from
   * kernel memory (a line search's trials; on digits the separate sweeps over the parameters
   * were a few per cent of a pass). The same bits as lossGradient at θ followed by the
   * Objective's normalisation and Penalty.addValueGradient.
   */
  lossGradientAlong(
    origin: Float64Array, t: number, direction: Float64Array, theta: Float64Array, grad: Float64Array,
    keepProbabilities: boolean, scale: number, penalty: Pick<Penalty, "l2" | "penalises">, measures?: TrialMeasures,
  ): number {
    this.assertAlive();
    if (keepProbabilities && !this.probabilities) this.probabilities = this.backend.heap.alloc(this.n * this.K * 8);
    // The penalty acts on every weight (Penalty), and on the intercepts or not.
    const first = penalty.penalises(0) ? 0 : 1;
    const squares = this.writeStep(origin, t, direction, theta, first);
    const { all } = this;
    const sum = this.kernels.lossGradient(
      all.x, this.n, this.s, this.K, this.ptr.theta, all.y, this.soft ? 1 : 0, all.w,
      this.ptr.grad, keepProbabilities ? this.probabilities : 0, this.ptr.scratch,
    );
    this.readPenalisedGradient(theta, grad, scale, penalty.l2, first, direction, measures);
    return sum * scale + 0.5 * penalty.l2 * squares;
  }

  /** Like lossGradient (grad required, no probabilities kept) on the first `count` rows of `block`. */
  lossGradientOfBlock(block: RowBlock, count: number, theta: Float64Array, grad: Float64Array): number {
    this.assertAlive();
    return this.evaluate(block, count, theta, grad, 0);
  }

  /** A block of kernel memory for `capacity` rows in the resident layout (freed with the data). */
  allocateBlock(capacity: number): RowBlock {
    this.assertAlive();
    const heap = this.backend.heap;
    const x = heap.alloc(capacity * this.s * this.xBytes);
    let y = 0;
    try {
      y = heap.alloc(this.targetBytes(capacity));
      const block = { capacity, x, y, w: heap.alloc(capacity * 8) };
      this.blocks.add(block);
      return block;
    } catch (e) {
      heap.free(x);
      if (y) heap.free(y);
      throw e;
    }
  }

  /** Free a block from allocateBlock. */
  freeBlock(block: RowBlock): void {
    if (!this.blocks.delete(block)) return;
    for (const p of [block.x, block.y, block.w]) this.backend.heap.free(p);
  }

  /** Copy the resident rows `rows[0..count)` into the first `count` rows of `block`. */
  gatherRows(rows: Int32Array, count: number, block: RowBlock): void {
    const heap = this.backend.heap;
    const f = heap.f64;
    const i32 = heap.i32;
    const xv = this.xView();
    const { s, K, xBytes, all } = this;
    for (let i = 0; i < count; i++) {
      const r = rows[i];
      xv.copyWithin(block.x / xBytes + i * s, all.x / xBytes + r * s, all.x / xBytes + (r + 1) * s);
      f[(block.w >>> 3) + i] = f[(all.w >>> 3) + r];
      if (this.soft) f.copyWithin((block.y >>> 3) + i * K, (all.y >>> 3) + r * K, (all.y >>> 3) + (r + 1) * K);
      else i32[(block.y >>> 2) + i] = i32[(all.y >>> 2) + r];
    }
  }

  // Views of the resident rows, for the Objective's statistics: valid until the next
  // kernel-memory allocation, so read them right away.

  /** X̂, n × s row-major (s = the padded stride). */
  features(): Float64Array | Float32Array {
    return this.matrix.view();
  }

  /** The n sample weights (the view is kept while the memory does not grow: SGD asks per batch). */
  weights(): Float64Array {
    const f = this.backend.heap.f64;
    if (this.weightsView?.buffer !== f.buffer) this.weightsView = f.subarray(this.all.w >>> 3, (this.all.w >>> 3) + this.n);
    return this.weightsView;
  }

  /** The n class indices (hard targets), or null for soft targets. */
  labels(): Int32Array | null {
    return this.soft ? null : this.backend.heap.i32.subarray(this.all.y >>> 2, (this.all.y >>> 2) + this.n);
  }

  /** The n × K probabilities of the last evaluation that kept them, or null if none did. */
  keptProbabilities(): Float64Array | null {
    const p = this.probabilities >>> 3;
    return this.probabilities ? this.backend.heap.f64.subarray(p, p + this.n * this.K) : null;
  }

  /** Kernel-memory pointers of the kept probabilities (n × K; call after an evaluation kept them) and of the n sample weights. */
  get probabilitiesPointer(): number {
    this.assertProbabilities();
    return this.probabilities;
  }

  get weightsPointer(): number {
    return this.all.w;
  }

  /**
   * The upper triangles of the K(K+1)/2 blocks Σ w p_k(δ_kl − p_l) x̂x̂ᵀ (s × s each, pairs
   * k ≤ l in row order) at the θ of the last kept probabilities, as a view of kernel memory
   * (valid until the next allocation); without intercepts, their rows and columns are 0.
   */
  hessianBlocks(): Float64Array {
    this.assertProbabilities();
    const { n, s, K } = this;
    const heap = this.backend.heap;
    const length = ((K * (K + 1)) / 2) * s * s;
    if (!this.hessianBlocksPtr) this.hessianBlocksPtr = heap.alloc(length * 8);
    this.kernels.hessian(this.all.x, n, s, K, this.probabilities, this.all.w, this.hessianBlocksPtr, this.ptr.scratch);
    const blocks = heap.f64.subarray(this.hessianBlocksPtr >>> 3, (this.hessianBlocksPtr >>> 3) + length);
    // Without intercepts their parameters are absent: row and column 0 of every block are 0.
    if (!this.fitIntercept) {
      for (let b = 0; b < length; b += s * s) {
        blocks.fill(0, b, b + s);
        for (let i = 0; i < s; i++) blocks[b + i * s] = 0;
      }
    }
    return blocks;
  }

  /** The summed P×P Hessian (compact layout) at the θ of the last kept probabilities. */
  hessian(out: Float64Array): void {
    unpackHessianBlocks(this.hessianBlocks(), this.K, this.d, this.s, out);
  }

  /** Σ w‖x̂‖²; X̂'s intercept column (always 1) counts only when the model has intercepts. */
  weightedSquaredNorm(): number {
    const x = this.features();
    const weights = this.weights();
    const s = this.s;
    const first = this.fitIntercept ? 0 : 1;
    let weightedSum = 0;
    for (let i = 0; i < this.n; i++) {
      let sq = 0;
      for (let j = first; j < s; j++) sq += x[i * s + j] * x[i * s + j];
      weightedSum += weights[i] * sq;
    }
    return weightedSum;
  }

  /** out = Σ w (diag p − ppᵀ)(V x̂) ⊗ x̂ (compact layout) at the θ of the last kept probabilities. */
  hessianVector(v: Float64Array, out: Float64Array): void {
    this.assertProbabilities();
    const heap = this.backend.heap;
    if (!this.vector) this.vector = heap.alloc(this.K * this.s * 8);
    this.writeParameters(v, this.vector);
    const { n, s, K } = this;
    this.kernels.hessianVector(
      this.all.x, n, s, K, this.probabilities, this.all.w, this.vector, this.ptr.grad, this.ptr.scratch,
    );
    this.readParameters(this.ptr.grad, out);
  }

  /**
   * hessianVector followed by the Objective's normalisation and penalty: out = scale·Σ w (diag
   * p − ppᵀ)(V x̂) ⊗ x̂ + l2·v on the penalised columns, read out of kernel memory in one sweep
   * (readPenalisedProduct) instead of a copy and a sweep of Penalty.scaleAndAddGradient; the
   * same bits.
   */
  hessianVectorPenalised(v: Float64Array, out: Float64Array, scale: number, penalty: Pick<Penalty, "l2" | "penalises">): void {
    this.assertProbabilities();
    const heap = this.backend.heap;
    if (!this.vector) this.vector = heap.alloc(this.K * this.s * 8);
    this.writeParameters(v, this.vector);
    const { n, s, K } = this;
    this.kernels.hessianVector(this.all.x, n, s, K, this.probabilities, this.all.w, this.vector, this.ptr.grad, this.ptr.scratch);
    this.readPenalisedProduct(this.ptr.grad, out, s, scale, penalty.l2, penalty.penalises(0) ? 0 : 1, v);
  }

  /**
   * A factor of the weighted Gram of the resident rows `rows` (ascending indices), for the
   * Newton-CG preconditioner; it reads the rows in place and is freed with the data.
   */
  gramFactor(rows: Int32Array): GramFactor {
    this.assertAlive();
    const factor = new GramFactor(this.backend, this.kernels, this.all.x, this.s, this.d, this.K, rows);
    this.solverBuffers.add(factor);
    return factor;
  }

  /**
   * The same over the rows of a Hessian sample's copy (`positions` in its rows): contiguous,
   * and float32 (half the Gram's time) where the copy is.
   */
  gramFactorOfSample(sample: HessianSample, positions: Int32Array): GramFactor {
    this.assertAlive();
    const { x, stride, kernels } = sample.copy;
    const factor = new GramFactor(this.backend, kernels, x, stride, this.d, this.K, positions);
    this.solverBuffers.add(factor);
    return factor;
  }

  /** Hessian-vector products on the blocks of rows starting at `starts` (hessian-sample.ts; freed with the data). */
  hessianSample(starts: Int32Array): HessianSample {
    this.assertAlive();
    const sample = new HessianSample(
      {
        backend: this.backend,
        n: this.n,
        d: this.d,
        K: this.K,
        x: this.all.x,
        dtype: this.dtype,
        s: this.s,
        w: this.all.w,
        largest: this.matrix.largest,
        writeParameters: (compact, ptr, stride) => this.writeParameters(compact, ptr, stride),
        readParameters: (ptr, compact, stride) => this.readParameters(ptr, compact, stride),
        readPenalisedProduct: (ptr, compact, stride, scale, l2, first, v) => this.readPenalisedProduct(ptr, compact, stride, scale, l2, first, v),
      },
      starts,
    );
    this.solverBuffers.add(sample);
    return sample;
  }

  /** L-BFGS's pair memory of `capacity` pairs, in kernel memory (freed with the data). */
  curvaturePairs(capacity: number): CurvaturePairs {
    this.assertAlive();
    const pairs = new CurvaturePairs(this.backend.heap, this.kernels.twoLoop, this.size, capacity);
    this.solverBuffers.add(pairs);
    return pairs;
  }

  /** Free a buffer from gramFactor or curvaturePairs now (else it goes with the data). */
  freeSolverBuffer(buffer: { free(): void }): void {
    if (!this.solverBuffers.delete(buffer)) return;
    buffer.free();
  }

  /**
   * The same rows, targets and weights with only the feature columns `columns` (0-based,
   * ascending), copied into kernel memory of their own (the same heap) that is freed with
   * this data or by its own dispose: the working sets of the L1 solver, whose weights off
   * the set are all zero.
   */
  selectColumns(columns: Int32Array): ResidentData {
    this.assertAlive();
    const parent = this.matrix;
    const { n, s } = this;
    const source: MatrixSource = {
      rows: n,
      cols: columns.length,
      copyRows(start, count, dest, offset, stride) {
        // Read after the destination was allocated: the view is current.
        const x = parent.view();
        let largest = 0;
        for (let r = 0; r < count; r++) {
          const row = (start + r) * s + 1;
          const to = offset + r * stride;
          for (let a = 0; a < columns.length; a++) {
            const v = x[row + columns[a]];
            dest[to + a] = v;
            largest = Math.max(largest, Math.abs(v));
          }
        }
        return largest;
      },
    };
    const subset = new ResidentData(new ResidentMatrix(this.backend, source, this.dtype), this.targets, this.sourceWeights, this.fitIntercept, true);
    subset.parent = this;
    this.subsets.add(subset);
    return subset;
  }

  /** Free the kernel memory; further use throws DISPOSED. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const subset of [...this.subsets]) subset.dispose();
    this.parent?.subsets.delete(this);
    const heap = this.backend.heap;
    for (const buffer of this.solverBuffers) buffer.free();
    for (const block of [...this.blocks]) this.freeBlock(block);
    for (const p of [this.all.y, this.all.w, ...Object.values(this.ptr)]) heap.free(p);
    for (const p of [this.probabilities, this.hessianBlocksPtr, this.vector]) if (p) heap.free(p);
    if (this.ownsMatrix) this.matrix.release();
  }

  /** One lossGradient kernel call on the first `count` rows of `rows`. */
  private evaluate(rows: RowBlock, count: number, theta: Float64Array, grad: Float64Array | null, probOut: number): number {
    this.writeParameters(theta, this.ptr.theta);
    const loss = this.kernels.lossGradient(
      rows.x, count, this.s, this.K, this.ptr.theta, rows.y, this.soft ? 1 : 0, rows.w,
      grad ? this.ptr.grad : 0, probOut, this.ptr.scratch,
    );
    if (grad) this.readParameters(this.ptr.grad, grad);
    return loss;
  }

  private targetBytes(rows: number): number {
    return this.soft ? rows * this.K * 8 : rows * 4;
  }

  /**
   * The compact parameters into a K × stride kernel layout at ptr: one copy of the whole
   * vector to the start of the layout, then each class row moved to its place, the last
   * first (a row only moves to a higher address, past every row still to move), and its
   * padding zeroed. Built-in copies, no loop over the entries: a first fit runs this before
   * V8 has optimised it (two hundred times on digits, once a product), where an element loop
   * costs ~100 ns an entry (and a heap number each) against the copy's fraction of a
   * nanosecond; warm, the two cost about the same. No subarray views either (K of them per
   * call cost more than the copy on small problems).
   */
  private writeParameters(compact: Float64Array, ptr: number, stride = this.s): void {
    const f = this.backend.heap.f64;
    const { K, fitIntercept } = this;
    const m = this.d + 1;
    const at = ptr >>> 3;
    f.set(compact.length === K * m ? compact : compact.subarray(0, K * m), at);
    for (let k = K - 1; k >= 0; k--) {
      const row = at + k * stride;
      if (row !== at + k * m) f.copyWithin(row, at + k * m, at + (k + 1) * m);
      // Without intercepts the intercept column's parameter is absent: 0 against X̂'s 1.
      if (!fitIntercept) f[row] = 0;
      // Reused memory may hold anything, and 0·NaN is NaN: the padding must be real zeros.
      f.fill(0, row + m, row + stride);
    }
  }

  /**
   * theta ← origin + t·direction, written to the kernels' θ as writeParameters writes it;
   * returns Σ θ² over the columns from `first` (0 or 1) on, class by class (Penalty's order).
   */
  private writeStep(origin: Float64Array, t: number, direction: Float64Array, theta: Float64Array, first: number): number {
    const f = this.backend.heap.f64;
    const { K, s, fitIntercept } = this;
    const m = this.d + 1;
    let squares = 0;
    for (let k = 0; k < K; k++) {
      const row = (this.ptr.theta >>> 3) + k * s;
      const from = k * m;
      // The intercept column apart, so that the loop over the weights has no branch.
      const b = origin[from] + t * direction[from];
      theta[from] = b;
      f[row] = fitIntercept ? b : 0;
      if (first === 0) squares += b * b;
      for (let j = 1; j < m; j++) {
        const v = origin[from + j] + t * direction[from + j];
        theta[from + j] = v;
        f[row + j] = v;
        squares += v * v;
      }
      for (let j = m; j < s; j++) f[row + j] = 0;
    }
    return squares;
  }

  /**
   * grad ← scale·(the kernels' gradient) + l2·θ on the columns from `first` (0 or 1) on
   * (compact layout); with `measures`, gradᵀdirection and max |grad| (NaN if any entry is)
   * from the same sweep.
   */
  private readPenalisedGradient(
    theta: Float64Array, grad: Float64Array, scale: number, l2: number, first: number, direction: Float64Array, measures?: TrialMeasures,
  ): void {
    const f = this.backend.heap.f64;
    const { K, s, fitIntercept } = this;
    const m = this.d + 1;
    let slope = 0;
    let largest = 0;
    for (let k = 0; k < K; k++) {
      const row = (this.ptr.grad >>> 3) + k * s;
      const to = k * m;
      // Without intercepts their parameters are absent: 0.
      const scaled = f[row] * scale;
      const b = !fitIntercept ? 0 : first === 0 ? scaled + l2 * theta[to] : scaled;
      grad[to] = b;
      slope += b * direction[to];
      const a = Math.abs(b);
      if (a > largest || a !== a) largest = a;
      for (let j = 1; j < m; j++) {
        const g = f[row + j] * scale + l2 * theta[to + j];
        grad[to + j] = g;
        slope += g * direction[to + j];
        const a = Math.abs(g);
        if (a > largest || a !== a) largest = a;
      }
    }
    if (measures) {
      measures.slope = slope;
      measures.gradientMax = largest;
    }
  }

  /**
   * compact ← scale·(the K × stride layout at ptr) + l2·v on the columns from `first` (0 or 1)
   * on, + 0 before (compact layout): readParameters then Penalty.scaleAndAddGradient(compact,
   * scale, v), entry by entry the same operations (a Hessian-vector product's read-out).
   */
  private readPenalisedProduct(ptr: number, compact: Float64Array, stride: number, scale: number, l2: number, first: number, v: Float64Array): void {
    const f = this.backend.heap.f64;
    const { K, fitIntercept } = this;
    const m = this.d + 1;
    for (let k = 0; k < K; k++) {
      const row = (ptr >>> 3) + k * stride;
      const to = k * m;
      // Without intercepts their parameters are absent: 0.
      const b = fitIntercept ? f[row] : 0;
      compact[to] = first === 0 ? b * scale + l2 * v[to] : b * scale + 0;
      for (let j = 1; j < m; j++) compact[to + j] = f[row + j] * scale + l2 * v[to + j];
    }
  }

  private readParameters(ptr: number, compact: Float64Array, stride = this.s): void {
    const f = this.backend.heap.f64;
    const { K, fitIntercept } = this;
    const m = this.d + 1;
    for (let k = 0; k < K; k++) {
      const row = (ptr >>> 3) + k * stride;
      const to = k * m;
      compact[to] = fitIntercept ? f[row] : 0;
      for (let j = 1; j < m; j++) compact[to + j] = f[row + j];
    }
  }

  /** The heap view X̂ is stored in. */
  private xView(): Float64Array | Float32Array {
    return this.matrix.heapView();
  }

  private assertAlive(): void {
    if (this.disposed) fail("DISPOSED", "this objective's memory was released by dispose()");
  }

  private assertProbabilities(): void {
    this.assertAlive();
    if (!this.probabilities) throw new Error("internal: lossGradient(keepProbabilities) must run before the Hessian");
  }
}

/** Throw NUMERICAL naming the column of X with the largest magnitude. */
function overflowingColumn(matrix: ResidentMatrix): never {
  const x = matrix.view();
  const { n, d, s } = matrix;
  let column = 0;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 1; j <= d; j++) {
      const v = Math.abs(x[i * s + j]);
      if (v > largest) [largest, column] = [v, j - 1];
    }
  }
  return fail(
    "NUMERICAL",
    `X column ${column} has values up to ${largest}: sums of their squares over ${n} rows overflow float64 ` +
      `(features beyond about ${Math.sqrt(SQUARES_LIMIT / (n * s)).toPrecision(2)} here); rescale that feature (e.g. standardise it)`,
  );
}
