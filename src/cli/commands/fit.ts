/** fit <data> --target <column>: read, encode, fit with progress, save the model with its preprocessing. */
import { basename } from "node:path";
import { LogisticRegression, SoftmaxRegressionError, type LogisticRegressionOptions } from "../../index.js";
import { listFlag, numberFlag, type Parsed } from "../args.js";
import { readData } from "../data/read-data.js";
import { encodedNames } from "../../estimator/preprocessing.js";
import { encode, plan } from "../encode.js";
import { fail, usage } from "../errors.js";
import { refuseOverwrite, writeOutput, type Io } from "../io.js";
import { lossCurveSvg } from "../plots/loss-curve.js";
import { progressBar } from "../report/progress.js";

/** Each model-option flag and the library option it sets. */
const OPTION_OF_FLAG: Record<string, keyof LogisticRegressionOptions | string> = {
  l2: "l2",
  l1: "l1",
  solver: "solver",
  standardize: "standardize",
  "class-weight": "classWeight",
  "max-iter": "maxIter",
  tol: "tol",
};

export async function fitCommand({ positionals: [dataFile], flags }: Parsed, io: Io): Promise<void> {
  const target = typeof flags.target === "string" ? flags.target : usage("fit needs --target <column>: the column holding the classes (see fit --help)");
  const model = modelFromFlags(flags);
  await refuseOverwrite([dataFile], [["--output", flags.output], ["--plot", flags.plot]]);
  const frame = await readData(dataFile);
  const dropMissing = flags["drop-missing"] === true;
  const unpenalised = model.options.l2 === 0 && !((model.options as { l1?: number }).l1 ?? 0);
  const spec = plan(frame, { target, features: listFlag(flags, "features"), categorical: listFlag(flags, "categorical"), dropFirst: unpenalised, dropMissing });
  const encoded = encode(frame, spec, { target, dropMissing, ignoreUnseen: false });
  if (encoded.dropped > 0) io.stderr.write(`dropped ${encoded.dropped} of ${frame.rows} rows with missing values (--drop-missing)\n`);

  const progress = progressBar(io.stderr, model.options.maxIter, model.options.tol);
  const gradients: number[] = [];
  try {
    await model.fit({ data: encoded.data, rows: encoded.rows, cols: encoded.cols }, encoded.labels!, {
      featureNames: encodedNames(spec),
      onIteration(report) {
        gradients.push(report.gradientNorm);
        progress.report(report);
      },
    });
  } catch (e) {
    if (e instanceof SoftmaxRegressionError) fail(`fitting ${frame.file} failed: ${e.message}`);
    throw e;
  } finally {
    progress.done();
  }
  const output = typeof flags.output === "string" ? flags.output : undefined;
  await writeOutput(output, JSON.stringify({ ...model.toJSON(), preprocessing: spec }, null, 1) + "\n", io);
  io.stderr.write(
    `${model.solver}: ${model.nIter} iterations, ${model.converged ? "" : "NOT converged: "}${model.stopReason}; ` +
      `${encoded.rows} rows, ${encoded.cols} features from ${spec.columns.length} columns, ${model.classes.length} classes` +
      `${output ? `; model written to ${output}` : ""}\n`,
  );
  for (const warning of model.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (typeof flags.plot === "string") {
    const svg = lossCurveSvg({ loss: model.lossHistory, gradient: gradients, tol: model.options.tol, title: `${model.solver} on ${basename(frame.file)}: ${model.nIter} iterations` });
    await writeOutput(flags.plot, svg, io);
  }
}

/**
 * The model the flags ask for. A flag whose library option this build does not have (yet)
 * is refused by name rather than ignored; bad values get the library's own message.
 */
function modelFromFlags(flags: Parsed["flags"]): LogisticRegression {
  const options: Record<string, unknown> = {};
  for (const [flag, option] of Object.entries(OPTION_OF_FLAG)) {
    const v = flags[flag];
    if (v === undefined) continue;
    if (flag === "solver" || flag === "class-weight") options[option] = v;
    else if (flag === "standardize") options[option] = v === true;
    else options[option] = numberFlag(flags, flag);
  }
  try {
    return new LogisticRegression(options as LogisticRegressionOptions);
  } catch (e) {
    if (!(e instanceof SoftmaxRegressionError)) throw e;
    const flagOf = (option: string) => Object.keys(OPTION_OF_FLAG).find((f) => OPTION_OF_FLAG[f] === option) ?? option;
    const unknown = /unknown option "([^"]+)"/.exec(e.message)?.[1];
    if (unknown) usage(`--${flagOf(unknown)} is not available: this build of softmax-regression has no option ${unknown} yet`);
    const named = /option (\w+)/.exec(e.message)?.[1];
    return usage(`${named ? `--${flagOf(named)}: ` : ""}${e.message}`);
  }
}
