// Hand-written SVG of the field benchmark: per dataset, one horizontal bar per contender for
// the time to the 1e-8 target on a log axis; a contender that never reached it gets a hollow
// bar to its total fit time, labelled with its final relative gap. A diamond marks the time
// to the looser 1e-4 target. Above them, for the wide set, a linear-axis panel of the issue's
// target: the time to reach scikit-learn lbfgs's final test accuracy, against that run's total
// time and half of it.

interface SvgRow {
  dataset: string;
  datasetName: string;
  label: string;
  status: string;
  baseline: boolean;
  timeToTarget: number | null;
  timeToLooseTarget: number | null;
  fitSeconds: number;
  relativeGap: number | null;
  /** Absent in field.json files written before these fields existed. */
  bestGap?: number | null;
  capped?: boolean;
  testAccuracy: number | null;
  trainAccuracy: number | null;
  notes: string[];
  timeToAccuracy?: number | null;
  accuracyRatio?: number | null;
  accuracyReference?: boolean;
  loadAverage?: number;
}

interface SvgInput {
  rows: SvgRow[];
  datasets: {
    key: string;
    name: string;
    bestLoss: number;
    targetLoss: number;
    runDate?: string;
    fStar?: { polished: boolean; maxAbsGradient: number | null } | null;
    accuracy?: { target: number; referenceSeconds: number | null } | null;
  }[];
  machine: { cpu: string; logicalCores: number; node: string; loadAverageAtEnd?: number[] };
  /** Panels of time to the test-accuracy target, for these dataset keys. */
  accuracyPanels?: string[];
  versions: Record<string, string>;
  defaultSolver: string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const COLORS: Record<string, string> = {
  "softmax-regression": "#2b6cb0",
  tfjs: "#dd6b20",
  "ml-logistic-regression": "#805ad5",
  "scikit-learn": "#2f855a",
};

function colorFor(label: string): string {
  if (label.startsWith("softmax-regression")) return label.includes(" js") ? "#63b3ed" : COLORS["softmax-regression"];
  if (label.startsWith("tfjs")) return COLORS.tfjs;
  if (label.startsWith("ml-")) return COLORS["ml-logistic-regression"];
  if (label.startsWith("scikit")) return COLORS["scikit-learn"];
  return "#718096";
}

function timeLabel(x: number): string {
  if (x === 0) return "0";
  return x >= 1 ? `${x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2)} s` : `${(x * 1000).toFixed(x >= 0.01 ? 0 : 1)} ms`;
}

export function renderSvg(input: SvgInput): string {
  const rows = input.rows.filter((r) => r.status === "ok");
  const times = rows.flatMap((r) => [r.timeToTarget ?? r.fitSeconds, r.timeToLooseTarget ?? Infinity]).filter((t) => Number.isFinite(t) && t > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...times))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...times))));
  const W = 1200;
  const left = 330;
  const right = W - 330;
  const rowH = 20;
  const x = (t: number) => left + ((Math.log10(t) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (right - left);
  const parts: string[] = [];
  let y = 76;
  for (const ds of input.datasets) {
    if (!input.accuracyPanels?.includes(ds.key) || !ds.accuracy?.referenceSeconds) continue;
    y = accuracyPanel(parts, rows.filter((r) => r.dataset === ds.key), { name: ds.name, accuracy: ds.accuracy }, y, left, right, rowH);
  }
  const decades: number[] = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) decades.push(t);

  for (const ds of input.datasets) {
    const list = rows.filter((r) => r.dataset === ds.key);
    if (!list.length) continue;
    parts.push(`<text x="20" y="${y}" class="h">${esc(ds.name)}: time to the optimum</text>`);
    y += 16;
    const fStar = ds.fStar ? (ds.fStar.polished ? `, polished to max |∇f| ${ds.fStar.maxAbsGradient?.toExponential(1)}` : `, NOT an optimum: max |∇f| ${ds.fStar.maxAbsGradient?.toExponential(1)}`) : "";
    const when = ds.runDate ? ` Run ${ds.runDate.slice(0, 16).replace("T", " ")} UTC.` : "";
    parts.push(`<text x="20" y="${y}" class="s">${esc(`First iterate with f ≤ ${ds.targetLoss.toPrecision(10)} (best f any contender reached${fStar}, ${ds.bestLoss.toPrecision(10)}, + 1e-8 relative); log scale.${when}`)}</text>`);
    y += 8;
    const top = y;
    for (const t of decades) parts.push(`<line x1="${x(t).toFixed(1)}" y1="${top}" x2="${x(t).toFixed(1)}" y2="${top + list.length * rowH + 4}" class="grid"/>`);
    for (const r of list) {
      const cy = y + rowH / 2 + 2;
      const c = colorFor(r.label);
      parts.push(`<text x="${left - 8}" y="${cy + 4}" class="l" text-anchor="end"${r.baseline ? ' font-weight="bold"' : ""}>${esc(r.label + (r.baseline ? " (default)" : ""))}</text>`);
      const reached = r.timeToTarget !== null;
      const t = reached ? r.timeToTarget! : r.fitSeconds;
      const w = Math.max(1, x(Math.max(t, lo)) - left);
      if (reached) parts.push(`<rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${c}"/>`);
      else parts.push(`<rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="url(#hatch)" stroke="${c}" stroke-width="1.2"/>`);
      if (r.timeToLooseTarget !== null && r.timeToLooseTarget >= lo) {
        const dx = x(r.timeToLooseTarget);
        parts.push(`<path d="M${dx.toFixed(1)},${cy - 6} l5,6 l-5,6 l-5,-6 z" fill="#fff" stroke="#1a202c" stroke-width="1"/>`);
      }
      const acc = r.testAccuracy ?? r.trainAccuracy;
      const accText = acc === null ? "" : ` · ${r.testAccuracy !== null ? "test" : "train"} ${(100 * acc).toFixed(1)}%`;
      const gap = r.bestGap ?? r.relativeGap;
      const text = reached ? `${timeLabel(t)}${accText}` : `not reached: ${r.capped ? "capped" : "stopped"} at ${timeLabel(t)}, gap ${gap === null ? "?" : gap.toExponential(1)}${accText}`;
      parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${cy + 4}" class="v">${esc(text)}</text>`);
      y += rowH;
    }
    y += 4;
    for (const t of decades) parts.push(`<text x="${x(t).toFixed(1)}" y="${y + 10}" class="s" text-anchor="middle">${timeLabel(t)}</text>`);
    y += 36;
  }

  const versions = Object.entries(input.versions).map(([k, v]) => `${k} ${v}`);
  const half = Math.ceil(versions.length / 2);
  const loads = rows.map((r) => r.loadAverage).filter((l): l is number => typeof l === "number");
  const loadText = loads.length ? ` 1-min load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} during the run (the run itself adds ≈1).` : "";
  const footer = [
    `Machine: ${input.machine.cpu}, ${input.machine.logicalCores} logical cores.${loadText} One run, no repetitions.`,
    `Versions: ${versions.slice(0, half).join(" · ")}`,
    `${versions.slice(half).join(" · ")}.`,
    `Bars: seconds from the start of fit to the first iterate with f ≤ target (log scale; data conversion included, warm-up excluded); hollow hatched bar = target not reached, drawn to the fit's end.`,
    `◇ = time to f ≤ best·(1 + 1e-4). f = mean cross-entropy + (λ/2)‖W‖², λ = 1e-4, evaluated by softmax-regression's createObjective for every contender.`,
    `Accuracy panel: linear scale; every iterate kept during the fit (no evaluation inside it) and scored on the test rows afterwards; tfjs scored at its checkpoints off the clock; ml-logistic-regression at the end only.`,
    `Single-threaded unless a label says threads; tfjs-wasm float32 with SIMD, full batch; ml-logistic-regression is one-vs-rest without regularisation (its own objective); scikit-learn with 1 BLAS thread.`,
  ];
  const height = y + footer.length * 16 + 10;
  const footerSvg = footer.map((line, i) => `<text x="20" y="${y + i * 16}" class="s">${esc(line)}</text>`).join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="Helvetica, Arial, sans-serif">
<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#a0aec0" stroke-width="2"/></pattern></defs>
<style>.h{font-size:15px;font-weight:bold;fill:#1a202c}.l{font-size:12px;fill:#1a202c}.v{font-size:11px;fill:#2d3748}.s{font-size:11px;fill:#4a5568}.grid{stroke:#e2e8f0;stroke-width:1}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="20" y="30" font-size="18" font-weight="bold" fill="#1a202c">softmax-regression against the field</text>
<text x="20" y="50" class="s">${esc(`default solver "${input.defaultSolver}"; ${input.machine.cpu}, Node ${input.machine.node}`)}</text>
${parts.join("\n")}
${footerSvg}
</svg>
`;
}

/** The wide set's accuracy target: linear axis from 0, reference = scikit-learn lbfgs's total fit time. */
function accuracyPanel(
  parts: string[],
  list: SvgRow[],
  ds: { name: string; accuracy: { target: number; referenceSeconds: number | null } },
  y: number,
  left: number,
  right: number,
  rowH: number,
): number {
  const ref = ds.accuracy.referenceSeconds!;
  const span = Math.max(ref, ...list.map((r) => r.timeToAccuracy ?? r.fitSeconds)) * 1.02;
  const step = [1, 2, 5, 10, 20, 25, 50, 100].map((m) => m * Math.pow(10, Math.floor(Math.log10(span)) - 1)).find((st) => span / st <= 8)!;
  const x = (t: number) => left + (t / span) * (right - left);
  parts.push(`<text x="20" y="${y}" class="h">${esc(`${ds.name}: time to scikit-learn lbfgs's test accuracy (${(100 * ds.accuracy.target).toFixed(2)}%)`)}</text>`);
  y += 16;
  parts.push(
    `<text x="20" y="${y}" class="s">${esc(`First iterate with test accuracy ≥ the final test accuracy of scikit-learn lbfgs at its default tol 1e-4 (run to its convergence, ${timeLabel(ref)}). Target of the issue: ≤ ½ of that time.`)}</text>`,
  );
  y += 22;
  const top = y;
  const bottom = top + list.length * rowH + 4;
  for (let t = 0; t <= span; t += step) parts.push(`<line x1="${x(t).toFixed(1)}" y1="${top}" x2="${x(t).toFixed(1)}" y2="${bottom}" class="grid"/>`);
  for (const r of list) {
    const cy = y + rowH / 2 + 2;
    const c = colorFor(r.label);
    parts.push(`<text x="${left - 8}" y="${cy + 4}" class="l" text-anchor="end"${r.baseline ? ' font-weight="bold"' : ""}>${esc(r.label + (r.baseline ? " (default)" : ""))}</text>`);
    const reached = r.timeToAccuracy != null;
    const t = reached ? r.timeToAccuracy! : r.fitSeconds;
    const w = Math.max(1, x(t) - left);
    if (reached) parts.push(`<rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${c}"${r.accuracyReference ? ' fill-opacity="0.55"' : ""}/>`);
    else parts.push(`<rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="url(#hatch)" stroke="${c}" stroke-width="1.2"/>`);
    const acc = r.testAccuracy === null ? "" : ` · final test ${(100 * r.testAccuracy).toFixed(2)}%`;
    const text = r.accuracyReference
      ? `${timeLabel(t)} (reference: total fit time)`
      : reached
        ? `${timeLabel(t)} = ${r.accuracyRatio!.toFixed(2)}× scikit-learn lbfgs's time`
        : `not reached: stopped at ${timeLabel(t)}${acc}`;
    parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${cy + 4}" class="v">${esc(text)}</text>`);
    y += rowH;
  }
  for (const [t, label, dash, anchor, dx] of [
    [ref, `scikit-learn lbfgs total ${timeLabel(ref)}`, "", "start", 4],
    [ref / 2, `½ of it: ${timeLabel(ref / 2)} (the issue's target)`, ' stroke-dasharray="5,3"', "end", -4],
  ] as [number, string, string, string, number][]) {
    parts.push(`<line x1="${x(t).toFixed(1)}" y1="${top - 12}" x2="${x(t).toFixed(1)}" y2="${bottom}" stroke="#c53030" stroke-width="1.5"${dash}/>`);
    parts.push(`<text x="${(x(t) + dx).toFixed(1)}" y="${top - 3}" class="s" text-anchor="${anchor}" style="fill:#c53030">${esc(label)}</text>`);
  }
  y += 4;
  for (let t = 0; t <= span; t += step) parts.push(`<text x="${x(t).toFixed(1)}" y="${y + 10}" class="s" text-anchor="middle">${timeLabel(t)}</text>`);
  return y + 36;
}
