// A text classifier trained in Node and served from the predict-only entry: texts are hashed
// into CSR features by hashFeatures (the same features scikit-learn's HashingVectorizer makes),
// a model is fitted on the CSR matrix and saved as JSON, and a Predictor (what an edge worker
// imports from "softmax-regression/predict") loads it and classifies new texts, hashing them
// the same way. Run it with `npx tsx examples/text-classifier/train-and-serve.ts`
// (test/text-classifier-example.test.ts runs it).
import { LogisticRegression } from "../../src/index.js";
import { Predictor, hashFeatures } from "../../src/predict.js";

/** The featuriser's settings: the model and the server must hash alike. */
export const FEATURES = { nFeatures: 2 ** 12, ngrams: 2, lowercase: true } as const;

/** A small labelled corpus: support tickets of three kinds. */
export const TRAINING: Array<[string, string]> = [
  ["I was charged twice for my subscription this month", "billing"],
  ["Please refund the duplicate payment on my card", "billing"],
  ["My invoice shows the wrong amount", "billing"],
  ["How do I update the credit card used for payments?", "billing"],
  ["The receipt for my last payment never arrived", "billing"],
  ["Can I get a refund for the annual plan?", "billing"],
  ["Why was my card declined when paying the invoice?", "billing"],
  ["The app crashes when I open the settings page", "bug"],
  ["Clicking save throws an error and nothing is stored", "bug"],
  ["The page stays blank after the latest update", "bug"],
  ["Export to CSV crashes with an error message", "bug"],
  ["Search returns an error since yesterday's update", "bug"],
  ["The settings page freezes and then crashes", "bug"],
  ["Login button does nothing, the console shows an error", "bug"],
  ["Could you add a dark mode to the app?", "feature"],
  ["It would be great to export reports as PDF", "feature"],
  ["Please add keyboard shortcuts for the editor", "feature"],
  ["I would love an option to share dashboards with my team", "feature"],
  ["Could the calendar sync with Google Calendar?", "feature"],
  ["Please add support for two-factor authentication", "feature"],
  ["It would help to have an option to schedule reports", "feature"],
];

/** Train on the corpus; the saved model is what a server ships. */
export function train(): string {
  const X = hashFeatures(TRAINING.map(([text]) => text), FEATURES);
  const model = new LogisticRegression({ l2: 1e-2 }).fitSync(X, TRAINING.map(([, label]) => label));
  return JSON.stringify(model.toJSON());
}

/** Serve: load the saved model in the predict-only Predictor and label new texts. */
export function serve(saved: string, texts: string[]): { labels: string[]; probabilities: number[][] } {
  const predictor = Predictor.fromJSON(JSON.parse(saved));
  const X = hashFeatures(texts, FEATURES);
  return { labels: predictor.predict(X) as string[], probabilities: predictor.predictProba(X) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const saved = train();
  const texts = ["I was charged twice, please refund me", "The editor crashes with an error when I save", "Please add an option to export as PDF"];
  const { labels, probabilities } = serve(saved, texts);
  texts.forEach((text, i) => console.log(`${labels[i].padEnd(8)} ${Math.max(...probabilities[i]).toFixed(3)}  ${text}`));
  console.log(`saved model: ${(saved.length / 1024).toFixed(1)} kB of JSON`);
}
