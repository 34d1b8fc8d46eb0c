// The metrics against scikit-learn 1.2 on seeded random predictions (test/fixtures/workflow/metrics.json).
import { describe, expect, it } from "vitest";
import * as main from "../../src/index.js";
import {
  accuracy,
  balancedAccuracy,
  classificationReport,
  confusionMatrix,
  formatClassificationReport,
  logLoss,
  type ClassificationReport,
  type LabelScores,
} from "../../src/metrics.js";
import { workflowFixture } from "../helpers/workflow-fixtures.js";

type Label = number | string;
interface SkScores {
  precision: number;
  recall: number;
  "f1-score": number;
  support: number;
}
interface ReportCase {
  name: string;
  y_true: Label[];
  y_pred: Label[];
  sample_weight: number[] | null;
  labels: Label[] | null;
  accuracy_score: number;
  balanced_accuracy_score: number;
  confusion_matrix: number[][];
  confusion_matrix_labels: Label[];
  classification_report: Record<string, SkScores | number>;
}
interface LogLossCase {
  name: string;
  y_true: Label[];
  proba: number[][];
  labels: Label[] | null;
  sample_weight: number[] | null;
  proba_column_labels: Label[];
  log_loss: number;
  unclipped_mean_minus_log_p_true: number | null;
}
const fixture = workflowFixture<{ reports: ReportCase[]; log_loss: LogLossCase[] }>("metrics.json");

const close = (a: number, b: number, what: string) => expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(b)));
const sameScores = (ours: LabelScores, theirs: SkScores, what: string) => {
  close(ours.precision, theirs.precision, `${what} precision`);
  close(ours.recall, theirs.recall, `${what} recall`);
  close(ours.f1, theirs["f1-score"], `${what} f1`);
  close(ours.support, theirs.support, `${what} support`);
};

describe("metrics equal scikit-learn's", () => {
  for (const c of fixture.reports) {
    const options = { ...(c.sample_weight ? { sampleWeight: c.sample_weight } : {}), ...(c.labels ? { labels: c.labels } : {}) };
    it(c.name, () => {
      const weightOnly = c.sample_weight ? { sampleWeight: c.sample_weight } : {};
      close(accuracy(c.y_true, c.y_pred, weightOnly), c.accuracy_score, "accuracy");
      // balanced_accuracy_score has no labels argument: compare the default label set.
      close(balancedAccuracy(c.y_true, c.y_pred, weightOnly), c.balanced_accuracy_score, "balanced accuracy");
      expect(confusionMatrix(c.y_true, c.y_pred, options)).toEqual(c.confusion_matrix);
      if (!c.labels) expect(c.confusion_matrix_labels).toEqual([...new Set([...c.y_true, ...c.y_pred])].sort((a, b) => (a < b ? -1 : 1)));
      const report = classificationReport(c.y_true, c.y_pred, options);
      const sk = c.classification_report;
      for (const label of c.confusion_matrix_labels) sameScores(report[String(label)] as LabelScores, sk[String(label)] as SkScores, String(label));
      sameScores(report.macro, sk["macro avg"] as SkScores, "macro");
      sameScores(report.weighted, sk["weighted avg"] as SkScores, "weighted");
      if ("accuracy" in sk) {
        close(report.accuracy, sk.accuracy as number, "report accuracy");
        expect(report.micro).toBeUndefined();
      } else {
        sameScores(report.micro!, sk["micro avg"] as SkScores, "micro");
        close(report.accuracy, c.accuracy_score, "report accuracy");
      }
      expect(Object.keys(report).filter((k) => !["macro", "weighted", "accuracy", "micro"].includes(k)).sort()).toEqual(c.confusion_matrix_labels.map(String).sort());
    });
  }

  for (const c of fixture.log_loss) {
    it(`logLoss: ${c.name}`, () => {
      // Our columns follow `labels` as given; scikit-learn's follow the sorted labels. Reorder to compare.
      const labels = c.labels ?? c.proba_column_labels;
      const column = labels.map((l) => c.proba_column_labels.indexOf(l));
      const proba = c.proba.map((row) => column.map((j) => row[j]));
      const options = { ...(c.sample_weight ? { sampleWeight: c.sample_weight } : {}), ...(c.labels ? { labels: c.labels } : {}) };
      close(logLoss(c.y_true, proba, options), c.log_loss, "log loss");
      if (c.unclipped_mean_minus_log_p_true !== null) expect(Math.abs(logLoss(c.y_true, proba, options) - c.unclipped_mean_minus_log_p_true)).toBeLessThan(1e-14);
    });
  }
});

describe("metric edge cases", () => {
  it("zero division gives 0, as zero_division=0", () => {
    const report = classificationReport([0, 0, 1, 1], [0, 0, 0, 0], { labels: [0, 1, 2] });
    expect(report["1"]).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 });
    expect(report["2"]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(report.micro).toBeDefined();
    expect(report.weighted.support).toBe(4);
    const none = classificationReport([0, 0], [1, 1], { labels: [2] });
    expect(none.weighted).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it("logLoss with binary scalar probabilities, labels beyond yTrue, and bad rows", () => {
    const yTrue = [0, 1, 1, 0];
    const p1 = [0.2, 0.7, 0.9, 0.4];
    expect(logLoss(yTrue, p1)).toBeCloseTo(logLoss(yTrue, p1.map((p) => [1 - p, p])), 15);
    expect(logLoss(yTrue, p1.map((p) => [1 - p, p, 0]), { labels: [0, 1, 2] })).toBeGreaterThan(0);
    expect(() => logLoss(yTrue, p1.map((p) => [1 - p, p, 0]))).toThrow(/must have 2 probabilities/);
    expect(() => logLoss([0, 0], [[0.5, 0.5], [0.5, 0.5]])).toThrow(/only one label/);
    expect(() => logLoss(yTrue, [[0.5, 0.6], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])).toThrow(/row 0 sums to 1.1/);
    expect(() => logLoss(yTrue, [[0.5, NaN], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])).toThrow(expect.objectContaining({ code: "NON_FINITE" }));
    expect(() => logLoss(yTrue, [[1.5, -0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])).toThrow(/not a probability/);
    expect(() => logLoss(yTrue, [[0.5, "0.5"], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]] as never)).toThrow(/column 1 is "0.5", not a number/);
    expect(() => logLoss([0, 1, 5], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], { labels: [0, 1] })).toThrow(/yTrue\[2\] is 5, which is not in labels/);
    expect(() => logLoss(yTrue, p1.slice(1))).toThrow(/must have 4 rows/);
  });

  it("string labels, kinds that do not match, lengths, weights and options are checked", () => {
    expect(accuracy(["a", "b"], ["a", "a"])).toBe(0.5);
    expect(() => accuracy(["a", "b"], [0, 1] as never)).toThrow(/yPred\[0\] is 0, but the labels are strings/);
    expect(() => accuracy([0, 1], [0])).toThrow(/yPred has 1 labels but yTrue has 2/);
    expect(() => accuracy([], [])).toThrow(/empty/);
    expect(() => accuracy([0, NaN], [0, 1])).toThrow(expect.objectContaining({ code: "NON_FINITE" }));
    expect(() => accuracy([0, 1], [0, 1], { sampleWeight: [1, -1] })).toThrow(expect.objectContaining({ code: "INVALID_WEIGHTS" }));
    expect(() => accuracy([0, 1], [0, 1], { sampleWeight: [0, 0] })).toThrow(/zero for every sample/);
    expect(() => accuracy([0, 1], [0, 2], { labels: [0, 1] })).toThrow(/yPred\[1\] is 2, which is not in labels/);
    expect(() => accuracy([0, 1], [0, 1], { normalize: false } as never)).toThrow(/unknown metric option "normalize"/);
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [0, 0] })).toThrow(/duplicate/);
    expect(() => classificationReport(["macro", "x"], ["macro", "x"])).toThrow(/collides/);
    expect(confusionMatrix([0, 1, 2], [0, 2, 2], { labels: [2, 0] })).toEqual([[1, 0], [0, 1]]);
  });

  it("balancedAccuracy leaves out classes without true samples and honours labels", () => {
    expect(balancedAccuracy([0, 0, 1, 1], [0, 1, 1, 2])).toBeCloseTo((0.5 + 0.5) / 2, 15);
    // With labels [0]: recall of class 0 only, its mistakes predicted as 1 still count against it.
    expect(balancedAccuracy([0, 0, 1, 1], [0, 1, 1, 2], { labels: [0] })).toBe(0.5);
  });

  it("formatClassificationReport prints every label, the averages and accuracy", () => {
    const c = fixture.reports[5];
    const text = formatClassificationReport(classificationReport(c.y_true, c.y_pred));
    expect(text.split("\n")[0]).toMatch(/precision\s+recall\s+f1-score\s+support/);
    for (const l of ["bird", "cat", "dog", "accuracy", "macro avg", "weighted avg"]) expect(text).toContain(l);
    const subset = formatClassificationReport(classificationReport([0, 1, 2], [0, 1, 1], { labels: [2, 0] }), { labels: [2, 0], digits: 3 });
    expect(subset).toMatch(/micro avg/);
    expect(subset.indexOf("  2 ")).toBeLessThan(subset.indexOf("  0 "));
  });

  it("the main entry exports the same functions", () => {
    expect(main.accuracy).toBe(accuracy);
    expect(main.logLoss).toBe(logLoss);
    expect(main.confusionMatrix).toBe(confusionMatrix);
    expect(main.classificationReport).toBe(classificationReport);
    expect(main.balancedAccuracy).toBe(balancedAccuracy);
    const report: ClassificationReport = main.classificationReport([0, 1], [0, 1]);
    expect(report.accuracy).toBe(1);
  });

  it("scores a fitted model: logLoss of predictProba with model.classes as labels", async () => {
    const X = [[0], [1], [2], [3], [4], [5]];
    const y = ["b", "a", "b", "a", "a", "b"];
    const model = await new main.LogisticRegression({ l2: 0.1 }).fit(X, y);
    const proba = model.predictProba(X);
    const direct = y.reduce((a, label, i) => a - Math.log(proba[i][model.classes.indexOf(label)]), 0) / y.length;
    expect(logLoss(y, proba, { labels: model.classes })).toBeCloseTo(direct, 14);
    expect(accuracy(y, model.predict(X))).toBe(model.score(X, y));
  });
});
