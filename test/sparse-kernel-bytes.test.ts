// The up-front kernel-memory count for CSR problems includes newton-l1's working-set copy, so a
// problem whose working sets would not fit is refused (TOO_LARGE) before anything is allocated,
// instead of failing in the middle of the fit.
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { OBJECTIVE_USE, type ProblemShape } from "../src/objective/kernel-bytes.js";
import { assertSparseFits, sparseKernelBytes } from "../src/objective/sparse-kernel-bytes.js";

const shape: ProblemShape = { n: 5000, d: 20_000, K: 4, dtype: "float64", soft: false, backend: "wasm" };
const entries = 5000 * 40;
const total = (parts: Record<string, number>) => Object.values(parts).reduce((a, b) => a + b, 0);

describe("CSR kernel bytes with L1 working sets", () => {
  it("count a working set of at most half the columns, holding at most every entry", () => {
    const plain = sparseKernelBytes(shape, entries, OBJECTIVE_USE);
    const l1 = sparseKernelBytes(shape, entries, { ...OBJECTIVE_USE, workingSet: true });
    expect(plain["working set"]).toBe(0);
    // The copy's CSR alone is at least the entries' indices and values.
    expect(l1["working set"]).toBeGreaterThanOrEqual(entries * 12);
    // And at most a second problem of the same size (half the columns, plus its Hessian).
    expect(l1["working set"]).toBeLessThanOrEqual(total(plain) + (2000 * 4) ** 2 * 8);
  });

  it("refuse with TOO_LARGE where the problem fits but its working sets do not", () => {
    const use = { ...OBJECTIVE_USE, workingSet: true };
    const withSets = total(sparseKernelBytes(shape, entries, use));
    const without = total(sparseKernelBytes(shape, entries, OBJECTIVE_USE));
    const available = Math.floor((withSets + without) / 2);
    expect(() => assertSparseFits(shape, entries, OBJECTIVE_USE, available)).not.toThrow();
    expect(() => assertSparseFits(shape, entries, use, available)).toThrow(expect.objectContaining({ code: "TOO_LARGE" }));
  });
});
