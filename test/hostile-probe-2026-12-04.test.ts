// Hostile-input probe of 2026-12-04: failures found by junk values, getters and proxies,
// buffers changed during or after the call, tampered saved models and hostile files thrown
// at the built package (dist/). Each case states the input, what happened before the fix, and
// what the README's "Errors and guarantees" promise instead: a typed error naming what is
// wrong (its exact code and a fragment of its message), or the right answer; never a hang, a
// raw RangeError/TypeError, a NaN model or a silently wrong result.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV, hashFeatures } from "../dist/index.js";
import { runChild } from "./hostile/helpers.js";
import { expectError, threeClassProblem } from "./helpers/dist-error.js";
import { modelEditor } from "./helpers/edit-model.js";

const { X, y } = threeClassProblem(3);



/** An array that claims `length` elements (the first ones real). */
const claiming = <T>(values: T[], length: number): T[] => new Proxy(values, { get: (t, k) => (k === "length" ? length : Reflect.get(t, k)) });

describe("a featureNames list claiming 10⁹ names", () => {
  // The list was copied (10⁹ reads of the Proxy) before its length was compared with X's
  // features: the fit hung for minutes. Its length is read once and compared first now.
  const cols = [0, 1, 2].map((j) => Float64Array.from(X, (r) => r[j]));
  const records = X.map(([a, b, c]) => ({ a, b, c }));
  const cases: Array<[string, () => unknown, RegExp]> = [
    ["rows", () => new LogisticRegression().fitSync(X, y, { featureNames: claiming(["a", "b", "c"], 1e9) }), /lists 1000000000 names but X has 3 features/],
    ["records", () => new LogisticRegression().fitSync(records, y, { featureNames: claiming(["a", "b", "c"], 1e9) }), /lists 1000000000 names but X row 0 has 3 keys/],
    ["named columns", () => new LogisticRegression().fitSync({ columns: cols, names: ["a", "b", "c"] }, y, { featureNames: claiming(["a"], 1e9) }), /lists 1000000000 names but X has 3 columns/],
    ["unnamed columns", () => new LogisticRegression().fitSync({ columns: cols }, y, { featureNames: claiming(["a"], 1e9) }), /lists 1000000000 names but X has 3 feature columns/],
    ["LogisticRegressionCV", () => new LogisticRegressionCV({ cv: 3 }).fitSync(X, y, { featureNames: claiming(["a"], 1e9) }), /lists 1000000000 names/],
    ["length NaN", () => new LogisticRegression().fitSync(X, y, { featureNames: claiming(["a", "b", "c"], NaN) }), /featureNames has length NaN/],
    ["length -1", () => new LogisticRegression().fitSync(X, y, { featureNames: claiming([], -1) }), /featureNames has length -1/],
  ];
  it.each(cases)("%s: INVALID_OPTION from the length, at once", (_, run, message) => {
    const started = Date.now();
    expectError(run, "INVALID_OPTION", message);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("the length is read once and each name once", () => {
    let lengthReads = 0;
    const reads = new Map<string, number>();
    const names = new Proxy(["a", "b", "c"], {
      get: (t, k) => {
        if (k === "length") lengthReads++;
        else if (typeof k === "string") reads.set(k, (reads.get(k) ?? 0) + 1);
        return Reflect.get(t, k);
      },
    });
    const m = new LogisticRegression().fitSync(records, y, { featureNames: names });
    expect(m.featureNames).toEqual(["a", "b", "c"]);
    expect(lengthReads).toBe(1);
    expect([reads.get("0"), reads.get("1"), reads.get("2")]).toEqual([1, 1, 1]);
  });

  it("a list of the right length still works, and a wrong one still says so", () => {
    expect(new LogisticRegression().fitSync(records, y, { featureNames: ["c", "a", "b"] }).featureNames).toEqual(["c", "a", "b"]);
    expectError(() => new LogisticRegression().fitSync(X, y, { featureNames: ["a", "b"] }), "INVALID_OPTION", /lists 2 names but X has 3 features/);
    expectError(() => new LogisticRegression().fitSync(X, y, { featureNames: ["a", "b", 3 as never] }), "INVALID_OPTION", /featureNames\[2\] is 3, not a string/);
  });
});

describe("hashFeatures on texts claiming a huge length", () => {
  // new Int32Array(rows + 1) and new Int32Array(rows · 8) were allocated from the claimed
  // length before any text was read: a raw RangeError (Invalid typed array length).
  it("10⁹ claimed, one real text: INVALID_X at the first missing text, nothing allocated up front", () => {
    expectError(() => hashFeatures(claiming(["a b"], 1e9)), "INVALID_X", /texts\[1\] is undefined, not a string/);
  });
  it("2⁴⁰ claimed: TOO_LARGE from the length", () => {
    expectError(() => hashFeatures(claiming(["a"], 2 ** 40)), "TOO_LARGE", /at most 2147483646/);
  });
  it("a length that is not a count: INVALID_X", () => {
    expectError(() => hashFeatures(claiming(["a"], NaN)), "INVALID_X", /texts has length NaN/);
    expectError(() => hashFeatures(claiming(["a"], 1.5)), "INVALID_X", /texts has length 1\.5/);
  });
  it("the arrays grow with the texts: 3000 texts hash as before", () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `w${i % 97} x${i % 13} y`);
    const h = hashFeatures(texts, { nFeatures: 64 });
    expect(h.indptr.length).toBe(3001);
    expect(h.rows).toBe(3000);
    expect(h.indptr[3000]).toBe(h.indices.length);
    const one = hashFeatures([texts[2999]], { nFeatures: 64 });
    expect(Array.from(h.indices.subarray(h.indptr[2999]))).toEqual(Array.from(one.indices));
  });
});

/** A larger problem, whose float32 fits stop on a step without decrease. */
const big = (() => {
  let s = 3;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const bx = Array.from({ length: 20000 }, () => [r() * 4 - 2, r() * 4 - 2, r() * 1000]);
  const by = bx.map((v) => (v[0] + v[1] > 0.5 ? 0 : v[0] > 0 ? 1 : 2)).map((v, i) => (i % 5 === 0 ? (v + 1) % 3 : v));
  return { X: bx, y: by };
})();

describe("saved models that contradict themselves or their options", () => {
  // Each loaded silently before: the fields were checked one by one for their type, never
  // against each other or against the saved options.
  const base = new LogisticRegression({ l2: 1e-2 }).fitSync(X, y).toJSON();
  const edit = modelEditor(base);
  const MAX_ITER_REASON = "reached maxIter before max |gradient| ≤ tol";
  const cases: Array<[string, (j: any) => void, RegExp]> = [
    ["iterations above maxIter", (j) => (j.training.iterations = 5000), /iterations is 5000, more than training\.options\.maxIter \(1000\)/],
    ["a loss history one value too long", (j) => j.training.lossHistory.push(0.5), /lossHistory holds \d+ values, but \d+ iterations record/],
    ["a loss history two values short", (j) => j.training.lossHistory.splice(0, 2), /lossHistory holds \d+ values, but \d+ iterations record/],
    ["a negative loss", (j) => (j.training.lossHistory[0] = -1), /lossHistory\[0\] is -1/],
    ["converged with a KKT residual far above tol", (j) => (j.training.kktResidual = 1), /converged is true, but kktResidual 1 is above training\.options\.tol/],
    ["converged, with the reason maxIter", (j) => (j.training.reason = MAX_ITER_REASON), /converged is true, but reason says/],
    ["maxIter reached after fewer iterations", (j) => ((j.training.reason = MAX_ITER_REASON), (j.training.converged = false)), /reason says maxIter was reached, but iterations is/],
    ["a solver the options cannot run (lbfgs under solver newton)", (j) => ((j.training.options.solver = "newton"), (j.training.solver = "lbfgs")), /solver is "lbfgs", which training\.options \(solver "newton"/],
    ["newton-l1 without an L1 term", (j) => (j.training.solver = "newton-l1"), /solver is "newton-l1"/],
    ["classWeights without the option", (j) => (j.training.classWeights = [1, 2, 3]), /classWeights are saved, but training\.options\.classWeight is null/],
    ["a classWeight option without classWeights", (j) => (j.training.options.classWeight = { 0: 2 }), /classWeights are missing/],
    ["standardization without the option", (j) => (j.training.standardization = { center: [0, 0, 0], scale: [1, 1, 1] }), /standardization is saved, but training\.options\.standardize is false/],
    ["standardize without its statistics", (j) => (j.training.options.standardize = true), /standardize is true, but training\.standardization is missing/],
    ["a misspelt training field", (j) => (j.training.standardisation = { center: [0, 0, 0], scale: [1, 1, 1] }), /field "standardisation".*did you mean "standardization"/],
    ["libraryVersion a number", (j) => (j.libraryVersion = 5), /libraryVersion must be a string/],
    ["not converged, with the reason converged", (j) => (j.training.converged = false), /converged is false, but reason says "converged/],
  ];
  it.each(cases)("%s → INVALID_MODEL naming the field", (_, change, message) => {
    expectError(() => LogisticRegression.fromJSON(edit(change)), "INVALID_MODEL", message);
  });

  it("class weights that are not the option's, or not balanced ones", () => {
    const weighted = new LogisticRegression({ classWeight: { 0: 3, 2: 0.5 } }).fitSync(X, y).toJSON() as any;
    expect(LogisticRegression.fromJSON(weighted).classWeights).toEqual([3, 1, 0.5]);
    const t = structuredClone(weighted);
    t.training.classWeights = [3, 1, 0.25];
    expectError(() => LogisticRegression.fromJSON(t), "INVALID_MODEL", /classWeights\[2\] is 0\.25, but training\.options\.classWeight gives class 2 the weight 0\.5/);
    const unknown = structuredClone(weighted);
    unknown.training.options.classWeight = { 0: 3, 2: 0.5, 7: 1 };
    expectError(() => LogisticRegression.fromJSON(unknown), "INVALID_MODEL", /classWeight names "7", which is not one of the model's classes/);
    const balanced = new LogisticRegression({ classWeight: "balanced" }).fitSync(X, y).toJSON() as any;
    expect(() => LogisticRegression.fromJSON(balanced)).not.toThrow();
    balanced.training.classWeights[0] *= 2;
    expectError(() => LogisticRegression.fromJSON(balanced), "INVALID_MODEL", /not "balanced" weights/);
    const zero = new LogisticRegression({ classWeight: { 0: 0, 1: 0, 2: 0 } });
    const zeros = structuredClone(weighted);
    zeros.training.options.classWeight = zero.options.classWeight;
    zeros.training.classWeights = [0, 0, 0];
    expectError(() => LogisticRegression.fromJSON(zeros), "INVALID_MODEL", /classWeights are all 0/);
  });

  it("standardisation that contradicts the model: centred without intercepts, or with a partialFit state", () => {
    const j = new LogisticRegression({ standardize: true, fitIntercept: false }).fitSync(X, y).toJSON() as any;
    expect(() => LogisticRegression.fromJSON(j)).not.toThrow();
    j.training.standardization.center[1] = 0.5;
    expectError(() => LogisticRegression.fromJSON(j), "INVALID_MODEL", /standardization\.center\[1\] is 0\.5, but a model without intercepts is standardised uncentred/);
    const p = new LogisticRegression().partialFit(X, y, { classes: [0, 1, 2] }).toJSON() as any;
    p.training.options.standardize = true;
    p.training.standardization = { center: [0, 0, 0], scale: [1, 1, 1] };
    expectError(() => LogisticRegression.fromJSON(p), "INVALID_MODEL", /partialFit cannot standardise/);
  });

  it("a partialFit model whose fit info is not partialFit's", () => {
    const p = new LogisticRegression().partialFit(X, y, { classes: [0, 1, 2] }).partialFit(X, y);
    const good = p.toJSON() as any;
    expect(LogisticRegression.fromJSON(good).nIter).toBe(2);
    const passes = structuredClone(good);
    passes.training.iterations = 7;
    expectError(() => LogisticRegression.fromJSON(passes), "INVALID_MODEL", /iterations is 7, but the saved partialFit state has made 2 passes/);
    const loss = structuredClone(good);
    loss.training.lossHistory = [1];
    expectError(() => LogisticRegression.fromJSON(loss), "INVALID_MODEL", /lossHistory holds 1 values, but partialFit evaluates no loss/);
    const kkt = structuredClone(good);
    kkt.training.kktResidual = 1.5;
    expectError(() => LogisticRegression.fromJSON(kkt), "INVALID_MODEL", /kktResidual is 1\.5, but partialFit evaluates no gradient/);
    const solver = structuredClone(good);
    solver.training.solver = "lbfgs";
    expectError(() => LogisticRegression.fromJSON(solver), "INVALID_MODEL", /partialFit runs "sgd"/);
    const converged = structuredClone(good);
    converged.training.converged = true;
    expectError(() => LogisticRegression.fromJSON(converged), "INVALID_MODEL", /partialFit runs no convergence test/);
    const l1 = structuredClone(good);
    l1.training.options.l1 = 0.1;
    expectError(() => LogisticRegression.fromJSON(l1), "INVALID_MODEL", /partialFit cannot fit an L1 term/);
  });

  it("fit statistics that contradict the fit", () => {
    const mle = new LogisticRegression({ l2: 0, maxIter: 3 }).fitSync(X, y.map((v, i) => (i % 7 === 0 ? (v + 1) % 3 : v))).toJSON() as any;
    expect(() => LogisticRegression.fromJSON(mle)).not.toThrow();
    const t = structuredClone(mle);
    t.statistics.converged = !t.training.converged;
    expectError(() => LogisticRegression.fromJSON(t), "INVALID_MODEL", /statistics\.converged .* contradicts training\.converged/);
    const both = structuredClone(mle);
    both.statistics.converged = true;
    both.statistics.separable = true;
    expectError(() => LogisticRegression.fromJSON(both), "INVALID_MODEL", /both separable and converged/);
    for (const [field, value] of [["logLikelihood", -1], ["nObs", 1e6]] as const) {
      const t2 = structuredClone(mle);
      t2.statistics[field] = value;
      expectError(() => LogisticRegression.fromJSON(t2), "INVALID_MODEL", /statistics\.logLikelihood .* is not −\(the final loss/);
    }
    const separable = structuredClone(mle);
    separable.statistics.separable = true;
    expectError(() => LogisticRegression.fromJSON(separable), "INVALID_MODEL", /statistics\.separable \(true\) contradicts training\.reason/);
  });

  it("featureNames that are not the names preprocessing builds", () => {
    const j = new LogisticRegression().fitSync(X, y, { featureNames: ["a", "b", "c"] }).toJSON() as any;
    j.preprocessing = { columns: [{ name: "a", type: "numeric" }, { name: "b", type: "numeric" }, { name: "c", type: "numeric" }] };
    expect(() => LogisticRegression.fromJSON(j)).not.toThrow();
    j.preprocessing.columns[1].name = "z";
    expectError(() => LogisticRegression.fromJSON(j), "INVALID_MODEL", /featureNames\[1\] is "b", but preprocessing builds feature 1 as "z"/);
  });

  it("the models the library saves all load: every solver, L1, class weights, standardize, partialFit, sklearn", () => {
    const models = [
      ...(["auto", "newton-cholesky", "newton-cg", "lbfgs", "gd", "sgd"] as const).map((solver) => new LogisticRegression({ solver, maxIter: 50 }).fitSync(X, y)),
      new LogisticRegression({ l1: 0.01 }).fitSync(X, y),
      new LogisticRegression({ l1: 0.01, solver: "gd" }).fitSync(X, y),
      new LogisticRegression({ classWeight: "balanced", standardize: true }).fitSync(X, y),
      new LogisticRegression({ l2: 0 }).fitSync(X, y),
      new LogisticRegression({ maxIter: 2 }).fitSync(X, y),
      new LogisticRegression({ solver: "lbfgs", maxIter: 3 }).fitSync(X, y, { onIteration: () => false }),
      // float32 L-BFGS ends on a step that finds no decrease: as many losses as iterations.
      new LogisticRegression({ l2: 0, dtype: "float32", solver: "lbfgs" }).fitSync(big.X, big.y),
      new LogisticRegression({ l2: 0, dtype: "float32", standardize: true }).fitSync(big.X, big.y),
      LogisticRegression.fromSklearn({ coef: [[1, 2, 3]], intercept: [0.5], classes: [0, 1] }),
    ];
    for (const m of models) expect(LogisticRegression.fromJSON(JSON.stringify(m)).predictProba(X)).toEqual(m.predictProba(X));
  });
});

describe("saved LogisticRegressionCV models whose search results contradict the search", () => {
  const cvModel = new LogisticRegressionCV({ cv: 3, l2s: 4 }).fitSync(X, y);
  const base = cvModel.toJSON();
  const edit = (change: (cv: any, j: any) => void) => {
    const j = structuredClone(base) as any;
    change(j.training.cv, j);
    return j;
  };
  const cases: Array<[string, (cv: any, j: any) => void, RegExp]> = [
    ["an empty fold", (cv) => (cv.testFolds[0] = []), /testFolds\[0\] is empty/],
    ["a fold with a row twice", (cv) => (cv.testFolds[0] = [cv.testFolds[0][0], ...cv.testFolds[0]]), /testFolds\[0\] is not ascending and distinct/],
    ["two folds sharing a row", (cv) => ((cv.testFolds[1] = [...cv.testFolds[1], cv.testFolds[0][0]].sort((a: number, b: number) => a - b)), 0), /repeats row \d+ of another fold/],
    ["a row left out of every fold", (cv) => cv.testFolds[2].splice(1, 1), /cover 59 rows of 0 … 59|sizes/],
    ["folds of uneven size", (cv) => ((cv.testFolds[0] = [...cv.testFolds[0], ...cv.testFolds[1].splice(0, 3)].sort((a: number, b: number) => a - b)), 0), /sizes .*differ by at most one/],
    ["more folds than options.cv", (cv) => (cv.options.cv = 4), /testFolds holds 3 folds, but options\.cv is 4/],
    ["a scoring other than the options'", (cv) => (cv.options.scoring = "accuracy"), /scoring is "logLoss", but options\.scoring is "accuracy"/],
    ["negative log-losses", (cv) => ((cv.scores = cv.scores.map((r: number[]) => r.map((v) => v - 10))), (cv.meanScores = cv.meanScores.map((v: number) => v - 10))), /outside the range of logLoss/],
    ["warnings that are not strings", (cv) => (cv.warnings = [1]), /cv\.warnings must be an array of strings/],
    ["an l2 grid of another count", (cv) => (cv.options.l2s = 5), /l2s holds 4 values, but options\.l2s asks for 5/],
    ["an l2 grid starting at 0 (the spacing check divided by it)", (cv) => (cv.l2s[0] = 0), /l2s\[0\] is 0; a grid of 4 values is log-spaced/],
    ["an l2 grid off its log spacing", (cv) => (cv.l2s[cv.bestIndex === 1 ? 2 : 1] *= 0.99), /breaks the grid's log spacing/],
    ["a field toJSON never writes", (cv) => (cv.extra = 1), /training\.cv has the field "extra"/],
    ["refit false with refit iterations", (cv) => (cv.options.refit = false), /refit is false/],
    ["searched l1 without l1s", (cv) => (cv.searched = "l1"), /searched is "l1", but the options search l2/],
  ];
  it.each(cases)("%s → INVALID_MODEL naming the field", (_, change, message) => {
    expectError(() => LogisticRegressionCV.fromJSON(edit(change)), "INVALID_MODEL", message);
  });

  it("the saved CV models of every search load as saved", () => {
    const models = [
      cvModel,
      new LogisticRegressionCV({ cv: [[0, 1, 2, 3], [10, 20, 30]], l2s: [1e-3, 1e-1] }).fitSync(X, y),
      new LogisticRegressionCV({ cv: 4, l1s: 3 }).fitSync(X, y),
      new LogisticRegressionCV({ cv: 3, l2s: 2, refit: false, scoring: "accuracy" }).fitSync(X, y),
    ];
    for (const m of models) expect(LogisticRegressionCV.fromJSON(JSON.stringify(m)).predictProba(X)).toEqual(m.predictProba(X));
    const explicit = structuredClone(models[1].toJSON()) as any;
    explicit.training.cv.testFolds[1] = [10, 20, 31];
    expectError(() => LogisticRegressionCV.fromJSON(explicit), "INVALID_MODEL", /testFolds\[1\] is not options\.cv\[1\]'s rows/);
  });
});

describe("other lists whose claimed length was trusted before their elements were read", () => {
  // partialFit's classes and fromSklearn's classes were copied whole (Array.from) before the
  // first element was checked: a Proxy claiming 10⁹ ran 30 s and ended in a raw RangeError
  // (Invalid array length). An explicit cv fold claiming 10¹⁰ rows allocated an Int32Array
  // of that length up front: a raw RangeError at once.
  it("partialFit classes: a length beyond 2²⁴ is refused from the length; junk at the first bad element", () => {
    const started = Date.now();
    expectError(() => new LogisticRegression().partialFit(X, y, { classes: claiming([0, 1, 2], 1e9) }), "INVALID_OPTION", /lists 1000000000 classes; at most 16777216/);
    expectError(() => new LogisticRegression().partialFit(X, y, { classes: claiming([0, 1, 2], 1e7) }), "INVALID_OPTION", /classes\[3\] is undefined/);
    expectError(() => new LogisticRegression().partialFit(X, y, { classes: claiming([0, 1, 2], NaN) }), "INVALID_OPTION", /must list at least two classes/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(new LogisticRegression().partialFit(X, y, { classes: [0, 1, 2] }).classes).toEqual([0, 1, 2]);
  });

  it("partialFit classes are read once each", () => {
    const reads = new Map<string, number>();
    const classes = new Proxy([0, 1, 2], { get: (t, k) => (typeof k === "string" && reads.set(k, (reads.get(k) ?? 0) + 1), Reflect.get(t, k)) });
    new LogisticRegression().partialFit(X, y, { classes });
    expect([reads.get("length"), reads.get("0"), reads.get("1"), reads.get("2")]).toEqual([1, 1, 1, 1]);
  });

  it("fromSklearn: classes, coef rows and values claiming huge or junk lengths", () => {
    const started = Date.now();
    expectError(() => LogisticRegression.fromSklearn({ coef: [[1, 1]], intercept: [0], classes: claiming([0, 1], 1e9) }), "INVALID_MODEL", /classes lists 1000000000 labels; at most 16777216/);
    expectError(() => LogisticRegression.fromSklearn({ coef: [claiming([1, 1], NaN)], intercept: [0], classes: [0, 1] }), "INVALID_MODEL", /coef\[0\] has length NaN, not a count/);
    expectError(() => LogisticRegression.fromSklearn({ coef: [[1, 1]], intercept: claiming([0], Infinity), classes: [0, 1] }), "INVALID_MODEL", /intercept has length Infinity/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("LogisticRegressionCV cv: a fold claiming 10¹⁰ rows is INVALID_OPTION, not a RangeError; folds are read once", () => {
    expectError(() => new LogisticRegressionCV({ cv: [claiming([0, 1], 1e10), [2, 3]] }), "INVALID_OPTION", /cv\[0\] lists 10000000000 test rows; row indices are below 2³¹/);
    expectError(() => new LogisticRegressionCV({ cv: [claiming([0, 1], 3e9), [2, 3]] }), "INVALID_OPTION", /cv\[0\] lists 3000000000 test rows/);
    expectError(() => new LogisticRegressionCV({ cv: [[2 ** 31]] }), "INVALID_OPTION", /cv\[0\]\[0\] is 2147483648, not a row index/);
    expectError(() => new LogisticRegressionCV({ cv: [Array.from({ length: 61 }, (_, i) => i)] }).fitSync(X, y), "INVALID_OPTION", /cv\[0\] lists 61 test rows but X has 60/);
    // A row index answering 0 and then 59: the checked first answer is the one kept.
    let reads = 0;
    const fold = [1, 2];
    Object.defineProperty(fold, 0, { enumerable: true, get: () => (reads++ === 0 ? 0 : 59) });
    const cv = new LogisticRegressionCV({ cv: [fold, [3, 4]] });
    expect(reads).toBe(1);
    expect(cv.cvOptions.cv).toEqual([[0, 2], [3, 4]]);
  });
});

describe("the command line with hostile files", () => {
  const main = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "softmax-probe-"));
  const file = (name: string, bytes: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [main, ...args], (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
  const rows = "1,2,0\n2,1,1\n3,3,0\n1,1,1\n4,0,0\n0,4,1\n";

  it("Latin-1 labels are refused, not decoded to U+FFFD (which merged \\xff and \\xfe into one class)", async () => {
    const bytes = Uint8Array.from([...Buffer.from("a,b,y\n1,2,"), 0xff, 10, ...Buffer.from("2,1,"), 0xfe, 10, ...Buffer.from("3,3,"), 0xff, 10, ...Buffer.from("1,1,"), 0xfe, 10]);
    const r = await run(["fit", file("latin1.csv", bytes), "-t", "y"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/latin1\.csv line 2: bytes that are not UTF-8 text/);
  });

  it("a NUL byte in a cell is refused (the label \"1\\0\" was a third class)", async () => {
    const r = await run(["fit", file("nul.csv", "a,b,y\n" + rows.replace("1,1,1", "1,1,1\0")), "-t", "y"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nul\.csv line 5: a NUL byte/);
  });

  it("UTF-16 text (Excel's Unicode text) is named as such", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,b,y\n" + rows, "utf16le")]);
    const r = await run(["fit", file("utf16.csv", utf16), "-t", "y"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/utf16\.csv is UTF-16 text/);
  });

  it("a model file of random bytes, or one that is not UTF-8, is not echoed to the terminal", async () => {
    const data = file("ok.csv", "a,b,y\n" + rows);
    const bytes = Uint8Array.from({ length: 400 }, (_, i) => (i * 7919 + 27) % 256);
    const r = await run(["predict", file("random.json", bytes), data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/random\.json line \d+: bytes that are not UTF-8 text/);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it("control characters of a file (a column named with an escape sequence) reach stderr escaped", async () => {
    const r = await run(["fit", file("escape.csv", "a\u001b[31m,b,y\n" + rows), "-t", "zz"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("\\u001b[31m");
    expect(r.stderr).not.toMatch(/\u001b/);
  });

  it("an output that is an input (or the other output) is a usage error, and the file is left as it was", async () => {
    // fit d.csv -o d.csv replaced the training data by the model; predict m.json d.csv -o m.json
    // the model by its predictions; --plot equal to --output the model by the plot.
    const data = file("keep.csv", "a,b,y\n" + rows);
    const modelFile = join(dir, "keep.json");
    expect((await run(["fit", data, "-t", "y", "-o", modelFile])).code).toBe(0);
    const model = readFileSync(modelFile, "utf8");
    const cases: Array<[string[], RegExp]> = [
      [["fit", data, "-t", "y", "-o", data], /--output .*keep\.csv is the input file/],
      [["fit", data, "-t", "y", "-o", join(dir, ".", "keep.csv")], /--output .*keep\.csv is the input file/],
      [["fit", data, "-t", "y", "-o", join(dir, "new.json"), "--plot", join(dir, "new.json")], /--plot .*new\.json is the --output file/],
      [["predict", modelFile, data, "-o", modelFile], /--output .*keep\.json is the input file/],
      [["evaluate", modelFile, data, "--plot", data], /--plot .*keep\.csv is the input file/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(readFileSync(data, "utf8")).toBe("a,b,y\n" + rows);
    expect(readFileSync(modelFile, "utf8")).toBe(model);
    // Devices may be named twice.
    expect((await run(["fit", data, "-t", "y", "-o", "/dev/null", "--plot", "/dev/null"])).code).toBe(0);
  });

  it("--features or --categorical naming a column twice, and a column named like a one-hot feature, are refused by the CLI's own words", async () => {
    // --features a,a said 'fitting failed: fit option featureNames[1] ("a") is a duplicate'
    // (exit 1); --categorical a,a passed silently; columns "b" (levels x, y) and "b=x" made
    // two features named "b=x", refused by the library in its own terms.
    const data = file("dup.csv", "a,b,y\n" + rows);
    for (const flag of ["--features", "--categorical"]) {
      const r = await run(["fit", data, "-t", "y", flag, "a,a"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${flag} lists "a" twice`);
    }
    const clash = file("clash.csv", "b,b=x,y\nx,2,0\ny,1,1\nx,3,0\ny,1,1\n");
    const r = await run(["fit", clash, "-t", "y", "--categorical", "b"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the feature "b=x" would come from both level "x" of column "b" and column "b=x"; rename a column/);
  });

  it("a tampered saved model is refused by predict, naming the field", async () => {
    const data = file("ok2.csv", "a,b,y\n" + rows);
    const modelFile = join(dir, "m.json");
    expect((await run(["fit", data, "-t", "y", "-o", modelFile])).code).toBe(0);
    const model = JSON.parse(readFileSync(modelFile, "utf8"));
    model.training.iterations = 99999;
    const r = await run(["predict", file("tampered.json", JSON.stringify(model)), data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tampered\.json is not a usable model: model training\.iterations is 99999, more than training\.options\.maxIter/);
  });
});

describe("lengths that are not counts", () => {
  // A Proxy answering length NaN, −1, 2.5 or "60": createDataset made a Dataset of −1 (or 2.5,
  // or "60") rows; predict threw a raw RangeError (Invalid typed array length: −3); fit said
  // 'y has 60 labels but X has 60 rows'; a row 0 of length NaN was "NaN features".
  const model = new LogisticRegression().fitSync(X, y);
  const rowsClaiming = (n: unknown) => claiming(X.map((r) => [...r]), n as number);
  it.each([NaN, -1, 2.5, Infinity, "60"])("X of length %s: INVALID_X from fit, predict and createDataset", async (n) => {
    const { createDataset } = await import("../dist/index.js");
    for (const run of [() => new LogisticRegression().fitSync(rowsClaiming(n), y), () => model.predict(rowsClaiming(n)), () => createDataset(rowsClaiming(n))]) {
      expectError(run, "INVALID_X", /X has length .*, not a count/);
    }
    expectError(() => model.predict(X.map((r, i) => (i === 0 ? claiming([...r], n as number) : r))), "INVALID_X", /X row 0 has length .*, not a count/);
    expectError(() => new LogisticRegression().fitSync({ columns: [claiming([1, 2], n as number), [1, 2]] }, [0, 1]), "INVALID_X", /X column 0 has length .*, not a count/);
  });

  it("predictions of 2⁴⁰ claimed rows: TOO_LARGE, not a raw RangeError", () => {
    expectError(() => model.predictProba(rowsClaiming(2 ** 40)), "TOO_LARGE", /predict in batches/);
    expectError(() => model.predict(rowsClaiming(1e9)), "TOO_LARGE", /predict in batches/);
  });

  it("predict reads X's length and row 0 once: a getter answering differently the second time changes nothing", () => {
    let lengthReads = 0;
    let firstReads = 0;
    const rows = new Proxy(X.map((r) => [...r]), {
      get: (t, k) => {
        if (k === "length") return lengthReads++ === 0 ? 60 : 3;
        if (k === "0") return firstReads++ === 0 ? t[0] : { a: 1 };
        return Reflect.get(t, k);
      },
    });
    expect(model.predict(rows)).toEqual(model.predict(X));
    expect([lengthReads, firstReads]).toEqual([1, 1]);
    let reads = 0;
    const one = new Proxy([...X[5]], { get: (t, k) => (k === "0" ? (reads++ === 0 ? t[0] : "junk") : Reflect.get(t, k)) });
    expect(model.predict(one)).toEqual(model.predict([X[5]]));
    expect(reads).toBe(1);
  });
});

describe("options read twice", () => {
  it("LogisticRegressionCV: an l1s getter answering undefined and then [0.1] is one read (l1s was silently ignored)", () => {
    let reads = 0;
    const options = Object.defineProperty({ cv: 3 }, "l1s", { enumerable: true, get: () => (reads++ === 0 ? [0.1, 0.01] : undefined) });
    const cv = new LogisticRegressionCV(options as never);
    expect(reads).toBe(1);
    expect(cv.cvOptions.l1s).toEqual([0.1, 0.01]);
  });
  it("partialFit reads its classes option once", () => {
    let reads = 0;
    const options = Object.defineProperty({}, "classes", { enumerable: true, get: () => (reads++ === 0 ? [0, 1, 2] : undefined) });
    expect(new LogisticRegression().partialFit(X, y, options as never).classes).toEqual([0, 1, 2]);
    expect(reads).toBe(1);
  });
  it("l2s and l1s lists: the length is read once (a length answering 2 and then 10⁹ ran Array.from over 10⁹)", () => {
    for (const key of ["l2s", "l1s"] as const) {
      let reads = 0;
      const list = new Proxy([0.1, 0.01], { get: (t, k) => (k === "length" ? (reads++ === 0 ? 2 : 1e9) : Reflect.get(t, k)) });
      const cv = new LogisticRegressionCV({ cv: 3, [key]: list });
      expect(reads).toBe(1);
      expect(cv.cvOptions[key]).toEqual([0.1, 0.01]);
    }
  });
});

describe("metrics on hostile label arrays", () => {
  it("confusionMatrix of 10⁵ distinct labels is TOO_LARGE (it built 10¹⁰ cells: the process died out of memory)", async () => {
    const { confusionMatrix } = await import("../dist/metrics.js");
    const labels = Float64Array.from({ length: 100_000 }, (_, i) => i);
    expectError(() => confusionMatrix(labels as never, labels as never), "TOO_LARGE", /100000 labels would hold 10000000000 cells/);
  });
  it("balancedAccuracy of 10⁵ distinct labels needs no K × K matrix", async () => {
    const { balancedAccuracy } = await import("../dist/metrics.js");
    const labels = Float64Array.from({ length: 100_000 }, (_, i) => i);
    expect(balancedAccuracy(labels as never, labels as never)).toBe(1);
    expect(balancedAccuracy([0, 1, 2, 2], [0, 2, 2, 1], { labels: [0, 1] })).toBe(0.5);
    expect(balancedAccuracy([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], { sampleWeight: [1, 3, 1, 1, 2] })).toBeCloseTo((0.25 + 1 + 0) / 3, 15);
  });
  it("1.5·10⁸ labels: TOO_LARGE, not a raw RangeError (Invalid array length)", async () => {
    const { accuracy } = await import("../dist/metrics.js");
    const big = claiming([0, 1], 1.5e8);
    expectError(() => accuracy(big, big), "TOO_LARGE", /yTrue holds 150000000 labels; the metrics take at most 100000000/);
  });
  it("a length that grows on every read is read once (the loop re-read it and ran 40 s into a RangeError)", async () => {
    const { accuracy } = await import("../dist/metrics.js");
    let n = 5;
    const growing = new Proxy([0, 1, 0, 1, 0], { get: (t, k) => (k === "length" ? n++ : Reflect.get(t, k) ?? 0) });
    expect(accuracy(growing, [0, 1, 0, 1, 0])).toBe(1);
    expectError(() => accuracy(claiming([0], NaN), [0]), "INVALID_ARGUMENT", /yTrue has length NaN, not a count of labels/);
  });
});

describe("an async onIteration", () => {
  // Its promise was dropped: a rejection was unhandled, which ends a Node process (exit 1)
  // after the fit had "succeeded"; fitSync did the same.
  it("a rejection ends fit() with the caller's error, the model unchanged, and nothing unhandled", async () => {
    const r = await runChild(
      `
      const { LogisticRegression } = lib;
      const X = Array.from({ length: 300 }, (_, i) => [Math.sin(i), Math.cos(i * 1.3), (i % 5) / 5]);
      const y = X.map((_, i) => i % 3);
      const out = {};
      const m = new LogisticRegression({ solver: "gd", maxIter: 5 });
      await m.fit(X, y);
      const before = JSON.stringify(m.theta);
      out.first = await m.fit(X, y.map((v) => (v + 1) % 3), { onIteration: async () => { throw new Error("mine"); } }).then(() => "fitted", (e) => e.message);
      out.third = await m.fit(X, y, { onIteration: async ({ iteration }) => { if (iteration === 3) throw new Error("third"); } }).then(() => "fitted", (e) => e.message);
      out.unchanged = JSON.stringify(m.theta) === before;
      out.fine = await m.fit(X, y, { onIteration: async () => {} }).then(() => "fitted", (e) => e.message);
      try { m.fitSync(X, y, { onIteration: async () => { throw new Error("sync"); } }); out.sync = "fitted"; } catch (e) { out.sync = e.code; }
      await new Promise((resolve) => setTimeout(resolve, 50));
      report(out);
      `,
      { timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr.slice(0, 500)).toBe(0);
    expect(r.result).toEqual({ first: "mine", third: "third", unchanged: true, fine: "fitted", sync: "INVALID_OPTION" });
  });
});

describe("buffers shrunk or detached during the call, by a getter of the caller's", () => {
  // A plain column (or row) whose getter shrinks another column's resizable buffer, or
  // detaches a row's, while X is being copied: each is a typed error naming what changed.
  const n = X.length;
  it("a column shrunk mid-copy: INVALID_X naming the column (it said NON_FINITE 'row 5 is undefined')", () => {
    const make = () => {
      const buffer = new ArrayBuffer(n * 8, { maxByteLength: n * 8 });
      const shrinking = new Float64Array(buffer);
      shrinking.set(X.map((r) => r[1]));
      const first = X.map((r) => r[0]);
      Object.defineProperty(first, 10, { get: () => (buffer.resize(40), X[10][0]) });
      return { columns: [first, shrinking, Float64Array.from(X, (r) => r[2])] };
    };
    expectError(() => new LogisticRegression().fitSync(make(), y), "INVALID_X", /X column 1 holds 5 values now, not the 60 it held when the call began/);
    const model = new LogisticRegression().fitSync(X, y);
    expectError(() => model.predict(make()), "INVALID_X", /X column 1 holds 5 values now/);
  });
  it("a row detached or shrunk mid-copy, CSR data shrunk mid-copy: INVALID_X", () => {
    const rows = X.map((r) => [...r]) as ArrayLike<number>[];
    const row20 = Float64Array.from(X[20]);
    rows[20] = row20;
    Object.defineProperty(rows[10], 0, { get: () => (structuredClone(row20.buffer, { transfer: [row20.buffer] }), X[10][0]) });
    expectError(() => new LogisticRegression().fitSync(rows as number[][], y), "INVALID_X", /row 20 has 0 values/);
    const buffer = new ArrayBuffer(n * 24, { maxByteLength: n * 24 });
    const data = new Float64Array(buffer);
    data.set(X.flat());
    const indices = Array.from({ length: n * 3 }, (_, i) => i % 3);
    Object.defineProperty(indices, 30, { get: () => (buffer.resize(80), 0) });
    const csr = { indptr: Int32Array.from({ length: n + 1 }, (_, i) => i * 3), indices, data, rows: n, cols: 3 };
    expectError(() => new LogisticRegression().fitSync(csr, y), "INVALID_X", /X row 10, column 0 \(data\[30\]\) is undefined, not a number/);
  });
});

describe("output arguments of the wrong shape", () => {
  const model = new LogisticRegression().fitSync(X, y);
  it("predict(X, { flat: true }) is refused, not rows of labels silently", async () => {
    expectError(() => model.predict(X, { flat: true } as never), "INVALID_ARGUMENT", /predict\(X\) takes one argument/);
    const { Predictor } = await import("../dist/index.js");
    expectError(() => Predictor.fromJSON(JSON.stringify(model)).predict(X, {} as never), "INVALID_ARGUMENT", /predict\(X\) takes one argument/);
    expect(model.predict(X, undefined as never)).toEqual(model.predict(X));
  });
  it("an array as the output options names them, not Array.prototype.flat ('flat must be a boolean, got a function')", () => {
    expectError(() => model.predictProba(X, [] as never), "INVALID_OPTION", /the output options must be an object/);
    expectError(() => model.predictProba(X, new Float64Array(X.length * 3) as never), "INVALID_OPTION", /pass the array as \{ out \}/);
  });
});

describe("a polluted Object.prototype", () => {
  // Options were read with plain property reads: Object.prototype.maxIter = 1 set every
  // model's maxIter, an inherited sampleWeight of zeros failed every fit, an inherited
  // labels option restricted every confusion matrix, and so on. Only own options count now.
  it("inherited options change nothing", async () => {
    const { confusionMatrix, createObjective, hashFeatures: hash, l1Path } = await import("../dist/index.js");
    const { toONNX } = await import("../dist/onnx.js");
    const clean = {
      options: new LogisticRegression().options,
      theta: new LogisticRegression().fitSync(X, y).theta,
      matrix: confusionMatrix(y, y),
      cols: hash(["aa bb"]).cols,
      onnx: toONNX(new LogisticRegression().fitSync(X, y)).length,
      path: (await l1Path(X, y, { nL1s: 2 })).l1s,
      value: createObjective(X, y).value(new Float64Array(12)),
      cv: new LogisticRegressionCV({ cv: 3 }).fitSync(X, y).bestIndex,
      partial: new LogisticRegression().partialFit(X, y, { classes: [0, 1, 2] }).theta,
    };
    // Options the caller may give and leaves out. (A polluted prototype also reaches every
    // object's optional fields inside any library; the caller's options are what is guarded.)
    const polluted = { maxIter: 1, l2: 5, solver: "gd", featureNames: ["p", "q", "r"], sampleWeight: X.map(() => 0), labels: [0], nFeatures: 8, dtype: "float32", backend: "js", standardize: true };
    const proto = Object.prototype as Record<string, unknown>;
    try {
      Object.assign(proto, polluted);
      expect(new LogisticRegression().options).toEqual(clean.options);
      expect(new LogisticRegression().fitSync(X, y).theta).toEqual(clean.theta);
      expect(confusionMatrix(y, y)).toEqual(clean.matrix);
      expect(hash(["aa bb"]).cols).toBe(clean.cols);
      expect(toONNX(new LogisticRegression().fitSync(X, y)).length).toBe(clean.onnx);
      expect((await l1Path(X, y, { nL1s: 2 })).l1s).toEqual(clean.path);
      expect(createObjective(X, y).value(new Float64Array(12))).toBe(clean.value);
      expect(new LogisticRegressionCV({ cv: 3 }).fitSync(X, y).bestIndex).toBe(clean.cv);
      expect(new LogisticRegression().partialFit(X, y, { classes: [0, 1, 2] }).theta).toEqual(clean.partial);
    } finally {
      for (const key of Object.keys(polluted)) delete proto[key];
    }
  });
});
