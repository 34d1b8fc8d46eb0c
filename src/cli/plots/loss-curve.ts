/**
 * fit --plot: the loss after every iteration (left, linear axis) and the largest gradient
 * entry (right, log axis, with the tolerance dashed), so that one picture shows both how
 * the objective fell and how close the fit came to the stopping rule.
 */
import { document, escape, label, ticks } from "./svg.js";

export interface LossCurve {
  /** Loss at the start and after every iteration. */
  loss: readonly number[];
  /** max |gradient| after every iteration (iteration 1 first), when reported. */
  gradient: readonly number[];
  tol: number;
  title: string;
}

const PANEL = { width: 340, height: 240, left: 64, top: 40, bottom: 44 };

export function lossCurveSvg(curve: LossCurve): string {
  const width = 2 * (PANEL.left + PANEL.width) + 40;
  const height = PANEL.top + PANEL.height + PANEL.bottom;
  const body = [
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escape(curve.title)}</text>`,
    ...panel(0, "loss", curve.loss.map((v, i) => [i, v]), false),
    ...panel(PANEL.left + PANEL.width + 40, "max |gradient| (log scale)", curve.gradient.map((v, i) => [i + 1, v]), true, curve.tol),
  ];
  return document(width, height, curve.title, body);
}

function panel(x0: number, name: string, points: [number, number][], log: boolean, tol?: number): string[] {
  const left = x0 + PANEL.left;
  const { top, width: w, height: h } = PANEL;
  const usable = points.filter(([, v]) => Number.isFinite(v) && (!log || v > 0));
  if (usable.length === 0) return [`<text x="${left + w / 2}" y="${top + h / 2}" text-anchor="middle">no ${escape(name)} recorded</text>`];
  const f = (v: number) => (log ? Math.log10(v) : v);
  const xs = usable.map(([i]) => i);
  const ys = usable.map(([, v]) => f(v));
  if (tol !== undefined && log && tol > 0) ys.push(Math.log10(tol));
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
  let [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  if (yMax - yMin < 1e-12 * Math.max(1, Math.abs(yMax))) [yMin, yMax] = [yMin - 0.5, yMax + 0.5];
  const px = (i: number) => left + ((i - xMin) / (xMax - xMin)) * w;
  const py = (v: number) => top + h - ((f(v) - yMin) / (yMax - yMin)) * h;
  const out = [`<rect x="${left}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#888"/>`];
  for (const t of log ? integerTicks(yMin, yMax) : ticks(yMin, yMax)) {
    const y = top + h - ((t - yMin) / (yMax - yMin)) * h;
    out.push(`<line x1="${left}" x2="${left + w}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#eee"/>`);
    out.push(`<text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${log ? `1e${t}` : label(t)}</text>`);
  }
  for (const t of ticks(xMin, xMax).filter(Number.isInteger)) {
    out.push(`<text x="${px(t).toFixed(1)}" y="${top + h + 16}" text-anchor="middle">${t}</text>`);
  }
  out.push(`<text x="${left + w / 2}" y="${top + h + 34}" text-anchor="middle">iteration</text>`);
  out.push(`<text x="${left + w / 2}" y="${top - 8}" text-anchor="middle">${escape(name)}</text>`);
  if (tol !== undefined && log && tol > 0) {
    const y = py(tol).toFixed(1);
    out.push(`<line x1="${left}" x2="${left + w}" y1="${y}" y2="${y}" stroke="#c33" stroke-dasharray="5 4"/>`);
    out.push(`<text x="${left + w - 4}" y="${Number(y) - 4}" text-anchor="end" fill="#c33">tol ${label(tol)}</text>`);
  }
  const path = usable.map(([i, v], k) => `${k ? "L" : "M"}${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(" ");
  out.push(`<path d="${path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>`);
  for (const [i, v] of usable.length <= 60 ? usable : []) out.push(`<circle cx="${px(i).toFixed(1)}" cy="${py(v).toFixed(1)}" r="2.5" fill="#1f5fa8"/>`);
  return out;
}

/** Whole powers of ten between two log10 values (at most ~8 of them). */
function integerTicks(min: number, max: number): number[] {
  const step = Math.max(1, Math.ceil((Math.floor(max) - Math.ceil(min)) / 8));
  const out: number[] = [];
  for (let t = Math.ceil(min); t <= Math.floor(max); t += step) out.push(t);
  return out;
}
