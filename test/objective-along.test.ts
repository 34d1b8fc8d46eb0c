// Objective.lossGradientAlong (a line search's trial θ + t·d with the step, the normalisation
// and the penalty folded into the copies to and from kernel memory) against the plain path:
// the trial point written by hand, then lossGradient, then a separate sweep for the slope and
// max |g|. Bit for bit, on both backends, both dtypes, with and without intercepts, with row
// weights, soft targets, λ = 0, and under a column scaling (the unfused path).
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import type { Dtype } from "../src/backends/backend.js";
import { readTrainingSet } from "../src/input/training-set.js";
import type { MatrixSource } from "../src/input/matrix.js";
import { Objective, type TrialMeasures } from "../src/objective/objective.js";
import { ResidentData } from "../src/objective/resident-data.js";
import { ResidentMatrix } from "../src/objective/resident-matrix.js";
import { ColumnScaling, columnStatistics } from "../src/objective/standardization.js";
import { randomProblem, randomVector, rng } from "./helpers/random.js";

interface Case {
  backend: "wasm" | "js";
  dtype: Dtype;
  fitIntercept: boolean;
  weighted: boolean;
  soft: boolean;
  l2: number;
  scaling?: "standardize" | "precondition";
}

function objectiveFor(c: Case, seed: number): Objective {
  const n = 37;
  const d = 5;
  const K = 4;
  const { X, y } = randomProblem(seed, n, d, K);
  const random = rng(seed + 100);
  const weights = c.weighted ? Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : 0.25 + random())) : undefined;
  const targets = c.soft
    ? Array.from({ length: n }, () => {
        const p = Array.from({ length: K }, () => random());
        const total = p.reduce((a, b) => a + b, 0);
        return p.map((v) => v / total);
      })
    : Array.from(y);
  const set = readTrainingSet(X, targets as never, weights);
  const resident = new ResidentData(new ResidentMatrix(getBackend(c.backend), set.X as MatrixSource, c.dtype), set.targets, set.weights, c.fitIntercept, true);
  const scaling = c.scaling ? new ColumnScaling(columnStatistics(resident, set.weights), c.fitIntercept, K, c.scaling) : undefined;
  return new Objective(resident, { l2: c.l2 }, scaling);
}

const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));

const cases: Case[] = [];
for (const backend of ["wasm", "js"] as const) {
  for (const dtype of ["float64", "float32"] as const) {
    for (const fitIntercept of [true, false]) cases.push({ backend, dtype, fitIntercept, weighted: false, soft: false, l2: 0.01 });
  }
  cases.push({ backend, dtype: "float64", fitIntercept: true, weighted: true, soft: false, l2: 0.01 });
  cases.push({ backend, dtype: "float64", fitIntercept: true, weighted: false, soft: true, l2: 0.01 });
  cases.push({ backend, dtype: "float64", fitIntercept: true, weighted: false, soft: false, l2: 0 });
  cases.push({ backend, dtype: "float64", fitIntercept: true, weighted: false, soft: false, l2: 0.01, scaling: "standardize" });
  cases.push({ backend, dtype: "float64", fitIntercept: false, weighted: false, soft: false, l2: 0.01, scaling: "precondition" });
}

describe("Objective.lossGradientAlong", () => {
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))("equals the trial written by hand + lossGradient, bit for bit: %s", (_, c) => {
    for (const seed of [1, 2]) {
      const along = objectiveFor(c, seed);
      const plain = objectiveFor(c, seed);
      const random = rng(seed);
      const theta = randomVector(random, along.size, 0.5);
      const direction = randomVector(random, along.size, 1);
      // A -0 and a 0 step entry: the fused copy must keep what the sum θ + t·d gives.
      theta[1] = -0;
      direction[2] = 0;
      for (const t of [1, 0.37, 1e-9]) {
        const trial = new Float64Array(along.size);
        const grad = new Float64Array(along.size);
        const measures: TrialMeasures = { slope: NaN, gradientMax: NaN };
        const value = along.lossGradientAlong(theta, t, direction, trial, grad, measures);

        const expectedTrial = theta.map((v, i) => v + t * direction[i]);
        const expectedGrad = new Float64Array(plain.size);
        const expectedValue = plain.lossGradient(expectedTrial, expectedGrad);
        let slope = 0;
        let largest = 0;
        for (let i = 0; i < expectedGrad.length; i++) {
          slope += expectedGrad[i] * direction[i];
          largest = Math.max(largest, Math.abs(expectedGrad[i]));
        }
        expect(bits(trial)).toEqual(bits(expectedTrial));
        expect(bits(grad)).toEqual(bits(expectedGrad));
        expect(Object.is(value, expectedValue)).toBe(true);
        expect(Object.is(measures.slope, slope)).toBe(true);
        expect(Object.is(measures.gradientMax, largest)).toBe(true);
        // And the objective's own evaluation at the trial agrees with it.
        const again = new Float64Array(along.size);
        expect(Object.is(along.lossGradient(trial, again), value)).toBe(true);
        expect(bits(again)).toEqual(bits(grad));
      }
      along.dispose();
      plain.dispose();
    }
  });

  it("refuses an overflowing trial with NUMERICAL, like lossGradient", () => {
    const objective = objectiveFor({ backend: "wasm", dtype: "float64", fitIntercept: true, weighted: false, soft: false, l2: 0.01 }, 3);
    const theta = new Float64Array(objective.size);
    const direction = new Float64Array(objective.size).fill(1e300);
    const trial = new Float64Array(objective.size);
    const grad = new Float64Array(objective.size);
    expect(() => objective.lossGradientAlong(theta, 1e10, direction, trial, grad)).toThrow(expect.objectContaining({ code: "NUMERICAL" }));
    objective.dispose();
  });
});
