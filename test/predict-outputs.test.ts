// predictLogProba, decisionFunction and the flat output forms of the prediction methods
// (issue 10 target 4, issue 11): against hand-computed values, the pure-JS backend, extreme
// logits and K = 2; and a row predicted alone against the same row inside a large batch (other
// tile positions, chunks, both softmax layouts), bit for bit.
import { describe, expect, it } from "vitest";
import { LogisticRegression, Predictor, SoftmaxRegressionError } from "../src/index.js";
import { FORMAT, FORMAT_VERSION, VERSION } from "../src/util/version.js";
import { gaussian, rng } from "./helpers/random.js";

/** A saved model with the given coefficients (K × d) and intercepts. */
function savedModel(coef: number[][], intercept: number[], classes: (number | string)[] = coef.map((_, k) => k)) {
  return { format: FORMAT, formatVersion: FORMAT_VERSION, libraryVersion: VERSION, classes, nFeatures: coef[0].length, fitIntercept: true, coef, intercept };
}

/** log-sum-exp in plain JavaScript, max-shifted. */
function logSumExp(z: number[]): number {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
}

function randomModel(seed: number, d: number, K: number, scale = 1) {
  const random = rng(seed);
  const coef = Array.from({ length: K }, () => Array.from({ length: d }, () => scale * gaussian(random)));
  const intercept = Array.from({ length: K }, () => gaussian(random));
  const X = (n: number) => Array.from({ length: n }, () => Array.from({ length: d }, () => gaussian(random)));
  return { coef, intercept, X };
}

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe("decisionFunction", () => {
  it("is b_k + W_kᵀx, on both backends", () => {
    const { coef, intercept, X } = randomModel(1, 5, 4);
    const rows = X(50);
    for (const backend of ["wasm", "js"] as const) {
      const z = Predictor.fromJSON(savedModel(coef, intercept), { backend }).decisionFunction(rows);
      rows.forEach((x, i) => coef.forEach((w, k) => {
        const expected = intercept[k] + w.reduce((a, wj, j) => a + wj * x[j], 0);
        expect(close(z[i][k], expected, 1e-14), `${backend} row ${i} class ${k}`).toBe(true);
      }));
    }
  });

  it("K = 2 and an exact hand-computed case", () => {
    const p = Predictor.fromJSON(savedModel([[1, 2], [-3, 0.5]], [0.25, -1]));
    expect(p.decisionFunction([[1, 1], [0, 0], [2, -4]])).toEqual([[3.25, -3.5], [0.25, -1], [-5.75, -9]]);
  });
});

describe("predictLogProba", () => {
  it("equals z − logsumexp(z) and log(predictProba) for moderate logits, on both backends", () => {
    const { coef, intercept, X } = randomModel(2, 6, 5);
    const rows = X(80);
    for (const backend of ["wasm", "js"] as const) {
      const p = Predictor.fromJSON(savedModel(coef, intercept), { backend });
      const lp = p.predictLogProba(rows);
      const proba = p.predictProba(rows);
      const z = p.decisionFunction(rows);
      lp.forEach((row, i) => row.forEach((v, k) => {
        expect(close(v, z[i][k] - logSumExp(z[i]), 1e-13), `${backend} row ${i}`).toBe(true);
        expect(close(v, Math.log(proba[i][k]), 1e-12)).toBe(true);
      }));
    }
  });

  it("stays finite where the probabilities underflow (never −Infinity), K = 3 and K = 2", () => {
    const p3 = Predictor.fromJSON(savedModel([[1], [0], [-1]], [0, 0, 0]));
    expect(p3.predictProba([[1e300]])).toEqual([[1, 0, 0]]);
    const lp = p3.predictLogProba([[1e300], [-1e300], [800], [0]]);
    // z = (x, 0, −x): lse = |x| exactly for the huge rows, so the values are exact.
    expect(lp[0]).toEqual([0, -1e300, -2e300]);
    expect(lp[1]).toEqual([-2e300, -1e300, 0]);
    expect(lp[2][0]).toBe(0); // log(1 + e^−800 + e^−1600) rounds to 0
    expect(lp[2][1]).toBe(-800);
    expect(lp[2][2]).toBe(-1600);
    for (const v of lp.flat()) expect(Number.isFinite(v)).toBe(true);
    expect(close(lp[3][0], -Math.log(3), 1e-15)).toBe(true);
    const p2 = Predictor.fromJSON(savedModel([[2], [-2]], [0, 0]));
    const lp2 = p2.predictLogProba([[400], [-400], [0]]);
    expect(lp2[0]).toEqual([0, -1600]);
    expect(lp2[1]).toEqual([-1600, 0]);
    expect(close(lp2[2][0], Math.log(0.5), 1e-15)).toBe(true);
    expect(Predictor.fromJSON(savedModel([[2], [-2]], [0, 0]), { backend: "js" }).predictLogProba([[400]])).toEqual([[0, -1600]]);
  });

  it("throws NUMERICAL when the logits overflow float64, naming the row", () => {
    const p = Predictor.fromJSON(savedModel([[1e10], [0]], [0, 0]));
    for (const method of ["predictProba", "predictLogProba", "decisionFunction"] as const) {
      try {
        p[method]([[1], [1e300]]);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SoftmaxRegressionError);
        expect((e as SoftmaxRegressionError).code).toBe("NUMERICAL");
        expect((e as Error).message).toContain("row 1");
      }
    }
  });
});

describe("flat outputs", () => {
  const { coef, intercept, X } = randomModel(3, 4, 3);
  const rows = X(25);
  const p = Predictor.fromJSON(savedModel(coef, intercept));

  it("{ out } fills and returns the caller's array; { flat: true } returns a new one; same values as the rows", () => {
    for (const method of ["predictProba", "predictLogProba", "decisionFunction"] as const) {
      const nested = p[method](rows);
      const out = new Float64Array(rows.length * 3).fill(NaN);
      const returned = p[method](rows, { out });
      expect(returned).toBe(out);
      expect(Array.from(out)).toEqual(nested.flat());
      const flat = p[method](rows, { flat: true });
      expect(flat).toBeInstanceOf(Float64Array);
      expect(Array.from(flat)).toEqual(nested.flat());
    }
  });

  it("accepts { data, rows, cols } input, and LogisticRegression has the same methods", async () => {
    const model = await new LogisticRegression({ solver: "newton" }).fit(rows, rows.map((_, i) => i % 3));
    const flatX = { data: Float64Array.from(rows.flat()), rows: rows.length, cols: 4 };
    const saved = Predictor.fromJSON(JSON.stringify(model));
    for (const method of ["predictProba", "predictLogProba", "decisionFunction"] as const) {
      expect(model[method](flatX, { flat: true })).toEqual(saved[method](rows, { flat: true }));
      expect(model[method](rows)).toEqual(saved[method](flatX));
    }
    model.dispose();
  });

  it("rejects a wrong out, an unknown key and a non-boolean flat", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as SoftmaxRegressionError).code;
      }
      return "none";
    };
    expect(code(() => p.predictProba(rows, { out: new Float64Array(7) }))).toBe("INVALID_ARGUMENT");
    expect(code(() => p.predictProba(rows, { out: new Float32Array(75) as unknown as Float64Array }))).toBe("INVALID_ARGUMENT");
    expect(code(() => p.predictProba(rows, { outt: new Float64Array(75) } as never))).toBe("INVALID_OPTION");
    expect(code(() => p.predictProba(rows, { flat: 1 } as never))).toBe("INVALID_OPTION");
    expect(code(() => p.predictProba(rows, null as never))).toBe("INVALID_OPTION");
    expect(() => p.predictProba(rows, { out: new Float64Array(7) })).toThrow(/25 × 3 = 75/);
  });
});

describe("a row alone and inside a large batch: the same bits", () => {
  for (const [d, K] of [[4, 3], [1, 2], [3, 5], [30, 10], [63, 7]] as const) {
    it(`d=${d} K=${K}`, () => {
      const { coef, intercept, X } = randomModel(10 + d + K, d, K, 3);
      const rows = X(5000); // more than one 4096-row chunk
      const p = Predictor.fromJSON(savedModel(coef, intercept));
      for (const method of ["predictProba", "predictLogProba", "decisionFunction"] as const) {
        const batch = p[method](rows, { flat: true });
        let mismatches = 0;
        for (let i = 0; i < rows.length; i += 7) {
          const one = p[method]([rows[i]], { flat: true });
          for (let k = 0; k < K; k++) if (!Object.is(one[k], batch[i * K + k])) mismatches++;
        }
        expect(mismatches, method).toBe(0);
      }
      p.dispose();
    });
  }
});

describe("the prediction inputs of predict and predictProba work for every method and output form", () => {
  const { coef, intercept, X } = randomModel(21, 3, 4);
  const rows = X(12);
  const names = ["a", "b", "c"];
  const p = Predictor.fromJSON({ ...savedModel(coef, intercept), featureNames: names });
  const methods = ["predictProba", "predictLogProba", "decisionFunction"] as const;

  it("one row as a plain array, records by feature name, an empty batch", () => {
    for (const method of methods) {
      const all = p[method](rows);
      expect(p[method](rows[4])).toEqual([all[4]]);
      expect(Array.from(p[method](rows[4], { flat: true }))).toEqual(all[4]);
      // Records are matched by name, whatever their key order.
      const records = rows.map(([a, b, c]) => ({ c, a, b }));
      expect(p[method](records)).toEqual(all);
      expect(p[method]([])).toEqual([]);
      expect(p[method]([], { flat: true })).toEqual(new Float64Array(0));
      expect(p[method]([], { out: new Float64Array(0) })).toEqual(new Float64Array(0));
    }
  });

  it("LogisticRegression takes columnar X in all three, flat forms included", async () => {
    const y = rows.map((_, i) => i % 4);
    const model = await new LogisticRegression({ solver: "newton", l2: 1e-2 }).fit(rows, y, { featureNames: names });
    const columns = { columns: names.map((_, j) => rows.map((r) => r[j])), names };
    for (const method of methods) {
      expect(model[method](columns)).toEqual(model[method](rows));
      expect(model[method](columns, { flat: true })).toEqual(model[method](rows, { flat: true }));
    }
    model.dispose();
  });
});
