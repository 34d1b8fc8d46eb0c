// Node, CommonJS (what `npm init -y` writes): require() of the main and predict-only
// entries must work without ERR_REQUIRE_ASYNC_MODULE, export the same names as the ES
// modules, and give the same bits (the harness compares the probe with Node's ESM run).
"use strict";
const { LogisticRegression, VERSION, shutdownThreads } = require("softmax-regression");
const { Predictor } = require("softmax-regression/predict");

const SUBPATHS = ["softmax-regression", "softmax-regression/predict", "softmax-regression/edge", "softmax-regression/predict/edge", "softmax-regression/onnx"];

async function main() {
  const checks = { sameExports: {}, sharedClasses: null };
  for (const subpath of SUBPATHS) {
    const cjs = Object.keys(require(subpath)).sort();
    const esm = Object.keys(await import(subpath)).sort();
    checks.sameExports[subpath] = JSON.stringify(cjs) === JSON.stringify(esm) ? true : { cjs, esm };
  }
  // One copy of the library behind every CommonJS entry, as with the ES modules.
  checks.sharedClasses =
    require("softmax-regression/predict").Predictor === require("softmax-regression").Predictor &&
    require("softmax-regression/onnx").SoftmaxRegressionError === require("softmax-regression").SoftmaxRegressionError;
  const { probe } = await import("./probe.mjs");
  const result = await probe({ LogisticRegression, Predictor, shutdownThreads });
  return { result, checks, notes: { runtime: `node ${process.version}, CommonJS require()`, package: VERSION } };
}

main().then(
  (out) => console.log("@@PROBE@@" + JSON.stringify(out)),
  (e) => console.log("@@PROBE@@" + JSON.stringify({ error: String((e && e.stack) || e) })),
);
