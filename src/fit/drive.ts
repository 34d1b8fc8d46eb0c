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

/** A solver's iterations (or a search's); `next(false)` asks it to stop after the iteration just reported. */
type Iterations<R> = Generator<IterationReport, R, unknown>;

const YIELD_EVERY_MS = 25;

/**
 * One turn of the event loop: setImmediate where the runtime has one (Node, Bun), which lets
 * the loop run its due timers and pending I/O and then resumes the fit at once; elsewhere
 * setTimeout(0). Node holds a setTimeout(0) for at least 1 ms (measured on Node 20:
 * 1.2 ms a yield against 0.1–0.3 ms), idle time on every yield: on a 25 ms cadence 4 % of
 * a fit's time, and 3–5 ms of a first fit of digits (~100 ms).
 */
const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
const nextTurn: () => Promise<void> =
  typeof immediate === "function" ? () => new Promise<void>((resolve) => void immediate(resolve)) : () => new Promise<void>((resolve) => void setTimeout(resolve, 0));

export async function drive<R = SolverResult>(solver: Iterations<R>, controls: DriveControls): Promise<R> {
  let lastYield = Date.now();
  let reply: unknown;
  try {
    throwIfAborted(controls.signal);
    while (true) {
      const next = solver.next(reply);
      if (next.done) return next.value;
      reply = report(controls, next.value);
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        await nextTurn();
        lastYield = Date.now();
      }
      throwIfAborted(controls.signal);
    }
  } finally {
    // Abandoned (abort, a throwing callback): run the generator's finally blocks, which free what it holds.
    solver.return(undefined as R);
  }
}

/** The synchronous counterpart, for fitSync: no yielding, but the signal is still honoured. */
export function driveSync<R = SolverResult>(solver: Iterations<R>, controls: DriveControls): R {
  let reply: unknown;
  try {
    throwIfAborted(controls.signal);
    while (true) {
      const next = solver.next(reply);
      if (next.done) return next.value;
      reply = report(controls, next.value);
      throwIfAborted(controls.signal);
    }
  } finally {
    solver.return(undefined as R);
  }
}

/** The caller's onIteration on a copy of the report (the solver's θ is its own, reused by the next step); false asks to stop. */
function report(controls: DriveControls, value: IterationReport): false | undefined {
  if (!controls.onIteration) return undefined;
  return controls.onIteration({ ...value, theta: Float64Array.from(value.theta) }) === false ? false : undefined;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new SoftmaxRegressionError("ABORTED", `fit was aborted${signal.reason ? `: ${String(signal.reason)}` : ""}; the model is unchanged`);
  }
}
