// Softmax of a tile of logit rows, with each row's log-sum-exp.
//
// Shifting by the row maximum m makes every exponent ≤ 0, so e^(z−m) ∈ (0, 1]
// with at least one term equal to 1: no overflow, the sum S is in [1, K] and
// its log is always defined. lse = m + log S is kept for the cross-entropy,
// which is formed as lse − z_y (never log p_y, which would be −inf once p_y
// underflows).
//
// Two layouts with the same arithmetic, chosen by K. classPairs: a row at a
// time, its classes in f64x2 pairs (K/2 exps a row; the pad slot of odd K a
// −inf logit); in the dense loss pass (lossSoftmaxTile) two rows per step, so
// that their exp chains overlap (measured, lossGradient on 1797 × 64 × 10 and
// 100 000 × 100 × 10: 2–5 % faster; the prediction kernels keep one row per
// step, which keeps the prediction-only module 675 bytes smaller). rowPairs, for small K: two rows at a time, one per lane, a class
// per step (K exps per two rows, no pad lane; measured at K = 3: 423 → 319
// instructions a row of prediction; at K = 10 classPairs needs 90 fewer). Both
// compute each row the same way: the maximum as max(max over even classes, max
// over odd classes), the sum as (Σ even e_k) + (Σ odd e_k), each in class
// order, then log S and 1/S, and p = e·(1/S); exp's constants are read once per
// tile from a table in scratch (exp.ts says why). Every lane is computed
// independently, so a row's bits do not depend on its position in the tile or
// on the layout (lossGradient and probabilities agree exactly).

import { expWith, storeExpConstants } from "./exp";
import { logv } from "./log";

/** (a[o], b[o]): entry o of two rows in one f64x2. */
// @ts-ignore: decorator
@inline const NEG_INF: f64 = reinterpret<f64>(0xFFF0000000000000); // -inf

// @ts-ignore: decorator
@inline function pairOf(a: usize, b: usize): v128 {
  return v128.load64_lane(b, v128.load64_zero(a), 1);
}

/** Below this many classes the tile goes two rows at a time (rowPairs), from it on a row at a time (classPairs). */
// @ts-ignore: decorator
@inline export const ROW_PAIRS_BELOW: i32 = 6;

/**
 * z: rows × KP logits (KP = K rounded up to even), row stride KP doubles.
 * wantP: p (row stride `ps` bytes) receives the probabilities; when ps holds a pad slot (K
 * odd, ps = KP·8) it is set to 0. wantLse: lse (rows doubles) receives m + log S. `expTable`
 * is EXP_TABLE_BYTES of scratch. rows ≥ 1; when rows is odd the row after the last is read
 * (garbage in the unused lane: z must have room for it, as the tile arrays do). For
 * K ≥ ROW_PAIRS_BELOW, p must have ps = KP·8 and p, lse and `sums` (rows + 1 doubles) are
 * used as scratch even when not wanted (pass the tile arrays); the pad slot of z is
 * overwritten with −inf there.
 */
export function softmaxTile(z: usize, rows: i32, K: i32, p: usize, ps: usize, lse: usize, sums: usize, expTable: usize, wantP: bool, wantLse: bool): void {
  storeExpConstants(expTable);
  if (K < ROW_PAIRS_BELOW) rowPairs(z, rows, K, p, ps, lse, expTable, wantP, wantLse);
  else classPairs(z, rows, K, p, lse, sums, expTable, wantP, wantLse, false);
}

/** softmaxTile with the classPairs layout two rows per step (the same bits; more code). */
export function lossSoftmaxTile(z: usize, rows: i32, K: i32, p: usize, ps: usize, lse: usize, sums: usize, expTable: usize, wantP: bool, wantLse: bool): void {
  if (K < ROW_PAIRS_BELOW) {
    softmaxTile(z, rows, K, p, ps, lse, sums, expTable, wantP, wantLse);
    return;
  }
  storeExpConstants(expTable);
  classPairs(z, rows, K, p, lse, sums, expTable, wantP, wantLse, true);
}

/** Two rows per f64x2 lane pair, one class per step (small K: no pad lane, fewer exps). */
// @ts-ignore: decorator
@inline function rowPairs(z: usize, rows: i32, K: i32, p: usize, ps: usize, lse: usize, expTable: usize, wantP: bool, wantLse: bool): void {
  let kb = <usize>K << 3;
  let kpb = <usize>((K + 1) & ~1) << 3;
  let xMin = v128.load(expTable), invLn2 = v128.load(expTable, 16);
  let ln2Hi = v128.load(expTable, 32), ln2Lo = v128.load(expTable, 48);
  let p1 = v128.load(expTable, 64), p2 = v128.load(expTable, 80), p3 = v128.load(expTable, 96);
  let p4 = v128.load(expTable, 112), p5 = v128.load(expTable, 128);
  let two = v128.load(expTable, 144), one = v128.load(expTable, 160), half = v128.load(expTable, 176);
  let shift = v128.load(expTable, 192);
  for (let t = 0; t < rows; t += 2) {
    let za = z + <usize>t * kpb;
    let zb = za + kpb;
    let second = t + 1 < rows;
    // Branch-free max (pmax is one maxpd): even classes, odd classes (K ≥ 2), then the two.
    let me = pairOf(za, zb);
    for (let o: usize = 16; o < kb; o += 16) me = f64x2.pmax(me, pairOf(za + o, zb + o));
    let mo = pairOf(za + 8, zb + 8);
    for (let o: usize = 24; o < kb; o += 16) mo = f64x2.pmax(mo, pairOf(za + o, zb + o));
    let m = f64x2.pmax(me, mo);
    // e_k = e^(z_k − m), stored to p (when wanted) and summed per parity in class order.
    let pa = p + <usize>t * ps;
    let pb = pa + ps;
    let se = f64x2.splat(0), so = f64x2.splat(0);
    for (let o: usize = 0; o < kb; o += 8) {
      let e = expWith(f64x2.sub(pairOf(za + o, zb + o), m), xMin, invLn2, ln2Hi, ln2Lo, p1, p2, p3, p4, p5, two, one, half, shift);
      if (o & 8) so = f64x2.add(so, e); else se = f64x2.add(se, e);
      if (wantP) {
        v128.store64_lane(pa + o, e, 0);
        if (second) v128.store64_lane(pb + o, e, 1);
      }
    }
    let S = f64x2.add(se, so);
    if (wantLse) {
      let l = f64x2.add(m, logv(S));
      v128.store64_lane(lse + (<usize>t << 3), l, 0);
      if (second) v128.store64_lane(lse + (<usize>t << 3), l, 1, 8);
    }
    if (wantP) {
      let inv = f64x2.div(f64x2.splat(1.0), S);
      for (let o: usize = 0; o < kb; o += 8) {
        let e = pairOf(pa + o, second ? pb + o : pa + o);
        let q = f64x2.mul(e, inv);
        v128.store64_lane(pa + o, q, 0);
        if (second) v128.store64_lane(pb + o, q, 1);
      }
      if (ps > kb) {
        store<f64>(pa + kb, 0.0);
        if (second) store<f64>(pb + kb, 0.0);
      }
    }
  }
}

/** A row (or with `twoRows` two rows) at a time, classes in f64x2 pairs (the pad slot of odd K is a −inf logit). */
// @ts-ignore: decorator
@inline function classPairs(z: usize, rows: i32, K: i32, p: usize, lse: usize, sums: usize, expTable: usize, wantP: bool, wantLse: bool, twoRows: bool): void {
  let kpb = <usize>((K + 1) & ~1) << 3;
  let xMin = v128.load(expTable), invLn2 = v128.load(expTable, 16);
  let ln2Hi = v128.load(expTable, 32), ln2Lo = v128.load(expTable, 48);
  let p1 = v128.load(expTable, 64), p2 = v128.load(expTable, 80), p3 = v128.load(expTable, 96);
  let p4 = v128.load(expTable, 112), p5 = v128.load(expTable, 128);
  let two = v128.load(expTable, 144), one = v128.load(expTable, 160), half = v128.load(expTable, 176);
  let shift = v128.load(expTable, 192);
  let t = 0;
  // Two rows per step, their exps interleaved (independent chains for the out-of-order core);
  // each row's arithmetic is the one-row loop's below.
  for (; twoRows && t + 2 <= rows; t += 2) {
    let za = z + <usize>t * kpb;
    let zb = za + kpb;
    let pa = p + <usize>t * kpb;
    let pb = pa + kpb;
    if (K & 1) {
      store<f64>(za + kpb - 8, NEG_INF);
      store<f64>(zb + kpb - 8, NEG_INF);
    }
    let mva = v128.load(za);
    let mvb = v128.load(zb);
    for (let o: usize = 16; o < kpb; o += 16) {
      mva = f64x2.pmax(mva, v128.load(za + o));
      mvb = f64x2.pmax(mvb, v128.load(zb + o));
    }
    let a0 = f64x2.extract_lane(mva, 0), a1 = f64x2.extract_lane(mva, 1);
    let b0 = f64x2.extract_lane(mvb, 0), b1 = f64x2.extract_lane(mvb, 1);
    let ma = select<f64>(a1, a0, a0 < a1);
    let mb = select<f64>(b1, b0, b0 < b1);
    mva = f64x2.splat(ma);
    mvb = f64x2.splat(mb);
    let suma = f64x2.splat(0);
    let sumb = f64x2.splat(0);
    for (let o: usize = 0; o < kpb; o += 16) {
      let ea = expWith(f64x2.sub(v128.load(za + o), mva), xMin, invLn2, ln2Hi, ln2Lo, p1, p2, p3, p4, p5, two, one, half, shift);
      let eb = expWith(f64x2.sub(v128.load(zb + o), mvb), xMin, invLn2, ln2Hi, ln2Lo, p1, p2, p3, p4, p5, two, one, half, shift);
      v128.store(pa + o, ea);
      v128.store(pb + o, eb);
      suma = f64x2.add(suma, ea);
      sumb = f64x2.add(sumb, eb);
    }
    store<f64>(lse + (<usize>t << 3), ma);
    store<f64>(lse + (<usize>t << 3), mb, 8);
    store<f64>(sums + (<usize>t << 3), f64x2.extract_lane(suma, 0) + f64x2.extract_lane(suma, 1));
    store<f64>(sums + (<usize>t << 3), f64x2.extract_lane(sumb, 0) + f64x2.extract_lane(sumb, 1), 8);
  }
  for (; t < rows; t++) {
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
      let e = expWith(f64x2.sub(v128.load(zr + o), mv), xMin, invLn2, ln2Hi, ln2Lo, p1, p2, p3, p4, p5, two, one, half, shift);
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
    if (wantLse) v128.store(lse + o, f64x2.add(v128.load(lse + o), logv(s)));
    v128.store(sums + o, f64x2.div(f64x2.splat(1.0), s));
  }
  if (!wantP) return;
  for (let t = 0; t < rows; t++) {
    let pr = p + <usize>t * kpb;
    let inv = v128.load64_splat(sums + (<usize>t << 3));
    for (let o: usize = 0; o < kpb; o += 16) v128.store(pr + o, f64x2.mul(v128.load(pr + o), inv));
  }
}
