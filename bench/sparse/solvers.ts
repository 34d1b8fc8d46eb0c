// npx tsx bench/sparse/solvers.ts: Newton-CG against L-BFGS on the small seeded bag of words
// (2000 × 20 000, K = 10, λ = 1e-4, default tol), the measurement behind "auto" taking
// Newton-CG on CSR (README, Sparse input). CPU time of this process, 3 fits each, interleaved,
// after one short warm-up fit; medians.
import { loadavg } from "node:os";
import { LogisticRegression } from "../../src/index.js";
import { SMALL, bagOfWords } from "./bag-of-words.js";

const set = bagOfWords(SMALL);
const y = Array.from(set.y);
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
new LogisticRegression({ l2: 1e-4, maxIter: 3 }).fitSync(set.X, y);
const solvers = ["newton-cg", "lbfgs"] as const;
const times: Record<string, number[]> = { "newton-cg": [], lbfgs: [] };
const runs: Record<string, string> = {};
const startLoad = loadavg()[0];
for (let r = 0; r < 3; r++) {
  for (const solver of solvers) {
    const t = cpuSeconds();
    const model = new LogisticRegression({ l2: 1e-4, solver }).fitSync(set.X, y);
    times[solver].push(cpuSeconds() - t);
    runs[solver] = `${model.nIter} iterations, converged ${model.converged}`;
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`${set.description}; load ${startLoad.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
for (const solver of solvers) console.log(`  ${solver}: median ${median(times[solver]).toFixed(2)} s CPU (${times[solver].map((t) => t.toFixed(2)).join(", ")}); ${runs[solver]}`);
console.log(`  lbfgs / newton-cg: ${(median(times.lbfgs) / median(times["newton-cg"])).toFixed(1)}×`);
