// npm run bench:sparse — the sparse (CSR) kernels and fits against numpy + scipy.sparse and
// scikit-learn, on the seeded bag-of-words sets of bench/sparse/bag-of-words.ts, side by side
// in one run, one thread everywhere (OMP/OpenBLAS/MKL threads 1 for Python). Each contender
// runs in its own process: this package through bench/sparse/child.ts (public API only),
// Python through bench/sparse/sklearn_sparse.py, both reading the same CSR files.
//   pass: one loss+gradient pass at a fixed θ (median of the repeats): ours into a reused
//         array (gradient(θ, out), the ratio) and into a new one (gradient(θ), also shown);
//         also the process CPU time of each pass on both sides (their ratio too);
//   fit:  time to the 1e-8 optimum (relative objective gap). Ours is the default fit, stopped
//         by its own rule (its final gap is reported and must be ≤ 1e-8); scikit-learn's is
//         the first traced iterate within 1e-8 (the objective evaluated off the clock), a
//         time its own stopping rule could not beat. The optimum is the lowest objective any
//         run reached, our tight newton-cg reference fit included.
//   memory: peak RSS growth during the fit (VmHWM after clear_refs) over the CSR bytes.
// Options: --only=small|large, --repeats=N, --large-fit (also time the fits on the large set:
// without it the large set gets the pass only, as its fits take an hour on a shared machine),
// --large-memory (the large set's pass and our default fit alone: its time, its gap to the
// objective it reached and its peak RSS growth over the CSR bytes), --shuffled (the sets with
// their columns in a seeded random order, as hashed or alphabetical vocabularies come, stored
// as small-shuffled / large-shuffled). Writes bench/results/sparse.json after each set: a
// run replaces the entries of the sets it measures and keeps the others (each entry is dated).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LARGE, SMALL, bagOfWords, shuffleColumns, type BagOfWordsOptions } from "./sparse/bag-of-words.js";
import { writeBagOfWords } from "./sparse/files.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const PYTHON = "/usr/bin/python3";
const ONE_THREAD = { OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
/** l2 = λ: scikit-learn's C = 1/(λN). */
const LAMBDA = 1e-4;
const TARGET = 1e-8;

interface SetPlan {
  key: "small" | "large";
  options: BagOfWordsOptions;
  repeats: number;
  /** scikit-learn solvers and their max_iter. */
  sklearn: Array<[string, number]>;
}
const plans: SetPlan[] = [
  { key: "small", options: SMALL, repeats: Number(args.repeats ?? 31), sklearn: [["lbfgs", 20000], ["newton-cg", 1000], ["sag", 2000]] },
  // On the large set each scikit-learn run is capped (lbfgs 150 iterations, newton-cg 10) to
  // keep the run within the time a shared machine gives it; a capped run that has not reached
  // the target is reported with its final gap and time (its time to the target is longer).
  { key: "large", options: LARGE, repeats: Number(args.repeats ?? 9), sklearn: [["lbfgs", 150], ["newton-cg", 10]] },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function run(command: string, argv: string[], out: string, env: Record<string, string> = {}): any {
  const load = loadavg()[0];
  const t = performance.now();
  const child = spawnSync(command, argv, { cwd: root, encoding: "utf8", env: { ...process.env, ...ONE_THREAD, ...env }, maxBuffer: 64 << 20 });
  if (child.status !== 0) throw new Error(`${command} ${argv.join(" ")} failed (${child.status ?? child.signal}):\n${child.stderr.slice(-3000)}`);
  return { ...JSON.parse(readFileSync(out, "utf8")), load, wall: (performance.now() - t) / 1000 };
}
const node = (argv: string[], out: string) => run(process.execPath, ["--import", "tsx", join(here, "sparse", "child.ts"), ...argv], out);
const python = (argv: string[], out: string) => run(PYTHON, [join(here, "sparse", "sklearn_sparse.py"), ...argv], out);

console.log(`sparse benchmark on ${cpus()[0]?.model} (${cpus().length} logical cores), Node ${process.version}, λ = ${LAMBDA}, target gap ${TARGET}`);
const tmp = mkdtempSync(join(tmpdir(), "softmax-sparse-"));
const results: any[] = [];
try {
  for (const plan of plans) {
    if (args.only && args.only !== plan.key) continue;
    const set = "shuffled" in args ? shuffleColumns(bagOfWords(plan.options)) : bagOfWords(plan.options);
    const key = "shuffled" in args ? `${plan.key}-shuffled` : plan.key;
    const dir = join(tmp, plan.key);
    writeBagOfWords(dir, set);
    console.log(`\n== ${key}: ${set.description}; CSR ${(set.csrBytes / 2 ** 20).toFixed(1)} MiB`);

    const oursPass = node(["pass", dir, String(LAMBDA), String(plan.repeats), join(tmp, "ours-pass.json")], join(tmp, "ours-pass.json"));
    const numpyPass = python(["pass", dir, String(LAMBDA), String(plan.repeats), join(tmp, "np-pass.json")], join(tmp, "np-pass.json"));
    const pass = {
      ours: median(oursPass.seconds), oursNewArray: median(oursPass.newArraySeconds), numpy: median(numpyPass.seconds),
      oursCpu: median(oursPass.cpuSeconds), numpyCpu: median(numpyPass.cpuSeconds), load: [oursPass.load, numpyPass.load],
    };
    console.log(`  pass: ours ${(pass.ours * 1e3).toFixed(1)} ms (into a new array ${(pass.oursNewArray * 1e3).toFixed(1)} ms), numpy+scipy ${(pass.numpy * 1e3).toFixed(1)} ms: ratio ${(pass.ours / pass.numpy).toFixed(3)} (${(pass.oursNewArray / pass.numpy).toFixed(3)}; medians of ${plan.repeats}; load ${pass.load.map((l) => l.toFixed(2)).join(", ")})`);
    console.log(`  pass CPU time: ours ${(pass.oursCpu * 1e3).toFixed(1)} ms, numpy+scipy ${(pass.numpyCpu * 1e3).toFixed(1)} ms: ratio ${(pass.oursCpu / pass.numpyCpu).toFixed(3)} (medians; what a shared machine's waiting does not inflate)`);

    if (plan.key === "large" && !("large-fit" in args)) {
      let memory = null;
      let oursFit = null;
      if ("large-memory" in args) {
        const out = join(tmp, "ours-memory.json");
        const r = node(["memory", dir, String(LAMBDA), out], out);
        memory = { ours: r.peakRssDelta, csrBytes: set.csrBytes, ratio: r.peakRssDelta === null ? null : r.peakRssDelta / set.csrBytes };
        oursFit = { solver: r.solver, seconds: r.fitSeconds, iterations: r.iterations, converged: r.converged, final: r.final, load: r.load };
        console.log(`  ours alone: ${r.solver} ${r.fitSeconds.toFixed(2)} s, ${r.iterations} iterations, converged ${r.converged} [load ${r.load.toFixed(2)}]`);
        console.log(`  memory: ours peak RSS growth ${(r.peakRssDelta / 2 ** 20).toFixed(1)} MiB = ${memory.ratio?.toFixed(2)}× the CSR bytes`);
      }
      results.push({ set: key, description: set.description, csrBytes: set.csrBytes, lambda: LAMBDA, pass: { ...pass, ratio: pass.ours / pass.numpy, cpuRatio: pass.oursCpu / pass.numpyCpu, repeats: plan.repeats, oursSeconds: oursPass.seconds, oursNewArraySeconds: oursPass.newArraySeconds, oursCpuSeconds: oursPass.cpuSeconds, numpySeconds: numpyPass.seconds, numpyCpuSeconds: numpyPass.cpuSeconds }, fit: oursFit && { ours: oursFit, sklearn: null, ratio: null }, memory, versions: numpyPass.versions, uptime: readFileSync("/proc/loadavg", "utf8").trim(), date: new Date().toISOString() });
      save();
      continue;
    }
    const ours = node(["fit", dir, String(LAMBDA), join(tmp, "ours-fit.json")], join(tmp, "ours-fit.json"));
    console.log(`  ours: ${ours.solver} ${ours.fitSeconds.toFixed(2)} s, ${ours.iterations} iterations, converged ${ours.converged} [load ${ours.load.toFixed(2)}]`);
    const sklearn = plan.sklearn.map(([solver, maxIter]) => {
      const out = join(tmp, `sk-${solver}.json`);
      const r = python(["fit", dir, String(LAMBDA), solver, "1e-12", String(maxIter), out], out);
      console.log(`  scikit-learn ${solver}: ${r.fit_seconds.toFixed(2)} s to its stop, ${r.n_iter} iterations [load ${r.load.toFixed(2)}, ${r.wall.toFixed(0)} s wall]`);
      return r;
    });
    const optimum = Math.min(ours.optimum, ours.final, ...sklearn.map((r) => r.final));
    const gap = (f: number) => (f - optimum) / Math.abs(optimum);
    const reached = sklearn.map((r) => {
      const hit = (r.trace as [number, number][]).find(([, f]) => gap(f) <= TARGET);
      return { solver: r.solver, seconds: hit ? hit[0] : null, stopSeconds: r.fit_seconds, finalGap: gap(r.final), iterations: r.n_iter, peakRssDelta: r.peak_rss_delta, load: r.load };
    });
    const best = reached.filter((r) => r.seconds !== null).sort((a, b) => a.seconds! - b.seconds!)[0];
    const oursGap = gap(ours.final);
    const fitRatio = best ? ours.fitSeconds / best.seconds! : null;
    for (const r of reached) console.log(`  scikit-learn ${r.solver}: ${r.seconds === null ? `never within ${TARGET} (final gap ${r.finalGap.toExponential(1)})` : `${r.seconds.toFixed(2)} s to the ${TARGET} optimum`}`);
    console.log(`  fit: ours ${ours.fitSeconds.toFixed(2)} s (gap ${oursGap.toExponential(1)}), best scikit-learn ${best ? `${best.solver} ${best.seconds!.toFixed(2)} s` : "none reached the target"}: ratio ${fitRatio?.toFixed(3) ?? "n/a"}`);
    const memory = { ours: ours.peakRssDelta, csrBytes: set.csrBytes, ratio: ours.peakRssDelta === null ? null : ours.peakRssDelta / set.csrBytes };
    console.log(`  memory: ours peak RSS growth ${(ours.peakRssDelta / 2 ** 20).toFixed(1)} MiB = ${memory.ratio?.toFixed(2)}× the CSR bytes`);
    results.push({
      set: key, description: set.description, csrBytes: set.csrBytes, lambda: LAMBDA, target: TARGET, optimum,
      pass: { ...pass, ratio: pass.ours / pass.numpy, cpuRatio: pass.oursCpu / pass.numpyCpu, repeats: plan.repeats, oursSeconds: oursPass.seconds, oursNewArraySeconds: oursPass.newArraySeconds, oursCpuSeconds: oursPass.cpuSeconds, numpySeconds: numpyPass.seconds, numpyCpuSeconds: numpyPass.cpuSeconds },
      fit: { ours: { solver: ours.solver, seconds: ours.fitSeconds, iterations: ours.iterations, converged: ours.converged, gap: oursGap, load: ours.load }, sklearn: reached, best: best?.solver ?? null, ratio: fitRatio },
      memory,
      versions: numpyPass.versions,
      uptime: readFileSync("/proc/loadavg", "utf8").trim(),
      date: new Date().toISOString(),
    });
    save();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** Write the sets measured so far over the stored entries of the other sets. */
function save(): void {
  const path = join(here, "results", "sparse.json");
  let kept: any[] = [];
  try {
    kept = JSON.parse(readFileSync(path, "utf8")).results.filter((r: any) => !results.some((n) => n.set === r.set));
  } catch {
    kept = [];
  }
  const all = [...kept, ...results].sort((a, b) => a.set.localeCompare(b.set));
  writeFileSync(path, JSON.stringify({ cpu: cpus()[0]?.model, node: process.version, date: new Date().toISOString(), results: all }, null, 2) + "\n");
  console.log("  wrote bench/results/sparse.json");
}
