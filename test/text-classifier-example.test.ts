// Runs examples/text-classifier: trained on hashed CSR features, served by the predict-only
// Predictor from the saved JSON, it labels new texts as the fitted model does.
import { expect, it } from "vitest";
import { FEATURES, TRAINING, serve, train } from "../examples/text-classifier/train-and-serve.js";
import { LogisticRegression, hashFeatures } from "../src/index.js";
import { relativeError } from "./helpers/compare.js";

it("the text classifier example: served from the saved model, the fitted model's predictions", () => {
  const saved = train();
  const texts = ["I was charged twice, please refund me", "The editor crashes with an error when I save", "Please add an option to export as PDF"];
  const served = serve(saved, texts);
  // Held-out texts, each near one class's words: labelled as such.
  expect(served.labels).toEqual(["billing", "bug", "feature"]);
  // The Predictor gives the fitted model's probabilities (the same kernels on the same CSR).
  const model = LogisticRegression.fromJSON(JSON.parse(saved));
  expect(relativeError(served.probabilities.flat(), model.predictProba(hashFeatures(texts, FEATURES)).flat())).toBeLessThan(1e-14);
  // The training texts are fitted.
  const again = serve(saved, TRAINING.map(([t]) => t));
  expect(again.labels).toEqual(TRAINING.map(([, label]) => label));
});
