/**
 * evaluate --plot: the confusion matrix as a heat map. Rows are the true classes, columns the
 * predicted ones; each cell shows its count and is shaded by its share of the row (the
 * class's recall on the diagonal), so classes of different sizes compare at a glance.
 */
import { document, escape } from "./svg.js";

export function confusionSvg(classes: readonly string[], matrix: readonly (readonly number[])[], title: string): string {
  const K = classes.length;
  const cell = Math.max(18, Math.min(56, Math.floor(560 / K)));
  const labelWidth = Math.min(160, 12 + 7 * Math.max(...classes.map((c) => Math.min(c.length, 20))));
  const left = labelWidth + 36;
  const top = 60 + labelWidth;
  const width = left + K * cell + 110;
  const height = top + K * cell + 40;
  const body = [`<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`];
  const short = (c: string) => (c.length > 20 ? c.slice(0, 19) + "…" : c);
  const fontSize = Math.min(12, Math.floor(cell / 3));
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, j) => {
      const share = total > 0 ? count / total : 0;
      const x = left + j * cell;
      const y = top + i * cell;
      body.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${shade(share)}" stroke="white"/>`);
      body.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + fontSize / 3}" text-anchor="middle" font-size="${fontSize}" fill="${share > 0.5 ? "white" : "#222"}">${count}</text>`);
    });
    body.push(`<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${escape(short(classes[i]))}</text>`);
  });
  classes.forEach((c, j) => {
    const x = left + j * cell + cell / 2 + 4;
    body.push(`<text x="${x}" y="${top - 6}" transform="rotate(-60 ${x} ${top - 6})">${escape(short(c))}</text>`);
  });
  body.push(`<text x="${left + (K * cell) / 2}" y="${top + K * cell + 28}" text-anchor="middle">predicted class</text>`);
  const midY = top + (K * cell) / 2;
  body.push(`<text x="14" y="${midY}" text-anchor="middle" transform="rotate(-90 14 ${midY})">true class</text>`);
  // Legend: the shade of 0 %, 50 % and 100 % of a row.
  const lx = left + K * cell + 24;
  for (let s = 0; s <= 10; s++) body.push(`<rect x="${lx}" y="${top + (10 - s) * 12}" width="16" height="12" fill="${shade(s / 10)}"/>`);
  body.push(`<text x="${lx + 22}" y="${top + 10}">100 %</text>`, `<text x="${lx + 22}" y="${top + 70}">50 %</text>`, `<text x="${lx + 22}" y="${top + 130}">0 %</text>`);
  body.push(`<text x="${lx}" y="${top + 150}" font-size="10">of the row</text>`);
  return document(width, height, title, body);
}

/** White to dark blue. */
function shade(share: number): string {
  const from = [247, 251, 255];
  const to = [8, 48, 107];
  const c = from.map((f, k) => Math.round(f + (to[k] - f) * Math.min(1, Math.max(0, share))));
  return `rgb(${c.join(",")})`;
}
