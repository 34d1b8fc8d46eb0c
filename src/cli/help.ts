/** --help for the tool and for each command, with examples. */
import type { CommandName } from "./args.js";

export const MAIN_HELP = `softmax-regression: fit, apply and inspect multinomial logistic regression models

Usage: softmax-regression <command> [arguments] [flags]

Commands:
  fit <data> --target <column>       fit a model to a CSV, Parquet or Arrow file, save it as JSON
  predict <model.json> <data>        predicted classes (and probabilities) as CSV
  evaluate <model.json> <data>       accuracy, log-loss, confusion matrix, per-class report
  summary <model.json>               coefficients with standard errors, z and p-values (l2 = 0 fits)

Run "softmax-regression <command> --help" for a command's flags and examples.
Data files: CSV with a header (delimiter detected: comma, tab, semicolon, pipe), Parquet, Arrow IPC.
Errors name the file, the line (CSV) or row (Parquet, Arrow) and the column, and exit non-zero.
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  fit: `Usage: softmax-regression fit <data> --target <column> [flags]

Fits a model to the rows of <data> (CSV, Parquet or Arrow IPC) and writes it as JSON (to -o,
else to stdout). The features are every other column unless --features lists them; the
categorical ones are one-hot encoded, and their levels are saved in the model, so predict and
evaluate take raw files. On a terminal a progress bar shows the iteration, loss and gradient.

Flags:
  -t, --target <column>        the column holding the classes (required)
  --features <a,b,...>         the feature columns (default: all but the target)
  --categorical <a,b,...>      feature columns to one-hot encode (one feature per level;
                               with --l2 0 the first level is the reference and gets none)
  --drop-missing               leave out rows with a missing value (empty, NA, NaN, null) and
                               say how many; without it a missing value is an error
  --l2 <lambda>                L2 penalty of the mean loss (default 1e-4; 0 for summary)
  --l1 <lambda>                L1 penalty
  --solver <name>              auto, newton, newton-cholesky, newton-cg, lbfgs, gd, sgd
  --standardize                standardise the features inside the fit
  --class-weight balanced      weigh classes inversely to their frequency
  --max-iter <n>, --tol <t>    iteration cap and gradient tolerance
  -o, --output <model.json>    where to write the model (default: stdout)
  --plot <loss.svg>            write the loss curve and the gradient's fall as SVG
  -h, --help                   this text

Examples:
  softmax-regression fit iris.csv --target species -o model.json
  softmax-regression fit flights.parquet -t delayed --categorical carrier,origin --drop-missing -o model.json
  softmax-regression fit anes96.csv -t PID --features logpopul,TVnews,age,educ,income --l2 0 -o mle.json --plot loss.svg
`,
  predict: `Usage: softmax-regression predict <model.json> <data> [flags]

Predicts the class of every row of <data> with a model saved by fit, and writes CSV (to -o,
else to stdout): a column "prediction" and, with --proba, one column of probabilities per
class ("p_<class>"), in the model's class order. The feature columns are found by name; other
columns (the target too) are ignored.

Flags:
  --proba                      add the class probabilities
  -o, --output <out.csv>       where to write (default: stdout)
  --ignore-unseen              encode a categorical level not seen in training as no level
                               (all its one-hot features 0) instead of stopping with an error
  -h, --help                   this text

Examples:
  softmax-regression predict model.json new.csv -o predictions.csv
  softmax-regression predict model.json new.parquet --proba > scored.csv
`,
  evaluate: `Usage: softmax-regression evaluate <model.json> <data> [--target <column>] [flags]

Scores a saved model on labelled data: accuracy, log-loss, the confusion matrix and per-class
precision, recall, F1 and support, as aligned tables on stdout.

Flags:
  -t, --target <column>        the column holding the true classes (default: the model's target)
  --plot <confusion.svg>       write the confusion matrix as an SVG heat map
  --drop-missing               leave out rows with a missing value (and say how many)
  --ignore-unseen              encode unseen categorical levels as no level
  -h, --help                   this text

Examples:
  softmax-regression evaluate model.json test.csv --target species
  softmax-regression evaluate model.json test.parquet --plot confusion.svg
`,
  summary: `Usage: softmax-regression summary <model.json> [--robust]

Prints the coefficients of a maximum-likelihood fit (fit --l2 0) against the first class with
standard errors, z, p-values and 95 % intervals, the log-likelihood, pseudo-R² and the
likelihood-ratio test, laid out like statsmodels' MNLogit summary. Penalised fits are refused:
their standard errors would not mean what they say.

Flags:
  --robust                     sandwich (HC0) standard errors instead of the classical ones
  -h, --help                   this text

Examples:
  softmax-regression fit anes96.csv -t PID --l2 0 -o mle.json && softmax-regression summary mle.json
`,
};
