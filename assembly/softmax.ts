// Softmax of a tile of logit rows, with each row's log-sum-exp.
//
// Shifting by the row maximum m makes every exponent ≤ 0, so e^(z−m) ∈ (0, 1]
// with at least one term equal to 1: no overflow, the sum S is in [1, K] and
// its log is always defined. lse = m + log S is kept for the cross-entropy,
// which is formed as lse − z_y (never log p_y, which would be −inf once p_y
// underflows).
//
// The row loop does max and exp/sum per row (K/2 f64x2 pairs), with exp's
// constants read once per tile from a table in scratch (exp.ts says why);
// log S and 1/S are then taken two rows per f64x2, and p = e·(1/S). Every lane is computed
// independently, so a row's bits do not depend on its position in the tile
// (lossGradient and probabilities agree exactly).

import { expWith, storeExpConstants } from "./exp";
import { logv } from "./log";

// @ts-ignore: decorator
@inline const NEG_INF: f64 = reinterpret<f64>(0xFFF0000000000000); // -inf

/**
 * z: rows × KP logits (KP = K rounded up to even; the pad slot is
 * overwritten with −inf). Writes p (rows × KP, pad 0), lse (rows doubles) and
 * uses `sums` (rows + 1 doubles) and `expTable` (EXP_TABLE_BYTES) as scratch. rows ≥ 1.
 */
export function softmaxTile(z: usize, p: usize, lse: usize, sums: usize, rows: i32, K: i32, expTable: usize): void {
  let kpb = <usize>((K + 1) & ~1) << 3;
  storeExpConstants(expTable);
  let xMin = v128.load(expTable), xMax = v128.load(expTable, 16), invLn2 = v128.load(expTable, 32);
  let ln2Hi = v128.load(expTable, 48), ln2Lo = v128.load(expTable, 64);
  let p1 = v128.load(expTable, 80), p2 = v128.load(expTable, 96), p3 = v128.load(expTable, 112);
  let p4 = v128.load(expTable, 128), p5 = v128.load(expTable, 144);
  let two = v128.load(expTable, 160), one = v128.load(expTable, 176), half = v128.load(expTable, 192);
  let shift = v128.load(expTable, 208), bias = v128.load(expTable, 224);
  for (let t = 0; t < rows; t++) {
    let zr = z + <usize>t * kpb;
    let pr = p + <usize>t * kpb;
    // The pad logit is −inf: it never wins the max and its lane adds e^(−inf) = 0.
    if (K & 1) store<f64>(zr + kpb - 8, NEG_INF);
    // Branch-free max (pmax is one maxpd); the max is exact, so its order is free.
    let mv = v128.load(zr);
    for (let o: usize = 16; o < kpb; o += 16) mv = f64x2.pmax(mv, v128.load(zr + o));
    let m0 = f64x2.extract_lane(mv, 0), m1 = f64x2.extract_lane(mv, 1);
    let m = select<f64>(m1, m0, m0 < m1);
    mv = f64x2.splat(m);
    let sum = f64x2.splat(0);
    for (let o: usize = 0; o < kpb; o += 16) {
      let e = expWith(f64x2.sub(v128.load(zr + o), mv), xMin, xMax, invLn2, ln2Hi, ln2Lo, p1, p2, p3, p4, p5, two, one, half, shift, bias);
      v128.store(pr + o, e);
      sum = f64x2.add(sum, e);
    }
    store<f64>(lse + (<usize>t << 3), m);
    store<f64>(sums + (<usize>t << 3), f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1));
  }
  // An odd last row pairs with a harmless dummy sum.
  if (rows & 1) store<f64>(sums + (<usize>rows << 3), 1.0);
  for (let o: usize = 0; o < (<usize>rows << 3); o += 16) {
    let s = v128.load(sums + o);
    // lse is only read for t < rows, so the dummy lane may be written freely
    // (the lse array has room for it, see layout.ts).
    v128.store(lse + o, f64x2.add(v128.load(lse + o), logv(s)));
    v128.store(sums + o, f64x2.div(f64x2.splat(1.0), s));
  }
  for (let t = 0; t < rows; t++) {
    let pr = p + <usize>t * kpb;
    let inv = v128.load64_splat(sums + (<usize>t << 3));
    for (let o: usize = 0; o < kpb; o += 16) v128.store(pr + o, f64x2.mul(v128.load(pr + o), inv));
  }
}
