/**
 * The life cycle of the one thread pool behind `threads`: a shared WebAssembly memory, where
 * every threaded fit places its data (synchronously, before any await), and the workers
 * bound to it, started by the first fit that needs them and resized to the thread count the
 * fits ask for (grown while others run, shrunk when a fit has the pool alone).
 *
 * Memory: WebAssembly memory cannot shrink, so the pool is retired (workers stopped, memory
 * dropped) when its last fit ends with the memory grown beyond SHARED_HEAP_LIMIT; the next
 * threaded fit starts a new one. A pool that failed (a worker died or timed out) or was shut
 * down is retired too: fits still holding data in it end with THREADS_FAILED, later fits get a
 * fresh pool. Workers never keep a process alive, so shutdownThreads() is optional.
 */
import type { Backend } from "../backends/backend.js";
import { Heap } from "../backends/heap.js";
import { SHARED_HEAP_LIMIT } from "../backends/placement.js";
import { trackMemory } from "../backends/registry.js";
import { fail } from "../util/errors.js";
import { ThreadPool, threadsUnsupported } from "./pool.js";
import { createThreadedBackend, singleThreadBackend } from "./threaded-kernels.js";

/** No fit uses more threads than this, whatever the machine. */
export const MAX_THREADS = 64;

/** Where the threads build comes from (the main entry provides it; edge entries do not). */
let threadsBytes: (() => Promise<Uint8Array>) | undefined;
let compiled: Promise<WebAssembly.Module> | undefined;
/** Logical cores, once known (navigator.hardwareConcurrency, or node:os on Node 20). */
let cores: number | undefined = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;

interface PoolMemory {
  memory: WebAssembly.Memory;
  heap: Heap;
  /** Fits holding data in the memory (from placement to release). */
  holders: number;
  /** Fits running on workers now (the pool is not shrunk under them). */
  leases: number;
  pool?: Promise<ThreadPool>;
  /** The pool once made (for fitSync, which cannot wait). */
  made?: ThreadPool;
  retired: boolean;
  untrack(): void;
}

let current: PoolMemory | undefined;

/** Register a loader of the threads build's bytes (shared memory); the main entry does. */
export function provideThreadsBuild(bytes: () => Promise<Uint8Array>): void {
  threadsBytes ??= bytes;
}

/** Why threads cannot run here ("" when they can), known without starting anything. */
export function threadsUnavailable(): string {
  if (!threadsBytes) return "this entry has no threads build (use the main entry, softmax-regression)";
  return threadsUnsupported();
}

/** The most threads a fit may use here: the logical cores (at least 4, so small machines can test the partition), at most MAX_THREADS. */
export function threadLimit(): number {
  return Math.min(MAX_THREADS, Math.max(4, cores ?? 4));
}

/** A fit's data in the pool's memory: its heap now, its kernels once the workers run. */
export interface ThreadHold {
  readonly heap: Heap;
  /**
   * The kernels on `threads` threads (`threads` − 1 workers), or on this thread alone when
   * workers cannot start here (`warning` says why). Throws THREADS_FAILED when the pool died
   * while the data were being placed.
   */
  lease(threads: number): Promise<{ backend: Backend; threads: number; warning?: string }>;
  /** Free the fit's per-thread buffers and let the pool go if it grew large. Call after freeing the data. */
  release(): void;
}

/** Hold the pool's memory for one fit (creating the memory: synchronous). threadsUnavailable() must be "". */
export function holdThreads(): ThreadHold {
  const m = usableMemory();
  m.holders++;
  let releaseBuffers: (() => void) | undefined;
  let leased = false;
  let released = false;
  return {
    heap: m.heap,
    async lease(threads) {
      const pool = await poolOf(m);
      if (m.retired || pool.failure) return threadsFailed(pool.failure || "the thread pool was shut down");
      // Counted before the resize, so that no other fit's resize shrinks the pool under this one.
      m.leases++;
      leased = true;
      // Grow while other fits run on the pool; fit the count exactly when this fit is alone.
      const why = await pool.resize(threads - 1, () => m.leases === 1);
      if (m.retired || pool.failure) return threadsFailed(pool.failure || "the thread pool was shut down");
      if (why) {
        m.leases--;
        leased = false;
        return { backend: singleThreadBackend(pool), threads: 1, warning: why };
      }
      const kernels = createThreadedBackend(pool, threads);
      releaseBuffers = kernels.release;
      return { backend: kernels.backend, threads };
    },
    release() {
      if (released) return;
      released = true;
      releaseBuffers?.();
      if (leased) m.leases--;
      m.holders--;
      if (m.holders === 0 && (m.retired || m.heap.byteLength > SHARED_HEAP_LIMIT)) retire(m);
    },
  };
}

/**
 * For fitSync, which cannot wait for workers: a hold and kernels on `threads` threads if the
 * pool is running with enough workers already, else the reason it is not.
 */
export function holdStartedThreads(threads: number): { hold: ThreadHold; backend: Backend } | string {
  const pool = current?.made;
  if (!current || current.retired || !pool || pool.failure) return "fitSync cannot start workers (use fit)";
  if (pool.workerCount < threads - 1) return `fitSync cannot start workers (use fit); ${pool.workerCount + 1} threads are running`;
  const m = current;
  m.holders++;
  m.leases++;
  const kernels = createThreadedBackend(pool, threads);
  let released = false;
  const hold: ThreadHold = {
    heap: m.heap,
    lease: async () => ({ backend: kernels.backend, threads }),
    release() {
      if (released) return;
      released = true;
      kernels.release();
      m.leases--;
      m.holders--;
      if (m.holders === 0 && (m.retired || m.heap.byteLength > SHARED_HEAP_LIMIT)) retire(m);
    },
  };
  return { hold, backend: kernels.backend };
}

/** The current pool memory, or a new one when there is none or it failed. */
function usableMemory(): PoolMemory {
  if (current && !current.retired && !current.made?.failure) return current;
  if (current) detach(current);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const heap = new Heap({
    get buffer() {
      return memory.buffer as unknown as ArrayBuffer;
    },
    grow: (pages) => void memory.grow(pages),
  });
  const m: PoolMemory = { memory, heap, holders: 0, leases: 0, retired: false, untrack: () => {} };
  m.untrack = trackMemory(() => ({ backend: "wasm", kind: "threads", bufferBytes: heap.byteLength, bytesInUse: heap.bytesInUse }));
  current = m;
  return m;
}

/** The pool on `m` (compiling the threads build once, making the pool on first use). */
function poolOf(m: PoolMemory): Promise<ThreadPool> {
  m.pool ??= (async () => {
    try {
      if (cores === undefined) cores = await nodeCores();
      compiled ??= (async () => WebAssembly.compile((await threadsBytes!()) as BufferSource))();
      const pool = new ThreadPool(await compiled, m.memory, m.heap, MAX_THREADS - 1);
      m.made = pool;
      if (m.retired) pool.close();
      return pool;
    } catch (e) {
      compiled = undefined;
      return threadsFailed(`the threads build of the kernels did not load: ${String((e as Error)?.message ?? e)}`);
    }
  })();
  return m.pool;
}

/** Logical cores on Node 20 (no navigator there); 4 where node:os is not to be had. */
async function nodeCores(): Promise<number> {
  try {
    const moduleName = "node:os";
    const os = (await import(/* @vite-ignore */ moduleName)) as { availableParallelism?: () => number; cpus?: () => unknown[] };
    return os.availableParallelism?.() ?? os.cpus?.().length ?? 4;
  } catch {
    return 4;
  }
}

/** Stop using `m` for new fits; retire it as soon as no fit holds data there. */
function detach(m: PoolMemory): void {
  if (current === m) current = undefined;
  m.retired = true;
  if (m.holders === 0) retire(m);
}

/** Stop the workers and drop the memory (the garbage collector gives it back). */
function retire(m: PoolMemory): void {
  if (current === m) current = undefined;
  m.retired = true;
  m.untrack();
  m.made?.close();
  void m.pool?.then((p) => p.close()).catch(() => {});
}

function threadsFailed(reason: string): never {
  return fail("THREADS_FAILED", `the threaded fit cannot go on: ${reason}`);
}

/**
 * Stop the kernel workers and drop their memory. A threaded fit still running ends with
 * THREADS_FAILED at its next kernel call; the next threaded fit starts a new pool. Workers
 * never keep a process alive, so calling this is optional.
 */
export async function shutdownThreads(): Promise<void> {
  const m = current;
  if (!m) return;
  detach(m);
  m.made?.close();
  const pool = await m.pool?.catch(() => undefined);
  pool?.close();
}
