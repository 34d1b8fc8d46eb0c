// threads: a worker that sits a job out and wakes late must not run the next job twice or act
// on a half-written one. The workers here run WORKER_SOURCE with a pause injected right after
// they read the job number (what a preempted thread on a loaded machine does; worker w pauses
// w times as long, so a fast worker can come back while a slow one still runs the job), and
// jobs alternate between none of the workers and all of them taking part. Every job's per-thread
// results must equal the same kernel run on this thread. Before the job number was re-read
// after the fields (a bare generation counter), late workers ran each following job twice and
// the main thread read the previous job's results.
import { afterAll, describe, expect, it, vi } from "vitest";

/** How long worker 1 pauses after reading the job number (worker w: w times as long). */
const PAUSE_MS = 15;

vi.mock("../src/threads/worker-source.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/threads/worker-source.js")>();
  const read = "const job = Atomics.load(i32, 0);";
  if (!original.WORKER_SOURCE.includes(read)) throw new Error("the worker no longer reads the job number as this test expects");
  const pause = `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${PAUSE_MS} * index);`;
  return { ...original, WORKER_SOURCE: original.WORKER_SOURCE.replace(read, `${read} ${pause}`) };
});

const { ThreadPool } = await import("../src/threads/pool.js");
const { Heap } = await import("../src/backends/heap.js");
const { threadsWasmBytes } = await import("../src/wasm/embedded-threads.js");

const WORKERS = 3;
const ROWS = 64;
const S = 4;
const K = 3;

const pools: InstanceType<typeof ThreadPool>[] = [];
afterAll(() => pools.forEach((p) => p.close()));

describe("threads: late workers", () => {
  it("every job's results are its own when idle workers wake late", async () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const heap = new Heap({
      get buffer() {
        return memory.buffer as unknown as ArrayBuffer;
      },
      grow: (pages) => void memory.grow(pages),
    });
    const pool = new ThreadPool(await WebAssembly.compile(threadsWasmBytes() as BufferSource), memory, heap, WORKERS);
    pools.push(pool);
    expect(await pool.resize(WORKERS, () => true)).toBe("");

    // One block of rows per thread, a θ per job (so that every job's losses differ), scratch per thread.
    const threads = WORKERS + 1;
    const x = heap.alloc(threads * ROWS * S * 8);
    const y = heap.alloc(threads * ROWS * 4);
    const w = heap.alloc(threads * ROWS * 8);
    const JOBS = 24;
    const thetas = Array.from({ length: JOBS }, () => heap.alloc(K * S * 8));
    const scratchBytes = (pool.exports as unknown as { scratchBytes(K: number, s: number): number }).scratchBytes(K, S);
    const scratch = Array.from({ length: threads }, () => heap.alloc(scratchBytes));
    const f64 = heap.f64;
    const i32 = heap.i32;
    for (let r = 0; r < threads * ROWS; r++) {
      f64[x / 8 + r * S] = 1;
      for (let j = 1; j < S; j++) f64[x / 8 + r * S + j] = Math.sin(r * 7 + j * 3);
      i32[y / 4 + r] = r % K;
      f64[w / 8 + r] = 1;
    }
    thetas.forEach((theta, job) => {
      for (let i = 0; i < K * S; i++) f64[theta / 8 + i] = Math.cos(job * 13 + i) * (1 + job / 10);
    });

    const argumentsOf = (job: number, t: number) => [x + t * ROWS * S * 8, ROWS, S, K, thetas[job], y + t * ROWS * 4, 0, w + t * ROWS * 8, 0, 0, scratch[t]];
    const lossGradient = pool.exports.lossGradient as unknown as (...a: number[]) => number;
    const expected = thetas.map((_, job) => Array.from({ length: threads }, (_, t) => lossGradient(...argumentsOf(job, t))));

    for (let job = 0; job < JOBS; job++) {
      // Even jobs: this thread alone (every worker sits out); odd jobs: all workers.
      const taking = job % 2 === 0 ? 1 : threads;
      const got = pool.run("lossGradient", Array.from({ length: taking }, (_, t) => argumentsOf(job, t)));
      expect(got, `job ${job}`).toEqual(expected[job].slice(0, taking));
    }
    expect(pool.failure).toBe("");
  });
});
