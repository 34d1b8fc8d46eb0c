// Hostile inputs through the public API: junk values in every container, getters and
// proxies that answer differently each time, buffers changed or detached after the call,
// labels and weights of every wrong kind. Each must give a typed error naming what is wrong,
// or the right model, never a raw TypeError, a wrong model or a leak of kernel memory.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LogisticRegression, createDataset, createObjective, kernelMemory } from "../../src/index.js";
import { randomProblem } from "../helpers/random.js";
import { codeOf, messageOf, runChild } from "./helpers.js";

const { X, y } = randomProblem(41, 60, 3, 3);
const flat = () => ({ data: Float64Array.from(X.flat()), rows: X.length, cols: 3 });
const models: LogisticRegression[] = [];
const fit = (Xs: unknown, ys: unknown = y, options: object = {}, fitOptions: object = {}) => {
  const model = new LogisticRegression({ maxIter: 30, ...options });
  models.push(model);
  return model.fit(Xs as number[][], ys as number[], fitOptions);
};

// No failure may leave kernel memory allocated (fitted models keep only prediction buffers, freed by dispose).
let inUse = 0;
const held = () => kernelMemory().reduce((sum, m) => sum + m.bytesInUse, 0);
beforeEach(() => void (inUse = held()));
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
  expect(held()).toBe(inUse);
});

describe("X of the wrong kind or with junk values", () => {
  const junk: Array<[string, string, unknown]> = [
    ["undefined", "INVALID_X", undefined],
    ["null", "INVALID_X", null],
    ["a number", "INVALID_X", 3],
    ["a string", "INVALID_X", "1,2,3"],
    ["a function", "INVALID_X", () => X],
    ["a Map", "INVALID_X", new Map([[0, [1, 2, 3]]])],
    ["an empty array", "INVALID_X", []],
    ["a 1-D array", "INVALID_X", [1, 2, 3]],
    ["a 1-D Float64Array", "INVALID_X", new Float64Array(3)],
    ["zero features", "INVALID_X", X.map(() => [])],
    ["a ragged row", "INVALID_X", X.map((r, i) => (i === 7 ? r.slice(1) : r))],
    ["a hole", "INVALID_X", X.map((r, i) => (i === 9 ? [r[0], , r[2]] : r))],
    ["a string value", "INVALID_X", X.map((r, i) => (i === 3 ? [r[0], "2", r[2]] : r))],
    ["null value", "INVALID_X", X.map((r, i) => (i === 3 ? [r[0], null, r[2]] : r))],
    ["a boolean value", "INVALID_X", X.map((r, i) => (i === 3 ? [true, r[1], r[2]] : r))],
    ["a Number object", "INVALID_X", X.map((r, i) => (i === 3 ? [new Number(1), r[1], r[2]] : r))],
    ["a { valueOf } value", "INVALID_X", X.map((r, i) => (i === 3 ? [{ valueOf: () => 1 }, r[1], r[2]] : r))],
    ["a bigint value", "INVALID_X", X.map((r, i) => (i === 3 ? [1n, r[1], r[2]] : r))],
    ["NaN", "NON_FINITE", X.map((r, i) => (i === 5 ? [r[0], NaN, r[2]] : r))],
    ["Infinity in the last row", "NON_FINITE", X.map((r, i) => (i === X.length - 1 ? [r[0], r[1], -Infinity] : r))],
    ["a row that is a string", "INVALID_X", X.map((r, i) => (i === 2 ? "abc" : r))],
    ["a row that is a DataView", "INVALID_X", X.map((r, i) => (i === 2 ? new DataView(new ArrayBuffer(24)) : r))],
    ["rows that are BigInt64Arrays", "INVALID_X", X.map(() => new BigInt64Array(3))],
  ];
  it.each(junk)("%s → %s", async (_, code, Xs) => {
    expect(await codeOf(() => fit(Xs))).toBe(code);
  });

  const flatJunk: Array<[string, string, unknown]> = [
    ["null, true and \"3\" in data", "INVALID_X", [null, true, "3", ...X.flat().slice(3)]],
    ["{ valueOf } in data", "INVALID_X", [{ valueOf: () => 2 }, ...X.flat().slice(1)]],
    ["BigInt64Array data", "INVALID_X", new BigInt64Array(X.length * 3)],
    ["a DataView", "INVALID_X", new DataView(new ArrayBuffer(X.length * 24))],
    ["a short data", "INVALID_X", X.flat().slice(1)],
    ["NaN in data", "NON_FINITE", Float64Array.from(X.flat(), (v, i) => (i === 100 ? NaN : v))],
  ];
  it.each(flatJunk)("flat form, %s → %s (as the nested form)", async (_, code, data) => {
    expect(await codeOf(() => fit({ data, rows: X.length, cols: 3 }))).toBe(code);
  });

  it.each([
    [{ data: new Float64Array(180), rows: 60.5, cols: 3 }],
    [{ data: new Float64Array(180), rows: -60, cols: -3 }],
    [{ data: new Float64Array(180), rows: "60", cols: 3 }],
    [{ data: new Float64Array(180), rows: NaN, cols: 3 }],
    [{ data: new Float64Array(180), rows: Infinity, cols: 0 }],
    [{ data: "abc", rows: 1, cols: 3 }],
    [{ data: { length: 180 }, rows: 60, cols: 3 }],
  ])("flat form with a bad shape %o → INVALID_X", async (Xs) => {
    expect(await codeOf(() => fit(Xs))).toBe("INVALID_X");
  });

  it("the message names the row and column", async () => {
    expect(await messageOf(() => fit(X.map((r, i) => (i === 17 ? [r[0], r[1], NaN] : r))))).toMatch(/row 17, column 2/);
    const data = Float64Array.from(X.flat());
    data[3 * 23 + 1] = Infinity;
    expect(await messageOf(() => fit({ data, rows: X.length, cols: 3 }))).toMatch(/row 23, column 1/);
  });

  it('dtype "float32" with a value beyond the float32 range names the row and column', async () => {
    const big = X.map((r, i) => (i === 11 ? [r[0], 1e300, r[2]] : r));
    const message = await messageOf(() => fit(big, y, { dtype: "float32" }));
    expect(message).toMatch(/row 11, column 1 is 1e\+300, beyond the float32 range/);
    expect(await codeOf(() => fit(big, y, { dtype: "float32" }))).toBe("NON_FINITE");
    // 1e300 is fine in float64 (a clear NUMERICAL at worst, never a wrong model).
    const code = await fit(big, y).then(() => "fitted", (e) => e.code);
    expect(["fitted", "NUMERICAL"]).toContain(code);
  });
});

describe("too large for kernel memory: refused from the shape, at once", () => {
  it("400 000 × 3000 number[][] gets TOO_LARGE before any entry is read", async () => {
    let reads = 0;
    const row = new Proxy(new Array(3000).fill(0), { get: (t, k) => (k === "length" ? 3000 : (reads++, 0)) });
    const X = new Array(400_000).fill(row);
    const labels = new Int32Array(400_000).map((_, i) => i % 3);
    const started = Date.now();
    expect(await codeOf(() => new LogisticRegression().fit(X, labels as unknown as number[]))).toBe("TOO_LARGE");
    expect(await messageOf(() => new LogisticRegression().fit(X, labels as unknown as number[]))).toMatch(/400000 rows × 3000 features .* needs 8\.9\d GiB/);
    expect(await codeOf(() => createObjective(X, labels as unknown as number[]))).toBe("TOO_LARGE");
    expect(reads).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("each value is read once: getters and proxies", () => {
  it("a row whose getter answers differently each time is read once", async () => {
    let reads = 0;
    const rows = X.map((r) => [...r]);
    Object.defineProperty(rows, 4, { get: () => (reads++ === 0 ? X[4] : [NaN, NaN, NaN]) });
    const m = await fit(rows);
    expect(reads).toBe(1);
    expect(m.theta).toEqual((await fit(X)).theta);
  });

  it("a Proxy over the rows and over the values: every element read exactly once", async () => {
    const counts = new Map<string, number>();
    const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
    const rows = new Proxy(X.map((r, i) => new Proxy(r, { get: (t, k) => (typeof k === "string" && /^\d+$/.test(k) && count(`${i},${k}`), Reflect.get(t, k)) })), {
      get: (t, k) => (typeof k === "string" && /^\d+$/.test(k) && count(`row ${k}`), Reflect.get(t, k)),
    });
    await fit(rows);
    expect(counts.size).toBe(X.length * 4);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });

  it("a flat data Proxy is read once per element", async () => {
    const values = X.flat();
    const reads = new Array(values.length).fill(0);
    const data = new Proxy(values, { get: (t, k) => (typeof k === "string" && /^\d+$/.test(k) && reads[Number(k)]++, Reflect.get(t, k)) });
    await fit({ data, rows: X.length, cols: 3 });
    expect(reads.every((c) => c === 1)).toBe(true);
  });

  it("a label getter returning 2 and then 7 trains the row under the label read first", async () => {
    const labels = [...y];
    let reads = 0;
    Object.defineProperty(labels, 0, { get: () => (reads++ === 0 ? 2 : 7) });
    const m = await fit(X, labels);
    expect(reads).toBe(1);
    expect(m.classes).toEqual([0, 1, 2]);
    expect(m.theta).toEqual((await fit(X, [2, ...y.slice(1)])).theta);
  });

  it("a weight getter is read once", async () => {
    const weights = X.map(() => 1);
    let reads = 0;
    Object.defineProperty(weights, 3, { get: () => (reads++ === 0 ? 2 : -1) });
    await fit(X, y, {}, { sampleWeight: weights });
    expect(reads).toBe(1);
  });

  it("shape fields of the flat form are read once", async () => {
    let reads = 0;
    const data = Float64Array.from(X.flat());
    const Xs = { data, cols: 3, get rows() { return reads++ === 0 ? X.length : 1e9; } };
    await fit(Xs);
    expect(reads).toBe(1);
  });
});

describe("the caller's buffers after the call", () => {
  it("NaN or 1e300 written into the flat buffer right after fit() returns its promise change nothing", async () => {
    const expected = (await fit(flat())).theta;
    for (const value of [NaN, 1e300]) {
      const X2 = flat();
      const pending = fit(X2);
      X2.data.fill(value);
      expect((await pending).theta).toEqual(expected);
    }
  });

  it("also with threads: the data are copied before the workers start", async () => {
    const { X: big, y: yBig } = randomProblem(42, 400, 3, 3);
    const data = Float64Array.from(big.flat());
    const expected = (await new LogisticRegression({ threads: 2 }).fit({ data: Float64Array.from(data), rows: 400, cols: 3 }, yBig)).theta;
    const pending = new LogisticRegression({ threads: 2 }).fit({ data, rows: 400, cols: 3 }, yBig);
    data.fill(NaN);
    expect((await pending).theta).toEqual(expected);
  });

  it("a resizable buffer shrunk after the call changes nothing; one shrunk before is refused", async () => {
    const Resizable = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
    const buffer = new Resizable(X.length * 24, { maxByteLength: X.length * 24 });
    const data = new Float64Array(buffer);
    data.set(X.flat());
    const expected = (await fit(flat())).theta;
    const pending = fit({ data, rows: X.length, cols: 3 });
    buffer.resize(8);
    expect((await pending).theta).toEqual(expected);
    expect(await codeOf(() => fit({ data, rows: X.length, cols: 3 }))).toBe("INVALID_X");
  });

  it("a detached buffer gives INVALID_X, not a raw TypeError", async () => {
    const data = Float64Array.from(X.flat());
    structuredClone(data.buffer, { transfer: [data.buffer] });
    expect(await codeOf(() => fit({ data, rows: X.length, cols: 3 }))).toBe("INVALID_X");
    expect(await codeOf(() => fit(X).then((m) => m.predict({ data, rows: X.length, cols: 3 })))).toBe("INVALID_X");
  });

  it("the caller's arrays are never mutated", async () => {
    const Xc = X.map((r) => [...r]);
    const yc = [...y];
    const w = X.map((_, i) => 1 + (i % 3));
    await fit(Xc, yc, {}, { sampleWeight: w });
    expect(Xc).toEqual(X);
    expect(yc).toEqual(y);
    expect(w).toEqual(X.map((_, i) => 1 + (i % 3)));
  });
});

describe("labels", () => {
  const bad: Array<[string, string, unknown]> = [
    ["too few", "INVALID_Y", y.slice(1)],
    ["one class", "TOO_FEW_CLASSES", y.map(() => 4)],
    ["NaN", "NON_FINITE", y.map((v, i) => (i === 3 ? NaN : v))],
    ["null", "INVALID_Y", y.map((v, i) => (i === 3 ? null : v))],
    ["an object", "INVALID_Y", y.map((v, i) => (i === 3 ? {} : v))],
    ["a bigint", "INVALID_Y", y.map((v, i) => (i === 3 ? 1n : v))],
    ["a symbol", "INVALID_Y", y.map((v, i) => (i === 3 ? Symbol("a") : v))],
    ["numbers and strings", "INVALID_Y", y.map((v, i) => (i === 3 ? "1" : v))],
    ["a string", "INVALID_Y", "abc"],
  ];
  it.each(bad)("%s → %s", async (_, code, labels) => {
    expect(await codeOf(() => fit(X, labels))).toBe(code);
  });

  it("no labels at all → INVALID_Y", async () => {
    expect(await codeOf(() => new LogisticRegression().fit(X, undefined as unknown as number[]))).toBe("INVALID_Y");
  });

  it("an N×1 matrix of labels is labels (nested and flat)", async () => {
    const expected = (await fit(X, y)).theta;
    expect((await fit(X, y.map((v) => [v]))).theta).toEqual(expected);
    expect((await fit(X, { data: y, rows: y.length, cols: 1 })).theta).toEqual(expected);
    expect(await codeOf(() => fit(X, y.map((v, i) => (i === 5 ? [v, 0] : [v]))))).toBe("INVALID_Y");
  });

  it("labels of unusual values: -0 and 0 are one class; __proto__ and constructor are labels like others", async () => {
    const m = await fit(X, y.map((v) => (v === 0 ? (Math.random() < 2 ? -0 : 0) : v)));
    expect(m.classes).toEqual([0, 1, 2]);
    const names = ["__proto__", "constructor", "toString"];
    const s = await fit(X, y.map((v) => names[v]));
    expect(s.classes).toEqual(["__proto__", "constructor", "toString"]);
    expect(s.score(X, y.map((v) => names[v]))).toBeGreaterThan(0.5);
  });

  it("score() with labels of the other kind is a typed error naming the label", async () => {
    const m = await fit(X, y);
    expect(await messageOf(() => m.score(X, y.map(String)))).toMatch(/row 0 is "\d" but the model's classes are numbers/);
    expect(await codeOf(() => m.score(X, y.map(String)))).toBe("INVALID_Y");
    expect(await codeOf(() => m.score(X, y.slice(1)))).toBe("INVALID_Y");
    expect(await codeOf(() => m.score(X, null as unknown as number[]))).toBe("INVALID_Y");
    expect(await codeOf(() => m.score(X, y.map((v, i) => (i === 0 ? NaN : v))))).toBe("NON_FINITE");
    // Labels of the right kind the model does not know count as misses.
    expect(m.score(X, y.map(() => 99))).toBe(0);
  });

  it("soft targets with junk", async () => {
    const soft = y.map((v) => [0, 1, 2].map((k) => (k === v ? 1 : 0)));
    expect(await codeOf(() => fit(X, soft.map((r, i) => (i === 2 ? [0.5, 0.6, -0.1] : r))))).toBe("INVALID_Y");
    expect(await codeOf(() => fit(X, soft.map((r, i) => (i === 2 ? [0.5, NaN, 0.5] : r))))).toBe("NON_FINITE");
    expect(await codeOf(() => fit(X, soft.map((r, i) => (i === 2 ? [0.5, "0.5", 0] : r))))).toBe("INVALID_Y");
    expect(await codeOf(() => fit(X, soft.map((r, i) => (i === 2 ? [0.2, 0.2, 0.2] : r))))).toBe("INVALID_Y");
  });
});

describe("sample weights", () => {
  const bad: Array<[string, string, unknown]> = [
    ["negative", "INVALID_WEIGHTS", X.map((_, i) => (i === 4 ? -1 : 1))],
    ["all zero", "INVALID_WEIGHTS", X.map(() => 0)],
    ["too few", "INVALID_WEIGHTS", X.slice(1).map(() => 1)],
    ["a string", "INVALID_WEIGHTS", X.map((_, i) => (i === 4 ? "1" : 1))],
    ["NaN", "NON_FINITE", X.map((_, i) => (i === 4 ? NaN : 1))],
    ["Infinity", "NON_FINITE", X.map((_, i) => (i === 4 ? Infinity : 1))],
    ["a number", "INVALID_WEIGHTS", 3],
    ["a BigInt64Array", "INVALID_WEIGHTS", new BigInt64Array(X.length)],
  ];
  it.each(bad)("%s → %s", async (_, code, sampleWeight) => {
    expect(await codeOf(() => fit(X, y, {}, { sampleWeight }))).toBe(code);
  });

  it.each([1e308, 5e-324, 7, 2 ** 600])("all weights %d give the model of no weights, bit for bit", async (w) => {
    const expected = (await fit(X, y)).theta;
    expect((await fit(X, y, {}, { sampleWeight: X.map(() => w) })).theta).toEqual(expected);
    // The objective too.
    const a = createObjective(X, y, { l2: 1e-3 });
    const b = createObjective(X, y, { l2: 1e-3, sampleWeight: X.map(() => w) });
    const theta = new Float64Array(a.size).fill(0.1);
    expect(b.value(theta)).toBe(a.value(theta));
    a.dispose();
    b.dispose();
  });

  it("scaling weights by a power of two changes no bit; huge and tiny weights fit", async () => {
    const w = X.map((_, i) => 1 + (i % 5));
    const expected = (await fit(X, y, {}, { sampleWeight: w })).theta;
    for (const scale of [2 ** 1000, 2 ** -1000, 2 ** -1070]) {
      expect((await fit(X, y, {}, { sampleWeight: w.map((v) => v * scale) })).theta).toEqual(expected);
    }
    const mixed = await fit(X, y, {}, { sampleWeight: X.map((_, i) => (i % 2 ? 1e308 : 5e307)) });
    expect(mixed.theta.every(Number.isFinite)).toBe(true);
  });
});

describe("createObjective with hostile arguments", () => {
  it("options null or not an object → INVALID_OPTION; θ of the wrong kind → INVALID_ARGUMENT", async () => {
    expect(await codeOf(() => createObjective(X, y, null as unknown as object))).toBe("INVALID_OPTION");
    expect(await codeOf(() => createObjective(X, y, "l2" as unknown as object))).toBe("INVALID_OPTION");
    const f = createObjective(X, y);
    for (const theta of [new BigInt64Array(f.size), "0".repeat(f.size), Array.from({ length: f.size }, () => "0"), null, 3, new Float64Array(f.size - 1), { length: f.size }]) {
      expect(await codeOf(() => f.value(theta as unknown as number[]))).toBe("INVALID_ARGUMENT");
    }
    expect(await codeOf(() => f.hessianVectorProduct(new Float64Array(f.size), [NaN, ...new Array(f.size - 1).fill(0)]))).toBe("INVALID_ARGUMENT");
    f.dispose();
    f.dispose();
    expect(await codeOf(() => f.gradient(new Float64Array(f.size)))).toBe("DISPOSED");
  });
});

describe("predictions on hostile input", () => {
  it("typed errors for bad X; the model stays usable after dispose()", async () => {
    const m = await fit(X, y);
    expect(await codeOf(() => m.predict([[1, 2]]))).toBe("FEATURE_MISMATCH");
    expect(await codeOf(() => m.predict([[1, NaN, 2]]))).toBe("NON_FINITE");
    expect(await codeOf(() => m.predictProba([[1, "2", 2]]))).toBe("INVALID_X");
    expect(await codeOf(() => m.predict({ data: [1, 2, null], rows: 1, cols: 3 }))).toBe("INVALID_X");
    m.dispose();
    expect(m.predict(X)).toEqual((await fit(X, y)).predict(X));
    expect(await codeOf(() => new LogisticRegression().predict(X))).toBe("NOT_FITTED");
  });

  it("Dataset inputs are checked like any X", async () => {
    expect(await codeOf(() => createDataset(X.map((r, i) => (i === 1 ? [r[0], null, r[2]] : r))))).toBe("INVALID_X");
  });
});

describe("hashFeatures with a huge ngrams", () => {
  it("a long text with ngrams 1e9 is TOO_LARGE naming the text, not a process out of memory; ngrams above the word count is fine on short texts", async () => {
    // 3000 words with every n-gram up to 3000 words would hash ~2·10¹⁰ characters: before, the
    // analyzer built them all as strings and the process died of heap exhaustion.
    const child = await runChild(
      `const text = Array.from({ length: 3000 }, (_, i) => "w" + i).join(" ");
       let out;
       try { lib.hashFeatures(["short text", text], { ngrams: 1e9 }); out = "ok"; } catch (e) { out = e.code + ": " + e.message; }
       const short = lib.hashFeatures(["aa bb cc"], { ngrams: 1e9 });
       const three = lib.hashFeatures(["aa bb cc"], { ngrams: 3 });
       report({ out, same: JSON.stringify(short) === JSON.stringify(three) });`,
      { timeoutMs: 60_000, nodeArgs: ["--max-old-space-size=512"] },
    );
    expect(child.timedOut).toBe(false);
    const result = child.result as { out: string; same: boolean };
    expect(result?.out, child.stderr).toMatch(/^TOO_LARGE: .*texts\[1\]/);
    expect(result.same).toBe(true);
  });
});
