/**
 * The text table of `model.summary()`, laid out as statsmodels' MNLogitResults.summary()
 * (Logit's for K = 2): a title, two columns of header statistics, then one block per
 * compared class with coef, std err, z, P>|z| and the interval, printed with statsmodels'
 * number formats (coef %.4f, the rest %.3f, %g beyond 1e4 or below 1e-4; p-values %.3f).
 * statsmodels' Date and Time rows are replaced by the reference class and the class count,
 * so that the same model always prints the same text.
 */
import type { Label } from "../input/targets.js";
import type { InferenceResult } from "./inference.js";
import { fixed, general, right } from "./python-format.js";

const HEADER_WIDTH = 78;
const LEFT_WIDTH = 37;
const RIGHT_WIDTH = 38;
const GUTTER = "   ";
/** statsmodels' minimum column width, and its wider interval columns. */
const MIN_WIDTH = 10;
const INTERVAL_WIDTH = 11;

/** The summary text of an inference result. */
export function formatSummary(result: InferenceResult, K: number): string {
  const model = K === 2 ? "Logit" : "MNLogit";
  const lines = [center(`${model} Regression Results`, HEADER_WIDTH), "=".repeat(HEADER_WIDTH), ...headerRows(result, model)];
  const table = parameterTable(result, K === 2);
  return [...lines, ...table].join("\n");
}

function headerRows(r: InferenceResult, model: string): string[] {
  const left: [string, string][] = [
    ["Dep. Variable:", "y"],
    ["Model:", model],
    ["Method:", "MLE"],
    ["Reference class:", label(r.referenceClass)],
    ["Classes:", String(r.classes.length + 1)],
    ["converged:", r.converged ? "True" : "False"],
    ["Covariance Type:", r.covarianceType === "classical" ? "nonrobust" : "HC0"],
  ];
  const right: [string, string][] = [
    ["No. Observations:", count(r.nObs)],
    ["Df Residuals:", count(r.dfResid)],
    ["Df Model:", count(r.dfModel)],
    ["Pseudo R-squ.:", general(r.pseudoR2, 4, true)],
    ["Log-Likelihood:", general(r.logLikelihood, 5, true)],
    ["LL-Null:", general(r.nullLogLikelihood, 5, true)],
    ["LLR p-value:", general(r.llrPValue, 4, true)],
  ];
  return left.map((row, i) => cell(row, LEFT_WIDTH) + GUTTER + cell(right[i], RIGHT_WIDTH));
}

/** Label left, value right, at least one space between. */
function cell([name, value]: [string, string], width: number): string {
  return name + " ".repeat(Math.max(1, width - name.length - value.length)) + value;
}

function parameterTable(r: InferenceResult, binary: boolean): string[] {
  const columns = ["coef", "std err", "z", "P>|z|", `[${quantileLabel((1 - r.level) / 2)}`, `${quantileLabel((1 + r.level) / 2)}]`];
  const blocks = r.classes.map((c, k) => ({
    title: binary ? "" : `y=${label(c)}`,
    rows: r.terms.map((term, t) => [
      term,
      statsmodelsNumber(r.params[k][t], 4),
      statsmodelsNumber(r.standardErrors[k][t], 3),
      statsmodelsNumber(r.z[k][t], 3),
      fixed(r.pValues[k][t], 3),
      statsmodelsNumber(r.lower[k][t], 3),
      statsmodelsNumber(r.upper[k][t], 3),
    ]),
  }));
  const widths = [MIN_WIDTH, MIN_WIDTH, MIN_WIDTH, MIN_WIDTH, MIN_WIDTH, INTERVAL_WIDTH, INTERVAL_WIDTH];
  for (const block of blocks) {
    widths[0] = Math.max(widths[0], block.title.length);
    for (const row of block.rows) row.forEach((text, i) => (widths[i] = Math.max(widths[i], text.length)));
  }
  columns.forEach((text, i) => (widths[i + 1] = Math.max(widths[i + 1], text.length)));
  const width = widths.reduce((a, b) => a + b, 0) + widths.length - 1;
  const line = (stub: string, cells: string[], alignStub: "left" | "right") =>
    (alignStub === "left" ? stub.padEnd(widths[0]) : right(stub, widths[0])) + cells.map((c, i) => " " + right(c, widths[i + 1])).join("");
  const out = ["=".repeat(width)];
  blocks.forEach((block, b) => {
    if (b > 0) out.push("-".repeat(width));
    out.push(line(block.title, columns, "right"), "-".repeat(width));
    for (const row of block.rows) out.push(line(row[0], row.slice(1), "left"));
  });
  out.push("=".repeat(width));
  return out;
}

/** statsmodels' forg: %.{prec}f, or %.{prec}g for magnitudes ≥ 1e4 or < 1e-4. */
function statsmodelsNumber(x: number, precision: number): string {
  const size = Math.abs(x);
  return size >= 1e4 || size < 1e-4 ? general(x, precision) : fixed(x, precision);
}

/** A whole count as an integer, otherwise two decimals (weights need not be integers). */
function count(x: number): string {
  return Number.isInteger(x) ? String(x) : fixed(x, 2);
}

/** 0.025 for (1 − 0.95)/2, without the rounding noise of the subtraction. */
function quantileLabel(p: number): string {
  return String(Number(p.toPrecision(12)));
}

function label(c: Label): string {
  return String(c);
}

/** Python's str.center: the odd space goes right unless both the margin and the width are odd. */
function center(text: string, width: number): string {
  const margin = width - text.length;
  if (margin <= 0) return text;
  const left = Math.floor(margin / 2) + (margin & width & 1);
  return " ".repeat(left) + text + " ".repeat(margin - left);
}
