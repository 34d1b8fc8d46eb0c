/**
 * How many threads a fit runs on: the `threads` option, within what the machine, the data
 * and the runtime allow, with each reduction said in a warning. Decided before anything is
 * allocated, so that a fit too small for threads starts no workers at all.
 */
import type { ResolvedOptions } from "../input/options.js";
import { threadLimit, threadsUnavailable } from "../threads/pools.js";
import { MIN_ROWS_PER_THREAD } from "../threads/threaded-kernels.js";

export interface ThreadPlan {
  /** Threads to run on (1: the caller's alone, no pool). */
  threads: number;
  /** Why fewer threads than requested will run, if so. */
  warnings: string[];
}

export function threadPlan(options: ResolvedOptions, rows: number, onDataset: boolean): ThreadPlan {
  const requested = options.threads;
  if (requested === 1) return { threads: 1, warnings: [] };
  const single = (why: string): ThreadPlan => ({ threads: 1, warnings: [`threads: ${requested} requested, ran on one thread: ${why}`] });
  if (options.backend === "js") return single('threads need backend "wasm"');
  if (onDataset) return single("a fit on a Dataset runs on the Dataset's own memory, which the workers do not share");
  const unavailable = threadsUnavailable();
  if (unavailable) return single(unavailable);
  const byRows = Math.floor(rows / MIN_ROWS_PER_THREAD);
  if (byRows < 2) return single(`${rows} rows are too few to share (${2 * MIN_ROWS_PER_THREAD} at least for two threads)`);
  const limit = threadLimit();
  const threads = Math.min(requested, limit, byRows);
  if (threads === requested) return { threads, warnings: [] };
  const why = threads === limit ? `at most ${limit} here (the logical cores, at least 4)` : `${MIN_ROWS_PER_THREAD} rows a thread at least`;
  return { threads, warnings: [`threads: ${requested} requested, ran on ${threads}: ${why}`] };
}
