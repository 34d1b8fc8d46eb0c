// L-BFGS on CSR data keeps its curvature pairs in kernel memory, recursed by the module's
// twoLoop kernel as on dense data (in JavaScript on a heap of their own that recursion was 80 %
// of a text fit's time): counted in the up-front size check, held during the fit, freed after
// it, and at the optimum the Newton-CG default reaches.
import { describe, expect, it } from "vitest";
import { LogisticRegression, createObjective, kernelMemory } from "../src/index.js";
import { bagOfWords } from "../bench/sparse/bag-of-words.js";

const inUse = () => kernelMemory().find((m) => m.backend === "wasm")!.bytesInUse;

describe("L-BFGS on CSR data", () => {
  const b = bagOfWords({ rows: 600, cols: 4000, perRow: 30, K: 5, seed: 31 });
  const y = Array.from(b.y);
  const P = 5 * 4001;

  it("holds its 10 pairs in kernel memory during the fit and gives them back after it", async () => {
    const before = inUse();
    let during = 0;
    const m = await new LogisticRegression({ l2: 1e-3, solver: "lbfgs" }).fit(b.X, y, {
      onIteration: () => {
        during = Math.max(during, inUse());
      },
    });
    expect(m.converged).toBe(true);
    // Two rings of 10 rows of P doubles, beside the CSR and the other buffers.
    expect(during - before).toBeGreaterThan(2 * 10 * P * 8);
    expect(inUse()).toBe(before);
  });

  it("reaches the default Newton-CG's optimum (objective within 1e-10 relative)", async () => {
    const [lbfgs, newton] = [
      await new LogisticRegression({ l2: 1e-3, solver: "lbfgs", tol: 1e-10 }).fit(b.X, y),
      await new LogisticRegression({ l2: 1e-3 }).fit(b.X, y),
    ];
    const objective = createObjective(b.X, y, { l2: 1e-3 });
    const [f, g] = [objective.value(lbfgs.theta), objective.value(newton.theta)];
    expect(Math.abs(f - g) / g).toBeLessThan(1e-10);
  });

  it("pairs beyond 4 GiB are refused as TOO_LARGE, naming them, before anything is allocated", async () => {
    // 10 rows × 3 000 000 features × 10 classes: 3·10⁷ parameters, pairs 4.8 GB.
    const cols = 3_000_000;
    const before = inUse();
    const ten = { indptr: Array.from({ length: 11 }, (_, i) => i), indices: Array.from({ length: 10 }, (_, i) => i * 299_999), data: new Array(10).fill(1), rows: 10, cols };
    const refused = await new LogisticRegression({ solver: "lbfgs" }).fit(ten, Array.from({ length: 10 }, (_, i) => i)).then(() => null, (e) => e);
    expect(refused?.code).toBe("TOO_LARGE");
    expect(refused?.message).toMatch(/solver buffers/);
    expect(inUse()).toBe(before);
  }, 60_000);
});
