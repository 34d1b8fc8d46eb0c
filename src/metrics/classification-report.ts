/**
 * Per-label precision, recall, F1 and support with their macro and weighted averages, as
 * scikit-learn's classification_report(output_dict=True, zero_division=0) computes them; the
 * report is data, and formatClassificationReport prints it.
 */
import { describe, ownOptions } from "../input/checks.js";
import { setOwnProperty } from "../util/own-property.js";
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";
import { accuracy } from "./accuracy.js";
import { labelSet, readOptions, readPair, relativeWeights, type MetricOptions } from "./inputs.js";

/** The scores of one label, or an average over labels. */
export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  /** True samples (weighted count with sampleWeight). */
  support: number;
}

/** Scores by label (keys are the labels as strings) and their averages. */
export type ClassificationReport = {
  [label: string]: LabelScores | number;
} & {
  /** Unweighted mean over the labels. */
  macro: LabelScores;
  /** Mean over the labels weighted by support. */
  weighted: LabelScores;
  /** The (weighted) fraction of correct predictions over all samples. */
  accuracy: number;
  /**
   * Micro averages over the listed labels, only when `labels` differs from the labels present
   * (otherwise they equal accuracy, and scikit-learn reports them as such).
   */
  micro?: LabelScores;
};

const RESERVED = ["macro", "weighted", "accuracy", "micro"];

/** precision = tp/predicted, recall = tp/true, F1 = 2PR/(P + R); a zero denominator gives 0. */
function scores(tp: number, predicted: number, truth: number): LabelScores {
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = truth === 0 ? 0 : tp / truth;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support: truth };
}

/** The report for yTrue and yPred; `labels` (default: the sorted labels present) sets the rows and their order. */
export function classificationReport(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: MetricOptions = {}): ClassificationReport {
  const { sampleWeight, labels } = readOptions(options);
  const { truth, predicted } = readPair(yTrue, yPred);
  // Scores from weights brought to a safe scale (a weighted mean ignores it); support in the caller's.
  const { values: w, scale } = relativeWeights(sampleWeight, truth.length);
  const set = labelSet(labels, [truth, predicted]);
  for (const l of set) if (RESERVED.includes(String(l))) fail("INVALID_ARGUMENT", `label ${JSON.stringify(l)} collides with a key of the report (${RESERVED.join(", ")})`);
  const position = new Map(set.map((l, k) => [l, k]));
  const tp = new Float64Array(set.length);
  const predictedCount = new Float64Array(set.length);
  const trueCount = new Float64Array(set.length);
  for (let i = 0; i < truth.length; i++) {
    const t = position.get(truth[i]);
    const p = position.get(predicted[i]);
    if (t !== undefined) trueCount[t] += w[i];
    if (p !== undefined) predictedCount[p] += w[i];
    if (t !== undefined && t === p) tp[t] += w[i];
  }
  const perLabel = set.map((_, k) => scores(tp[k], predictedCount[k], trueCount[k]));
  const totalSupport = sum(trueCount);
  const mean = (key: "precision" | "recall" | "f1", weighted: boolean) =>
    weighted
      ? totalSupport === 0
        ? 0
        : sum(perLabel.map((s) => s[key] * s.support)) / totalSupport
      : sum(perLabel.map((s) => s[key])) / perLabel.length;
  const average = (weighted: boolean): LabelScores => ({
    precision: mean("precision", weighted),
    recall: mean("recall", weighted),
    f1: mean("f1", weighted),
    support: totalSupport,
  });
  const report: Record<string, LabelScores | number> = {};
  set.forEach((l, k) => setOwnProperty(report, String(l), perLabel[k]));
  const present = new Set(truth);
  for (const l of predicted) present.add(l);
  const allPresent = labels === undefined || (set.length === present.size && set.every((l) => present.has(l)));
  if (!allPresent) report.micro = scores(sum(tp), sum(predictedCount), totalSupport);
  report.macro = average(false);
  report.weighted = average(true);
  report.accuracy = accuracy(truth, predicted, sampleWeight === undefined ? {} : { sampleWeight: w });
  if (scale !== 1) for (const entry of Object.values(report)) if (typeof entry === "object") entry.support *= scale;
  return report as ClassificationReport;
}

const FORMAT_OPTIONS = ["digits", "labels"];
const SCORE_FIELDS = ["precision", "recall", "f1", "support"] as const;

/** The report's entry `name` as scores, or INVALID_ARGUMENT naming the entry and field (the report may be edited or hand-made). */
function scoresOf(report: Record<string, unknown>, name: string, what: string): LabelScores {
  const s = report[name];
  if (typeof s !== "object" || s === null) fail("INVALID_ARGUMENT", `the report has no ${what} ${JSON.stringify(name)}`);
  for (const field of SCORE_FIELDS) {
    const v = (s as Record<string, unknown>)[field];
    if (typeof v !== "number") fail("INVALID_ARGUMENT", `the report's ${what} ${JSON.stringify(name)} has ${field} ${describe(v)}, not a number`);
  }
  return s as LabelScores;
}

/** The format options checked: digits an integer 0–100 (what toFixed takes), labels an array. */
function readFormatOptions(options: unknown): { digits: number; labels?: readonly Label[] } {
  if (typeof options !== "object" || options === null) fail("INVALID_OPTION", `formatClassificationReport options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!FORMAT_OPTIONS.includes(key)) fail("INVALID_OPTION", `unknown formatClassificationReport option "${key}"; allowed: ${FORMAT_OPTIONS.join(", ")}`);
  }
  const { digits = 2, labels } = ownOptions(options) as { digits?: unknown; labels?: unknown };
  if (!Number.isInteger(digits) || (digits as number) < 0 || (digits as number) > 100) {
    fail("INVALID_OPTION", `option digits must be an integer from 0 to 100, got ${describe(digits)}`);
  }
  if (labels !== undefined && !Array.isArray(labels)) fail("INVALID_OPTION", `option labels must be an array of labels, got ${describe(labels)}`);
  return { digits: digits as number, labels: labels as readonly Label[] | undefined };
}

/** The report as a text table like scikit-learn's, rows in `labels` order (default: the report's own order). */
export function formatClassificationReport(report: ClassificationReport, options: { digits?: number; labels?: readonly Label[] } = {}): string {
  if (typeof report !== "object" || report === null || Array.isArray(report)) {
    fail("INVALID_ARGUMENT", `formatClassificationReport takes a report from classificationReport, got ${describe(report)}`);
  }
  const { digits, labels } = readFormatOptions(options);
  const r = report as Record<string, unknown>;
  const rows = (labels ?? Object.keys(report).filter((k) => !RESERVED.includes(k))).map(String);
  const entries: [string, LabelScores][] = rows.map((l) => [l, scoresOf(r, l, "label")]);
  const averages: [string, LabelScores][] = [
    ...(r.micro !== undefined ? ([["micro avg", scoresOf(r, "micro", "average")]] as [string, LabelScores][]) : []),
    ["macro avg", scoresOf(r, "macro", "average")],
    ["weighted avg", scoresOf(r, "weighted", "average")],
  ];
  if (typeof r.accuracy !== "number") fail("INVALID_ARGUMENT", `the report's accuracy is ${describe(r.accuracy)}, not a number`);
  const width = Math.max(12, ...rows.map((l) => l.length));
  const num = (v: number) => v.toFixed(digits).padStart(10);
  const support = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(digits)).padStart(10);
  const line = ([name, s]: [string, LabelScores]) => `${name.padStart(width)}${num(s.precision)}${num(s.recall)}${num(s.f1)}${support(s.support)}`;
  const header = `${"".padStart(width)}${"precision".padStart(10)}${"recall".padStart(10)}${"f1-score".padStart(10)}${"support".padStart(10)}`;
  const accuracyLine = `${"accuracy".padStart(width)}${"".padStart(20)}${num(r.accuracy as number)}${support(report.macro.support)}`;
  return [header, "", ...entries.map(line), "", accuracyLine, ...averages.map(line), ""].join("\n");
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
