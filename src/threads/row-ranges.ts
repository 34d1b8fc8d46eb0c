/**
 * What every threaded kernel set shares: the fixed partition of n rows into one range per
 * thread, per-thread output buffers kept for reuse, and the reduction of partial results in
 * thread order (which makes the sum independent of scheduling).
 */
import { allocateAll, type Heap } from "../backends/heap.js";

/** Per-thread buffers by purpose, owned by one fit (which frees them when it ends). */
export type ThreadBuffers = Map<string, { bytes: number; pointers: number[] }>;

/** Below this many rows per thread, one thread is faster than waking the others. */
export const MIN_ROWS_PER_THREAD = 32;

export interface RowRanges {
  /** T buffers of at least `bytes` each for `purpose`, kept (and reused) between calls. */
  perThread(purpose: string, bytes: number): number[];
  /** [first row, row count] per thread: ⌈n/T⌉ rows each, the last takes the rest (never empty when n ≥ T). */
  ranges(n: number): [number, number][];
  /** Sum T partial arrays of `length` doubles into `out`, in thread order. */
  reduce(partials: number[], length: number, out: number): void;
  /** Whether n rows are too few to split. */
  tooSmall(n: number): boolean;
}

export function rowRanges(heap: Heap, T: number, buffers: ThreadBuffers): RowRanges {
  return {
    perThread(purpose, bytes) {
      const held = buffers.get(purpose);
      if (held && held.bytes >= bytes) return held.pointers;
      if (held) for (const p of held.pointers) heap.free(p);
      buffers.delete(purpose);
      const pointers = allocateAll(heap, new Array<number>(T).fill(bytes));
      buffers.set(purpose, { bytes, pointers });
      return pointers;
    },
    ranges(n) {
      const size = Math.ceil(n / T);
      return Array.from({ length: T }, (_, t) => [t * size, Math.min(n, (t + 1) * size) - t * size]);
    },
    reduce(partials, length, out) {
      const f = heap.f64;
      const o = out >>> 3;
      f.set(f.subarray(partials[0] >>> 3, (partials[0] >>> 3) + length), o);
      for (let t = 1; t < T; t++) {
        const p = partials[t] >>> 3;
        for (let i = 0; i < length; i++) f[o + i] += f[p + i];
      }
    },
    tooSmall: (n) => n < T * MIN_ROWS_PER_THREAD,
  };
}
