/**
 * A CSR matrix in kernel memory for the sparse kernels: indptr (rows + 1 int32), indices
 * (int32) and values (f64, or f32 for dtype "float32"), copied from the caller's CSR and
 * checked while copied (input/csr-matrix.ts), each column at most once a row. One fit owns
 * it, or a Dataset shares it between fits and predictions. The intercept is not stored: the sparse kernels
 * add θ's intercept row to every row themselves.
 *
 * From 2048 columns on the stored column indices are renumbered by descending count (ties in
 * column order, columns that never occur last), and each row's entries sorted by them: the
 * kernels' θ and gradient rows are indexed by these numbers, so the rows of frequent words,
 * which most non-zeros read and update, sit together and are read in ascending addresses. On
 * the 100 000 × 50 000 bag of words with its columns shuffled (as hashed features or an
 * alphabetical vocabulary come), a loss+gradient pass took 1.52× as long without it, and with it
 * as long as with the columns in frequency order (README "Sparse (bag of words)"). The order of
 * a row's entries sets the order of its logits' sums: results equal the caller's order's to
 * rounding, and both backends see the same order. `layoutRows` maps a compact parameter
 * column to its layout row, `columnOf` a stored index back to the caller's column.
 *
 * Values that float32 holds exactly (word counts, 0/1 indicators, any value with at most 24
 * significant bits in float32's range) are stored as float32 in a float64 fit too: the
 * kernels promote every value to float64 as they load it (assembly/sparse/kernels.ts), so
 * every result has the same bits, and each entry's 12 bytes become 8. The copy is made as
 * float64 (the caller's CSR is read once, as it comes) and narrowed in place, the freed half
 * given back to the heap. Its effect on the speed of the 100 000 × 50 000 bag of words' pass
 * was not resolved (−21 % and +7 % in two A/Bs at load 2–4; README "Sparse (bag of words)").
 */
import { LAYOUT, type Backend, type Dtype } from "../backends/backend.js";
import { allocateAll, type Heap } from "../backends/heap.js";
import { paddedClasses, type SparseKernels } from "../backends/sparse-kernels.js";
import type { CsrSource } from "../input/csr-matrix.js";
import { unboundBackend } from "./resident-matrix.js";

/**
 * Columns are renumbered from this many on. Below, the θ and gradient rows of every column
 * (320 KB at K = 10) stay in L2 in any order, and the caller's numbering and entry order keep
 * the rounding of the logits' sums that dense input has (CSR and dense input follow the same
 * iterates there: sparse.test.ts).
 */
const RENUMBERED_FROM = 2048;

export class ResidentCsr {
  /** The kernel memory the arrays live in. */
  readonly heap: Heap;
  /** The kernels that run on it (bound later for a threaded fit, as ResidentMatrix's). */
  backend: Backend;
  readonly dtype: Dtype;
  /** How the values are stored: float32 for a float32 fit, and for a float64 one whose values float32 holds exactly. */
  valueDtype: Dtype;
  readonly n: number;
  readonly d: number;
  /** Stored entries (repeated columns summed). */
  readonly nnz: number;
  /** Pointers to indptr, indices and values. */
  readonly indptr: number;
  readonly indices: number;
  readonly values: number;
  /** The largest |value|, for the overflow check of the objective. */
  readonly largest: number;
  /**
   * Pointer to d + 1 int32: the kernel layout row of compact column j (0 the intercepts, 1 + j
   * feature j), 1 + the feature's stored index.
   */
  readonly layoutRows: number;
  /** The caller's column of each stored index. */
  readonly columnOf: Int32Array;
  private released = false;

  /** Bytes a CSR matrix of n rows, d columns and `entries` entries takes (with its layout-row map). */
  static bytes(n: number, d: number, entries: number, dtype: Dtype): number {
    return (n + 1) * 4 + entries * (4 + LAYOUT[dtype].bytes) + (d + 1) * 4;
  }

  /**
   * Copy `source` into the heap of `backend` (a Backend, or just a heap whose kernels come
   * later); on any failure (a bad value, no memory) nothing stays allocated.
   */
  constructor(backend: Backend | { heap: Heap }, source: CsrSource, dtype: Dtype) {
    this.heap = backend.heap;
    this.backend = "kernels" in backend ? backend : unboundBackend(backend.heap);
    this.dtype = this.valueDtype = dtype;
    const n = (this.n = source.rows);
    this.d = source.cols;
    const entries = source.entries(0, n);
    const heap = backend.heap;
    const pointers = allocateAll(heap, [(n + 1) * 4, entries * 4, entries * LAYOUT[dtype].bytes, (this.d + 1) * 4]);
    [this.indptr, this.indices, this.values, this.layoutRows] = pointers;
    try {
      this.largest = source.copyRows(0, n, heap.i32.subarray(this.indptr >>> 2), 0, heap.i32.subarray(this.indices >>> 2), this.valueView(), 0);
    } catch (e) {
      for (const p of pointers) heap.free(p);
      throw e;
    }
    this.nnz = heap.i32[(this.indptr >>> 2) + n];
    if (dtype === "float64" && this.narrowValues()) this.valueDtype = "float32";
    this.columnOf = this.renumberByCount();
  }

  /**
   * When float32 holds every float64 value exactly: the values rewritten as float32 in place
   * (entry e's 4 bytes land at or before its 8, which have been read then) and the second half
   * of their region freed. Returns whether it did.
   */
  private narrowValues(): boolean {
    const { nnz } = this;
    if (nnz === 0) return false;
    const heap = this.heap;
    const from = heap.f64.subarray(this.values >>> 3, (this.values >>> 3) + nnz);
    for (let e = 0; e < nnz; e++) if (Math.fround(from[e]) !== from[e]) return false;
    const to = heap.f32.subarray(this.values >>> 2, (this.values >>> 2) + nnz);
    for (let e = 0; e < nnz; e++) to[e] = from[e];
    heap.shrink(this.values, nnz * 4);
    return true;
  }

  /** Renumber the stored indices by descending column count (from RENUMBERED_FROM columns on); fill layoutRows; return the inverse map. */
  private renumberByCount(): Int32Array {
    const { d, nnz } = this;
    const i32 = this.heap.i32;
    const indices = i32.subarray(this.indices >>> 2, (this.indices >>> 2) + nnz);
    const count = new Int32Array(d);
    for (let e = 0; e < nnz; e++) count[indices[e]]++;
    const renumber = d >= RENUMBERED_FROM;
    const columnOf = renumber ? byDescendingCount(count) : Int32Array.from({ length: d }, (_, j) => j);
    const indexOf = count; // reused: column → its new index
    for (let i = 0; i < d; i++) indexOf[columnOf[i]] = i;
    if (renumber) {
      for (let e = 0; e < nnz; e++) indices[e] = indexOf[indices[e]];
      this.sortRows(indices);
    }
    const rows = this.layoutRows >>> 2;
    i32[rows] = 0;
    for (let j = 0; j < d; j++) i32[rows + 1 + j] = 1 + indexOf[j];
    return columnOf;
  }

  /**
   * Sort each row's entries by stored index, values with them: a row then reads its θ rows in
   * ascending addresses, frequent words first (renumbering without it gained nothing measurable).
   * A row with a few descents is
   * insertion-sorted in place; otherwise, as it holds each index once, its values wait in a
   * column-indexed scratch while its indices are sorted natively.
   */
  private sortRows(indices: Int32Array): void {
    const indptr = this.heap.i32.subarray(this.indptr >>> 2, (this.indptr >>> 2) + this.n + 1);
    const values = this.valueView();
    let slot: Float64Array | undefined;
    for (let r = 0; r < this.n; r++) {
      const start = indptr[r];
      const end = indptr[r + 1];
      let descents = 0;
      for (let e = start + 1; e < end; e++) if (indices[e - 1] > indices[e]) descents++;
      if (descents === 0) continue;
      if (descents > 8) {
        slot ??= new Float64Array(this.d);
        for (let e = start; e < end; e++) slot[indices[e]] = values[e];
        indices.subarray(start, end).sort();
        for (let e = start; e < end; e++) values[e] = slot[indices[e]];
        continue;
      }
      for (let e = start + 1; e < end; e++) {
        const index = indices[e];
        if (indices[e - 1] < index) continue;
        const value = values[e];
        let q = e - 1;
        for (; q >= start && indices[q] > index; q--) {
          indices[q + 1] = indices[q];
          values[q + 1] = values[q];
        }
        indices[q + 1] = index;
        values[q + 1] = value;
      }
    }
  }

  /** Run this matrix's kernels on `backend` from now on (it must address the same heap). */
  bindKernels(backend: Backend): void {
    if (backend.heap !== this.heap) throw new Error("internal: the kernels must run on the heap that holds X");
    this.backend = backend;
  }

  /** The sparse kernels for this matrix's values (valueDtype). */
  get kernels(): SparseKernels {
    return this.backend.sparse[this.valueDtype];
  }

  /** Bytes per value. */
  get valueBytes(): number {
    return LAYOUT[this.valueDtype].bytes;
  }

  /** The heap view from the values on (index 0 = the first value; valid until the next allocation). */
  valueView(): Float64Array | Float32Array {
    const heap = this.backend.heap;
    return this.valueDtype === "float32" ? heap.f32.subarray(this.values >>> 2) : heap.f64.subarray(this.values >>> 3);
  }

  /**
   * Row-major n×K probabilities of every row under θ (compact layout, K × (d + 1)), computed
   * in row ranges whose output takes at most `chunkBytes` (a Dataset's predictions); the
   * logits instead with `logits`.
   */
  probabilities(theta: Float64Array, K: number, chunkBytes: number, logits = false): Float64Array {
    const { n, backend } = this;
    const heap = backend.heap;
    const m = this.d + 1;
    const KP = paddedClasses(K);
    const chunk = Math.max(1, Math.min(n, Math.floor(chunkBytes / (K * 8))));
    const result = new Float64Array(n * K);
    const allocated: number[] = [];
    try {
      for (const bytes of [m * KP * 8, chunk * K * 8, this.kernels.scratchBytes(K)]) allocated.push(heap.alloc(bytes));
      const [thetaPtr, out, scratch] = allocated;
      const f = heap.f64;
      const base = thetaPtr >>> 3;
      f.fill(0, base, base + m * KP);
      const rows = heap.i32.subarray(this.layoutRows >>> 2, (this.layoutRows >>> 2) + m);
      for (let k = 0; k < K; k++) for (let j = 0; j < m; j++) f[base + rows[j] * KP + k] = theta[k * m + j];
      for (let start = 0; start < n; start += chunk) {
        const rows = Math.min(chunk, n - start);
        this.kernels[logits ? "logits" : "probabilities"](this.indptr + start * 4, this.indices, this.values, rows, K, thetaPtr, KP, out, scratch);
        result.set(heap.f64.subarray(out >>> 3, (out >>> 3) + rows * K), start * K);
      }
      return result;
    } finally {
      for (const p of allocated) heap.free(p);
    }
  }

  /**
   * Rows [start, start + count) as a matrix of their own, sharing this one's memory (a
   * cross-validation fold's rows laid out contiguously): its indptr is a slice of this one's,
   * whose offsets are absolute, so indices and values stay where they are, and `nnz` counts
   * the entries up to its last row's end. Releasing the view frees nothing; it is valid while
   * this matrix is.
   */
  rowsView(start: number, count: number): ResidentCsr {
    const view = Object.create(Object.getPrototypeOf(this) as object) as ResidentCsr;
    return Object.assign(view, {
      heap: this.heap,
      backend: this.backend,
      dtype: this.dtype,
      valueDtype: this.valueDtype,
      n: count,
      d: this.d,
      nnz: this.heap.i32[(this.indptr >>> 2) + start + count],
      indptr: this.indptr + start * 4,
      indices: this.indices,
      values: this.values,
      largest: this.largest,
      layoutRows: this.layoutRows,
      columnOf: this.columnOf,
      released: true,
    });
  }

  /** Free the arrays. Safe to call twice. */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const p of [this.indptr, this.indices, this.values, this.layoutRows]) this.backend.heap.free(p);
  }
}

/** The columns ordered by descending count, ties in column order: a counting sort (counts ≤ rows), linear in d + rows. */
function byDescendingCount(count: Int32Array): Int32Array {
  let most = 0;
  for (let j = 0; j < count.length; j++) if (count[j] > most) most = count[j];
  // next[c]: where the next column of count c goes; counts from `most` down fill the order.
  const next = new Int32Array(most + 1);
  for (let j = 0; j < count.length; j++) next[count[j]]++;
  for (let c = most, at = 0; c >= 0; c--) {
    const columns = next[c];
    next[c] = at;
    at += columns;
  }
  const order = new Int32Array(count.length);
  for (let j = 0; j < count.length; j++) order[next[count[j]]++] = j;
  return order;
}
