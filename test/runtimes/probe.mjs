// The cross-runtime probe. It uses only the public API of softmax-regression and plain
// ECMAScript (no Node, Deno or DOM globals), so it runs unchanged in every runtime.
// The result is made of IEEE-754 bit patterns (hex), so "equal to Node's" means bit for bit.
//
//   probe({ LogisticRegression, Predictor, shutdownThreads })
//     LogisticRegression: from "softmax-regression" (or "/edge" after init)
//     Predictor:          from the predict-only entry "softmax-regression/predict" (or "/predict/edge")
//     shutdownThreads:    stops the kernel workers (Deno and Bun would otherwise stay alive)

// Iris (Fisher; scikit-learn's copy, test/fixtures/iris.csv): 150 rows of
// "sepal_length sepal_width petal_length petal_width label", lengths in tenths of a cm.
// Integer / 10 is correctly rounded, so these are the same doubles as parsing "5.1".
const IRIS =
  "51 35 14 2 0,49 30 14 2 0,47 32 13 2 0,46 31 15 2 0,50 36 14 2 0,54 39 17 4 0,46 34 14 3 0,50 34 15 2 0,44 29 14 2 0,49 31 15 1 0," +
  "54 37 15 2 0,48 34 16 2 0,48 30 14 1 0,43 30 11 1 0,58 40 12 2 0,57 44 15 4 0,54 39 13 4 0,51 35 14 3 0,57 38 17 3 0,51 38 15 3 0," +
  "54 34 17 2 0,51 37 15 4 0,46 36 10 2 0,51 33 17 5 0,48 34 19 2 0,50 30 16 2 0,50 34 16 4 0,52 35 15 2 0,52 34 14 2 0,47 32 16 2 0," +
  "48 31 16 2 0,54 34 15 4 0,52 41 15 1 0,55 42 14 2 0,49 31 15 2 0,50 32 12 2 0,55 35 13 2 0,49 36 14 1 0,44 30 13 2 0,51 34 15 2 0," +
  "50 35 13 3 0,45 23 13 3 0,44 32 13 2 0,50 35 16 6 0,51 38 19 4 0,48 30 14 3 0,51 38 16 2 0,46 32 14 2 0,53 37 15 2 0,50 33 14 2 0," +
  "70 32 47 14 1,64 32 45 15 1,69 31 49 15 1,55 23 40 13 1,65 28 46 15 1,57 28 45 13 1,63 33 47 16 1,49 24 33 10 1,66 29 46 13 1,52 27 39 14 1," +
  "50 20 35 10 1,59 30 42 15 1,60 22 40 10 1,61 29 47 14 1,56 29 36 13 1,67 31 44 14 1,56 30 45 15 1,58 27 41 10 1,62 22 45 15 1,56 25 39 11 1," +
  "59 32 48 18 1,61 28 40 13 1,63 25 49 15 1,61 28 47 12 1,64 29 43 13 1,66 30 44 14 1,68 28 48 14 1,67 30 50 17 1,60 29 45 15 1,57 26 35 10 1," +
  "55 24 38 11 1,55 24 37 10 1,58 27 39 12 1,60 27 51 16 1,54 30 45 15 1,60 34 45 16 1,67 31 47 15 1,63 23 44 13 1,56 30 41 13 1,55 25 40 13 1," +
  "55 26 44 12 1,61 30 46 14 1,58 26 40 12 1,50 23 33 10 1,56 27 42 13 1,57 30 42 12 1,57 29 42 13 1,62 29 43 13 1,51 25 30 11 1,57 28 41 13 1," +
  "63 33 60 25 2,58 27 51 19 2,71 30 59 21 2,63 29 56 18 2,65 30 58 22 2,76 30 66 21 2,49 25 45 17 2,73 29 63 18 2,67 25 58 18 2,72 36 61 25 2," +
  "65 32 51 20 2,64 27 53 19 2,68 30 55 21 2,57 25 50 20 2,58 28 51 24 2,64 32 53 23 2,65 30 55 18 2,77 38 67 22 2,77 26 69 23 2,60 22 50 15 2," +
  "69 32 57 23 2,56 28 49 20 2,77 28 67 20 2,63 27 49 18 2,67 33 57 21 2,72 32 60 18 2,62 28 48 18 2,61 30 49 18 2,64 28 56 21 2,72 30 58 16 2," +
  "74 28 61 19 2,79 38 64 20 2,64 28 56 22 2,63 28 51 15 2,61 26 56 14 2,77 30 61 23 2,63 34 56 24 2,64 31 55 18 2,60 30 48 18 2,69 31 54 21 2," +
  "67 31 56 24 2,69 31 51 23 2,58 27 51 19 2,68 32 59 23 2,67 33 57 25 2,67 30 52 23 2,63 25 50 19 2,65 30 52 20 2,62 34 54 23 2,59 30 51 18 2";
const X = [];
const y = [];
for (const row of IRIS.split(",")) {
  const v = row.split(" ").map(Number);
  if (v.length !== 5 || !v.every(Number.isInteger)) throw new Error(`probe: bad iris row "${row}"`);
  X.push(v.slice(0, 4).map((t) => t / 10));
  y.push(v[4]);
}
if (X.length !== 150) throw new Error(`probe: ${X.length} iris rows, expected 150`);
// Rows to score: the training set plus a few far outside it (saturated probabilities).
const Xtest = [...X, [0, 0, 0, 0], [10, 10, 10, 10], [-5, 3, 20, 1], [8, 2.2, 1, 3.5]];

// A saved model (the format toJSON writes) with awkward numbers: string labels, tiny and
// large weights, negative zero, logits far apart.
const SAVED = JSON.stringify({
  format: "softmax-regression",
  formatVersion: 1,
  libraryVersion: "0.1.0",
  classes: ["ant", "bee", "cat", "dog"],
  nFeatures: 3,
  fitIntercept: true,
  coef: [
    [0.1, -0.2, 0.3],
    [-1.25, 2.5, 1e-9],
    [3.141592653589793, -2.718281828459045, 0.5772156649015329],
    [12.5, -7.25, -0],
  ],
  intercept: [0.05, -0.5, 1.4142135623730951, 1e-3],
});
const Xsaved = [[1, 2, 3], [-1, 0.5, 2], [0, 0, 0], [40, -20, 7], [1e-3, -1e-3, 1e3], [0.1, 0.2, 0.3], [-3, -3, -3]];

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
function bits(x) {
  if (typeof x !== "number") throw new TypeError(`expected a number, got ${typeof x}`);
  f64[0] = x;
  return u64[0].toString(16).padStart(16, "0");
}
const hexMatrix = (rows) => rows.map((r) => Array.from(r, bits));

export async function probe({ LogisticRegression, Predictor, shutdownThreads }) {
  // 1. Fit: exact Newton on raw iris.
  const model = new LogisticRegression({ solver: "newton", l2: 1e-2, tol: 1e-10 });
  await model.fit(X, y);
  const proba = hexMatrix(model.predictProba(Xtest));
  const saved = JSON.stringify(model);
  const reloaded = hexMatrix(LogisticRegression.fromJSON(saved).predictProba(Xtest));
  const fit = {
    nIter: model.nIter,
    converged: model.converged,
    classes: model.classes,
    coef: hexMatrix(model.coef),
    intercept: Array.from(model.intercept, bits),
    loss: Array.from(model.lossHistory, bits),
    predict: model.predict(Xtest).join(""),
    accuracy: bits(model.score(X, y)),
    proba,
    reloadedMatches: JSON.stringify(reloaded) === JSON.stringify(proba),
  };

  // 2. A fixed saved model through the full entry.
  const loaded = LogisticRegression.fromJSON(SAVED);
  const load = { classes: loaded.classes, predict: loaded.predict(Xsaved), proba: hexMatrix(loaded.predictProba(Xsaved)) };

  // 3. The same saved model, and the fitted one, through the predict-only entry.
  const p = Predictor.fromJSON(SAVED);
  const q = Predictor.fromJSON(saved);
  const predictOnly = {
    classes: [...p.classes],
    predict: p.predict(Xsaved),
    proba: hexMatrix(p.predictProba(Xsaved)),
    fittedModelMatches: JSON.stringify(hexMatrix(q.predictProba(Xtest))) === JSON.stringify(proba),
  };
  // 4. threads: 2 — workers sharing WebAssembly memory where the runtime allows them (Node,
  // Deno, Bun), a reported fallback to one thread elsewhere. The harness compares the threaded
  // bits across the runtimes that ran threads (they differ from one thread's by summation order).
  const threaded = new LogisticRegression({ solver: "lbfgs", l2: 1e-2, tol: 1e-10, threads: 2 });
  await threaded.fit(X, y);
  await shutdownThreads?.();
  const threads = threaded.warnings.some((w) => w.startsWith("threads:"))
    ? { ran: false, reason: threaded.warnings.find((w) => w.startsWith("threads:")) }
    : { ran: true, proba: hexMatrix(threaded.predictProba(Xtest)) };
  return { fit, load, predictOnly, threads };
}

// Checks that are true in every runtime (the harness requires them besides equality with Node).
export function selfChecks(result) {
  const bad = [];
  const { fit } = result;
  if (JSON.stringify(fit.classes) !== "[0,1,2]" || fit.proba.length !== Xtest.length || fit.proba.some((r) => r.length !== 3)) {
    bad.push(`the fit has classes ${JSON.stringify(fit.classes)} and ${fit.proba.length} probability rows, expected [0,1,2] and ${Xtest.length}×3`);
  }
  if (!(fit.predict.length === Xtest.length)) bad.push("predict returned the wrong number of labels");
  if (result.fit.reloadedMatches !== true) bad.push("toJSON/fromJSON round trip changed the predictions");
  if (result.fit.converged !== true) bad.push("the Newton fit did not converge");
  if (result.predictOnly.fittedModelMatches !== true) bad.push("Predictor (predict entry) differs from LogisticRegression on the fitted model");
  if (JSON.stringify(result.predictOnly.proba) !== JSON.stringify(result.load.proba)) bad.push("Predictor (predict entry) differs from LogisticRegression.fromJSON on the saved model");
  return bad;
}
