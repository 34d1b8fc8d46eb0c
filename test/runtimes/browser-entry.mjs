// The probe as a user's app: bundled by the harness with esbuild
// (--bundle --format=esm --platform=browser) and loaded by a page in Chromium.
import { LogisticRegression, shutdownThreads } from "softmax-regression";
import { Predictor } from "softmax-regression/predict";
import { probe } from "./probe.mjs";

globalThis.__probe = probe({ LogisticRegression, Predictor, shutdownThreads }).then(
  (result) => ({ result, notes: { userAgent: navigator.userAgent } }),
  (e) => ({ error: String((e && e.stack) || e) }),
);
