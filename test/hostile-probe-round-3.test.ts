// Hostile-input probe, round 3: failures found by absurd counts, tampered saved models read
// by the prediction-only loaders, Arrow tables whose null counts lie, and the further probes
// of this round, thrown at the built package (dist/). Each case states the input, what
// happened before the fix, and what the README's "Errors and guarantees" promise instead: a
// typed error naming what is wrong (its code and a fragment of its message), or the right
// answer; never a hang, a raw RangeError/TypeError, a NaN model or a silently wrong result.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV, Predictor, hashFeatures, l1Path } from "../dist/index.js";
import { toONNX } from "../dist/onnx.js";
import { errorOf, expectError, threeClassProblem } from "./helpers/dist-error.js";
import { modelEditor } from "./helpers/edit-model.js";

const { X, y } = threeClassProblem(5);


describe("counts beyond any sane bound", () => {
  // maxIter 1e12 was accepted: a fit that does not converge (tol 0, separable data) ran for
  // ever, its loss history growing by a value an iteration until the heap ran out, and a model
  // of more than ~2·10⁷ iterations could not be saved (its JSON is longer than a string can be).
  // batchSize and ngrams took any safe integer, cv any count until the fit compared it with
  // the rows. Each has a documented bound now, refused beyond with INVALID_OPTION naming it.
  const cases: Array<[string, () => unknown, RegExp]> = [
    ["maxIter 1e12", () => new LogisticRegression({ maxIter: 1e12 }), /option maxIter must be an integer in 1 … 10000000 \(10⁷\), got 1000000000000/],
    ["maxIter 2³¹", () => new LogisticRegression({ solver: "gd", maxIter: 2 ** 31 }), /option maxIter must be an integer in 1 … 10000000/],
    ["maxIter 10⁷ + 1", () => new LogisticRegression({ maxIter: 1e7 + 1 }), /option maxIter .*got 10000001/],
    ["maxIter Infinity", () => new LogisticRegression({ maxIter: Infinity }), /option maxIter must be an integer in 1 … 10000000 .*got Infinity/],
    ["batchSize 1e12", () => new LogisticRegression({ solver: "sgd", batchSize: 1e12 }), /option batchSize must be an integer in 1 … 2147483647 \(2³¹ − 1\), got 1000000000000/],
    ["batchSize 2³¹", () => new LogisticRegression({ solver: "sgd", batchSize: 2 ** 31 }), /option batchSize .*got 2147483648/],
    ["LogisticRegressionCV maxIter 1e12", () => new LogisticRegressionCV({ maxIter: 1e12 }), /option maxIter must be an integer in 1 … 10000000/],
    ["LogisticRegressionCV cv 2³¹", () => new LogisticRegressionCV({ cv: 2 ** 31 }), /option cv .*at most 2147483647 \(2³¹ − 1\) folds, got 2147483648/],
    ["LogisticRegressionCV cv 1e15", () => new LogisticRegressionCV({ cv: 1e15 }), /option cv .*got 1000000000000000/],
    ["hashFeatures ngrams 2³¹", () => hashFeatures(["a b"], { ngrams: 2 ** 31 }), /option ngrams must be an integer from 1 to 2³¹ − 1, got 2147483648/],
    ["hashFeatures ngrams 2⁵³ − 1", () => hashFeatures(["a b"], { ngrams: Number.MAX_SAFE_INTEGER }), /option ngrams must be an integer from 1 to 2³¹ − 1/],
  ];
  it.each(cases)("%s: INVALID_OPTION naming the option and its bound", (_, run, message) => {
    expectError(run, "INVALID_OPTION", message);
  });

  it("l1Path maxIter 1e12: rejected with INVALID_OPTION", async () => {
    const e = await l1Path(X, y, { maxIter: 1e12 }).then(() => undefined, (err) => err);
    expect(e?.code).toBe("INVALID_OPTION");
    expect(e.message).toMatch(/option maxIter must be an integer in 1 … 10000000/);
  });

  it("the bounds themselves are accepted, and work", () => {
    expect(new LogisticRegression({ maxIter: 1e7 }).options.maxIter).toBe(1e7);
    // At the bound, a fit that converges stops early as before.
    const m = new LogisticRegression({ maxIter: 1e7 }).fitSync(X, y);
    expect(m.converged).toBe(true);
    const sgd = new LogisticRegression({ solver: "sgd", batchSize: 2 ** 31 - 1, maxIter: 3 }).fitSync(X, y);
    expect(sgd.nIter).toBe(3);
    expect(new LogisticRegressionCV({ cv: 3, maxIter: 1e7 }).fitSync(X, y).bestIndex).toBeGreaterThanOrEqual(0);
    // Words are runs of two or more word characters (scikit-learn's token pattern): 3 + 2 + 1 n-grams.
    expect(hashFeatures(["ab cd ef"], { ngrams: 2 ** 31 - 1 }).indptr[1]).toBe(6);
  });

  it("a saved model whose options claim maxIter 1e12 is INVALID_MODEL, naming it", () => {
    const j = structuredClone(new LogisticRegression().fitSync(X, y).toJSON()) as any;
    j.training.options.maxIter = 1e12;
    expectError(() => LogisticRegression.fromJSON(j), "INVALID_MODEL", /training\.options are invalid: option maxIter must be an integer in 1 … 10000000/);
  });

  it("the command line: --max-iter 1e12 is a usage error naming the flag and the bound", async () => {
    const main = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), "softmax-probe-"));
    const data = join(dir, "d.csv");
    writeFileSync(data, "a,b,y\n" + X.map((r, i) => `${r[0]},${r[1]},${y[i]}`).join("\n") + "\n");
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [main, "fit", data, "-t", "y", "--max-iter", "1e12"], (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-iter: .*10000000/);
  });
});

describe("the prediction-only loaders check a saved model's training record", () => {
  // Predictor.fromJSON and toONNX read the coefficients with the model loader's checks, but
  // not the `training` section: a model that LogisticRegression.fromJSON refuses as tampered
  // (iterations above maxIter, an unknown solver, options no fit takes, a misspelt field)
  // loaded silently there, and a Predictor wrote it back out. The three loaders share one
  // reader now (src/estimator/saved-model.ts).
  const base = new LogisticRegression({ l2: 1e-2 }).fitSync(X, y).toJSON();
  const edit = modelEditor(base);
  const cases: Array<[string, (j: any) => void, RegExp]> = [
    ["iterations above maxIter", (j) => (j.training.iterations = 5000), /iterations is 5000, more than training\.options\.maxIter \(1000\)/],
    ["an unknown solver", (j) => (j.training.solver = "magic"), /training\.solver is invalid: "magic"/],
    ["options no fit takes", (j) => (j.training.options.maxIter = -3), /training\.options are invalid: option maxIter/],
    ["an unknown option", (j) => (j.training.options.maxIters = 3), /training\.options are invalid: unknown option "maxIters"/],
    ["options' fitIntercept contradicting the model's", (j) => (j.training.options.fitIntercept = false), /fitIntercept \(false\) contradicts the model's fitIntercept \(true\)/],
    ["a negative loss", (j) => (j.training.lossHistory[0] = -1), /lossHistory\[0\] is -1/],
    ["a misspelt training field", (j) => (j.training.standardisation = { center: [0, 0, 0], scale: [1, 1, 1] }), /field "standardisation".*did you mean "standardization"/],
    ["threads above 1024", (j) => (j.training.options.threads = 5000), /threads is 5000, more than the 1024/],
    ["classWeights without the option", (j) => (j.training.classWeights = [1, 2, 3]), /classWeights are saved, but training\.options\.classWeight is null/],
    ["a loss history one value too long", (j) => j.training.lossHistory.push(0.5), /lossHistory holds \d+ values/],
  ];
  const loaders: Array<[string, (j: unknown) => unknown]> = [
    ["LogisticRegression.fromJSON", (j) => LogisticRegression.fromJSON(j)],
    ["Predictor.fromJSON", (j) => Predictor.fromJSON(j)],
    ["toONNX", (j) => toONNX(j as never)],
    ["toONNX of the JSON text", (j) => toONNX(JSON.stringify(j))],
  ];
  for (const [loader, load] of loaders) {
    it.each(cases)(`${loader}: %s → INVALID_MODEL naming the field`, (_, change, message) => {
      expectError(() => load(edit(change)), "INVALID_MODEL", message);
    });
  }

  it("untampered models, and models built elsewhere (no training), still load everywhere", () => {
    for (const [, load] of loaders) expect(() => load(structuredClone(base))).not.toThrow();
    const bare = edit((j) => delete j.training);
    for (const [, load] of loaders) expect(() => load(bare)).not.toThrow();
    const weighted = new LogisticRegression({ classWeight: "balanced", standardize: true }).fitSync(X, y).toJSON();
    for (const [, load] of loaders) expect(() => load(weighted)).not.toThrow();
    const partial = new LogisticRegression().partialFit(X, y, { classes: [0, 1, 2] }).toJSON();
    for (const [, load] of loaders) expect(() => load(partial)).not.toThrow();
    const cv = new LogisticRegressionCV({ cv: 3, l2s: 3 }).fitSync(X, y).toJSON();
    for (const [, load] of loaders) expect(() => load(cv)).not.toThrow();
  });

  it("a Predictor's saved model loads back into a LogisticRegression (it wrote back what it checked)", () => {
    const p = Predictor.fromJSON(base);
    const m = LogisticRegression.fromJSON(JSON.stringify(p));
    expect(m.nIter).toBe((base as any).training.iterations);
  });
});

describe("Arrow columns whose null count says 0 while the validity bitmap says null", () => {
  // The reader trusted nullCount: with 0 it copied the chunk's values buffer, whose slot
  // under a null holds whatever the writer left there (0 here), so the fit silently used it.
  // apache-arrow's own get() trusts nullCount too (it returns the slot). The validity bitmap
  // of every chunk is checked now, whatever nullCount claims.
  const cols = [0, 1, 2].map((j) => Float64Array.from(X, (r) => r[j]));
  /** A Float64 column whose row `nullRow` is null in its bitmap, with the null count `claimed`. */
  const lyingData = (values: Float64Array, nullRow: number, claimed: number) => {
    const bitmap = new Uint8Array(Math.ceil(values.length / 8)).fill(255);
    bitmap[nullRow >> 3] &= ~(1 << (nullRow & 7));
    const slots = Float64Array.from(values);
    slots[nullRow] = 0;
    return arrow.makeData({ type: new arrow.Float64(), length: values.length, nullCount: claimed, data: slots, nullBitmap: bitmap });
  };
  const tableOf = (columns: Record<string, arrow.Data>) =>
    new arrow.Table(Object.fromEntries(Object.entries(columns).map(([k, d]) => [k, arrow.makeVector(d)])));

  it("apache-arrow: a Float64 column claiming 0 nulls with a null in row 17 → INVALID_X naming column and row", () => {
    const t = tableOf({ a: lyingData(cols[0], 17, 0), b: arrow.makeData({ type: new arrow.Float64(), data: cols[1] }), c: arrow.makeData({ type: new arrow.Float64(), data: cols[2] }) });
    expect(t.getChild("a")!.nullCount).toBe(0);
    expectError(() => new LogisticRegression().fitSync(t, y), "INVALID_X", /column "a" \(0\), row 17 is null \(missing\)/);
    const m = new LogisticRegression().fitSync({ columns: cols, names: ["a", "b", "c"] }, y);
    expectError(() => m.predict(t), "INVALID_X", /column "a" \(0\), row 17 is null/);
  });

  it("a sliced table: the bitmap is read at the chunk's offset", () => {
    const t = tableOf({ a: lyingData(cols[0], 17, 0), b: arrow.makeData({ type: new arrow.Float64(), data: cols[1] }), c: arrow.makeData({ type: new arrow.Float64(), data: cols[2] }) });
    // Rows 10 … 59: the null is row 7 of the slice; rows 20 … 59 hold none.
    expectError(() => new LogisticRegression().fitSync(t.slice(10), y.slice(10)), "INVALID_X", /column "a" \(0\), row 7 is null/);
    const m = new LogisticRegression().fitSync(t.slice(20), y.slice(20));
    const clean = new LogisticRegression().fitSync({ columns: cols.map((c) => c.slice(20)), names: ["a", "b", "c"] }, y.slice(20));
    expect(m.coef).toEqual(clean.coef);
  });

  it("a label column claiming 0 nulls with a null → INVALID_Y naming the row", () => {
    const labels = arrow.vectorFromArray(y.map((v, i) => (i === 23 ? null : `class ${v}`)), new arrow.Utf8());
    const d = labels.data[0];
    const lying = d.clone(d.type, d.offset, d.length, 0);
    const t = tableOf({ a: arrow.makeData({ type: new arrow.Float64(), data: cols[0] }), b: arrow.makeData({ type: new arrow.Float64(), data: cols[1] }), label: lying });
    expectError(() => new LogisticRegression().fitSync(t, "label"), "INVALID_Y", /column "label" \(2\), row 23 is null/);
  });

  it("duck-typed tables: apache-arrow's nullBitmap and flechette's validity alike", () => {
    const duck = (chunk: Record<string, unknown>) => ({
      numRows: 60,
      schema: { fields: ["a", "b", "c"].map((name) => ({ name, type: { typeId: 3 } })) },
      getChildAt: (j: number) => ({
        length: 60,
        nullCount: 0,
        data: [j === 1 ? { length: 60, values: cols[1], ...chunk } : { length: 60, values: cols[j] }],
        at: (i: number) => cols[j][i],
      }),
    });
    const bitmap = new Uint8Array(8).fill(255);
    bitmap[5] = 0b11111011; // row 42
    expectError(() => new LogisticRegression().fitSync(duck({ nullBitmap: bitmap }), y), "INVALID_X", /column "b" \(1\), row 42 is null/);
    expectError(() => new LogisticRegression().fitSync(duck({ validity: bitmap }), y), "INVALID_X", /column "b" \(1\), row 42 is null/);
    // A bitmap too short for the chunk says null past its end (as Arrow readers read it).
    expectError(() => new LogisticRegression().fitSync(duck({ validity: new Uint8Array(2).fill(255) }), y), "INVALID_X", /column "b" \(1\), row 16 is null/);
    // All valid, or an empty bitmap (no nulls): the same model as the plain columns.
    const plain = new LogisticRegression().fitSync({ columns: cols, names: ["a", "b", "c"] }, y).coef;
    expect(new LogisticRegression().fitSync(duck({ validity: new Uint8Array(8).fill(255) }), y).coef).toEqual(plain);
    expect(new LogisticRegression().fitSync(duck({ nullBitmap: new Uint8Array(0) }), y).coef).toEqual(plain);
  });
});

describe("saved training records: messages that name what is wrong", () => {
  // training.options null gave INVALID_MODEL with a raw TypeError's words ("Cannot read
  // properties of null (reading 'threads')"); a loss history or warnings list with one bad
  // entry was "invalid: an array of length 12", naming no entry.
  const base = new LogisticRegression().fitSync(X, y).toJSON();
  const edit = modelEditor(base);
  const cases: Array<[string, (j: any) => void, RegExp]> = [
    ["options null", (j) => (j.training.options = null), /training\.options are invalid: options must be a plain object, got null/],
    ["options 5", (j) => (j.training.options = 5), /training\.options are invalid: options must be a plain object, got 5/],
    ["a loss \"NaN\"", (j) => (j.training.lossHistory[1] = "NaN"), /training\.lossHistory\[1\] is invalid: "NaN"/],
    ["a loss null (NaN saved by JSON)", (j) => (j.training.lossHistory[2] = null), /training\.lossHistory\[2\] is invalid: null/],
    ["a warning that is a number", (j) => (j.training.warnings = ["ok", 5]), /training\.warnings\[1\] is invalid: 5/],
  ];
  for (const [loader, load] of [["LogisticRegression.fromJSON", (j: unknown) => LogisticRegression.fromJSON(j)], ["Predictor.fromJSON", (j: unknown) => Predictor.fromJSON(j)]] as const) {
    it.each(cases)(`${loader}: %s`, (_, change, message) => {
      const e = errorOf(() => load(edit(change)));
      expect(e.code).toBe("INVALID_MODEL");
      expect(e.message).toMatch(message);
      expect(e.message).not.toMatch(/Cannot read properties/);
    });
  }
});

describe("X's typed arrays shrunk or detached between the shape check and the copy", () => {
  // X's shape is read first, then y and the weights, then X's values. A getter of the
  // caller's on a label or a weight that shrank X's resizable buffer made the copy clamp
  // (subarray): the fit used fewer values than rows × cols, leaving the rest of the rows as
  // they were, and returned a wrong model silently; one that detached the buffer gave a raw
  // TypeError (Cannot perform Construct on a detached ArrayBuffer). A typed array with an own
  // `length` property that lies was clamped the same way. INVALID_X naming the row now.
  const flat = Float64Array.from(X.flat());
  const resizable = () => {
    const buffer = new ArrayBuffer(flat.byteLength, { maxByteLength: flat.byteLength });
    const data = new Float64Array(buffer);
    data.set(flat);
    return { buffer, data };
  };
  /** Labels whose first element's getter runs `fire`. */
  const labelsFiring = (fire: () => void) => {
    const labels = [...y];
    Object.defineProperty(labels, 0, { get: () => (fire(), y[0]), enumerable: true });
    return labels;
  };
  const weightsFiring = (fire: () => void) => {
    const w = X.map(() => 1);
    Object.defineProperty(w, 0, { get: () => (fire(), 1), enumerable: true });
    return w;
  };

  it("a label's getter shrinks X's resizable buffer: INVALID_X, not a model of fewer values", () => {
    const { buffer, data } = resizable();
    expectError(() => new LogisticRegression().fitSync({ data, rows: 60, cols: 3 }, labelsFiring(() => buffer.resize(80))), "INVALID_X", /X row 3: its typed array holds 10 values, not the 12/);
  });

  it("a weight's getter detaches X's buffer: INVALID_X, not a raw TypeError", () => {
    const data = Float64Array.from(flat);
    const fire = () => void structuredClone(data.buffer, { transfer: [data.buffer] });
    expectError(() => new LogisticRegression().fitSync({ data, rows: 60, cols: 3 }, y, { sampleWeight: weightsFiring(fire) }), "INVALID_X", /X row 0: its typed array holds 0 values/);
  });

  it("rows given as typed arrays, one detached by a label's getter (read row by row: ragged)", () => {
    const rows = X.map((r) => Float64Array.from(r));
    const fire = () => void structuredClone(rows[7].buffer, { transfer: [rows[7].buffer] });
    expectError(() => new LogisticRegression().fitSync(rows, labelsFiring(fire)), "INVALID_X", /row 7 has 0 values/);
  });

  it("an own length that lies (180 over 30 values): INVALID_X in fit and predict", () => {
    const data = flat.slice(0, 30);
    Object.defineProperty(data, "length", { value: 180 });
    expectError(() => new LogisticRegression().fitSync({ data, rows: 60, cols: 3 }, y), "INVALID_X", /X row 10: its typed array holds 30 values, not the 33/);
    const model = new LogisticRegression().fitSync(X, y);
    expectError(() => model.predict({ data, rows: 60, cols: 3 }), "INVALID_X", /X row 10: its typed array holds 30 values/);
    const column = Float64Array.from(X, (r) => r[1]).slice(0, 20);
    Object.defineProperty(column, "length", { value: 60 });
    const cols = [Float64Array.from(X, (r) => r[0]), column, Float64Array.from(X, (r) => r[2])];
    expectError(() => new LogisticRegression().fitSync({ columns: cols }, y), "INVALID_X", /X column 1 holds 20 values now, not the 60/);
  });

  it("unchanged buffers still fit as before", () => {
    const { data } = resizable();
    expect(new LogisticRegression().fitSync({ data, rows: 60, cols: 3 }, labelsFiring(() => undefined)).coef).toEqual(new LogisticRegression().fitSync(X, y).coef);
  });
});

describe("predictProba's out shrunk, detached or lying about its length", () => {
  // out's length was read as the caller's `length` (an own property may lie: the values past
  // its real end were dropped, the caller got 30 of 180); and the rows are scored while X is
  // still being read, so a getter of X's that shrank or detached out's buffer lost the values
  // written past its new end silently. INVALID_ARGUMENT now.
  const model = new LogisticRegression().fitSync(X, y);
  /** X's rows, row 50's getter running `fire`. */
  const rowsFiring = (fire: () => void) => {
    const rows = X.map((r) => [...r]);
    Object.defineProperty(rows, 50, { get: () => (fire(), X[50]), enumerable: true });
    return rows;
  };

  it("an own length of 180 over 30 values", () => {
    const out = new Float64Array(30);
    Object.defineProperty(out, "length", { value: 180 });
    expectError(() => model.predictProba(X, { out }), "INVALID_ARGUMENT", /out must be a Float64Array of rows × classes = 60 × 3 = 180 values, got length 30/);
  });

  it("shrunk by a getter of X's while the rows are scored", () => {
    const buffer = new ArrayBuffer(180 * 8, { maxByteLength: 180 * 8 });
    const out = new Float64Array(buffer);
    expectError(() => model.predictProba(rowsFiring(() => buffer.resize(80)), { out }), "INVALID_ARGUMENT", /out holds 10 values now, not the 180/);
    const again = new Float64Array(new ArrayBuffer(180 * 8, { maxByteLength: 180 * 8 }));
    expectError(() => model.decisionFunction(rowsFiring(() => (again.buffer as ArrayBuffer).resize(0)), { out: again }), "INVALID_ARGUMENT", /out holds 0 values now/);
  });

  it("detached by a getter of X's", () => {
    const out = new Float64Array(180);
    expectError(() => model.predictLogProba(rowsFiring(() => void structuredClone(out.buffer, { transfer: [out.buffer] })), { out }), "INVALID_ARGUMENT", /out holds 0 values now/);
  });

  it("an out that stays whole is filled as before", () => {
    const out = new Float64Array(180);
    expect(Array.from(model.predictProba(rowsFiring(() => undefined), { out }))).toEqual(Array.from(model.predictProba(X, { flat: true })));
  });
});

describe("a saved partialFit state with a pass count beyond 2³²", () => {
  // SGD restarts its tail average at every power-of-two epoch, tested with `&`, which reads
  // 32 bits: a state loaded at epoch 2⁴⁰ + 3 restarted the average on its next pass (2⁴⁰ + 4
  // read as 4), a silently different model. And a state at 2⁵³ − 1 took one more pass and
  // wrote a model (iterations 2⁵³) that no loader takes.
  const saved = () => structuredClone(new LogisticRegression().partialFit(X, y, { classes: [0, 1, 2] }).toJSON()) as any;

  it("epoch 2⁴⁰ + 3: the next pass extends the average (60 rows, batches of 16: 4 more iterates)", () => {
    const j = saved();
    j.training.partialFit.epoch = 2 ** 40 + 3;
    j.training.iterations = 2 ** 40 + 3;
    const averaged = j.training.partialFit.averaged;
    const m = LogisticRegression.fromJSON(j);
    m.partialFit(X, y);
    const after = (m.toJSON() as any).training.partialFit;
    expect(after.epoch).toBe(2 ** 40 + 4);
    expect(after.averaged).toBe(averaged + 4);
    // At a true power of two the average restarts, as before.
    const k = saved();
    k.training.partialFit.epoch = 2 ** 40 - 1;
    k.training.iterations = 2 ** 40 - 1;
    const restarted = LogisticRegression.fromJSON(k);
    restarted.partialFit(X, y);
    expect((restarted.toJSON() as any).training.partialFit.averaged).toBe(4);
  });

  it("epoch 2⁵³ − 1: the next pass is refused, naming the count, and the model is unchanged", () => {
    const j = saved();
    j.training.partialFit.epoch = Number.MAX_SAFE_INTEGER;
    j.training.iterations = Number.MAX_SAFE_INTEGER;
    const m = LogisticRegression.fromJSON(j);
    const before = m.coef;
    expectError(() => m.partialFit(X, y), "INVALID_OPTION", /partialFit has made 9007199254740991 passes/);
    expect(m.coef).toEqual(before);
    expect(() => LogisticRegression.fromJSON(m.toJSON())).not.toThrow();
  });
});

describe("a saved partialFit model whose coefficients are not its state's average", () => {
  // The model partialFit saves is its state's tail average (re-centred); a model whose coef
  // had been edited loaded, predicted with the edit, and the next pass continued from the
  // state, dropping the edit silently. INVALID_MODEL naming the coefficient now, in every loader.
  const model = new LogisticRegression();
  for (let i = 0; i < 3; i++) model.partialFit(X.slice(i * 20, i * 20 + 20), y.slice(i * 20, i * 20 + 20), { classes: [0, 1, 2] });
  const saved = model.toJSON() as any;

  it("coef[1][2] moved by 1e-6, an intercept moved: INVALID_MODEL", () => {
    const j = structuredClone(saved);
    j.coef[1][2] += 1e-6;
    for (const load of [(m: unknown) => LogisticRegression.fromJSON(m), (m: unknown) => Predictor.fromJSON(m), (m: unknown) => toONNX(m as never)]) {
      expectError(() => load(j), "INVALID_MODEL", /model coef\[1\]\[2\] is .*, but the saved partialFit state's average gives/);
    }
    const k = structuredClone(saved);
    k.intercept[0] = 5;
    expectError(() => LogisticRegression.fromJSON(k), "INVALID_MODEL", /model intercept\[0\] is 5, but the saved partialFit state's average gives/);
  });

  it("models partialFit saves load, with and without a penalty or intercepts, dense and CSR", () => {
    const texts = hashFeatures(X.map((_, i) => `w${i % 7} w${i % 3} q${y[i]}`), { nFeatures: 32 });
    for (const [options, data] of [[{ l2: 0 }, X], [{ fitIntercept: false }, X], [{ dtype: "float32" }, X], [{}, texts]] as const) {
      const m = new LogisticRegression(options);
      m.partialFit(data, y, { classes: [0, 1, 2] });
      m.partialFit(data, y);
      expect(LogisticRegression.fromJSON(JSON.stringify(m)).coef).toEqual(m.coef);
    }
  });
});

describe("the command line: decimal numbers beyond float64", () => {
  // "1e309" in a numeric column was "not a number (list the column in --categorical if it
  // holds categories)", and --l2 1e309 "must be a number": it is a number, one that float64
  // cannot hold, and the advice to treat it as a category was wrong.
  const main = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "softmax-probe-"));
  const rows = X.map((r, i) => `${r[0]},${r[1]},${y[i]}`);
  const run = (args: string[]) =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [main, ...args], (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }));
    });

  it("a cell of 1e309 names the line and column and says why", async () => {
    const data = join(dir, "big.csv");
    writeFileSync(data, "a,b,y\n" + rows.map((r, i) => (i === 1 ? r.replace(/^[^,]*/, "1e309") : r)).join("\n") + "\n");
    const r = await run(["fit", data, "-t", "y"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/big\.csv line 3, column "a": "1e309" is beyond the range of float64/);
    expect(r.stderr).not.toMatch(/--categorical/);
  });

  it("--l2 1e309 is a usage error saying it is beyond float64", async () => {
    const data = join(dir, "d.csv");
    writeFileSync(data, "a,b,y\n" + rows.join("\n") + "\n");
    const r = await run(["fit", data, "-t", "y", "--l2", "1e309"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--l2 is "1e309", beyond the range of float64/);
  });
});

describe("Arrow tables claiming 10⁹ fields or chunks", () => {
  // schema.fields was read with its own map() (twice: names, then types): a Proxy claiming 10⁹
  // fields ran for minutes, one whose map was not a function gave a raw TypeError. A column's
  // data claiming 10⁹ chunks was iterated on every copy of 1024 rows (the fit hung), each
  // chunk's fields read again each time. The fields' count is bounded (2²⁴) before any is
  // read, and the chunks are read once per column, at most rows + 1024 of them (beyond, the
  // values come through at()).
  const cols = [0, 1, 2].map((j) => Float64Array.from(X, (r) => r[j]));
  const table = (fields: unknown, data: (j: number) => unknown = (j) => [{ length: 60, values: cols[j] }]) => ({
    numRows: 60,
    schema: { fields },
    getChildAt: (j: number) => ({ length: 60, nullCount: 0, data: data(j), at: (i: number) => cols[j][i] }),
  });
  const fields = ["a", "b", "c"].map((name) => ({ name, type: { typeId: 3 } }));
  const claiming = (length: number, element: (k: string) => unknown) => new Proxy([], { get: (_, k) => (k === "length" ? length : element(String(k))) });

  it("10⁹ fields: TOO_LARGE at once, naming the count", () => {
    const started = Date.now();
    expectError(() => new LogisticRegression().fitSync(table(claiming(1e9, (k) => ({ name: `f${k}`, type: { typeId: 3 } }))), y), "TOO_LARGE", /X\.schema\.fields lists 1000000000 columns; at most 16777216/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("fields that are not an array: INVALID_X saying what they are", () => {
    expectError(() => new LogisticRegression().fitSync(table({ length: 3 }), y), "INVALID_X", /schema\.fields is an Object, not an array of fields/);
  });

  it("10⁹ chunks: read through at(), the same model, at once", () => {
    const started = Date.now();
    const m = new LogisticRegression().fitSync(table(fields, () => claiming(1e9, () => ({ length: 0, values: new Float64Array(0) }))), y);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(m.coef).toEqual(new LogisticRegression().fitSync({ columns: cols, names: ["a", "b", "c"] }, y).coef);
  });

  it("each chunk's fields are read once per fit, however many row blocks are copied", () => {
    const rows = 3000;
    const big = [0, 1, 2].map((j) => Float64Array.from({ length: rows }, (_, i) => Math.sin(i * (j + 1))));
    const labels = Array.from({ length: rows }, (_, i) => (big[0][i] + big[1][i] > 0 ? 1 : 0));
    let reads = 0;
    const chunk = (j: number) => ({ get length() { reads++; return rows; }, values: big[j] });
    const t = { numRows: rows, schema: { fields }, getChildAt: (j: number) => ({ length: rows, nullCount: 0, data: [chunk(j)], at: (i: number) => big[j][i] }) };
    new LogisticRegression().fitSync(t, labels);
    expect(reads).toBe(3);
  });
});

describe("{ columns } claiming 10⁸ columns or 10⁹ rows", () => {
  // Every column's length was read before any size check: 10⁸ claimed columns ran for 38 s
  // before TOO_LARGE, with names a raw RangeError (Set maximum size exceeded) after 32 s, and
  // a prediction copied them into one Float64Array: a raw RangeError (Invalid typed array
  // length: 6000000000) after 47 s, where the model's 3 features were the point. The count is
  // bounded (2²⁴) first, the rows × columns too (2³⁰ values), and a prediction compares the
  // features with the model's before copying.
  const cols = [0, 1, 2].map((j) => Float64Array.from(X, (r) => r[j]));
  const claiming = (length: number, element: (k: string) => unknown) => new Proxy([], { get: (_, k) => (k === "length" ? length : element(String(k))) });
  const model = new LogisticRegression().fitSync(X, y);
  const quick = (run: () => unknown, code: string, message: RegExp) => {
    const started = Date.now();
    expectError(run, code, message);
    expect(Date.now() - started).toBeLessThan(3000);
  };

  it("10⁸ columns: TOO_LARGE at once, in fit, with names, and in predict", () => {
    quick(() => new LogisticRegression().fitSync({ columns: claiming(1e8, () => cols[0]) }, y), "TOO_LARGE", /X\.columns lists 100000000 columns; at most 16777216/);
    quick(() => new LogisticRegression().fitSync({ columns: claiming(1e8, () => cols[0]), names: claiming(1e8, (k) => `n${k}`) }, y), "TOO_LARGE", /X\.columns lists 100000000 columns/);
    quick(() => model.predict({ columns: claiming(1e8, () => cols[0]) }), "TOO_LARGE", /X\.columns lists 100000000 columns/);
  });

  it("10⁶ columns to a 3-feature model: FEATURE_MISMATCH before the copy", () => {
    quick(() => model.predict({ columns: claiming(1e6, () => cols[0]) }), "FEATURE_MISMATCH", /X has 1000000 features \(columns\) but the model was fitted with 3/);
  });

  it("columns of 10⁹ claimed rows: TOO_LARGE from the shape", () => {
    quick(() => model.predict({ columns: [0, 1, 2].map(() => claiming(1e9, () => 0.5)) }), "TOO_LARGE", /X is 1000000000 rows × 3 columns, more than the 1073741824 \(2³⁰\) values/);
  });
});
