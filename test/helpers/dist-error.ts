// The typed error a synchronous call into the built package (dist/) throws, for the probe
// tests that check the package as users get it.
import { expect } from "vitest";
import { SoftmaxRegressionError } from "../../dist/index.js";

/** The SoftmaxRegressionError (of dist/) that `run` throws; anything else fails the test. */
export function errorOf(run: () => unknown): SoftmaxRegressionError {
  try {
    run();
  } catch (e) {
    if (e instanceof SoftmaxRegressionError) return e;
    throw new Error(`expected a SoftmaxRegressionError, got ${String((e as Error)?.stack ?? e)}`);
  }
  throw new Error("expected a SoftmaxRegressionError, but nothing was thrown");
}

/** `run` throws `code` with a message matching `message`. */
export function expectError(run: () => unknown, code: string, message: RegExp): void {
  const e = errorOf(run);
  expect(e.code, e.message).toBe(code);
  expect(e.message).toMatch(message);
}

/** The probes' small 3-class problem: 60 rows of 3 features from a Lehmer generator seeded with `seed`. */
export function threeClassProblem(seed: number): { X: number[][]; y: number[] } {
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const X = Array.from({ length: 60 }, () => [rnd() * 4 - 2, rnd() * 4 - 2, rnd()]);
  return { X, y: X.map((r) => (r[0] + r[1] > 0.5 ? 0 : r[0] > 0 ? 1 : 2)) };
}
