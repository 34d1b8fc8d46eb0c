/**
 * The fit's progress bar on stderr, only when stderr is a terminal: iteration, loss and
 * max |gradient|, redrawn in place at most every 80 ms. The bar shows how far the gradient
 * has come from its first value to the tolerance on a log scale (Newton's few iterations
 * say little of how much is left), or the iterations used of maxIter, whichever is further.
 */
import type { IterationReport } from "../../estimator/logistic-regression.js";

/** Where progress goes: a stream that may be a terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  report(r: IterationReport): void;
  /** Erase the bar (the summary line follows on a clean line). */
  done(): void;
}

const WIDTH = 24;
const INTERVAL_MS = 80;

export function progressBar(stream: ProgressStream, maxIter: number, tol: number): Progress {
  if (!stream.isTTY) return { report() {}, done() {} };
  let firstGradient = NaN;
  let last = 0;
  let drawn = false;
  return {
    report({ iteration, loss, gradientNorm }) {
      if (Number.isNaN(firstGradient)) firstGradient = gradientNorm;
      const now = Date.now();
      if (drawn && now - last < INTERVAL_MS) return;
      last = now;
      drawn = true;
      const byGradient = firstGradient > tol && gradientNorm > 0 ? Math.log(firstGradient / gradientNorm) / Math.log(firstGradient / tol) : 1;
      const fraction = Math.min(1, Math.max(0, byGradient, iteration / maxIter));
      const filled = Math.round(fraction * WIDTH);
      const bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
      const text = `[${bar}] iteration ${iteration}/${maxIter}  loss ${loss.toPrecision(8)}  max|gradient| ${gradientNorm.toExponential(2)}`;
      // Keep to one terminal line (a terminal of unknown width gets 120 columns).
      const columns = stream.columns && stream.columns > 20 ? stream.columns : 120;
      stream.write(`\r${text.slice(0, columns - 1)}\x1b[K`);
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
