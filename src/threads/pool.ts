/**
 * Kernel workers sharing one WebAssembly memory with the main thread. The main thread posts
 * a job through a control block (a SharedArrayBuffer of its own), runs its own share of the
 * rows, then waits (Atomics.wait, in slices) until the workers taking part are done. Jobs are
 * synchronous from the caller's point of view, so the Objective and the solvers are unchanged.
 *
 * Nothing here can hang: a worker that fails to start, or does not report ready in time,
 * makes the start fail; a kernel that throws in a worker is reported through the control
 * block; a worker that dies (its exit or error event, seen between jobs) or does not finish a
 * job within the timeout fails the pool, and every later job on it throws THREADS_FAILED.
 * Workers never keep a process alive (node:worker_threads workers are unref'd; Node, Deno and
 * Bun all start them that way).
 */
import type { RowKernelExport } from "../backends/backend.js";
import type { SparseRowKernelExport } from "../backends/sparse-kernels.js";
import type { Heap } from "../backends/heap.js";
import type { KernelExports } from "../backends/wasm.js";
import { fail } from "../util/errors.js";
import {
  DONE, FAILED, JOB, KERNEL, KERNEL_NAMES, PARTICIPANTS, SLOTS_PER_WORKER, SLOT_BASE, STOP, WORKER_SOURCE, WRITING, controlBytes,
} from "./worker-source.js";

export type KernelName = RowKernelExport | SparseRowKernelExport;

/** A worker has this long to report ready. */
const START_TIMEOUT_MS = 20_000;
/**
 * After its own share of a job, the main thread waits this long, plus 20 times what its own
 * share took, for the workers' shares (of the same size) before it declares a worker dead:
 * far beyond what scheduling delays cost even on an overloaded machine.
 */
const JOB_TIMEOUT_MS = 5_000;
const JOB_TIMEOUT_FACTOR = 20;

interface WorkerHandle {
  terminate(): void;
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

export class ThreadPool {
  /** The shared memory's heap. */
  readonly heap: Heap;
  /** The main thread's instance on the shared memory (it runs thread 0's rows, and everything on one thread). */
  readonly exports: KernelExports;
  /** Why the pool cannot be used any more, or "" while it can. */
  failure = "";
  private readonly module: WebAssembly.Module;
  private readonly memory: WebAssembly.Memory;
  private readonly control: SharedArrayBuffer;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  /** workers[w − 1] is worker w. */
  private readonly workers: WorkerHandle[] = [];
  private readonly maxWorkers: number;

  /** A pool without workers yet (resize starts them); throws if the module does not instantiate. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, heap: Heap, maxWorkers: number) {
    this.module = module;
    this.memory = memory;
    this.heap = heap;
    this.maxWorkers = maxWorkers;
    this.exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    this.control = new SharedArrayBuffer(controlBytes(maxWorkers));
    this.i32 = new Int32Array(this.control);
    this.f64 = new Float64Array(this.control);
  }

  /** Workers running now. */
  get workerCount(): number {
    return this.workers.length;
  }

  /**
   * Start workers so that at least `count` run, or exactly `count` when `exact()` says so at
   * the time (the caller's fit has the pool alone, so no fit needs the surplus). Resizes run
   * one at a time. Resolves to "" or why the new workers could not start (those that did are
   * stopped again; the others keep running).
   */
  resize(count: number, exact: () => boolean): Promise<string> {
    const run = () => this.resizeNow(count, exact);
    this.resizing = this.resizing.then(run, run);
    return this.resizing;
  }

  private resizing: Promise<string> = Promise.resolve("");

  private async resizeNow(count: number, exact: () => boolean): Promise<string> {
    if (this.failure) return this.failure;
    const target = Math.min(exact() ? count : Math.max(count, this.workers.length), this.maxWorkers);
    while (this.workers.length > target) this.workers.pop()!.terminate();
    const first = this.workers.length + 1;
    if (first > target) return "";
    // No job is being written now (jobs are posted synchronously), so this is a job number.
    const job = Atomics.load(this.i32, JOB);
    const started = await Promise.allSettled(
      Array.from({ length: target - first + 1 }, (_, i) =>
        startWorker({ module: this.module, memory: this.memory, control: this.control, index: first + i, job }, (why) =>
          this.fail(`kernel worker ${first + i} ${why}`),
        ),
      ),
    );
    const ok = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const failure = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure || this.failure) {
      for (const w of ok) w.terminate();
      return this.failure || `a kernel worker failed to start: ${String(failure?.reason)}`;
    }
    this.workers.push(...ok);
    return "";
  }

  /**
   * Run `kernel` with one argument list per thread (index 0 runs here, 1… on workers 1…) and
   * return each thread's return value, in thread order. Throws THREADS_FAILED when a worker
   * is dead, dies, throws or times out.
   */
  run(kernel: KernelName, argumentsPerThread: number[][]): number[] {
    if (this.failure) threadsFailed(this.failure);
    const { i32, f64 } = this;
    const participants = argumentsPerThread.length - 1;
    if (participants > this.workers.length) throw new Error(`internal: ${participants} workers needed, ${this.workers.length} running`);
    const slot = (w: number) => SLOT_BASE + SLOTS_PER_WORKER * w;
    this.post(KERNEL_INDEX[kernel], participants, () => {
      for (let w = 1; w <= participants; w++) f64.set(argumentsPerThread[w], slot(w));
    });
    const started = now();
    let own = 0;
    let ownError: unknown;
    try {
      own = (this.exports[kernel] as (...a: number[]) => number | undefined)(...argumentsPerThread[0]) ?? 0;
    } catch (e) {
      ownError = e;
    }
    const deadline = now() + JOB_TIMEOUT_MS + JOB_TIMEOUT_FACTOR * (now() - started);
    for (let done = Atomics.load(i32, DONE); done < participants; done = Atomics.load(i32, DONE)) {
      const left = deadline - now();
      if (left <= 0) {
        const seconds = ((now() - started) / 1000).toFixed(1);
        this.fail(`${participants - done} kernel worker(s) did not finish a job within ${seconds} s (a worker died, or the machine is badly overloaded)`);
        threadsFailed(this.failure);
      }
      Atomics.wait(i32, DONE, done, Math.min(left, 250));
    }
    if (ownError !== undefined) throw ownError;
    if (Atomics.load(i32, FAILED)) {
      this.fail("a kernel threw in a worker");
      threadsFailed(this.failure);
    }
    return [own, ...Array.from({ length: participants }, (_, w) => f64[slot(w + 1) + 15])];
  }

  /** Mark the pool unusable and stop every worker (also used when a worker dies). */
  fail(reason: string): void {
    if (!this.failure) this.failure = reason;
    this.stopWorkers();
  }

  /** Stop the workers; later jobs throw THREADS_FAILED with `reason`. */
  close(reason = "the kernel workers were shut down (shutdownThreads)"): void {
    this.fail(reason);
  }

  private stopWorkers(): void {
    this.post(STOP, 0, () => {});
    for (const w of this.workers.splice(0)) w.terminate();
  }

  /**
   * Publish a job: its number goes to WRITING while its fields (and `writeArguments`' slots)
   * are written, then to the next number, so that a worker never acts on a half-written job
   * or on one job twice (worker-source.ts).
   */
  private post(kernel: number, participants: number, writeArguments: () => void): void {
    const { i32 } = this;
    const next = (Atomics.load(i32, JOB) + 1) & 0x7fffffff;
    Atomics.store(i32, JOB, WRITING);
    writeArguments();
    Atomics.store(i32, DONE, 0);
    Atomics.store(i32, FAILED, 0);
    Atomics.store(i32, KERNEL, kernel);
    Atomics.store(i32, PARTICIPANTS, participants);
    Atomics.store(i32, JOB, next);
    Atomics.notify(i32, JOB);
  }
}

function threadsFailed(reason: string): never {
  return fail("THREADS_FAILED", `the threaded fit cannot go on: ${reason}`);
}

const KERNEL_INDEX = Object.fromEntries(KERNEL_NAMES.map((name, i) => [name, i])) as Record<KernelName, number>;

/** Why threads cannot run here, or "" when they can. */
export function threadsUnsupported(): string {
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
  once(event: "message" | "error" | "exit", listener: (value: unknown) => void): void;
  on(event: "error" | "exit", listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): unknown;
}
type NodeWorkerConstructor = new (source: string, options: { eval: boolean; workerData: unknown }) => NodeWorker;

interface WorkerStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
  /** The control block's job number when the worker starts: that job is not its own. */
  job: number;
}

/**
 * A worker running WORKER_SOURCE, resolved once it has reported ready (rejected if it fails,
 * exits or stays silent for START_TIMEOUT_MS). `onDeath` hears of its exit or error afterwards.
 */
async function startWorker(data: WorkerStart, onDeath: (why: string) => void): Promise<WorkerHandle> {
  const g = globalThis as { process?: { versions?: { node?: string } } };
  // Node, Deno and Bun: node:worker_threads, whose workers can be unref'd.
  if (typeof g.process?.versions?.node === "string") {
    // A computed specifier, so that bundlers for the web do not try to resolve it.
    const moduleName = "node:worker_threads";
    const { Worker } = (await import(/* @vite-ignore */ moduleName)) as { Worker: NodeWorkerConstructor };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        worker.once("message", (m) => (m === "ready" ? resolve() : reject(new Error(String(m)))));
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`exited (code ${String(code)}) while starting`)));
      }),
      () => void worker.terminate(),
    );
    // Referenced while starting (an awaited start must keep the process alive), then not.
    worker.unref();
    let ended = false;
    worker.on("error", (e) => ended || onDeath(`failed: ${String((e as Error)?.message ?? e)}`));
    worker.on("exit", (code) => ended || onDeath(`exited (code ${String(code)})`));
    return {
      terminate() {
        ended = true;
        void worker.terminate();
      },
    };
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  URL.revokeObjectURL(url);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      worker.addEventListener("message", (e) => (e.data === "ready" ? resolve() : reject(new Error(String(e.data)))), { once: true });
      worker.addEventListener("error", (e) => reject(new Error(e.message)), { once: true });
      worker.postMessage(data);
    }),
    () => worker.terminate(),
  );
  let ended = false;
  worker.addEventListener("error", (e) => ended || onDeath(`failed: ${e.message}`));
  return {
    terminate() {
      ended = true;
      worker.terminate();
    },
  };
}

/** `started`, or a rejection after START_TIMEOUT_MS (calling `abandon` then). */
function withTimeout(started: Promise<void>, abandon: () => void): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => {
      abandon();
      reject(new Error(`did not report ready within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
  });
  return Promise.race([started, timeout]).finally(() => clearTimeout(timer));
}
