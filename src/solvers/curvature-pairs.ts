/**
 * The L-BFGS memory: the last `capacity` curvature pairs (s, y) = (θ⁺ − θ, ∇f⁺ − ∇f) in a
 * ring of rows in kernel memory, and the two-loop recursion over them (the twoLoop kernel,
 * assembly/two-loop.ts: one SIMD call, each sweep over the direction fusing one pair's axpy
 * with the next pair's dot product). In JavaScript the recursion cost ~8 % of a pass on
 * digits (10 pairs of 650 parameters), as a kernel ~2 %.
 */
import { ArrayBufferStore, Heap } from "../backends/heap.js";
import type { Kernels } from "../backends/backend.js";
import { createJsSolverKernels } from "../backends/js-solver-kernels.js";

export class CurvaturePairs {
  readonly capacity: number;
  private readonly P: number;
  private readonly heap: Heap;
  private readonly twoLoop: Kernels["twoLoop"];
  private readonly ptr: Record<"S" | "Y" | "rho" | "yy" | "alpha" | "g" | "d", number>;
  private readonly block: number;
  /** Slot of the newest pair, and how many are stored. */
  private newest = -1;
  private stored = 0;
  private freed = false;
  /** The kernel's output direction as a view (valid while the memory does not grow). */
  private directionView?: Float64Array;

  /** Bytes of kernel memory for `capacity` pairs of P parameters. */
  static bytes(P: number, capacity: number): number {
    return (2 * capacity * P + 3 * capacity + 2 * P) * 8 + 16;
  }

  /** Pairs in a small pure-JS heap of their own, for data without kernel memory of their own. */
  static standalone(P: number, capacity: number): CurvaturePairs {
    const heap = new Heap(new ArrayBufferStore(0));
    return new CurvaturePairs(heap, createJsSolverKernels(heap, "float64").twoLoop, P, capacity);
  }

  constructor(heap: Heap, twoLoop: Kernels["twoLoop"], P: number, capacity: number) {
    this.heap = heap;
    this.twoLoop = twoLoop;
    this.P = P;
    this.capacity = capacity;
    this.block = heap.alloc(CurvaturePairs.bytes(P, capacity));
    let at = this.block;
    const take = (doubles: number) => {
      const p = at;
      at += doubles * 8;
      return p;
    };
    this.ptr = { S: take(capacity * P), Y: take(capacity * P), rho: take(capacity), yy: take(capacity), alpha: take(capacity), g: take(P), d: take(P) };
  }

  get count(): number {
    return this.stored;
  }

  clear(): void {
    this.stored = 0;
    this.newest = -1;
  }

  /**
   * Store the pair of a step from (θ, g) to (θ⁺, g⁺): tested in one sweep, written in a second. A pair
   * without positive curvature (sᵀy ≤ 1e-12·‖s‖‖y‖) carries no information and is skipped;
   * returns whether it was stored.
   */
  push(theta: Float64Array, gradient: Float64Array, nextTheta: Float64Array, nextGradient: Float64Array): boolean {
    const { P } = this;
    const f = this.heap.f64;
    const slot = (this.newest + 1) % this.capacity;
    const s0 = (this.ptr.S >>> 3) + slot * P;
    const y0 = (this.ptr.Y >>> 3) + slot * P;
    let sy = 0;
    let ss = 0;
    let yy = 0;
    for (let i = 0; i < P; i++) {
      const s = nextTheta[i] - theta[i];
      const y = nextGradient[i] - gradient[i];
      sy += s * y;
      ss += s * s;
      yy += y * y;
    }
    // A skipped pair must leave the slot alone: once the memory is full it holds the oldest
    // pair, whose ρ and yᵀy would otherwise be used with the skipped pair's s and y.
    if (!(sy > 1e-12 * Math.sqrt(ss * yy))) return false;
    for (let i = 0; i < P; i++) {
      f[s0 + i] = nextTheta[i] - theta[i];
      f[y0 + i] = nextGradient[i] - gradient[i];
    }
    f[(this.ptr.rho >>> 3) + slot] = 1 / sy;
    f[(this.ptr.yy >>> 3) + slot] = yy;
    this.newest = slot;
    this.stored = Math.min(this.stored + 1, this.capacity);
    return true;
  }

  /** Store a pair given as vectors (a warm start's saved pairs); same test as push. */
  pushPair(s: Float64Array, y: Float64Array): boolean {
    const zero = new Float64Array(this.P);
    return this.push(zero, zero, s, y);
  }

  /** The stored pairs, oldest first, as copies. */
  pairs(): { s: Float64Array; y: Float64Array; rho: number }[] {
    const f = this.heap.f64;
    const out = [];
    for (let age = this.stored - 1; age >= 0; age--) {
      const slot = (this.newest - age + this.capacity) % this.capacity;
      const s0 = (this.ptr.S >>> 3) + slot * this.P;
      const y0 = (this.ptr.Y >>> 3) + slot * this.P;
      out.push({ s: f.slice(s0, s0 + this.P), y: f.slice(y0, y0 + this.P), rho: f[(this.ptr.rho >>> 3) + slot] });
    }
    return out;
  }

  /** direction = −H·g; returns gᵀdirection (negative for a descent direction). */
  direction(g: Float64Array, direction: Float64Array): number {
    const { ptr, P } = this;
    const f = this.heap.f64;
    f.set(g, ptr.g >>> 3);
    const slope = this.twoLoop(ptr.S, ptr.Y, ptr.rho, ptr.yy, ptr.alpha, this.newest, this.stored, this.capacity, P, ptr.g, ptr.d);
    // The view is kept while the memory does not grow: one per call was garbage every iteration.
    if (this.directionView?.buffer !== f.buffer) this.directionView = f.subarray(ptr.d >>> 3, (ptr.d >>> 3) + P);
    direction.set(this.directionView);
    return slope;
  }

  /** Free the kernel memory (safe to call twice). */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.heap.free(this.block);
  }
}
