/**
 * A pool of kernel workers sharing one WebAssembly memory with the main thread. The main
 * thread posts a job through a control block in that memory, runs its own share of the
 * rows, then blocks (Atomics.wait) until every worker is done. Jobs are synchronous from
 * the caller's point of view, so the Objective and the solvers are unchanged.
 *
 * Where the main thread may not block (a browser's main thread) or shared memory is missing
 * (a page without cross-origin isolation), there is no pool: `createPool` says why and
 * training falls back to one thread.
 */
import type { RowKernelExport } from "../backends/backend.js";
import type { SparseRowKernelExport } from "../backends/sparse-kernels.js";
import { Heap } from "../backends/heap.js";
import type { KernelExports } from "../backends/wasm.js";
import { ARGUMENT_BASE, KERNEL_NAMES, SLOTS_PER_WORKER, STOP, WORKER_SOURCE } from "./worker-source.js";

export type KernelName = RowKernelExport | SparseRowKernelExport;


interface WorkerHandle {
  terminate(): unknown;
}

export class ThreadPool {
  readonly threads: number;
  readonly heap: Heap;
  /** The main thread's instance (it runs thread 0's rows). */
  readonly exports: KernelExports;
  private readonly memory: WebAssembly.Memory;
  private readonly control: number;
  private readonly workers: WorkerHandle[];

  private constructor(threads: number, memory: WebAssembly.Memory, exports: KernelExports, heap: Heap, control: number, workers: WorkerHandle[]) {
    this.threads = threads;
    this.memory = memory;
    this.exports = exports;
    this.heap = heap;
    this.control = control;
    this.workers = workers;
  }

  /** Start `threads − 1` workers; resolves to a pool, or to the reason none can be had here. */
  static async create(threads: number, module: WebAssembly.Module): Promise<ThreadPool | string> {
    const why = unsupported();
    if (why) return why;
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    const heap = new Heap({
      get buffer() {
        return memory.buffer as unknown as ArrayBuffer;
      },
      grow: (pages) => void memory.grow(pages),
    });
    const control = heap.alloc(8 * (ARGUMENT_BASE + SLOTS_PER_WORKER * threads));
    new Int32Array(memory.buffer).fill(0, control >>> 2, (control >>> 2) + 4);
    const started = await Promise.allSettled(
      Array.from({ length: threads - 1 }, (_, w) => startWorker({ module, memory, control, index: w + 1 })),
    );
    const workers = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const failure = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) {
      for (const w of workers) void w.terminate();
      return `a kernel worker failed to start: ${String(failure.reason)}`;
    }
    return new ThreadPool(threads, memory, exports, heap, control, workers);
  }

  /**
   * Run `kernel` with one argument list per thread (index 0 runs here) and return each
   * thread's return value, in thread order.
   */
  run(kernel: KernelName, argumentsPerThread: number[][]): number[] {
    const i32 = new Int32Array(this.memory.buffer);
    const f64 = new Float64Array(this.memory.buffer);
    const c = this.control >>> 2;
    const slot = (w: number) => (this.control >>> 3) + ARGUMENT_BASE + SLOTS_PER_WORKER * w;
    for (let w = 1; w < this.threads; w++) f64.set(argumentsPerThread[w], slot(w));
    Atomics.store(i32, c + 1, 0);
    Atomics.store(i32, c + 2, KERNEL_INDEX[kernel]);
    Atomics.add(i32, c, 1);
    Atomics.notify(i32, c);
    const own = (this.exports[kernel] as (...a: number[]) => number | undefined)(...argumentsPerThread[0]) ?? 0;
    for (let done = Atomics.load(i32, c + 1); done < this.threads - 1; done = Atomics.load(i32, c + 1)) {
      Atomics.wait(i32, c + 1, done);
    }
    const f = new Float64Array(this.memory.buffer);
    return [own, ...Array.from({ length: this.threads - 1 }, (_, w) => f[slot(w + 1) + 15])];
  }

  /** Stop the workers. The pool cannot be used afterwards. */
  close(): void {
    const i32 = new Int32Array(this.memory.buffer);
    Atomics.store(i32, (this.control >>> 2) + 2, STOP);
    Atomics.add(i32, this.control >>> 2, 1);
    Atomics.notify(i32, this.control >>> 2);
    for (const w of this.workers) void w.terminate();
  }
}

const KERNEL_INDEX = Object.fromEntries(KERNEL_NAMES.map((name, i) => [name, i])) as Record<KernelName, number>;

/** Why threads cannot run here, or "" when they can. */
function unsupported(): string {
  if (typeof SharedArrayBuffer === "undefined" || typeof Atomics === "undefined") {
    return "SharedArrayBuffer is not available (in a browser the page must be cross-origin isolated)";
  }
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
  } catch {
    return "this thread may not block on Atomics.wait (a browser's main thread); run the fit in a Worker";
  }
  return "";
}

interface NodeWorker {
  once(event: "message" | "error", listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): unknown;
}
type NodeWorkerConstructor = new (source: string, options: { eval: boolean; workerData: unknown }) => NodeWorker;

interface WorkerStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
  index: number;
}

/** A worker running WORKER_SOURCE, resolved once it has started; Node's is unref'd so it never keeps a process alive. */
async function startWorker(data: WorkerStart): Promise<WorkerHandle> {
  const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown };
  if (typeof g.process?.versions?.node === "string" && g.Deno === undefined) {
    // A computed specifier, so that bundlers for the web do not try to resolve it.
    const moduleName = "node:worker_threads";
    const { Worker } = (await import(/* @vite-ignore */ moduleName)) as { Worker: NodeWorkerConstructor };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
    await new Promise<void>((resolve, reject) => {
      worker.once("message", (m) => (m === "ready" ? resolve() : reject(new Error(String(m)))));
      worker.once("error", reject);
    });
    worker.unref();
    return worker;
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  URL.revokeObjectURL(url);
  await new Promise<void>((resolve, reject) => {
    worker.addEventListener("message", (e) => (e.data === "ready" ? resolve() : reject(new Error(String(e.data)))), { once: true });
    worker.addEventListener("error", (e) => reject(new Error(e.message)), { once: true });
    worker.postMessage(data);
  });
  (worker as unknown as { unref?: () => void }).unref?.();
  return worker;
}
