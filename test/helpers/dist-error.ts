// The typed error a synchronous call into the built package (dist/) throws, for the probe
// tests that check the package as users get it.
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
