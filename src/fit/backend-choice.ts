/**
 * Which kernels a fit runs on: the chosen backend, on a thread pool when `threads` > 1 and
 * threads can run here; otherwise one thread, with the reason as a warning.
 */
import type { Backend } from "../backends/backend.js";
import { getBackend } from "../backends/registry.js";
import type { ResolvedOptions } from "../input/options.js";
import { getThreadedBackend, startedThreadedBackend } from "../threads/pools.js";

export interface BackendChoice {
  backend: Backend;
  /** Why the requested threads did not run, if they did not. */
  warnings: string[];
}

/** For an async fit, which may start the workers. */
export async function backendFor(options: ResolvedOptions): Promise<BackendChoice> {
  if (options.threads === 1 || options.backend === "js") return backendForSync(options);
  const threaded = await getThreadedBackend(options.threads);
  if (typeof threaded !== "string") return { backend: threaded, warnings: [] };
  return { backend: getBackend(options.backend), warnings: [`threads: ${options.threads} requested, ran on one thread: ${threaded}`] };
}

/** For fitSync, which can use workers only if an async fit already started them. */
export function backendForSync(options: ResolvedOptions): BackendChoice {
  const backend = getBackend(options.backend);
  if (options.threads === 1) return { backend, warnings: [] };
  if (options.backend === "js") return { backend, warnings: [`threads: ${options.threads} requested, ran on one thread: threads need backend "wasm"`] };
  const started = startedThreadedBackend(options.threads);
  if (started) return { backend: started, warnings: [] };
  return { backend, warnings: [`threads: ${options.threads} requested, ran on one thread: fitSync cannot start workers (use fit)`] };
}
