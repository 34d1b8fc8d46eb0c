/**
 * The code every kernel worker runs, kept as a string so that it needs no separate file:
 * Node and Bun start it with `eval`, browsers and Deno from a Blob URL. A worker
 * instantiates the threads build of the kernels on the shared memory, reports "ready" (or
 * why it failed), then sleeps on the control block until the main thread posts a job:
 * which kernel, and its arguments for this worker's rows.
 *
 * Control block (Int32 view at `control`, f64 view at the same bytes):
 *   i32[0] generation, bumped by the main thread for every job (or STOP)
 *   i32[1] number of workers finished with the current job
 *   i32[2] kernel: an index into KERNEL_NAMES (per dtype the dense kernels, then the sparse ones), −1 stop
 *   f64[2 + 16·w .. 2 + 16·w + MAX_ARGUMENTS]  arguments for worker w; f64[2 + 16·w + 15] its result
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
export const ARGUMENT_BASE = 2;

export const WORKER_SOURCE = `
const KERNELS = ${JSON.stringify(KERNEL_NAMES)};
function start({ module, memory, control, index }, report) {
  let kernels;
  try {
    kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  } catch (e) {
    report("failed: " + e);
    return;
  }
  report("ready");
  let i32 = new Int32Array(memory.buffer);
  let f64 = new Float64Array(memory.buffer);
  const views = () => {
    if (i32.buffer.byteLength !== memory.buffer.byteLength) {
      i32 = new Int32Array(memory.buffer);
      f64 = new Float64Array(memory.buffer);
    }
  };
  const c = control >>> 2;
  const slots = (control >>> 3) + ${ARGUMENT_BASE} + ${SLOTS_PER_WORKER} * index;
  let seen = 0;
  for (;;) {
    Atomics.wait(i32, c, seen);
    seen = Atomics.load(i32, c);
    views();
    const kernel = Atomics.load(i32, c + 2);
    if (kernel === ${STOP}) return;
    const args = Array.from(f64.subarray(slots, slots + ${MAX_ARGUMENTS}));
    f64[slots + 15] = kernels[KERNELS[kernel]](...args) ?? 0;
    Atomics.add(i32, c + 1, 1);
    Atomics.notify(i32, c + 1);
  }
}
// Started by node:worker_threads (Node, Bun) the data comes as workerData; Bun's such workers
// also have a web-style self, so look for workerData first. Web workers get it by message.
const nodeWorker = typeof require === "function" ? require("node:worker_threads") : null;
if (nodeWorker && nodeWorker.workerData) {
  start(nodeWorker.workerData, (m) => nodeWorker.parentPort.postMessage(m));
} else {
  self.addEventListener("message", (e) => start(e.data, (m) => self.postMessage(m)), { once: true });
}
`;
