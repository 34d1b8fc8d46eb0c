/**
 * Runs a solver generator to completion: reports each iteration, checks the AbortSignal,
 * and yields to the event loop every few tens of milliseconds so that a long fit leaves a
 * page or server responsive and can be cancelled.
 */
import { SoftmaxRegressionError } from "../util/errors.js";
import type { IterationReport, SolverResult } from "../solvers/solver.js";

export interface DriveControls {
  signal?: AbortSignal;
  onIteration?: (report: IterationReport) => void;
}

const YIELD_EVERY_MS = 25;

export async function drive(solver: Generator<IterationReport, SolverResult, void>, controls: DriveControls): Promise<SolverResult> {
  let lastYield = Date.now();
  throwIfAborted(controls.signal);
  while (true) {
    const next = solver.next();
    if (next.done) return next.value;
    controls.onIteration?.(next.value);
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
    throwIfAborted(controls.signal);
  }
}

/** The synchronous counterpart, for fitSync: no yielding, but the signal is still honoured. */
export function driveSync(solver: Generator<IterationReport, SolverResult, void>, controls: DriveControls): SolverResult {
  throwIfAborted(controls.signal);
  while (true) {
    const next = solver.next();
    if (next.done) return next.value;
    controls.onIteration?.(next.value);
    throwIfAborted(controls.signal);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new SoftmaxRegressionError("ABORTED", `fit was aborted${signal.reason ? `: ${String(signal.reason)}` : ""}; the model is unchanged`);
  }
}
