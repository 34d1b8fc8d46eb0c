// The ONNX export run by onnxruntime-web (Chromium): fit two small models in the page
// (three string classes; two numeric classes), export each in float32 and float64, run them
// in onnxruntime-web's WebAssembly backend and compare with predict / predictProba.
// Plain ECMAScript and the public APIs only.
//
//   onnxProbe({ LogisticRegression, toONNX, ort }) → { cases: [{ name, dtype, maxDiff, labelsEqual }] }

function problem(seed, n, classes) {
  let s = seed >>> 0;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const X = [];
  const y = [];
  for (let i = 0; i < n; i++) {
    const k = i % classes.length;
    X.push([k + 2 * random() - 1, 1.5 * random() - k / 2, 4 * random() - 2]);
    y.push(classes[k]);
  }
  return { X, y };
}

export async function onnxProbe({ LogisticRegression, toONNX, ort }) {
  const cases = [];
  for (const [name, { X, y }] of [["three string classes", problem(7, 90, ["ant", "bee", "cat"])], ["two numeric classes", problem(11, 60, [0, 1])]]) {
    const model = await new LogisticRegression({ solver: "newton", l2: 1e-2 }).fit(X, y);
    for (const dtype of ["float32", "float64"]) {
      const Xin = dtype === "float32" ? X.map((row) => row.map(Math.fround)) : X;
      const session = await ort.InferenceSession.create(toONNX(model, { dtype }));
      const data = dtype === "float32" ? Float32Array.from(Xin.flat()) : Float64Array.from(Xin.flat());
      const out = await session.run({ X: new ort.Tensor(dtype, data, [Xin.length, 3]) });
      const expected = model.predictProba(Xin);
      const K = model.classes.length;
      let maxDiff = 0;
      for (let i = 0; i < Xin.length; i++) for (let k = 0; k < K; k++) maxDiff = Math.max(maxDiff, Math.abs(out.probabilities.data[i * K + k] - expected[i][k]));
      const labels = Array.from(out.label.data, (v) => (typeof v === "bigint" ? Number(v) : v));
      cases.push({ name, dtype, maxDiff, labelsEqual: JSON.stringify(labels) === JSON.stringify(model.predict(Xin)) });
    }
  }
  return { cases };
}

/** What must hold: labels equal, probabilities within 1e-6 (float32) and 1e-12 (float64). */
export function onnxProblems(result) {
  if (!result || result.error) return [`onnxruntime-web: ${result?.error ?? "no result"}`];
  const bad = [];
  if (result.cases?.length !== 4) bad.push(`onnxruntime-web: expected 4 cases, got ${result.cases?.length}`);
  for (const c of result.cases ?? []) {
    if (!c.labelsEqual) bad.push(`onnxruntime-web ${c.name} ${c.dtype}: labels differ from predict`);
    if (!(c.maxDiff <= (c.dtype === "float32" ? 1e-6 : 1e-12))) bad.push(`onnxruntime-web ${c.name} ${c.dtype}: max |Δp| ${c.maxDiff}`);
  }
  return bad;
}
