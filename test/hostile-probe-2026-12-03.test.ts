// Hostile-input probe of 2026-12-03: new failures found by an outside battery of junk values,
// proxies, huge lengths, tampered options and odd containers thrown at the built package
// (dist/). Each case states the input, what happened, and what the README's "Errors and
// guarantees" promise instead: a typed error naming what is wrong, or the right answer; never
// a crash, a NaN, or a silently wrong result.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { LogisticRegression, Predictor, SoftmaxRegressionError, createDataset, createObjective, l1Path } from "../dist/index.js";
import { toONNX } from "../dist/onnx.js";
import { runChild } from "./hostile/helpers.js";
import { errorOf } from "./helpers/dist-error.js";

const X = Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(i * 1.3), (i % 5) / 5]);
const y = X.map((_, i) => i % 3);


describe("createObjective: the Hessian and its products never come back as NaN", () => {
  // value() and gradient() throw NUMERICAL where the logits overflow; hessian() and
  // hessianVectorProduct() returned arrays of NaN at the same θ (or for an overflowing v).
  const P = 3 * 4;
  /** NUMERICAL, or every entry finite. */
  const finiteOrNumerical = (run: () => Float64Array) => {
    let out: Float64Array | undefined;
    try {
      out = run();
    } catch (e) {
      expect(e).toBeInstanceOf(SoftmaxRegressionError);
      expect((e as SoftmaxRegressionError).code).toBe("NUMERICAL");
      return;
    }
    expect(Array.from(out).filter((v) => !Number.isFinite(v))).toEqual([]);
  };
  const cases: Array<[string, "wasm" | "js", "float64" | "float32", number, number]> = [
    ["θ = 1e308 (hessian)", "wasm", "float64", 1e308, NaN],
    ["θ = 1e308 (hessian)", "js", "float64", 1e308, NaN],
    ["v = 1e308 at θ = 0 (hessianVectorProduct)", "wasm", "float64", 0, 1e308],
    ["v = 1e308 at θ = 0 (hessianVectorProduct)", "js", "float64", 0, 1e308],
    ["θ = 1e200 (float32 data)", "wasm", "float32", 1e200, 1],
    ["v = 1e300 at θ = 0 (float32 data)", "wasm", "float32", 0, 1e300],
  ];
  it.each(cases)("%s, backend %s, %s: NUMERICAL or finite", (_, backend, dtype, t, v) => {
    const f = createObjective(X, y, { l2: 1e-3, backend, dtype });
    try {
      const theta = new Float64Array(P).fill(t);
      if (Number.isNaN(v)) finiteOrNumerical(() => f.hessian(theta));
      else finiteOrNumerical(() => f.hessianVectorProduct(theta, new Float64Array(P).fill(v)));
      // Neither leaves poisoned probabilities behind: at θ = 0 the Hessian is finite again.
      expect(f.hessian(new Float64Array(P)).every(Number.isFinite)).toBe(true);
    } finally {
      f.dispose();
    }
  });

  it("a value() that threw NUMERICAL does not leave NaN probabilities for hessian() at the same θ", () => {
    const f = createObjective(X, y, { l2: 1e-3 });
    try {
      const theta = new Float64Array(P).fill(1e308);
      expect(errorOf(() => f.value(theta)).code).toBe("NUMERICAL");
      finiteOrNumerical(() => f.hessian(theta));
    } finally {
      f.dispose();
    }
  });
});

describe("Arrow tables whose columns share a name", () => {
  // DuckDB (SELECT 1 AS a, 2 AS a) and Arrow schemas allow duplicate names. The fit took both
  // columns "a" as features, so the model's featureNames were ["a", "a", "c"]: its own saved
  // JSON then failed to load (INVALID_MODEL: featureNames[1] is a duplicate), and predicting a
  // record said 'lacks key undefined'. A target name shared by two columns silently took the first.
  const cols = [0, 1, 2].map((j) => Float64Array.from(X, (r) => r[j]));
  const table = (names: string[], columns: Float64Array[]) => {
    const schema = new arrow.Schema(names.map((n) => new arrow.Field(n, new arrow.Float64())));
    const children = columns.map((c) => arrow.makeData({ type: new arrow.Float64(), length: c.length, nullCount: 0, data: c }));
    return new arrow.Table(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: 30, nullCount: 0, children }));
  };

  it("two feature columns named \"a\": INVALID_X naming the name, not a model that cannot be loaded", () => {
    const t = table(["a", "a", "c"], cols);
    const e = errorOf(() => new LogisticRegression().fitSync(t, y));
    expect(e.code).toBe("INVALID_X");
    expect(e.message).toMatch(/"a"/);
    // The same for every way in that takes the table's names.
    expect(errorOf(() => createDataset(t)).code).toBe("INVALID_X");
    expect(errorOf(() => new LogisticRegression().partialFit(t, y, { classes: [0, 1, 2] })).code).toBe("INVALID_X");
  });

  it("a target name that two columns share is refused, not resolved to the first", () => {
    const t = table(["a", "b", "b"], [cols[0], cols[1], Float64Array.from(y)]);
    const e = errorOf(() => new LogisticRegression().fitSync(t, "b"));
    expect(["INVALID_X", "INVALID_Y"]).toContain(e.code);
    expect(e.message).toMatch(/"b"/);
  });

  it("predicting a table with a duplicated feature name is refused (which \"a\" is the model's?)", () => {
    const m = new LogisticRegression().fitSync({ columns: cols, names: ["a", "b", "c"] }, y);
    const e = errorOf(() => m.predict(table(["a", "a", "b", "c"], [cols[0], cols[2], cols[1], cols[2]])));
    expect(e.code).toBe("INVALID_X");
    expect(e.message).toMatch(/"a"/);
  });
});

describe("inference() at a confidence level close to 1", () => {
  // level 0.9999999999999999 is inside (0, 1) and accepted, but (1 + level)/2 rounds to 1, so
  // the quantile was Infinity and every interval was (−Infinity, Infinity); the two-sided
  // quantile is Φ⁻¹(1 − 5.6e-17) ≈ 8.29, finite.
  let s = 1;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const Xi = Array.from({ length: 300 }, () => [rnd() * 2 - 1, rnd() * 2 - 1]);
  const yi = Xi.map(([a, b]) => {
    const z = [0, a + 0.3 * b, b - a].map((v) => v - Math.log(-Math.log(rnd())));
    return z.indexOf(Math.max(...z));
  });

  it("gives finite intervals, wider than at 1 − 1e-10", () => {
    const m = new LogisticRegression({ l2: 0, solver: "newton", tol: 1e-10 }).fitSync(Xi, yi);
    const near = m.inference({ level: 0.9999999999999999 });
    const lower = m.inference({ level: 1 - 1e-10 });
    for (const row of [...near.lower, ...near.upper]) expect(row.every(Number.isFinite)).toBe(true);
    const width = (r: typeof near) => r.upper[0][0] - r.lower[0][0];
    expect(width(near)).toBeGreaterThan(width(lower));
    // z = 8.2924 for a two-sided 1 − 1.11e-16.
    expect(width(near) / (2 * near.standardErrors[0][0])).toBeCloseTo(8.2924, 3);
  });
});

describe("one record whose feature names are also container fields", () => {
  // A model fitted on records keyed "columns", or "data"/"rows"/"cols", or "indptr"/"indices"/
  // "data", predicts a batch of such records, but one record (which the README says is one
  // sample) was read as a { columns }, { data, rows, cols } or CSR container: INVALID_X.
  const sets = [["columns", "b", "c"], ["data", "rows", "cols"], ["indptr", "indices", "data"], ["columns", "names", "c"]];
  it.each(sets)("features %s, %s, %s: predict(record) equals predict([record])", (...keys) => {
    const records = X.map((r) => Object.fromEntries(keys.map((k, j) => [k, r[j]])));
    const m = new LogisticRegression().fitSync(records, y);
    const one = records[4];
    expect(m.predictProba(one)).toEqual(m.predictProba([one]));
    expect(Predictor.fromJSON(JSON.stringify(m)).predictProba(one)).toEqual(m.predictProba([one]));
  });
});

describe("labels far longer than X", () => {
  // fit, createObjective and score copied every label into a JS array before comparing the
  // count with X's rows: y = a Proxy claiming 1e9 labels (or a real 150-million-label
  // Int32Array) for 30 rows ran the process out of heap (exit 134) instead of INVALID_Y.
  it("fit, createObjective, score and a soft-target matrix: INVALID_Y at once, not an out-of-memory crash", async () => {
    const r = await runChild(
      `
      const { LogisticRegression, createObjective } = lib;
      const X = Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(i), i % 3]);
      const y = X.map((_, i) => i % 3);
      const big = (a, n) => new Proxy(a, { get: (t, k) => (k === "length" ? n : t[k]) });
      const codes = {};
      const run = (name, f) => { try { f(); codes[name] = "no error"; } catch (e) { codes[name] = e.code ?? String(e); } };
      run("fit", () => new LogisticRegression().fitSync(X, big(y, 1e9)));
      run("fit strings", () => new LogisticRegression().fitSync(X, big(y.map(String), 1e9)));
      run("createObjective", () => createObjective(X, big(y, 1e9)));
      run("score", () => new LogisticRegression().fitSync(X, y).score(X, big(y, 1e9)));
      run("soft rows", () => new LogisticRegression().fitSync(X, big(X.map(() => [1, 0, 0]), 1e9)));
      run("Int32Array", () => new LogisticRegression().fitSync(X, new Int32Array(1.5e8)));
      report(codes);
      `,
      { nodeArgs: ["--max-old-space-size=512"], timeoutMs: 60_000 },
    );
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr.slice(0, 500)).toBe(0);
    expect(r.result).toEqual({ fit: "INVALID_Y", "fit strings": "INVALID_Y", createObjective: "INVALID_Y", score: "INVALID_Y", "soft rows": "INVALID_Y", Int32Array: "INVALID_Y" });
  });

  it("a soft-target row claiming 1e9 classes is a typed error, not a raw RangeError", () => {
    const row = new Proxy([1, 0, 0], { get: (t, k) => (k === "length" ? 1e9 : t[k as unknown as number]) });
    const e = errorOf(() => new LogisticRegression().fitSync(X, X.map((_, i) => (i === 0 ? row : [1, 0, 0]))));
    expect(["INVALID_Y", "TOO_LARGE"]).toContain(e.code);
  });
});

describe("predictions on a detached row", () => {
  // A detached Float64Array (its buffer transferred to a worker) has length 0: predict took it
  // for an empty batch and returned [] where the flat form { data, rows, cols } gives INVALID_X.
  it("predict(detached Float64Array) is INVALID_X, not []", () => {
    const m = new LogisticRegression().fitSync(X, y);
    const row = Float64Array.of(1, 2, 3);
    structuredClone(row.buffer, { transfer: [row.buffer] });
    expect(errorOf(() => m.predict(row)).code).toBe("INVALID_X");
    expect(errorOf(() => Predictor.fromJSON(JSON.stringify(m)).predictProba(row)).code).toBe("INVALID_X");
    // An empty batch is still an empty batch.
    expect(m.predict([])).toEqual([]);
  });
});

describe("a Dataset's shape cannot be overwritten", () => {
  // rows, cols and dtype were plain writable fields: d.rows = 5 succeeded and the Dataset then
  // reported 5 rows while every fit still used its 30.
  it("assigning rows, cols or dtype changes nothing it reports", () => {
    const d = createDataset(X);
    for (const [key, value] of [["rows", 5], ["cols", 2], ["dtype", "float32"]] as const) {
      try {
        (d as unknown as Record<string, unknown>)[key] = value;
      } catch {
        // a TypeError (read-only in strict mode) is the expected refusal
      }
    }
    expect([d.rows, d.cols, d.dtype]).toEqual([30, 3, "float64"]);
    d.dispose();
  });
});

describe("ONNX export of string classes that are not valid Unicode", () => {
  // ONNX strings are UTF-8: the lone surrogates "\uD800" and "\uDC00" were both written as
  // U+FFFD, so two classes of the model became one label in the exported graph.
  it("refuses a class that UTF-8 cannot hold, instead of merging two classes", () => {
    const m = new LogisticRegression().fitSync(X, y.map((v) => ["\uD800", "\uDC00", "ok"][v]));
    const e = errorOf(() => toONNX(m));
    expect(["INVALID_ARGUMENT", "INVALID_MODEL"]).toContain(e.code);
    expect(e.message).toMatch(/class/);
  });
});

describe("messages name what the caller passed", () => {
  it("a BigInt64Array as CSR data suggests a float array, not an Int32Array", () => {
    const e = errorOf(() => new LogisticRegression().fitSync({ indptr: [0, 1, 2], indices: [0, 0], data: BigInt64Array.of(1n, 2n), rows: 2, cols: 1 }, [0, 1]));
    expect(e.code).toBe("INVALID_X");
    expect(e.message).toMatch(/X\.data/);
    expect(e.message).not.toMatch(/Int32Array/);
  });

  it("fromJSON(undefined) says undefined, not null", () => {
    const e = errorOf(() => LogisticRegression.fromJSON(undefined as unknown as string));
    expect(e.code).toBe("INVALID_MODEL");
    expect(e.message).toMatch(/undefined/);
  });
});

describe("command line flags", () => {
  const main = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "softmax-probe-"));
  const data = join(dir, "d.csv");
  writeFileSync(data, "a,b,y\n" + X.map((r, i) => `${r[0]},${r[1]},${y[i]}`).join("\n") + "\n");
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [main, ...args], (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });

  it("a flag given twice with different values is a usage error, not the last one silently", async () => {
    // `-t a -t y` fitted with target y and said nothing about a.
    const r = await run(["fit", data, "-t", "a", "-t", "y"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--target/);
    expect(r.stdout).toBe("");
  });

  it("numeric flags take decimal numbers, as the data do: --max-iter 0x10 is refused", async () => {
    // The CSV reader refuses "0x10" as "not a number"; --max-iter 0x10 ran with maxIter 16.
    const r = await run(["fit", data, "-t", "y", "--max-iter", "0x10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-iter/);
  });
});

describe("score on a table whose target is a column, as fit takes it", () => {
  // fit(table, "outcome"), partialFit, LogisticRegressionCV and createObjective take y as the
  // name of X's target column; score(table, "outcome") said 'y must hold 6 labels, got
  // "outcome"', so scoring the fitted table needed its labels copied out by hand.
  it("score(table, name) equals score(table, the column's labels)", () => {
    const t = arrow.tableFromArrays({ dose: Float64Array.of(1, 2, 3, 4, 5, 6), sex: Int32Array.of(0, 1, 0, 1, 1, 0), outcome: ["no", "no", "yes", "no", "yes", "yes"] });
    const m = new LogisticRegression().fitSync(t, "outcome");
    expect(m.score(t, "outcome" as never)).toBe(m.score(t, ["no", "no", "yes", "no", "yes", "yes"]));
    const named = { columns: [[1, 2, 3, 4, 5, 6], [0, 1, 0, 1, 1, 0], [0, 0, 1, 0, 1, 1]], names: ["dose", "sex", "y"] };
    const n = new LogisticRegression().fitSync(named, "y");
    expect(n.score(named, "y" as never)).toBe(n.score(named, [0, 0, 1, 0, 1, 1]));
    // A name that is not a column is INVALID_Y with a suggestion, as in fit.
    expect(errorOf(() => m.score(t, "outcom" as never)).message).toMatch(/did you mean "outcome"/);
  });
});

describe("fit option featureNames that is not an array", () => {
  it("says what it must be, not 'must list -1 names'", () => {
    const e = errorOf(() => new LogisticRegression().fitSync([[1, 2], [2, 1]], [0, 1], { featureNames: "ab" as never }));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).not.toMatch(/-1/);
  });
});

describe("predictions into an out that overlaps X", () => {
  // { out } is written chunk by chunk while X is still being read: an out that starts a row
  // (or more) after X in the same buffer overwrote rows not yet read, and 72 of 300 000 values
  // (one row per chunk) came out wrong, silently. Exact aliasing happened to work.
  const N = 100_000;
  const model = new LogisticRegression().fitSync(X, y);
  const check = (shift: number, rowsForm: boolean) => {
    const buf = new Float64Array(N * 3 + shift).map((_, i) => Math.sin(i * 0.37) * 3);
    const Xd = buf.subarray(0, N * 3);
    const want = model.predictProba({ data: Xd.slice(), rows: N, cols: 3 }, { flat: true });
    const out = buf.subarray(shift, shift + N * 3);
    const input = rowsForm ? Array.from({ length: N }, (_, i) => Xd.subarray(3 * i, 3 * i + 3)) : { data: Xd, rows: N, cols: 3 };
    model.predictProba(input, { out });
    let wrong = 0;
    for (let i = 0; i < want.length; i++) if (want[i] !== out[i]) wrong++;
    return wrong;
  };
  it.each([3, 30, 3000])("flat X, out shifted by %i values: every value right", (shift) => {
    expect(check(shift, false)).toBe(0);
  });
  it("rows that are views of the buffer out shifts over: every value right", () => {
    expect(check(30, true)).toBe(0);
  });
});

describe("l1Path options", () => {
  /** The SoftmaxRegressionError an async call rejects with. */
  const rejection = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (e) {
      expect(e).toBeInstanceOf(SoftmaxRegressionError);
      return e as SoftmaxRegressionError;
    }
    throw new Error("expected a rejection");
  };
  it("an unknown option is checked against l1Path's own names too (nl1s → did you mean nL1s?)", async () => {
    // Said: unknown option "nl1s" (did you mean "l1"?); allowed: solver, l2, l1, … (l1, which
    // l1Path refuses, suggested; nL1s, l1s and l1MinRatio missing from the list).
    const e = await rejection(() => l1Path(X, y, { nl1s: 3 } as never));
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toMatch(/did you mean "nL1s"/);
    expect(e.message).toMatch(/l1MinRatio/);
  });
  it("l1s and nL1s together are refused, not nL1s ignored", async () => {
    // l1Path(X, y, { l1s: [1], nL1s: 3 }) fitted the one point of l1s and said nothing about nL1s.
    expect((await rejection(() => l1Path(X, y, { l1s: [1], nL1s: 3 }))).code).toBe("INVALID_OPTION");
  });
});
