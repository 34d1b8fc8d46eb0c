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
  // An async onIteration: its promise is not waited for (the fit goes on), but a rejection is
  // the caller's error ending the fit, as a throw would (dropped, it was an unhandled
  // rejection, which ends a Node process), and a resolution to false stops it.
  let failure: { error: unknown } | undefined;
  let stop = false;
  let awaited = false;
  const settled = (answer: PromiseLike<unknown>): void => {
    awaited = true;
    Promise.resolve(answer).then(
      (v) => void (v === false && (stop = true)),
      (error: unknown) => void (failure ??= { error }),
    );
  };
  try {
    throwIfAborted(controls.signal);
    while (true) {
      const next = solver.next(reply);
      if (next.done) {
        // One turn of the microtask queue: a promise already rejected is seen now.
        if (awaited) await undefined;
        if (failure) throw failure.error;
        return next.value;
      }
      reply = report(controls, next.value, settled);
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        await nextTurn();
        lastYield = Date.now();
      }
      if (failure) throw failure.error;
      if (stop) reply = false;
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
      reply = report(controls, next.value, refuseThenable);
      throwIfAborted(controls.signal);
    }
  } finally {
    solver.return(undefined as R);
  }
}

/** fitSync runs no event loop: an onIteration promise could never be waited for or settle in time. */
function refuseThenable(answer: PromiseLike<unknown>): never {
  // Handled here, so that its rejection (if any) cannot end the process as an unhandled one.
  Promise.resolve(answer).then(undefined, () => undefined);
  throw new SoftmaxRegressionError("INVALID_OPTION", "onIteration returned a promise (an async function?), which fitSync cannot wait for; use await fit(), or a synchronous onIteration");
}

/** The caller's onIteration on a copy of the report (the solver's θ is its own, reused by the next step); false asks to stop. */
function report(controls: DriveControls, value: IterationReport, thenable: (answer: PromiseLike<unknown>) => void): false | undefined {
  if (!controls.onIteration) return undefined;
  const answer = controls.onIteration({ ...value, theta: Float64Array.from(value.theta) });
  if (answer === false) return false;
  if (isThenable(answer)) thenable(answer);
  return undefined;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  // A getter of `then` is the caller's: read once (a throw from it is the caller's error).
  if ((typeof v !== "object" && typeof v !== "function") || v === null) return false;
  return typeof (v as { then?: unknown }).then === "function";
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new SoftmaxRegressionError("ABORTED", `fit was aborted${signal.reason ? `: ${String(signal.reason)}` : ""}; the model is unchanged`);
  }
}
