// The secant correction of a sub-sampled Newton direction (solvers/secant-step.ts): on a
// quadratic f(θ) = ½θᵀAθ − bᵀθ the gradient change over a step s is exactly A·s, so the
// corrected direction p = d + βs must minimise the model along s, sᵀ(∇f + A·p) = 0, checked
// with A itself; and it must leave a direction alone when the pair has no positive curvature.
import { describe, expect, it } from "vitest";
import { correctAlongStep } from "../src/solvers/secant-step.js";
import { seededRandom } from "../src/util/random.js";

const P = 7;
const random = seededRandom(5);
const vector = () => Float64Array.from({ length: P }, () => random() - 0.5);
// A = BᵀB + I: symmetric positive definite.
const B = Array.from({ length: P }, vector);
const A = Array.from({ length: P }, (_, i) => Float64Array.from({ length: P }, (_, j) => B.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? 1 : 0)));
const b = vector();
const times = (v: Float64Array) => Float64Array.from(A, (row) => row.reduce((s, a, j) => s + a * v[j], 0));
const gradientAt = (theta: Float64Array) => Float64Array.from(times(theta), (v, i) => v - b[i]);
const dot = (u: Float64Array, v: Float64Array) => u.reduce((s, x, i) => s + x * v[i], 0);

describe("correctAlongStep", () => {
  it("minimises the quadratic model along the last step, with A·s taken from the gradients", () => {
    const theta1 = vector();
    const s = Float64Array.from(vector(), (v) => 0.3 * v);
    const theta2 = Float64Array.from(theta1, (v, i) => v + s[i]);
    const g = gradientAt(theta2);
    // An inexact Newton direction: a multiple of the steepest descent plus an error.
    const d = Float64Array.from(vector(), (e, i) => -0.8 * g[i] + 0.2 * e);
    const p = Float64Array.from(d);
    const beta = correctAlongStep(g, gradientAt(theta1), p, s);
    expect(beta).not.toBe(0);
    for (let i = 0; i < P; i++) expect(p[i]).toBeCloseTo(d[i] + beta * s[i], 14);
    const slopeAlongS = dot(s, Float64Array.from(times(p), (v, i) => v + g[i]));
    expect(Math.abs(slopeAlongS)).toBeLessThan(1e-12);
    const model = (v: Float64Array) => 0.5 * dot(v, times(v)) + dot(g, v);
    expect(model(p)).toBeLessThan(model(d));
    expect(dot(g, p)).toBeLessThan(0);
  });

  it("leaves the direction alone when the pair has no positive curvature", () => {
    const s = vector();
    const g = vector();
    // y = g − previous = −s: yᵀs < 0.
    const previous = Float64Array.from(g, (v, i) => v + s[i]);
    const d = Float64Array.from(g, (v) => -v);
    const p = Float64Array.from(d);
    expect(correctAlongStep(g, previous, p, s)).toBe(0);
    expect([...p]).toEqual([...d]);
  });
});
