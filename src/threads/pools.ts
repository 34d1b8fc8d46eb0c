/**
 * The lifecycle of the thread pools behind `threads`: the threads build is registered by the
 * main entry, a pool per thread count is started on the first fit that asks for it and kept
 * for later fits, and shutdownThreads stops them all.
 */
import type { Backend } from "../backends/backend.js";
import { ThreadPool } from "./pool.js";
import { createThreadedBackend } from "./threaded-kernels.js";

/** Where the threads build comes from (the main entry provides it; edge entries do not). */
let threadsBytes: (() => Promise<Uint8Array>) | undefined;
const pools = new Map<number, Promise<{ backend: Backend; pool: ThreadPool } | string>>();
/** The pools whose start has completed, by thread count. */
const startedPools = new Map<number, Backend>();

/** Register a loader of the threads build's bytes (shared memory); the main entry does. */
export function provideThreadsBuild(bytes: () => Promise<Uint8Array>): void {
  threadsBytes ??= bytes;
}

/**
 * The WASM backend running on `threads` threads (one of them the caller's), started on first
 * use and kept for later fits; or the reason it cannot run here.
 */
export function getThreadedBackend(threads: number): Promise<Backend | string> {
  let entry = pools.get(threads);
  if (!entry) {
    entry = (async () => {
      if (!threadsBytes) return "this entry has no threads build (use the main entry, softmax-regression)";
      const pool = await ThreadPool.create(threads, await WebAssembly.compile((await threadsBytes()) as BufferSource));
      if (typeof pool === "string") return pool;
      const backend = createThreadedBackend(pool);
      startedPools.set(threads, backend);
      return { backend, pool };
    })();
    pools.set(threads, entry);
  }
  return entry.then((e) => (typeof e === "string" ? e : e.backend));
}

/** A thread pool already started for `threads`, if any (for fitSync, which cannot wait for one). */
export function startedThreadedBackend(threads: number): Backend | undefined {
  return startedPools.get(threads);
}

/**
 * Stop every kernel worker. Node never waits for them (they are unref'd); in Deno, Bun and
 * browsers live workers keep the program running until this is called.
 */
export async function shutdownThreads(): Promise<void> {
  const entries = [...pools.values()];
  pools.clear();
  startedPools.clear();
  for (const entry of entries) {
    const e = await entry;
    if (typeof e !== "string") e.pool.close();
  }
}
