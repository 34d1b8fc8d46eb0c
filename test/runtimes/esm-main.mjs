// Node / Deno / Bun: the main and predict-only entries instantiate the embedded WASM with a
// top-level await at import, so there is no init call.
import { LogisticRegression, VERSION, shutdownThreads } from "softmax-regression";
import { Predictor } from "softmax-regression/predict";
import { probe } from "./probe.mjs";

const notes = {
  runtime: typeof Deno !== "undefined" ? `deno ${Deno.version.deno} (V8 ${Deno.version.v8})`
    : typeof Bun !== "undefined" ? `bun ${Bun.version} (JavaScriptCore)`
    : `node ${process.version} (V8 ${process.versions.v8})`,
  package: VERSION,
};
try {
  const result = await probe({ LogisticRegression, Predictor, shutdownThreads });
  console.log("@@PROBE@@" + JSON.stringify({ result, notes }));
} catch (e) {
  console.log("@@PROBE@@" + JSON.stringify({ error: String((e && e.stack) || e), notes }));
}
