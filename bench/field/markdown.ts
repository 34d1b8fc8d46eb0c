// The README's field tables from bench/results/field.json, one per dataset, with each row's
// notes as a list under its table (not as table rows).
// Usage: npx tsx bench/field/markdown.ts [KEY,KEY…]   (default: every dataset in field.json)
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { targetCell } from "./report.js";
import type { Row } from "./score.js";

const here = dirname(fileURLToPath(import.meta.url));

interface Summary {
  key: string;
  name: string;
  bestLoss: number;
  targetLoss: number;
  runDate?: string;
  loadAverageRange?: [number, number];
  fStar?: { polished: boolean; maxAbsGradient: number | null; from: string | null; iterations: number } | null;
  accuracy: { target: number; referenceSeconds: number | null } | null;
  sklearnBestTimeToTarget: number | null;
  defaultOverSklearnBestBound?: { text: string };
  defaultStopOverSklearn?: { text: string };
}

const seconds = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x >= 1 ? `${x.toFixed(2)} s` : `${(x * 1000).toFixed(x >= 0.01 ? 0 : 2)} ms`);
const gap = (x: number | null) => (x === null ? "—" : x === 0 ? "0" : Math.abs(x) >= 0.001 ? x.toPrecision(2) : x.toExponential(1));

function table(ds: Summary, rows: Row[]): string {
  const acc = ds.accuracy !== null;
  const baseline = rows.find((r) => r.baseline);
  const fStar = ds.fStar
    ? ds.fStar.polished
      ? `f* polished to max |∇f| ${ds.fStar.maxAbsGradient?.toExponential(1)}`
      : `f* **not an optimum** (max |∇f| ${ds.fStar.maxAbsGradient?.toExponential(1)})`
    : "f* = best any contender reached";
  const ratio = ds.defaultOverSklearnBestBound?.text ?? (ds.sklearnBestTimeToTarget && baseline?.timeToTarget ? `${(baseline.timeToTarget / ds.sklearnBestTimeToTarget).toFixed(2)}×` : "—");
  const load = ds.loadAverageRange ? `, 1-min load ${ds.loadAverageRange[0].toFixed(1)}–${ds.loadAverageRange[1].toFixed(1)}` : "";
  const when = ds.runDate ? ` (run ending ${ds.runDate.slice(0, 16).replace("T", " ")} UTC${load})` : "";
  const head = `**${ds.name}**${when} — best f = ${ds.bestLoss.toPrecision(12)}, ${fStar}; 1e-8 target f ≤ ${ds.targetLoss.toPrecision(12)}; the default's time to it over scikit-learn's best: **${ratio}**${ds.defaultStopOverSklearn ? `; with stopping rules: ${ds.defaultStopOverSklearn.text}` : ""}`;
  const header = ["contender", "time to target", "× default", "to 1e-4", ...(acc ? ["to acc", "× sk"] : []), "per iter", "iters", "fit time", "final loss", "gap", "train acc", "test acc", "peak ΔRSS"];
  const lines = [head, "", `| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const r of rows) {
    if (r.status !== "ok") {
      lines.push(`| ${r.label} | ${r.status} |${" |".repeat(header.length - 2)}`);
      continue;
    }
    const capped = r.capped ?? false;
    const cells = [
      r.label + (r.baseline ? " **(default)**" : ""),
      targetCell({ timeToTarget: r.timeToTarget, capped, fitSeconds: r.fitSeconds, bestGap: r.bestGap ?? r.relativeGap }),
      r.ratioToDefault !== null ? `${r.ratioToDefault.toFixed(2)}×` : r.ratioToDefaultAtLeast != null ? `> ${r.ratioToDefaultAtLeast.toFixed(2)}×` : "—",
      seconds(r.timeToLooseTarget),
      ...(acc ? [r.accuracyReference ? `${seconds(r.timeToAccuracy)} (ref)` : r.timeToAccuracy === null ? "not reached" : seconds(r.timeToAccuracy), r.accuracyRatio === null ? "—" : `${r.accuracyRatio.toFixed(2)}×`] : []),
      seconds(r.secondsPerIteration),
      `${r.iterations} ${r.iterationUnit === "iteration" ? "it" : r.iterationUnit === "epoch" ? "ep" : "st"}`,
      seconds(r.fitSeconds),
      r.finalLoss === null ? "—" : r.finalLoss.toPrecision(10),
      gap(r.relativeGap),
      r.trainAccuracy === null ? "—" : `${(100 * r.trainAccuracy).toFixed(2)}%`,
      r.testAccuracy === null ? "—" : `${(100 * r.testAccuracy).toFixed(2)}%`,
      r.peakRssDeltaMB === null ? "—" : `${r.peakRssDeltaMB.toFixed(1)} MB`,
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  const notes = rows.flatMap((r) => {
    const own = [...new Set(r.notes.filter((n) => !n.includes("\n")))];
    return own.length ? [`- ${r.label}: ${own.join("; ")}`] : [];
  });
  return [...lines, "", ...notes].join("\n");
}

const file = JSON.parse(readFileSync(join(here, "..", "results", "field.json"), "utf8")) as { datasets: Summary[]; rows: Row[] };
const keys = process.argv[2] ? process.argv[2].split(",") : file.datasets.map((d) => d.key);
for (const key of keys) {
  const ds = file.datasets.find((d) => d.key === key);
  if (!ds) throw new Error(`field.json has no dataset ${key}`);
  console.log(table(ds, file.rows.filter((r) => r.dataset === key)) + "\n");
}
