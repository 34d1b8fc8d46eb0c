/**
 * A Cholesky factor, kept in kernel memory, of the weighted Gram matrix of a fixed sample of
 * the resident rows: A = Σ_t a_t x̂_{r_t} x̂_{r_t}ᵀ + diag(add), (d+1)×(d+1), and the solve
 * A⁻¹v for every class row of a parameter vector at once. The rows are read in place by the
 * kernel (a gather per tile), never copied as a whole. What the weights a_t are (curvature,
 * sample weights, normalisation) is the caller's business (curvature-preconditioner.ts).
 */
import { Allocations } from "../backends/heap.js";
import { strideFor, type Backend, type Dtype, type Kernels } from "../backends/backend.js";

/** Relative size of the smallest pivot accepted, and of the first ridge tried when one is not. */
const MIN_PIVOT = 1e-12;
const FIRST_RIDGE = 1e-10;
/** A diagonal spread beyond 1/this (features 1000× apart) may fail the pivot test by scale alone. */
const BADLY_SCALED = 1e-6;

export class GramFactor {
  /** Parameters per class, d + 1. */
  readonly m: number;
  /** The sampled rows, ascending. */
  readonly rows: Int32Array;
  private readonly heap: Backend["heap"];
  private readonly kernels: Kernels;
  private readonly x: number;
  private readonly s: number;
  private readonly K: number;
  private readonly ptr: Record<"rows" | "a" | "gram" | "scratch" | "z" | "vector", number>;
  private readonly diagonal: Float64Array;
  /** D of the factor of D A D when A's scales were too far apart to factor as it is, else null. */
  private equilibration: Float64Array | null = null;
  private freed = false;

  /** Bytes of kernel memory a factor over `count` rows needs (kernel-bytes.ts counts them). */
  static bytes(kernels: Kernels, count: number, d: number, K: number, dtype: Dtype): number {
    const s = strideFor(d, dtype);
    const KP = (K + 1) & ~1;
    const aligned = (b: number) => Math.max(16, Math.ceil(b / 16) * 16);
    return aligned(count * 4) + aligned(count * 8) + aligned(s * s * 8) + aligned(kernels.gramRowsScratchBytes(s)) + aligned((d + 1) * KP * 8) + aligned(K * s * 8);
  }

  /** Over the n rows of stride s at x (in `kernels`' dtype); `rows` are indices into them. */
  constructor(backend: Backend, kernels: Kernels, x: number, s: number, d: number, K: number, rows: Int32Array) {
    this.heap = backend.heap;
    this.kernels = kernels;
    this.x = x;
    this.s = s;
    this.K = K;
    this.m = d + 1;
    this.rows = rows;
    this.diagonal = new Float64Array(this.m);
    const heap = this.heap;
    const allocations = new Allocations(heap);
    const alloc = (bytes: number) => allocations.alloc(bytes);
    try {
      const count = rows.length;
      this.ptr = {
        rows: alloc(Math.max(4, count * 4)),
        a: alloc(Math.max(8, count * 8)),
        gram: alloc(s * s * 8),
        scratch: alloc(kernels.gramRowsScratchBytes(s)),
        z: alloc(this.m * ((K + 1) & ~1) * 8),
        vector: alloc(K * s * 8),
      };
    } catch (e) {
      allocations.freeAll();
      throw e;
    }
    heap.i32.set(rows, this.ptr.rows >>> 2);
  }

  /**
   * The weights the next factor(null, …) uses: the listed rows' curvature weights
   * ((w_r (1 − Σ_k p_rk²)) / K) / weightSum (curvature-preconditioner.ts), by the kernel, from
   * the probabilities p (n × K) and sample weights w at those pointers (kernel memory, in the
   * rows' index space: the resident rows, or a Hessian sample's positions).
   */
  weighCurvature(p: number, w: number, K: number, weightSum: number): void {
    this.assertAlive();
    this.kernels.curvatureWeights(p, w, this.ptr.rows, this.rows.length, K, weightSum, this.ptr.a);
  }

  /**
   * Form A with the row weights `a` (one per sampled row; null: those weighCurvature wrote)
   * and `add` on the diagonal, and factorise it. With `dropIntercept` row and column 0 become
   * the identity's (a model without intercepts has no parameter there). If A is not
   * numerically positive definite a ridge is added (growing 100× per try); returns the ridge
   * used: 0 when none was needed, Infinity when none worked (then solve must not be called).
   */
  factor(a: Float64Array | null, add: Float64Array, dropIntercept: boolean): number {
    this.assertAlive();
    const { heap, s, m, ptr, diagonal } = this;
    if (a) heap.f64.set(a.subarray(0, this.rows.length), ptr.a >>> 3);
    this.kernels.weightedGramOfRows(this.x, s, ptr.rows, this.rows.length, ptr.a, ptr.gram, ptr.scratch);
    const f = heap.f64;
    const g = ptr.gram >>> 3;
    if (dropIntercept) {
      f.fill(0, g, g + m);
      f[g] = 1;
    }
    let largest = 0;
    for (let j = 0; j < m; j++) {
      const v = f[g + j * s + j] + add[j];
      diagonal[j] = v;
      f[g + j * s + j] = v;
      largest = Math.max(largest, v);
    }
    if (!(largest > 0) || !Number.isFinite(largest)) return Infinity;
    this.equilibration = null;
    if (this.kernels.cholesky(ptr.gram, m, s, MIN_PIVOT * largest)) return 0;
    let smallest = largest;
    for (let j = 0; j < m; j++) if (diagonal[j] > 0) smallest = Math.min(smallest, diagonal[j]);
    if (smallest < BADLY_SCALED * largest) {
      // A feature in the millions beside features near 1 fails the pivot test against the
      // largest diagonal without A being singular: factor D A D (unit diagonal) instead, which
      // the test then judges column by column, and solve with D (LLᵀ)⁻¹ D.
      const d = Float64Array.from(diagonal, (v) => (v > 0 ? 1 / Math.sqrt(v) : 1));
      const h = heap.f64;
      for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) h[g + i * s + j] *= d[i] * d[j];
      for (let j = 0; j < m; j++) diagonal[j] *= d[j] * d[j];
      this.equilibration = d;
      largest = 1;
    }
    // The strict upper triangle is intact: restore the diagonal (with a ridge) and retry.
    for (let ridge = this.equilibration ? 0 : FIRST_RIDGE * largest; ridge <= largest; ridge = ridge === 0 ? FIRST_RIDGE * largest : ridge * 100) {
      const h = heap.f64;
      for (let j = 0; j < m; j++) h[g + j * s + j] = diagonal[j] + ridge;
      if (this.kernels.cholesky(ptr.gram, m, s, MIN_PIVOT * largest)) return ridge;
    }
    return Infinity;
  }

  /**
   * out = A⁻¹ v for each class row of the compact K×m vector v (out may be v). The kernel
   * takes the class rows at stride m, so v goes in and out in one copy each (no per-class
   * views: twenty allocations a call, a call per CG product).
   */
  solve(v: Float64Array, out: Float64Array): void {
    this.assertAlive();
    const { heap, s, m, K, ptr } = this;
    const f = heap.f64;
    const vec = ptr.vector >>> 3;
    const size = K * m;
    f.set(v.length === size ? v : v.subarray(0, size), vec);
    const d = this.equilibration;
    if (d) for (let k = 0; k < K; k++) for (let j = 0; j < m; j++) f[vec + k * m + j] *= d[j];
    this.kernels.solveClasses(ptr.gram, m, s, K, ptr.vector, m, ptr.vector, ptr.z);
    const h = heap.f64;
    if (d) for (let k = 0; k < K; k++) for (let j = 0; j < m; j++) h[vec + k * m + j] *= d[j];
    out.set(h.subarray(vec, vec + size));
  }

  /** Free the kernel memory (safe to call twice). */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    for (const p of Object.values(this.ptr)) this.heap.free(p);
  }

  private assertAlive(): void {
    if (this.freed) throw new Error("internal: GramFactor used after free");
  }
}
