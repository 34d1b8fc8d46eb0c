/**
 * The code every kernel worker runs, kept as a string so that it needs no separate file:
 * node:worker_threads (Node, Deno, Bun) start it with `eval`, browsers from a Blob URL. A
 * worker instantiates the threads build of the kernels on the pool's shared memory, reports
 * "ready" (or why it failed), then sleeps on the control block until the main thread posts a
 * job: which kernel, and its arguments for this worker's rows.
 *
 * The control block is a SharedArrayBuffer of its own (not kernel memory), Int32 view:
 *   i32[0] the job: its number (0…2^31 − 1, one more for every job or STOP), or WRITING (−1)
 *          while the main thread writes the next job's fields, which it publishes last
 *   i32[1] number of workers finished with the current job
 *   i32[2] kernel: an index into KERNEL_NAMES (per dtype the dense kernels, then the sparse ones), −1 stop
 *   i32[3] participants: workers 1..participants run the job, the others sit it out
 *   i32[4] set to 1 by a worker whose kernel threw (the job's results are void)
 * and Float64 view: f64[SLOT_BASE + 16·w .. + MAX_ARGUMENTS − 1] arguments of worker w, f64[SLOT_BASE + 16·w + 15] its result.
 * A kernel that throws is caught and reported there, so the main thread never waits for a
 * worker that is gone; a worker that dies outright is caught by the main thread's timeout.
 *
 * Why the job number, read again after the fields: a worker that sits a job out can wake so
 * late that the main thread is already writing the next job. It reads the number, then the
 * fields, then the number again; only when both reads agree (and are not WRITING) were the
 * fields that job's, and it takes part in each job number once. (With a bare counter, such a
 * worker ran the next job twice, counted DONE twice, and the main thread read stale results.)
 */
import { ROW_KERNELS, kernelExport, type RowKernelExport } from "../backends/backend.js";
import { SPARSE_ROW_KERNELS, sparseKernelExport, type SparseRowKernelExport } from "../backends/sparse-kernels.js";

export const KERNEL_NAMES: readonly (RowKernelExport | SparseRowKernelExport)[] = (["float64", "float32"] as const).flatMap((dtype) => [
  ...ROW_KERNELS.map((kernel) => kernelExport(kernel, dtype)),
  ...SPARSE_ROW_KERNELS.map((kernel) => sparseKernelExport(kernel, dtype)),
]);
/** The most arguments a row kernel takes (sparseLossGradient's 14); they fit the 15 slots before the result's. */
export const MAX_ARGUMENTS = 14;
export const STOP = -1;
export const SLOTS_PER_WORKER = 16;
/** Control fields (Int32) and the first argument slot (Float64 index), see above. */
export const JOB = 0;
export const WRITING = -1;
export const DONE = 1;
export const KERNEL = 2;
export const PARTICIPANTS = 3;
export const FAILED = 4;
export const SLOT_BASE = 4;

/** Bytes of the control block for `workers` workers. */
export const controlBytes = (workers: number) => 8 * (SLOT_BASE + SLOTS_PER_WORKER * (workers + 1));

export const WORKER_SOURCE = `
const KERNELS = ${JSON.stringify(KERNEL_NAMES)};
function start({ module, memory, control, index, job: startJob }, report) {
  let kernels;
  try {
    kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  } catch (e) {
    report("failed: " + e);
    return false;
  }
  report("ready");
  const i32 = new Int32Array(control);
  const f64 = new Float64Array(control);
  const slots = ${SLOT_BASE} + ${SLOTS_PER_WORKER} * index;
  // The job current when this worker started is not its own.
  let last = startJob;
  for (;;) {
    const job = Atomics.load(i32, ${JOB});
    if (job === last || job === ${WRITING}) {
      Atomics.wait(i32, ${JOB}, job);
      continue;
    }
    const kernel = Atomics.load(i32, ${KERNEL});
    const participants = Atomics.load(i32, ${PARTICIPANTS});
    // The main thread began the next job while these were read: they may be its, or mixed.
    if (Atomics.load(i32, ${JOB}) !== job) continue;
    last = job;
    if (kernel === ${STOP}) return true;
    if (index > participants) continue;
    let result = 0;
    try {
      result = kernels[KERNELS[kernel]](...Array.from(f64.subarray(slots, slots + ${MAX_ARGUMENTS}))) ?? 0;
    } catch (e) {
      Atomics.store(i32, ${FAILED}, 1);
    }
    f64[slots + 15] = result;
    Atomics.add(i32, ${DONE}, 1);
    Atomics.notify(i32, ${DONE});
  }
}
// Started by node:worker_threads the data come as workerData (Bun's such workers also have a
// web-style self, so look for workerData first); web workers get them by message.
const nodeWorker = typeof require === "function" ? require("node:worker_threads") : null;
if (nodeWorker && nodeWorker.workerData) {
  start(nodeWorker.workerData, (m) => nodeWorker.parentPort.postMessage(m));
} else {
  self.addEventListener("message", (e) => {
    if (start(e.data, (m) => self.postMessage(m))) self.close();
  }, { once: true });
}
`;
