// npm run bench:memory — what a fit costs in resident memory, each case in a child process of
// its own (node --expose-gc) so that nothing else is measured: peak RSS growth during a fit on
// a flat Float64Array, over the bytes of X (issue 10's target: ≤ 1.1×), and what stays
// resident once the fit has ended and the garbage collector has run (target: ≤ 32 MB).
//
// Peak: Linux's VmHWM, reset through /proc/self/clear_refs just before the fit; growth = peak
// − RSS just before (X already built). Writes bench/results/memory.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface Case {
  name: string;
  n: number;
  d: number;
  K: number;
  options: Record<string, unknown>;
  /** Fit on a Dataset created beforehand (its copy of X not counted: the fit's own cost). */
  dataset?: boolean;
}

const CASES: Case[] = [
  { name: "default fit (auto → Newton-CG), float64", n: 400_000, d: 100, K: 10, options: { maxIter: 20 } },
  { name: "default fit, float64, 1.5 GiB", n: 2_000_000, d: 100, K: 3, options: { maxIter: 3 } },
  { name: "Newton-CG (keeps probabilities), float64", n: 400_000, d: 100, K: 10, options: { solver: "newton-cg", maxIter: 3 } },
  { name: "dtype float32 from a Float64Array", n: 400_000, d: 100, K: 10, options: { dtype: "float32", maxIter: 20 } },
  { name: "threads: 2", n: 400_000, d: 100, K: 10, options: { threads: 2, maxIter: 20 } },
  { name: "on a Dataset (the fit's own memory)", n: 400_000, d: 100, K: 10, options: { maxIter: 20 }, dataset: true },
];

const lib = new URL("../dist/index.js", import.meta.url).href;

/** The child: build X, measure RSS, reset the peak, fit, read the peak, collect, measure again. */
const CHILD = `
const lib = await import(${JSON.stringify(lib)});
const fs = await import("node:fs");
const c = JSON.parse(process.argv.at(-1));
const status = () => fs.readFileSync("/proc/self/status", "utf8");
const kb = (field) => Number(status().match(new RegExp(field + ":\\\\s+(\\\\d+)"))[1]) * 1024;
const settle = async () => { for (let i = 0; i < 4; i++) { gc(); await new Promise((r) => setTimeout(r, 50)); } };
let s = 1;
const data = new Float64Array(c.n * c.d);
for (let i = 0; i < data.length; i++) data[i] = ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
const y = new Int32Array(c.n);
for (let i = 0; i < c.n; i++) y[i] = Math.min(c.K - 1, Math.floor(((data[i * c.d] + data[i * c.d + 1] + 2) / 4) * c.K));
const X = c.dataset ? lib.createDataset({ data, rows: c.n, cols: c.d }) : { data, rows: c.n, cols: c.d };
await settle();
const before = kb("VmRSS");
fs.writeFileSync("/proc/self/clear_refs", "5");
const t0 = performance.now();
const model = await new lib.LogisticRegression(c.options).fit(X, y);
const seconds = (performance.now() - t0) / 1000;
const peak = kb("VmHWM");
if (c.dataset) X.dispose();
await settle();
await new Promise((r) => setTimeout(r, 300));
await settle();
const after = kb("VmRSS");
console.log(JSON.stringify({ before, peak, after, seconds, nIter: model.nIter, warnings: model.warnings }));
`;

const results = CASES.map((c) => {
  const run = spawnSync("node", ["--expose-gc", "--input-type=module", "-e", CHILD, JSON.stringify(c)], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${c.name}: ${run.stderr}`);
  const m = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
  const xBytes = c.n * c.d * 8;
  const row = {
    ...c,
    xBytes,
    peakGrowthBytes: m.peak - m.before,
    ratio: (m.peak - m.before) / xBytes,
    residentAfterBytes: m.after - m.before,
    seconds: m.seconds,
    nIter: m.nIter,
    warnings: m.warnings,
  };
  const MB = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  console.log(
    `${c.name.padEnd(44)} X ${MB(xBytes).padStart(10)}  peak growth ${MB(row.peakGrowthBytes).padStart(10)} = ${row.ratio.toFixed(3)}× X  ` +
      `after the fit ${MB(row.residentAfterBytes).padStart(8)}  (${m.seconds.toFixed(1)} s, ${m.nIter} iterations)`,
  );
  return row;
});

const out = fileURLToPath(new URL("results/memory.json", import.meta.url));
mkdirSync(fileURLToPath(new URL("results/", import.meta.url)), { recursive: true });
writeFileSync(out, JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 1) + "\n");
console.log(`wrote ${out}`);
