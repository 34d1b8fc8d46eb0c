// The README's "Accuracy against statsmodels" table: the largest deviation of every field of
// model.inference() from statsmodels 0.13.5 over all the inference fixtures (anes96 classical
// and HC0, 95 % and 90 % intervals, reference class 3, no intercept, frequency weights, the
// binary Logit). Relative, except p-values below 1e-3 (absolute, listed apart).
// Run: npx tsx scripts/measure-inference-accuracy.ts
import { LogisticRegression, type InferenceResult } from "../src/index.js";
import { loadCsv, loadJson } from "../test/helpers/fixtures.js";

type Reference = Record<string, unknown>;
const { X, y } = loadCsv("anes96");
const MLE = { l2: 0, solver: "newton", tol: 1e-10 } as const;
const mnlogit = loadJson<Reference>("inference/anes96_mnlogit.json");
const weighted = loadJson<Reference & { frequency_weights: number[] }>("inference/anes96_mnlogit_freq_weights.json");
const binary = loadJson<{ logit: Reference }>("inference/anes96_logit_binary.json");
const extra = loadJson<{ no_intercept: Reference; reference_class_3: Reference & { rows_are_PID: number[] } }>("inference/anes96_mnlogit_extra.json");

const worst = new Map<string, { deviation: number; where: string }>();

function note(field: string, actual: unknown, expected: unknown, where: string): void {
  const a = [actual].flat(2) as number[];
  const e = [expected].flat(2) as number[];
  if (a.length !== e.length) throw new Error(`${where} ${field}: ${a.length} values against ${e.length}`);
  const pValue = /p ?value/i.test(field);
  a.forEach((v, i) => {
    const tiny = pValue && Math.abs(e[i]) < 1e-3;
    const key = tiny ? `${field} (absolute, p < 1e-3)` : field;
    const deviation = tiny ? Math.abs(v - e[i]) : Math.abs(v - e[i]) / Math.abs(e[i]);
    if (!(deviation <= (worst.get(key)?.deviation ?? -1))) worst.set(key, { deviation, where });
  });
}

const CLASSICAL: Record<string, string> = {
  params: "params", standardErrors: "bse", z: "z", pValues: "pvalues", lower: "conf_int_95_lower", upper: "conf_int_95_upper",
  logLikelihood: "llf", nullLogLikelihood: "llnull", llr: "llr", llrPValue: "llr_pvalue", aic: "aic", bic: "bic",
  pseudoR2: "prsquared", dfModel: "df_model", dfResid: "df_resid", nObs: "nobs",
};

function compare(r: InferenceResult, ref: Reference, where: string, fields: Record<string, string> = CLASSICAL, label = (f: string) => f): void {
  for (const [ours, theirs] of Object.entries(fields)) if (ref[theirs] !== undefined) note(label(ours), r[ours as keyof InferenceResult], ref[theirs], where);
}
const robust = (f: string) => (f === "standardErrors" ? "standardErrors (HC0)" : f);

const model = await new LogisticRegression(MLE).fit(X, y);
compare(model.inference(), mnlogit, "anes96");
compare(model.inference({ covariance: "robust" }), mnlogit, "anes96 HC0", { standardErrors: "bse_HC0" }, robust);

const byWeights = await new LogisticRegression(MLE).fit(X, y, { sampleWeight: weighted.frequency_weights });
compare(byWeights.inference(), weighted, "frequency weights");
const HC0 = { standardErrors: "bse_HC0", z: "z_HC0", pValues: "pvalues_HC0", lower: "conf_int_95_lower_HC0", upper: "conf_int_95_upper_HC0" };
compare(byWeights.inference({ covariance: "robust" }), weighted, "frequency weights HC0", HC0, robust);
compare(byWeights.inference({ level: 0.9 }), weighted, "frequency weights 90%", { lower: "conf_int_90_lower", upper: "conf_int_90_upper" });
compare(byWeights.inference({ level: 0.9, covariance: "robust" }), weighted, "frequency weights 90% HC0", { lower: "conf_int_90_lower_HC0", upper: "conf_int_90_upper_HC0" });

const logit = Object.fromEntries(Object.entries(binary.logit).map(([k, v]) => [k, Array.isArray(v) ? [v] : v]));
const binaryModel = await new LogisticRegression(MLE).fit(X, y.map((v) => (v >= 4 ? 1 : 0)));
compare(binaryModel.inference(), logit, "binary Logit");
const logitHC0 = { standardErrors: "HC0_bse", z: "HC0_z", pValues: "HC0_pvalues", lower: "HC0_conf_int_95_lower", upper: "HC0_conf_int_95_upper" };
compare(binaryModel.inference({ covariance: "robust" }), logit, "binary Logit HC0", logitHC0, robust);
compare(binaryModel.inference({ level: 0.9 }), logit, "binary Logit 90%", { lower: "conf_int_90_lower", upper: "conf_int_90_upper" });

const noIntercept = await new LogisticRegression({ ...MLE, fitIntercept: false }).fit(X, y);
compare(noIntercept.inference(), extra.no_intercept, "no intercept");
compare(noIntercept.inference({ covariance: "robust" }), extra.no_intercept, "no intercept HC0", { standardErrors: "bse_HC0", z: "z_HC0", pValues: "pvalues_HC0" }, robust);

const ref3 = extra.reference_class_3;
const third = model.inference({ referenceClass: 3 });
const reorder = (m: unknown) => third.classes.map((c) => (m as number[][])[ref3.rows_are_PID.indexOf(c as number)]);
const reordered = Object.fromEntries(Object.entries(ref3).map(([k, v]) => [k, Array.isArray(v) && Array.isArray(v[0]) ? reorder(v) : v]));
compare(third, reordered, "reference class 3");
compare(model.inference({ referenceClass: 3, covariance: "robust" }), reordered, "reference class 3 HC0", { standardErrors: "bse_HC0", z: "z_HC0", pValues: "pvalues_HC0" }, robust);

for (const [field, { deviation, where }] of worst) console.log(`${field.padEnd(36)} ${deviation.toExponential(2).padStart(9)}  (${where})`);
