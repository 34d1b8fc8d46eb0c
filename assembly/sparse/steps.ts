// The sparse Newton-CG's per-iteration passes over the K(d+1) parameters outside the CG
// (src/objective/sparse-resident-data.ts: the line search's slope, the accepted point, the
// held gradient's max, the kept probabilities' check) and the Jacobi preconditioner's
// curvature sums. On text K(d+1) is as large as the stored entries: as JavaScript loops
// these cost some 15 % of a small fit. Each does the same operations in the same order as
// the loops it replaces, and as its JS twin (src/backends/js-sparse-cg.ts), so the bits are
// the same: a max is the same whatever the order (NaN when any entry is NaN, as maxAbs
// takes it), sums keep their sequential order.

/** max |v_i| of `count` doubles: NaN when any is NaN (f64x2.max propagates it), else the largest. */
export function sparseMaxAbsOf(values: usize, count: i32): f64 {
  let m = f64x2.splat(0);
  let pairs = count & ~1;
  for (let i = 0; i < pairs; i += 2) m = f64x2.max(m, f64x2.abs(v128.load(values + (<usize>i << 3))));
  let largest = max<f64>(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  if (pairs < count) largest = max<f64>(largest, abs<f64>(load<f64>(values + (<usize>pairs << 3))));
  return largest;
}

/** old ← after − old (the step) for `count` doubles; returns max |step| (sparseMaxAbsOf's rule). */
export function sparseStepOf(after: usize, old: usize, count: i32): f64 {
  let m = f64x2.splat(0);
  let pairs = count & ~1;
  for (let i = 0; i < pairs; i += 2) {
    let q = <usize>i << 3;
    let s = f64x2.sub(v128.load(after + q), v128.load(old + q));
    v128.store(old + q, s);
    m = f64x2.max(m, f64x2.abs(s));
  }
  let largest = max<f64>(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  if (pairs < count) {
    let q = <usize>pairs << 3;
    let s = load<f64>(after + q) - load<f64>(old + q);
    store<f64>(old + q, s);
    largest = max<f64>(largest, abs<f64>(s));
  }
  return largest;
}

/** 1 when a[i] == b[i] for each of `count` doubles (=== : NaN unequal, ±0 equal), else 0. */
export function sparseEqualOf(a: usize, b: usize, count: i32): i32 {
  let pairs = count & ~1;
  for (let i = 0; i < pairs; i += 2) {
    let q = <usize>i << 3;
    if (!v128.all_true<i64>(f64x2.eq(v128.load(a + q), v128.load(b + q)))) return 0;
  }
  if (pairs < count && load<f64>(a + (<usize>pairs << 3)) != load<f64>(b + (<usize>pairs << 3))) return 0;
  return 1;
}

/**
 * slope + Σ g_i·d_i over `count` compact entries from compact index (k0, j0) on (class k0,
 * column j0 of m), in compact order and one running sum: g[t] at `g`, d_i lane k of layout row
 * rowMap[j] of the vector at `x` (rows `xStride` doubles apart), 0 for column 0 when
 * `zeroFirst` (absent intercepts). The bits of a loop over the compact arrays.
 */
export function sparseSlopeOf(g: usize, count: i32, k0: i32, j0: i32, m: i32, x: usize, xStride: i32, rowMap: usize, zeroFirst: i32, slope: f64): f64 {
  let rowBytes = <usize>xStride << 3;
  let k = k0;
  let j = j0;
  for (let t = 0; t < count; t++) {
    let gv = load<f64>(g + (<usize>t << 3));
    let d = j == 0 && zeroFirst != 0 ? 0.0 : load<f64>(x + <usize>load<i32>(rowMap + (<usize>j << 2)) * rowBytes + (<usize>k << 3));
    slope += gv * d;
    if (++j == m) {
      j = 0;
      k++;
    }
  }
  return slope;
}

/**
 * out[0] = Σ c_n (0 without intercepts), out[1 + j] = Σ c_n x_nj² over stored column j, c_n =
 * w_n(1 − ‖p_n‖²)/K, row by row in order (the preconditioner's curvatures; ‖p_n‖² summed over
 * the classes in order, c·x·x as (c·x)·x). `valueBytes` 8 (f64) or 4 (f32 values).
 */
export function sparseCurvatureDiagonalOf(valueBytes: i32, indptr: usize, indices: usize, values: usize, n: i32, m: i32, K: i32, p: usize, w: usize, out: usize, fitIntercept: i32): void {
  memory.fill(out, 0, <usize>m << 3);
  let intercept = 0.0;
  let kf = <f64>K;
  for (let i = 0; i < n; i++) {
    let squares = 0.0;
    let row = p + (<usize>i * <usize>K << 3);
    for (let k = 0; k < K; k++) {
      let q = load<f64>(row + (<usize>k << 3));
      squares += q * q;
    }
    let c = (load<f64>(w + (<usize>i << 3)) * (1 - squares)) / kf;
    intercept += c;
    let end = load<i32>(indptr + (<usize>(i + 1) << 2));
    for (let e = load<i32>(indptr + (<usize>i << 2)); e < end; e++) {
      let v = valueBytes == 4 ? <f64>load<f32>(values + (<usize>e << 2)) : load<f64>(values + (<usize>e << 3));
      let at = out + (<usize>(1 + load<i32>(indices + (<usize>e << 2))) << 3);
      store<f64>(at, load<f64>(at) + c * v * v);
    }
  }
  store<f64>(out, fitIntercept ? intercept : 0);
}
