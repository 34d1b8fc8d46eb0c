/**
 * Preconditioned conjugate gradients for H·x = b, H symmetric, given only products H·p and
 * M⁻¹·r (Newton-CG's inner solve). Inexact: it stops once ‖r‖₂ ≤ η‖b‖₂ (the forcing term of
 * an inexact Newton method), after `maxIterations` products, or at a direction of
 * non-positive curvature (then it returns what it has, or M⁻¹b when it has nothing yet: a
 * preconditioned gradient step). Every buffer is the caller's, so a solve allocates nothing.
 */
import { dot } from "./vector.js";

export interface PcgWorkspace {
  /** Residual, preconditioned residual, search direction and its product H·p (length P each). */
  r: Float64Array;
  z: Float64Array;
  p: Float64Array;
  hp: Float64Array;
}

export interface PcgResult {
  /** Products H·p taken. */
  iterations: number;
  /** A direction of non-positive curvature stopped the iteration. */
  negativeCurvature: boolean;
  /** bᵀx: CG iterates from 0 have xᵀHx = bᵀx, so the quadratic model ½xᵀHx − bᵀx falls by ½·bᵀx. */
  bx: number;
}

export function workspaceFor(P: number): PcgWorkspace {
  return { r: new Float64Array(P), z: new Float64Array(P), p: new Float64Array(P), hp: new Float64Array(P) };
}

/**
 * x ← an approximate solution of H x = b from x = 0. `multiply(p, out)` writes H·p,
 * `precondition(r, out)` writes M⁻¹·r (out ≠ r).
 */
export function preconditionedCg(
  multiply: (p: Float64Array, out: Float64Array) => void,
  precondition: (r: Float64Array, out: Float64Array) => void,
  b: Float64Array,
  x: Float64Array,
  eta: number,
  maxIterations: number,
  work: PcgWorkspace,
): PcgResult {
  const { r, z, p, hp } = work;
  x.fill(0);
  r.set(b);
  precondition(r, z);
  p.set(z);
  let rz = dot(r, z);
  const target = eta * Math.sqrt(dot(b, b));
  let iterations = 0;
  while (iterations < maxIterations) {
    multiply(p, hp);
    iterations++;
    const curvature = dot(p, hp);
    if (!(curvature > 0)) {
      if (iterations === 1) x.set(z);
      return { iterations, negativeCurvature: true, bx: dot(b, x) };
    }
    if (Math.sqrt(stepResidual(x, r, p, hp, rz / curvature)) <= target) break;
    precondition(r, z);
    const rzNext = dot(r, z);
    nextDirection(p, z, rzNext / rz);
    rz = rzNext;
  }
  return { iterations, negativeCurvature: false, bx: dot(b, x) };
}

// The vector passes apart from the loop, each a small function of its own: V8 optimises a
// small hot function after a few calls and compiles it in about a millisecond, while the
// loop around them (which inlines the products' call chain) takes tens of milliseconds to
// compile on a busy machine and is compiled afresh for every fit's closures. Inside it, these
// passes ran unoptimised for most of a first fit (digits, 1797 × 64 × 10: 170 products).

/** x += α·p and r −= α·hp; returns ‖r‖² (summed in index order). */
function stepResidual(x: Float64Array, r: Float64Array, p: Float64Array, hp: Float64Array, alpha: number): number {
  let rr = 0;
  for (let i = 0; i < r.length; i++) {
    x[i] += alpha * p[i];
    const ri = r[i] - alpha * hp[i];
    r[i] = ri;
    rr += ri * ri;
  }
  return rr;
}

/** p ← z + β·p. */
function nextDirection(p: Float64Array, z: Float64Array, beta: number): void {
  for (let i = 0; i < p.length; i++) p[i] = z[i] + beta * p[i];
}
