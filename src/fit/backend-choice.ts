/**
 * Which kernels a fit runs on: the chosen backend, on a thread pool when `threads` > 1 and
 * threads can run here; otherwise one thread, with the reason as a warning.
 */
import type { Backend } from "../backends/backend.js";
import type { ResolvedOptions } from "../input/options.js";
import { getThreadedBackend, startedThreadedBackend } from "../threads/pools.js";

export interface BackendChoice {
  /** The thread pool's backend when the fit runs on threads. */
  backend?: Backend;
  /** Whether it does. */
  threaded: boolean;
  /** Why the requested threads did not run, if they did not. */
  warnings: string[];
}

const oneThread = (options: ResolvedOptions, why: string): BackendChoice => ({
  threaded: false,
  warnings: [`threads: ${options.threads} requested, ran on one thread: ${why}`],
});

/** For an async fit, which may start the workers. */
export async function backendFor(options: ResolvedOptions): Promise<BackendChoice> {
  const threaded = await getThreadedBackend(options.threads);
  if (typeof threaded !== "string") return { backend: threaded, threaded: true, warnings: [] };
  return oneThread(options, threaded);
}

/** For fitSync, which can use workers only if an async fit already started them (and fits on a Dataset). */
export function backendForSync(options: ResolvedOptions, onDataset = false): BackendChoice {
  if (options.threads === 1) return { threaded: false, warnings: [] };
  if (options.backend === "js") return oneThread(options, 'threads need backend "wasm"');
  if (onDataset) return oneThread(options, "a fit on a Dataset runs on the Dataset's own memory, which the workers do not share");
  const started = startedThreadedBackend(options.threads);
  if (started) return { backend: started, threaded: true, warnings: [] };
  return oneThread(options, "fitSync cannot start workers (use fit)");
}
