/**
 * Runs a solver generator to completion: reports each iteration, checks the AbortSignal,
 * and yields to the event loop every few tens of milliseconds so that a long fit leaves a
 * page or server responsive and can be cancelled.
 */
import { SoftmaxRegressionError } from "../util/errors.js";
import type { IterationReport, SolverResult } from "../solvers/solver.js";

export interface DriveControls {
  signal?: AbortSignal;
  /** Returning false ends the fit at this iteration (the solver sees the false and stops). */
  onIteration?: (report: IterationReport) => unknown;
}

/** A solver's iterations; `next(false)` asks it to stop after the iteration just reported. */
type Iterations = Generator<IterationReport, SolverResult, unknown>;

const YIELD_EVERY_MS = 25;

export async function drive(solver: Iterations, controls: DriveControls): Promise<SolverResult> {
  let lastYield = Date.now();
  throwIfAborted(controls.signal);
  let reply: unknown;
  while (true) {
    const next = solver.next(reply);
    if (next.done) return next.value;
    reply = controls.onIteration?.(next.value) === false ? false : undefined;
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
    throwIfAborted(controls.signal);
  }
}

/** The synchronous counterpart, for fitSync: no yielding, but the signal is still honoured. */
export function driveSync(solver: Iterations, controls: DriveControls): SolverResult {
  throwIfAborted(controls.signal);
  let reply: unknown;
  while (true) {
    const next = solver.next(reply);
    if (next.done) return next.value;
    reply = controls.onIteration?.(next.value) === false ? false : undefined;
    throwIfAborted(controls.signal);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new SoftmaxRegressionError("ABORTED", `fit was aborted${signal.reason ? `: ${String(signal.reason)}` : ""}; the model is unchanged`);
  }
}
