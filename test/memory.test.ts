// Memory stays flat: 5 000 fit → predict → dispose cycles, and 5 000 cycles that simply drop
// the model (reclaimed through a FinalizationRegistry), leave WebAssembly memory and the
// process's RSS bounded. Bounds: WASM memory does not grow at all over the second half of
// the cycles; RSS grows by less than 32 MiB over it; kernel memory in use returns to where it
// started (without dispose: within 64 KiB, the models whose finalizers have not run yet).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { LogisticRegression, kernelMemory } from "../src/index.js";
import { randomProblem } from "./helpers/random.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const { X, y } = randomProblem(2, 40, 3, 3);
const wasmBytes = () => kernelMemory().find((m) => m.backend === "wasm")!.bufferBytes;

/** Let finalizers run: collect, then yield to the event loop so their callbacks fire. */
async function settle() {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 0));
  }
}

async function cycles(count: number, dispose: boolean) {
  const samples: { wasm: number; rss: number; inUse: number }[] = [];
  for (let i = 1; i <= count; i++) {
    const m = new LogisticRegression({ l2: 1e-2 });
    m.fitSync(X, y);
    m.predictProba(X);
    if (dispose) m.dispose();
    if (i % 500 === 0) {
      await settle();
      const wasm = kernelMemory().find((k) => k.backend === "wasm")!;
      samples.push({ wasm: wasm.bufferBytes, rss: process.memoryUsage().rss, inUse: wasm.bytesInUse });
    }
  }
  return samples;
}

describe("memory", () => {
  it.each([true, false])("5 000 fit → predict cycles (dispose: %s) keep WASM memory and RSS flat", async (dispose) => {
    await settle();
    const inUseBefore = kernelMemory().find((k) => k.backend === "wasm")!.bytesInUse;
    const samples = await cycles(5000, dispose);
    const half = samples[Math.floor(samples.length / 2) - 1];
    const last = samples.at(-1)!;
    console.log(
      `dispose=${dispose}: in use ${inUseBefore} → ${last.inUse} bytes, WASM memory ${samples[0].wasm} → ${last.wasm} bytes, RSS ${(samples[0].rss / 2 ** 20).toFixed(1)} → ` +
        `${(last.rss / 2 ** 20).toFixed(1)} MiB (second half +${((last.rss - half.rss) / 2 ** 20).toFixed(1)} MiB)`,
    );
    expect(last.wasm).toBe(half.wasm);
    expect(last.rss - half.rss).toBeLessThan(32 * 2 ** 20);
    // Everything the cycles allocated in kernel memory has been given back (without dispose,
    // up to the few models whose finalizers have not run yet).
    if (dispose) expect(last.inUse).toBe(inUseBefore);
    else expect(last.inUse - inUseBefore).toBeLessThan(64 * 1024);
    expect(wasmBytes()).toBe(last.wasm);
  }, 120_000);
});
