// The preconditioner's row weights (src/objective/curvature-preconditioner.ts): for the
// listed rows r_t of a probability matrix p (n × K, f64) with sample weights w,
//   out[t] = ((w_r · (1 − Σ_k p_rk²)) / K) / weightSum,
// the row's mean softmax curvature ω_r = (1/K) Σ_k p_rk(1 − p_rk) times its weight, normalised.
// Scalar and in the order of the JavaScript it replaces (the squares summed k = 0 … K−1, then
// the two divisions), so the weights have the same bits: Newton-CG's iterates do not change.
// In JavaScript this loop (a few thousand rows × K) ran unoptimised through most of a first
// fit and took V8 tens of milliseconds to compile.

export function curvatureWeightsOf(p: usize, w: usize, rows: usize, count: i32, K: i32, weightSum: f64, out: usize): void {
  let kb = <usize>K << 3;
  let classes = <f64>K;
  for (let t = 0; t < count; t++) {
    let r = <usize>load<i32>(rows + (<usize>t << 2));
    let row = p + r * kb;
    let squares = 0.0;
    for (let k = 0; k < K; k++) {
      let v = load<f64>(row + (<usize>k << 3));
      squares += v * v;
    }
    store<f64>(out + (<usize>t << 3), (load<f64>(w + (r << 3)) * (1.0 - squares)) / classes / weightSum);
  }
}
