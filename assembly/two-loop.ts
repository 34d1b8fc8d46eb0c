// The L-BFGS two-loop recursion (Nocedal & Wright, Algorithm 7.4) as one SIMD call:
//   d = −H g,   H the inverse-Hessian approximation of the stored curvature pairs, H₀ = γI,
//   γ = sᵀy/yᵀy of the newest pair; returns gᵀd.
// The pairs are rows of S and Y (capacity × P f64, a ring: slot `newest` holds the newest,
// slots newest−1, newest−2, … (mod capacity) the older ones), with rho[slot] = 1/sᵀy and
// yy[slot] = yᵀy. Each sweep over d does one pair's axpy and the next pair's dot product,
// so d is streamed 2m + 1 times for m pairs. Vectors need only 8-byte alignment; P any.
// Only IEEE-exact operations, so every engine gives the same bits.

import { hsum } from "./simd";

/**
 * d ← (d + a·x)·scale in place (without the multiplication when `scaled` is false: only the
 * first loop's last sweep scales, and ·1 is exact) and returns Σ z·d (the new d): one fused
 * sweep. With x = 0 (a = 0) it is a scaled dot product.
 *
 * Eight entries a step, and in each half of it acc0 takes entries i, i+1 and acc1 entries
 * i+2, i+3, as a four-entry step does: the sums add in the same order (the same bits). The
 * wider step halves the loop's own instructions, which bound this sweep (measured in
 * bench/kernels-ab.mjs, twoLoop at digits' 650 parameters and 10 pairs).
 */
// @ts-ignore: decorator
@inline function sweep(P: i32, a: f64, x: usize, d: usize, z: usize, scale: f64, scaled: bool): f64 {
  let va = f64x2.splat(a);
  let vs = f64x2.splat(scale);
  let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= P; i += 8) {
    let o = <usize>i << 3;
    let v0 = f64x2.add(v128.load(d + o), f64x2.mul(va, v128.load(x + o)));
    let v1 = f64x2.add(v128.load(d + o, 16), f64x2.mul(va, v128.load(x + o, 16)));
    let v2 = f64x2.add(v128.load(d + o, 32), f64x2.mul(va, v128.load(x + o, 32)));
    let v3 = f64x2.add(v128.load(d + o, 48), f64x2.mul(va, v128.load(x + o, 48)));
    if (scaled) {
      v0 = f64x2.mul(v0, vs); v1 = f64x2.mul(v1, vs); v2 = f64x2.mul(v2, vs); v3 = f64x2.mul(v3, vs);
    }
    v128.store(d + o, v0);
    v128.store(d + o, v1, 16);
    v128.store(d + o, v2, 32);
    v128.store(d + o, v3, 48);
    acc0 = f64x2.add(acc0, f64x2.mul(v0, v128.load(z + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(v1, v128.load(z + o, 16)));
    acc0 = f64x2.add(acc0, f64x2.mul(v2, v128.load(z + o, 32)));
    acc1 = f64x2.add(acc1, f64x2.mul(v3, v128.load(z + o, 48)));
  }
  if (i + 4 <= P) {
    let o = <usize>i << 3;
    let v0 = f64x2.add(v128.load(d + o), f64x2.mul(va, v128.load(x + o)));
    let v1 = f64x2.add(v128.load(d + o, 16), f64x2.mul(va, v128.load(x + o, 16)));
    if (scaled) {
      v0 = f64x2.mul(v0, vs); v1 = f64x2.mul(v1, vs);
    }
    v128.store(d + o, v0);
    v128.store(d + o, v1, 16);
    acc0 = f64x2.add(acc0, f64x2.mul(v0, v128.load(z + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(v1, v128.load(z + o, 16)));
    i += 4;
  }
  let s = hsum(f64x2.add(acc0, acc1));
  for (; i < P; i++) {
    let o = <usize>i << 3;
    let v = load<f64>(d + o) + a * load<f64>(x + o);
    if (scaled) v *= scale;
    store<f64>(d + o, v);
    s += v * load<f64>(z + o);
  }
  return s;
}

/** d = −g and returns Σ z·d. */
// @ts-ignore: decorator
@inline function negate(P: i32, g: usize, d: usize, z: usize): f64 {
  let acc = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= P; i += 2) {
    let o = <usize>i << 3;
    let v = f64x2.neg(v128.load(g + o));
    v128.store(d + o, v);
    acc = f64x2.add(acc, f64x2.mul(v, v128.load(z + o)));
  }
  let s = hsum(acc);
  if (i < P) {
    let o = <usize>i << 3;
    let v = -load<f64>(g + o);
    store<f64>(d + o, v);
    s += v * load<f64>(z + o);
  }
  return s;
}

/**
 * d = −H g over the `stored` newest pairs (see above); alpha is scratch of `capacity`
 * doubles. Returns gᵀd.
 */
export function twoLoop(S: usize, Y: usize, rho: usize, yy: usize, alpha: usize, newest: i32, stored: i32, capacity: i32, P: i32, g: usize, d: usize): f64 {
  let row = <usize>P << 3;
  if (stored == 0) return negate(P, g, d, g);
  // First loop, newest → oldest: a = ρ sᵀd, d −= a y; the last sweep scales by γ.
  let slot = newest;
  let acc = negate(P, g, d, S + <usize>slot * row);
  for (let c = 0; c < stored; c++) {
    let a = load<f64>(rho + (<usize>slot << 3)) * acc;
    store<f64>(alpha + (<usize>slot << 3), a);
    let y = Y + <usize>slot * row;
    if (c + 1 < stored) {
      let next = slot == 0 ? capacity - 1 : slot - 1;
      acc = sweep(P, -a, y, d, S + <usize>next * row, 1.0, false);
      slot = next;
    } else {
      let gamma = 1.0 / (load<f64>(rho + (<usize>newest << 3)) * load<f64>(yy + (<usize>newest << 3)));
      acc = sweep(P, -a, y, d, y, gamma, true);
    }
  }
  // Second loop, oldest → newest: b = ρ yᵀd, d += (a − b) s; the last sweep gives gᵀd.
  let slope = 0.0;
  for (let c = 0; c < stored; c++) {
    let coefficient = load<f64>(alpha + (<usize>slot << 3)) - load<f64>(rho + (<usize>slot << 3)) * acc;
    let s = S + <usize>slot * row;
    if (c + 1 < stored) {
      let next = slot == capacity - 1 ? 0 : slot + 1;
      acc = sweep(P, coefficient, s, d, Y + <usize>next * row, 1.0, false);
      slot = next;
    } else {
      slope = sweep(P, coefficient, s, d, g, 1.0, false);
    }
  }
  return slope;
}
