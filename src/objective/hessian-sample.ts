/**
 * Hessian-vector products on a fixed random sample of the resident rows (sub-sampled
 * Newton): Σ_{n∈S} w_n (diag p_n − p_n p_nᵀ)(V x̂_n) ⊗ x̂_n with the probabilities of the
 * sample rows at the current point. On tall data (many rows per parameter) a sample of
 * 10·K(d+1) rows gives Newton-CG almost the steps of the full Hessian (100 000 × 100 × 10:
 * 8 passes to the optimum instead of 8 passes plus 16 full products) at a few percent of the
 * cost per product.
 *
 * The sample is made of whole blocks of BLOCK consecutive rows, drawn at random without
 * replacement (unbiased whatever the row order), and copied once into a contiguous float32
 * matrix of its own with its weights: 10·K(d+1) rows, about 5 % of X's bytes on the
 * 100 000 × 100 set and less on taller ones. Measured there (CPU time per product): 2.3–2.8 ms
 * on the copy, 3.6 ms on a float64 copy, 5.8 ms with one kernel call per block where the
 * blocks lie in X̂ (the earlier design: a call, a repacking of v and a JavaScript sum per 32
 * rows, and short strides through memory). float32 is enough for the products: they only
 * steer CG (the gradient, the line search and the stopping rule stay on every row in the
 * fit's dtype), and the solver study found the same passes to the optimum with them. Data
 * too large in magnitude for float32 products (|x| > F32_SAMPLE_LIMIT) are copied in the
 * fit's own dtype instead.
 */
import { Allocations } from "../backends/heap.js";
import { LAYOUT, strideFor, type Backend, type Dtype, type Kernels } from "../backends/backend.js";

/** Rows per sampled block: the kernels' row tile. */
export const BLOCK = 32;

/**
 * Largest |x| copied to float32: then x̂x̂ᵀ (≤ 2¹⁰⁰) and the products stay far inside
 * float32's range (2¹²⁸).
 */
export const F32_SAMPLE_LIMIT = 2 ** 50;

/** What the sample needs from the resident data. */
export interface SampleSource {
  readonly backend: Backend;
  /** Rows, features, classes; X̂ (n × s) pointer, its dtype and stride; sample weights pointer. */
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly x: number;
  readonly dtype: Dtype;
  readonly s: number;
  readonly w: number;
  /** The largest |value| of X. */
  readonly largest: number;
  /** Write the compact parameters into a K × stride kernel layout at ptr. */
  writeParameters(compact: Float64Array, ptr: number, stride: number): void;
  /** Read a K × stride kernel layout at ptr into compact parameters. */
  readParameters(ptr: number, compact: Float64Array, stride: number): void;
  /** The same, times scale, plus l2·v on the columns from `first` on (+ 0 before): a product's normalisation and penalty in the read-out. */
  readPenalisedProduct(ptr: number, compact: Float64Array, stride: number, scale: number, l2: number, first: number, v: Float64Array): void;
}

/** The dtype the sample of `source` is copied in. */
export function sampleDtype(dtype: Dtype, largest: number): Dtype {
  return dtype === "float32" || largest <= F32_SAMPLE_LIMIT ? "float32" : dtype;
}

/** `count` blocks of the n rows (the last may be short), drawn without replacement, ascending: their first rows. */
export function sampleBlocks(n: number, count: number, random: () => number): Int32Array {
  const blocks = Math.ceil(n / BLOCK);
  const starts = new Int32Array(Math.min(blocks, count));
  let taken = 0;
  for (let b = 0; b < blocks && taken < starts.length; b++) {
    if (random() * (blocks - b) < starts.length - taken) starts[taken++] = b * BLOCK;
  }
  return starts;
}

export class HessianSample {
  /** The sampled rows, ascending. */
  readonly rows: Int32Array;
  private readonly source: SampleSource;
  private readonly kernels: Kernels;
  /** Stride of the copy (and of the parameter buffers). */
  private readonly stride: number;
  private readonly ptr: Record<"x" | "w" | "p" | "theta" | "out" | "scratch", number>;
  private freed = false;

  /** Bytes of kernel memory a sample of `rows` rows needs at most (either copy dtype). */
  static bytes(kernels: Record<Dtype, Kernels>, rows: number, d: number, K: number): number {
    const aligned = (b: number) => Math.max(16, Math.ceil(b / 16) * 16);
    const of = (dtype: Dtype) => {
      const s = strideFor(d, dtype);
      return aligned(rows * s * LAYOUT[dtype].bytes) + aligned(rows * 8) + aligned(rows * K * 8) + 2 * aligned(K * s * 8) + aligned(kernels[dtype].scratchBytes(K, s));
    };
    return Math.max(of("float32"), of("float64"));
  }

  /** Over the blocks starting at `starts` (from sampleBlocks): copies their rows and weights. */
  constructor(source: SampleSource, starts: Int32Array) {
    this.source = source;
    const { n, d, K } = source;
    let total = 0;
    for (const start of starts) total += Math.min(BLOCK, n - start);
    this.rows = new Int32Array(total);
    let t = 0;
    for (const start of starts) for (let r = start; r < Math.min(start + BLOCK, n); r++) this.rows[t++] = r;
    const dtype = sampleDtype(source.dtype, source.largest);
    this.kernels = source.backend.kernels[dtype];
    const s = (this.stride = strideFor(d, dtype));
    const heap = source.backend.heap;
    const allocations = new Allocations(heap);
    const alloc = (bytes: number) => allocations.alloc(bytes);
    try {
      this.ptr = { x: alloc(total * s * LAYOUT[dtype].bytes), w: alloc(total * 8), p: alloc(total * K * 8), theta: alloc(K * s * 8), out: alloc(K * s * 8), scratch: alloc(this.kernels.scratchBytes(K, s)) };
    } catch (e) {
      allocations.freeAll();
      throw e;
    }
    // Row by row, d + 1 values (set rounds to float32 as a store does); the padding must be
    // real zeros (0·NaN is NaN).
    const from = source.dtype === "float32" ? heap.f32 : heap.f64;
    const to = dtype === "float32" ? heap.f32 : heap.f64;
    const x0 = source.x / LAYOUT[source.dtype].bytes;
    const c0 = this.ptr.x / LAYOUT[dtype].bytes;
    to.fill(0, c0, c0 + total * s);
    const f = heap.f64;
    for (let i = 0; i < total; i++) {
      const r = this.rows[i];
      to.set(from.subarray(x0 + r * source.s, x0 + r * source.s + d + 1), c0 + i * s);
      f[(this.ptr.w >>> 3) + i] = f[(source.w >>> 3) + r];
    }
  }

  /** The copy as a matrix of its own: its rows (positions in `rows`), stride and kernels. */
  get copy(): { readonly x: number; readonly stride: number; readonly kernels: Kernels } {
    return { x: this.ptr.x, stride: this.stride, kernels: this.kernels };
  }

  /** Σ of the sample's weights. */
  weightSum(): number {
    const f = this.source.backend.heap.f64;
    const w = this.ptr.w >>> 3;
    let total = 0;
    for (let i = 0; i < this.rows.length; i++) total += f[w + i];
    return total;
  }

  /** Compute the sample rows' probabilities at θ (one pass over the sample). */
  refresh(theta: Float64Array): void {
    this.assertAlive();
    const { source, ptr, stride } = this;
    source.writeParameters(theta, ptr.theta, stride);
    this.kernels.probabilities(ptr.x, this.rows.length, stride, source.K, ptr.theta, ptr.p, ptr.scratch);
  }

  /** Take the sample rows' probabilities at θ from `p` (|S| × K, in the sample's row order) instead of computing them. */
  useProbabilities(p: Float64Array): void {
    this.assertAlive();
    this.source.backend.heap.f64.set(p.subarray(0, this.rows.length * this.source.K), this.ptr.p >>> 3);
  }

  /** Kernel-memory pointers of the sample's probabilities (|S| × K) and weights (|S|), in its rows' order. */
  get probabilitiesPointer(): number {
    this.assertAlive();
    return this.ptr.p;
  }

  get weightsPointer(): number {
    return this.ptr.w;
  }

  /** The |S| × K probabilities of the last refresh (a view of kernel memory: read it at once). */
  probabilities(): Float64Array {
    const p = this.ptr.p >>> 3;
    return this.source.backend.heap.f64.subarray(p, p + this.rows.length * this.source.K);
  }

  /** out = Σ_S w (diag p − ppᵀ)(V x̂) ⊗ x̂ (compact layout), unnormalised, at the last refresh. */
  hessianVector(v: Float64Array, out: Float64Array): void {
    this.assertAlive();
    const { source, ptr, stride } = this;
    source.writeParameters(v, ptr.theta, stride);
    this.kernels.hessianVector(ptr.x, this.rows.length, stride, source.K, ptr.p, ptr.w, ptr.theta, ptr.out, ptr.scratch);
    source.readParameters(ptr.out, out, stride);
  }

  /** hessianVector, then out ← scale·out + l2·v on the penalised columns, in the read-out (SampleSource.readPenalisedProduct). */
  hessianVectorPenalised(v: Float64Array, out: Float64Array, scale: number, penalty: { readonly l2: number; penalises(j: number): boolean }): void {
    this.assertAlive();
    const { source, ptr, stride } = this;
    source.writeParameters(v, ptr.theta, stride);
    this.kernels.hessianVector(ptr.x, this.rows.length, stride, source.K, ptr.p, ptr.w, ptr.theta, ptr.out, ptr.scratch);
    source.readPenalisedProduct(ptr.out, out, stride, scale, penalty.l2, penalty.penalises(0) ? 0 : 1, v);
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    for (const p of Object.values(this.ptr)) this.source.backend.heap.free(p);
  }

  private assertAlive(): void {
    if (this.freed) throw new Error("internal: HessianSample used after free");
  }
}
