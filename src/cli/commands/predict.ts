/** predict <model.json> <data>: the predicted class of every row (and with --proba the probabilities) as CSV. */
import Papa from "papaparse";
import type { Parsed } from "../args.js";
import { readData } from "../data/read-data.js";
import { encode } from "../encode.js";
import { loadModel, refuseOverwrite, writeOutput, type Io } from "../io.js";
import { featureEncoding } from "./model-features.js";

export async function predictCommand({ positionals: [modelFile, dataFile], flags }: Parsed, io: Io): Promise<void> {
  await refuseOverwrite([modelFile, dataFile], [["--output", flags.output]]);
  const model = await loadModel(modelFile);
  const frame = await readData(dataFile);
  const spec = featureEncoding(model, modelFile, frame);
  const encoded = encode(frame, spec, { dropMissing: false, ignoreUnseen: flags["ignore-unseen"] === true });
  const X = { data: encoded.data, rows: encoded.rows, cols: encoded.cols };
  const classes = model.classes;
  const predicted = model.predict(X);
  const proba = flags.proba ? model.predictProba(X) : undefined;
  const header = ["prediction", ...(proba ? classes.map((c) => `p_${c}`) : [])];
  const rows = predicted.map((label, i) => (proba ? [label, ...proba[i]] : [label]));
  await writeOutput(typeof flags.output === "string" ? flags.output : undefined, Papa.unparse({ fields: header, data: rows }, { newline: "\n" }) + "\n", io);
}
