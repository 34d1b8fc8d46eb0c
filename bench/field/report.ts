// Reports the field benchmark: a table per dataset on the console, and field.json (every
// row, trace and setting) and field.svg under bench/results/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { Environment } from "./environment.js";
import { LAMBDA } from "./plan.js";
import type { BestTime, TargetRatio } from "./bounds.js";
import type { StopRatio } from "./stop-ratio.js";
import type { DatasetSummary, Row } from "./score.js";
import { renderSvg } from "./svg.js";

function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 1) return x.toFixed(2);
  if (a >= 0.001) return x.toPrecision(digits);
  return x.toExponential(1);
}
function seconds(x: number | null): string {
  if (x === null) return "—";
  return x >= 1 ? `${x.toFixed(2)} s` : `${(x * 1000).toFixed(x >= 0.01 ? 0 : 2)} ms`;
}

export function printTable(
  name: string,
  best: number,
  target: number,
  list: Row[],
  ratioBasis: string | null,
  sklearn: { best: BestTime; ratio: TargetRatio; stop?: StopRatio; ran: boolean },
  acc: { target: number; referenceSeconds: number | null } | null,
  fStar?: string,
): void {
  console.log(`\n${name}: best loss ${best.toPrecision(12)}, target ≤ ${target.toPrecision(12)} (best + 1e-8 relative)`);
  if (ratioBasis === "1e-4") console.log(`  (× default compares times to the 1e-4 target: the default did not reach 1e-8 within its cap)`);
  if (fStar) console.log(`  ${fStar}`);
  const baseline = list.find((r) => r.baseline);
  if (sklearn.ran && baseline) {
    console.log(`  scikit-learn's best time to the 1e-8 target: ${bestText(sklearn.best)}; the default's: ${targetCell(baseline)}; ratio ${sklearn.ratio.text}`);
    if (sklearn.stop) console.log(`  with stopping rules: ${sklearn.stop.text}`);
  }
  if (acc) console.log(`  test-accuracy target ${(100 * acc.target).toFixed(2)}% (scikit-learn lbfgs at tol 1e-4, ${acc.referenceSeconds === null ? "—" : seconds(acc.referenceSeconds)} total); "to acc" = first iterate at or above it, "× sk" = that over ${acc.referenceSeconds === null ? "—" : seconds(acc.referenceSeconds)}`);
  const header = ["contender", "time to target", "× default", "to 1e-4", ...(acc ? ["to acc", "× sk"] : []), "per iter", "iters", "fit time", "final loss", "gap", "train acc", "test acc", "peak ΔRSS"];
  const body = list.map((r) =>
    r.status !== "ok"
      ? [r.label, r.status, ...new Array(header.length - 2).fill("")]
      : [
          r.label + (r.baseline ? " (default)" : ""),
          targetCell(r),
          r.ratioToDefault !== null ? `${r.ratioToDefault.toFixed(2)}×` : r.ratioToDefaultAtLeast !== null ? `> ${r.ratioToDefaultAtLeast.toFixed(2)}×` : "—",
          r.timeToLooseTarget === null ? "—" : seconds(r.timeToLooseTarget),
          ...(acc ? [r.accuracyReference ? `${seconds(r.timeToAccuracy)} (ref)` : r.timeToAccuracy === null ? "not reached" : seconds(r.timeToAccuracy), r.accuracyRatio === null ? "—" : `${r.accuracyRatio.toFixed(2)}×`] : []),
          seconds(r.secondsPerIteration),
          `${r.iterations} ${r.iterationUnit === "iteration" ? "it" : r.iterationUnit === "epoch" ? "ep" : "st"}`,
          seconds(r.fitSeconds),
          r.finalLoss === null ? "—" : r.finalLoss.toPrecision(10),
          fmt(r.relativeGap, 2),
          r.trainAccuracy === null ? "—" : (100 * r.trainAccuracy).toFixed(2) + "%",
          r.testAccuracy === null ? "—" : (100 * r.testAccuracy).toFixed(2) + "%",
          r.peakRssDeltaMB === null ? "—" : `${r.peakRssDeltaMB.toFixed(1)} MB`,
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => "  " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(line(header));
  console.log("  " + widths.map((w) => "-".repeat(w)).join("  "));
  for (const b of body) console.log(line(b));
  for (const r of list) {
    const notes = r.notes.filter((n) => !n.includes("\n")).concat(r.status === "error" ? [r.notes[r.notes.length - 1].split("\n")[0]] : []);
    if (notes.length) console.log(`  · ${r.label}: ${[...new Set(notes)].join("; ")}`);
  }
}

/** Time to the 1e-8 target, or what is known when it was not reached: capped runs needed more than their fit time. */
export function targetCell(r: Pick<Row, "timeToTarget" | "capped" | "fitSeconds" | "bestGap">): string {
  if (r.timeToTarget !== null) return seconds(r.timeToTarget);
  const gap = r.bestGap === null ? "" : `, best gap ${fmt(r.bestGap, 2)}`;
  return r.capped ? `> ${seconds(r.fitSeconds)} (capped${gap})` : `not reached (stopped${gap})`;
}

function bestText(b: BestTime): string {
  if (b.upper !== null && b.lower === b.upper) return seconds(b.upper);
  if (b.upper !== null) return `between ${seconds(b.lower)} and ${seconds(b.upper)} (a capped solver stopped before the fastest one reached it)`;
  if (b.lower !== null) return `> ${seconds(b.lower)} (no solver reached it within its cap)`;
  return "never (every solver stopped short on its own rule)";
}

const METHOD = {
  objective: "mean cross-entropy + (λ/2)‖W‖², λ = 1e-4, intercept unpenalised, no sample weights; every final θ scored with createObjective(X, y, { l2: 1e-4 }).value(θ)",
  target: "best loss any contender reached on the dataset (trace or final θ) × (1 + 1e-8); the max |∇f| at the best final θ is reported with it (fStar) to show whether that best is a polished optimum",
  bounds: "a run that did not reach the 1e-8 target is '> fit time (capped)' when it ended on a benchmark cap (it might have reached it later) and 'not reached (stopped)' when it ended on its own stopping rule; 'best gap' is the lowest (f − best)/best of its float64 iterates. Ratios involving such runs are bounds (< x, > x) or unknown, never numbers",
  timeToTarget: "seconds from the start of the fit call (data conversion into the library's format included, warm-up on a 500-row slice and data loading excluded) to the first iterate at or below the target; tfjs is checked at its evaluation checkpoints, scikit-learn at every iteration (objective evaluations for the trace excluded from its clock), ml-logistic-regression only at the end",
  perIteration: "fit time / iterations (epochs for tfjs, gradient steps of all K one-vs-rest classifiers for ml-logistic-regression)",
  memory: "peak RSS of the contender's own process during the fit minus its RSS just before (Linux VmHWM after resetting it through /proc/self/clear_refs; node children run with --expose-gc and collect first)",
  accuracy: "argmax_k (b_k + xᵀW_k) of each contender's final θ, computed by the benchmark",
  labels: "\"auto→S\": solver \"auto\", which ran S (the fitted model's model.solver)",
};

/**
 * Write field.json and field.svg into `dir`. With `keepOthers` (a run of some datasets,
 * --only), the datasets of the existing field.json that this run did not cover are kept, each
 * still carrying the date and load of the run that measured it; `order` sorts the datasets.
 */
export function writeResults(
  dir: string,
  run: { env: Environment; defaultSolver: string; totalSeconds: number; datasets: DatasetSummary[]; rows: Row[]; keepOthers: boolean; order: string[] },
): void {
  const { env, defaultSolver, totalSeconds, order } = run;
  mkdirSync(dir, { recursive: true });
  const machine = { cpu: env.cpu, logicalCores: env.cores, node: process.version, platform: `${process.platform} ${process.arch}`, loadAverageAtEnd: loadavg() };
  const versions = env.versions;
  const date = new Date().toISOString();
  // Every dataset says which run measured it: comparisons are within a dataset, so within one run.
  let datasets: DatasetSummary[] = run.datasets.map((d) => ({ ...d, runDate: date, runTotalSeconds: totalSeconds }));
  let rows = run.rows;
  const path = join(dir, "field.json");
  if (run.keepOthers && existsSync(path)) {
    const previous = JSON.parse(readFileSync(path, "utf8")) as { date: string; totalSeconds: number; datasets: DatasetSummary[]; rows: Row[] };
    const fresh = new Set(datasets.map((d) => d.key as string));
    const kept: DatasetSummary[] = previous.datasets.filter((d) => !fresh.has(d.key as string)).map((d) => ({ runDate: previous.date, runTotalSeconds: previous.totalSeconds, ...d }));
    datasets = [...kept, ...datasets].sort((a, b) => order.indexOf(a.key as string) - order.indexOf(b.key as string));
    rows = [...previous.rows.filter((r) => !fresh.has(r.dataset)), ...rows].sort((a, b) => order.indexOf(a.dataset) - order.indexOf(b.dataset));
  }
  writeFileSync(path, JSON.stringify({ date, machine, versions, defaultSolver, lambda: LAMBDA, method: METHOD, totalSeconds, datasets, rows }, null, 1) + "\n");
  // The chart shows the accuracy target for the wide set (the issue's), or for any dataset that has one in a partial run.
  const withTarget = datasets.filter((d) => d.accuracy).map((d) => d.key as string);
  const accuracyPanels = withTarget.includes("wide") ? ["wide"] : withTarget;
  writeFileSync(join(dir, "field.svg"), renderSvg({ rows, datasets: datasets as never, machine, versions, defaultSolver, accuracyPanels }));
}
