// Conversions between the public compact layout θ[k(d+1) + j] (class-major) and the sparse
// kernels' feature-major rows, one block of columns at a time: the caller copies the block's K
// class segments into (or out of) a small staging area with bulk copies, and these loops do
// the transposition. On text K(d+1) is as large as the stored entries, so a per-element loop
// in JavaScript here cost more than the kernels' own pass.
//
// A block holds K rows of `cols` doubles: block[k·cols + c] is column j0 + c of class k.
// Column c's layout row is rowMap[c] (i32s: the CSR's columns renumbered by frequency,
// resident-csr.ts), or c itself when rowMap is 0.
// Plain copies and one multiply-add per entry: the JS twin (src/backends/js-sparse-cg.ts)
// does the same operations, so the two give the same bits.

/** Byte address of the layout row of block column c. */
// @ts-ignore: decorator
@inline function layoutRow(layout: usize, rowBytes: usize, rowMap: usize, c: i32): usize {
  let row = rowMap ? <usize>load<i32>(rowMap + (<usize>c << 2)) : <usize>c;
  return layout + row * rowBytes;
}

/**
 * The layout rows of columns c = 0 … cols−1 (rows `stride` doubles apart from `layout`), lanes 0 … K−1 ← the
 * block; sums (one f64) ← Σ θ² over the rows c ≥ penalisedFrom (the L2 penalty's sum, in the
 * pass that reads θ anyway). The order of that sum: per row, the squares of the even and of
 * the odd classes of each pair in two lanes (the last class of an odd K on its own), each
 * added to its running sum; at the end (even + odd) + last. Returns 1 when some value of the
 * block is not finite (x − x is NaN: createObjective's check of the caller's θ, in the pass
 * that reads it anyway), else 0; the rows are written either way.
 */
export function sparseToLayoutOf(block: usize, cols: i32, K: i32, layout: usize, stride: i32, rowMap: usize, penalisedFrom: i32, sums: usize): i32 {
  let rowBytes = <usize>stride << 3;
  let classBytes = <usize>cols << 3;
  // Two classes at a time: their two values of a column are adjacent in the layout row.
  let pairs = K & ~1;
  let squares = f64x2.splat(0);
  let last = 0.0;
  let flags = f64x2.splat(0);
  let lastBad = false;
  let c = 0;
  // Two columns at a time: one load of each class's two values, shuffled into the two rows'
  // pairs (the same values, squares and sums in the same order as one column at a time).
  for (; c + 1 < cols; c += 2) {
    let rowC = layoutRow(layout, rowBytes, rowMap, c);
    let rowD = layoutRow(layout, rowBytes, rowMap, c + 1);
    let from = block + (<usize>c << 3);
    let columnC = f64x2.splat(0);
    let columnD = f64x2.splat(0);
    let k = 0;
    for (; k < pairs; k += 2) {
      let a = from + <usize>k * classBytes;
      let x0 = v128.load(a);
      let x1 = v128.load(a + classBytes);
      let vc = v128.shuffle<f64>(x0, x1, 0, 2);
      let vd = v128.shuffle<f64>(x0, x1, 1, 3);
      v128.store(rowC + (<usize>k << 3), vc);
      v128.store(rowD + (<usize>k << 3), vd);
      columnC = f64x2.add(columnC, f64x2.mul(vc, vc));
      columnD = f64x2.add(columnD, f64x2.mul(vd, vd));
      let t = f64x2.sub(x0, x0);
      let u = f64x2.sub(x1, x1);
      flags = v128.or(flags, v128.or(f64x2.ne(t, t), f64x2.ne(u, u)));
    }
    let xc = 0.0;
    let xd = 0.0;
    if (k < K) {
      let a = from + <usize>k * classBytes;
      xc = load<f64>(a);
      xd = load<f64>(a, 8);
      store<f64>(rowC + (<usize>k << 3), xc);
      store<f64>(rowD + (<usize>k << 3), xd);
      lastBad = lastBad || xc - xc != 0 || xd - xd != 0;
    }
    if (c >= penalisedFrom) {
      squares = f64x2.add(squares, columnC);
      if (k < K) last += xc * xc;
    }
    if (c + 1 >= penalisedFrom) {
      squares = f64x2.add(squares, columnD);
      if (k < K) last += xd * xd;
    }
  }
  for (; c < cols; c++) {
    let row = layoutRow(layout, rowBytes, rowMap, c);
    let from = block + (<usize>c << 3);
    let column = f64x2.splat(0);
    let k = 0;
    for (; k < pairs; k += 2) {
      let a = from + <usize>k * classBytes;
      let v = v128.load64_zero(a);
      v = v128.load64_lane(a + classBytes, v, 1);
      v128.store(row + (<usize>k << 3), v);
      column = f64x2.add(column, f64x2.mul(v, v));
      let t = f64x2.sub(v, v);
      flags = v128.or(flags, f64x2.ne(t, t));
    }
    let x = 0.0;
    if (k < K) {
      x = load<f64>(from + <usize>k * classBytes);
      store<f64>(row + (<usize>k << 3), x);
      lastBad = lastBad || x - x != 0;
    }
    if (c >= penalisedFrom) {
      // A row's own sum first: the running sums then wait on one addition a row, not K.
      squares = f64x2.add(squares, column);
      if (k < K) last += x * x;
    }
  }
  store<f64>(sums, f64x2.extract_lane(squares, 0) + f64x2.extract_lane(squares, 1) + last);
  return v128.any_true(flags) || lastBad ? 1 : 0;
}

/**
 * The block ← lanes `offset` … `offset` + K − 1 of the layout rows of columns c = 0 … cols−1, times `scale`,
 * plus l2 times lanes 0 … K−1 of the same row (θ, when a gradient interleaves with it) on
 * the rows c ≥ penalisedFrom (none when penalisedFrom ≥ cols).
 */
export function sparseFromLayoutOf(layout: usize, stride: i32, rowMap: usize, offset: i32, block: usize, cols: i32, K: i32, scale: f64, l2: f64, penalisedFrom: i32): void {
  let rowBytes = <usize>stride << 3;
  let classBytes = <usize>cols << 3;
  let first = <usize>offset << 3;
  // Two classes at a time (adjacent in the layout row, one f64x2), each lane stored to its
  // class's segment: the same per-entry multiply(-add) as one at a time, so the same bits.
  let pairs = K & ~1;
  let sc = f64x2.splat(scale);
  let l = f64x2.splat(l2);
  let c = 0;
  // Two columns at a time: each class pair of the two rows, shuffled into one store per
  // class (the same per-entry multiply(-add) as one column at a time).
  for (; c + 1 < cols; c += 2) {
    let rowC = layoutRow(layout, rowBytes, rowMap, c);
    let rowD = layoutRow(layout, rowBytes, rowMap, c + 1);
    let to = block + (<usize>c << 3);
    let penalisedC = c >= penalisedFrom;
    let penalisedD = c + 1 >= penalisedFrom;
    let k = 0;
    for (; k < pairs; k += 2) {
      let at = <usize>k << 3;
      let gc = f64x2.mul(v128.load(rowC + first + at), sc);
      let gd = f64x2.mul(v128.load(rowD + first + at), sc);
      if (penalisedC) gc = f64x2.add(gc, f64x2.mul(l, v128.load(rowC + at)));
      if (penalisedD) gd = f64x2.add(gd, f64x2.mul(l, v128.load(rowD + at)));
      let dest = to + <usize>k * classBytes;
      v128.store(dest, v128.shuffle<f64>(gc, gd, 0, 2));
      v128.store(dest + classBytes, v128.shuffle<f64>(gc, gd, 1, 3));
    }
    if (k < K) {
      let at = <usize>k << 3;
      let gc = load<f64>(rowC + first + at) * scale;
      let gd = load<f64>(rowD + first + at) * scale;
      let dest = to + <usize>k * classBytes;
      store<f64>(dest, penalisedC ? gc + l2 * load<f64>(rowC + at) : gc);
      store<f64>(dest, penalisedD ? gd + l2 * load<f64>(rowD + at) : gd, 8);
    }
  }
  for (; c < cols; c++) {
    let row = layoutRow(layout, rowBytes, rowMap, c);
    let to = block + (<usize>c << 3);
    let penalised = c >= penalisedFrom;
    let k = 0;
    for (; k < pairs; k += 2) {
      let at = <usize>k << 3;
      let g = f64x2.mul(v128.load(row + first + at), sc);
      if (penalised) g = f64x2.add(g, f64x2.mul(l, v128.load(row + at)));
      let dest = to + <usize>k * classBytes;
      v128.store64_lane(dest, g, 0);
      v128.store64_lane(dest + classBytes, g, 1);
    }
    if (k < K) {
      let at = <usize>k << 3;
      let g = load<f64>(row + first + at) * scale;
      store<f64>(to + <usize>k * classBytes, penalised ? g + l2 * load<f64>(row + at) : g);
    }
  }
}

/**
 * The index of the first non-finite of `count` doubles at `values`, or −1: createObjective's
 * check of the caller's θ and v, which as a JavaScript loop cost as much as a kernel's pass.
 * x − x is 0 for a finite x and NaN otherwise; the lanes' flags are or-ed, no sum waits on another.
 */
export function firstNonFiniteOf(values: usize, count: i32): i32 {
  let flags = v128.splat<i64>(0);
  let pairs = count & ~1;
  for (let i = 0; i < pairs; i += 2) {
    let v = v128.load(values + (<usize>i << 3));
    let t = f64x2.sub(v, v);
    flags = v128.or(flags, f64x2.ne(t, t));
  }
  if (!v128.any_true(flags) && pairs == count) return -1;
  for (let i = 0; i < count; i++) {
    let x = load<f64>(values + (<usize>i << 3));
    if (x - x != 0) return i;
  }
  return -1;
}
