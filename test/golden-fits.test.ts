// Bit-identity of fits and objective evaluations against test/fixtures/golden-fits.json
// (written by scripts/fixtures/golden-fits.ts): a refactoring that must leave every number
// unchanged fails here if it changes one bit of θ, the loss history, the iteration count,
// the stop reason or the warnings of any fit in the matrix (datasets × solvers × backends ×
// dtypes, weights, soft targets, no intercept, λ = 0, two threads), or of the objective's
// value, gradient, Hessian or Hessian-vector product.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { shutdownThreads } from "../src/index.js";
import { fitCases, objectiveCases, runFit, runObjective, type GoldenFit, type GoldenObjective } from "./helpers/golden.js";

const golden = JSON.parse(readFileSync(new URL("./fixtures/golden-fits.json", import.meta.url), "utf8")) as {
  fits: Record<string, GoldenFit>;
  objectives: Record<string, GoldenObjective>;
};

afterAll(() => shutdownThreads());

describe("golden fits: the same bits as recorded", () => {
  const cases = fitCases();
  it("the fixture covers exactly these cases", () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(golden.fits).sort());
  });
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    expect(await runFit(c)).toEqual(golden.fits[c.name]);
  });
});

describe("golden objective evaluations: the same bits as recorded", () => {
  const cases = objectiveCases();
  it("the fixture covers exactly these cases", () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(golden.objectives).sort());
  });
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    expect(runObjective(c)).toEqual(golden.objectives[c.name]);
  });
});
