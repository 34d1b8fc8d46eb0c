// Seeded random problems for tests: reproducible, and shaped to hit edge cases.
import { seededRandom } from "../../src/util/random.js";

/** The library's seeded generator (mulberry32), reused so that tests are reproducible. */
export const rng = seededRandom;

export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * n rows, d features, K classes drawn from a noisy softmax model, so the classes overlap
 * and the unpenalised optimum is finite (for n large enough relative to d·K).
 */
export function randomProblem(seed: number, n: number, d: number, K: number, noise = 1): { X: number[][]; y: number[] } {
  const random = rng(seed);
  const W = Array.from({ length: K }, () => Array.from({ length: d }, () => gaussian(random)));
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: d }, () => gaussian(random));
    const z = W.map((w) => w.reduce((a, wj, j) => a + wj * x[j], 0) + noise * gaussian(random) * 3);
    X.push(x);
    y.push(i < K ? i : z.indexOf(Math.max(...z)));
  }
  return { X, y };
}

export function randomVector(random: () => number, length: number, scale = 1): Float64Array {
  return Float64Array.from({ length }, () => scale * gaussian(random));
}
