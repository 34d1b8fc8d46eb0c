// The conjugate-gradient vector work of the sparse Newton-CG (src/linalg/row-diagonal-cg.ts)
// on vectors in the sparse kernels' layout: `rows` rows of `lanes` doubles (lanes even: KP),
// rows `stride` doubles apart (even: two vectors may interleave, as θ and the gradient do),
// with a diagonal preconditioner that is one value per row (inverse: rows f64).
// On text the vectors are as long as the stored entries, so these passes cost as much as the
// Hessian-vector product; fused and in SIMD they run near memory speed.
//
// Sums are accumulated in the two lanes of an f64x2 (even and odd entries) and the lanes
// added at the end: the JS twin (src/backends/js-sparse.ts) sums in the same order, so the
// two give the same bits. Results that are two sums go to `sums` (two f64).

/** x = 0, p = M⁻¹r; sums = (rᵀM⁻¹r, rᵀr). */
export function sparseCgStartOf(x: usize, r: usize, p: usize, inverse: usize, rows: i32, lanes: i32, stride: i32, sums: usize): void {
  let laneBytes = <usize>lanes << 3;
  let rowBytes = <usize>stride << 3;
  let rz = f64x2.splat(0);
  let rr = f64x2.splat(0);
  let zero = f64x2.splat(0);
  for (let j = 0; j < rows; j++) {
    let s = v128.load64_splat(inverse + (<usize>j << 3));
    let at = <usize>j * rowBytes;
    for (let o: usize = 0; o < laneBytes; o += 16) {
      let rv = v128.load(r + at + o);
      let z = f64x2.mul(s, rv);
      v128.store(x + at + o, zero);
      v128.store(p + at + o, z);
      rz = f64x2.add(rz, f64x2.mul(rv, z));
      rr = f64x2.add(rr, f64x2.mul(rv, rv));
    }
  }
  store<f64>(sums, f64x2.extract_lane(rz, 0) + f64x2.extract_lane(rz, 1));
  store<f64>(sums, f64x2.extract_lane(rr, 0) + f64x2.extract_lane(rr, 1), 8);
}

/** x += α·p, r −= α·hp; sums = (rᵀr, rᵀM⁻¹r) of the new r. */
export function sparseCgUpdateOf(x: usize, r: usize, p: usize, hp: usize, inverse: usize, rows: i32, lanes: i32, stride: i32, alpha: f64, sums: usize): void {
  let laneBytes = <usize>lanes << 3;
  let rowBytes = <usize>stride << 3;
  let a = f64x2.splat(alpha);
  let rr = f64x2.splat(0);
  let rz = f64x2.splat(0);
  for (let j = 0; j < rows; j++) {
    let s = v128.load64_splat(inverse + (<usize>j << 3));
    let at = <usize>j * rowBytes;
    for (let o: usize = 0; o < laneBytes; o += 16) {
      let q = at + o;
      v128.store(x + q, f64x2.add(v128.load(x + q), f64x2.mul(a, v128.load(p + q))));
      let rv = f64x2.sub(v128.load(r + q), f64x2.mul(a, v128.load(hp + q)));
      v128.store(r + q, rv);
      rr = f64x2.add(rr, f64x2.mul(rv, rv));
      rz = f64x2.add(rz, f64x2.mul(rv, f64x2.mul(s, rv)));
    }
  }
  store<f64>(sums, f64x2.extract_lane(rr, 0) + f64x2.extract_lane(rr, 1));
  store<f64>(sums, f64x2.extract_lane(rz, 0) + f64x2.extract_lane(rz, 1), 8);
}

/** p = M⁻¹r + β·p. */
export function sparseCgDirectionOf(r: usize, p: usize, inverse: usize, rows: i32, lanes: i32, stride: i32, beta: f64): void {
  let laneBytes = <usize>lanes << 3;
  let rowBytes = <usize>stride << 3;
  let b = f64x2.splat(beta);
  for (let j = 0; j < rows; j++) {
    let s = v128.load64_splat(inverse + (<usize>j << 3));
    let at = <usize>j * rowBytes;
    for (let o: usize = 0; o < laneBytes; o += 16) {
      let q = at + o;
      v128.store(p + q, f64x2.add(f64x2.mul(s, v128.load(r + q)), f64x2.mul(b, v128.load(p + q))));
    }
  }
}

/**
 * The summed Hessian-vector product hp (kernel output) made the objective's: rows below
 * `absentRows` 0 (parameters the model does not have), the others hp·scale, plus l2·p from
 * row `penalisedFrom` on (+ 0 before it, as the compact path adds). Returns pᵀhp.
 */
export function sparseHessianFinishOf(p: usize, hp: usize, rows: i32, lanes: i32, stride: i32, scale: f64, l2: f64, absentRows: i32, penalisedFrom: i32): f64 {
  let laneBytes = <usize>lanes << 3;
  let rowBytes = <usize>stride << 3;
  let sc = f64x2.splat(scale);
  let l = f64x2.splat(l2);
  let zero = f64x2.splat(0);
  let curvature = f64x2.splat(0);
  for (let j = 0; j < rows; j++) {
    let at = <usize>j * rowBytes;
    for (let o: usize = 0; o < laneBytes; o += 16) {
      let q = at + o;
      let pv = v128.load(p + q);
      let h = j < absentRows ? zero : f64x2.add(f64x2.mul(v128.load(hp + q), sc), j < penalisedFrom ? zero : f64x2.mul(l, pv));
      v128.store(hp + q, h);
      curvature = f64x2.add(curvature, f64x2.mul(pv, h));
    }
  }
  return f64x2.extract_lane(curvature, 0) + f64x2.extract_lane(curvature, 1);
}
