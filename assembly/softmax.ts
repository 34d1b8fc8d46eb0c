// Softmax of one row of logits, with its log-sum-exp.
//
// Shifting by the row maximum m makes every exponent ≤ 0, so e^(z−m) ∈ (0, 1]
// with at least one term equal to 1: no overflow, the sum is in [1, K] and its
// log is always defined. lse = m + log Σ e^(z_k − m) is returned for the
// cross-entropy, which is formed as lse − z_y (never log p_y, which would be
// −inf once p_y underflows).

import { expv } from "./exp";
import { logPositive } from "./log";

// @ts-ignore: decorator
@inline const NEG_INF: f64 = reinterpret<f64>(0xFFF0000000000000); // -inf

/**
 * Reads K logits at `z` (stride-even row: KP = K rounded up to even slots),
 * writes KP probabilities at `p` (pad slot 0) and returns the log-sum-exp.
 */
// @ts-ignore: decorator
@inline export function softmaxRow(z: usize, p: usize, K: i32): f64 {
  // The pad logit is −inf: it never wins the max and its lane adds e^(−inf) = 0.
  if (K & 1) store<f64>(z + (<usize>K << 3), NEG_INF);
  let end = <usize>((K + 1) & ~1) << 3;
  // Branch-free max (pmax is one maxpd); the max is exact, so its order is free.
  let mv = v128.load(z);
  for (let o: usize = 16; o < end; o += 16) mv = f64x2.pmax(mv, v128.load(z + o));
  let m0 = f64x2.extract_lane(mv, 0), m1 = f64x2.extract_lane(mv, 1);
  let m = select<f64>(m1, m0, m0 < m1);
  mv = f64x2.splat(m);
  let sum = f64x2.splat(0);
  for (let o: usize = 0; o < end; o += 16) {
    let e = expv(f64x2.sub(v128.load(z + o), mv));
    v128.store(p + o, e);
    sum = f64x2.add(sum, e);
  }
  let total = f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
  let tv = f64x2.splat(total);
  for (let o: usize = 0; o < end; o += 16) {
    v128.store(p + o, f64x2.div(v128.load(p + o), tv));
  }
  return m + logPositive(total);
}
