// Instruction counts per kernel call, repeatable whatever the load of the machine:
//   node bench/kernels-count.mjs A.wasm [B.wasm ...]
// For each build and kernel, runs this script as a child under valgrind's callgrind twice, doing
// 1 and then 1 + CALLS calls after two warm-up calls (node --no-liftoff: only the optimising
// compiler's code runs, compiled before either count), and prints (Ir of the second − Ir of the
// first) / CALLS. Data: the first ROWS rows (default 20 000) of the 100 000 × 100 × 10 problem of
// bench/kernels-ab.mjs.
// Environment: ROWS, CALLS (default 10: fewer leave the JIT's and GC's noise visible), KERNELS (comma-separated subset, default lossGradient).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { load, problem } from "./kernels-builds.mjs";

const rows = Number(process.env.ROWS ?? 20_000);

if (process.argv[2] === "--child") {
  const [, , , file, kernel, count] = process.argv;
  const build = await load(file, problem(rows));
  const call = build.kernels[kernel];
  if (!call) throw new Error(`no kernel ${kernel}`);
  for (let i = 0; i < 2 + Number(count); i++) call();
} else {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error("usage: node bench/kernels-count.mjs A.wasm [B.wasm ...]");
  const calls = Number(process.env.CALLS ?? 10);
  const kernels = (process.env.KERNELS ?? "lossGradient").split(",");
  const dir = mkdtempSync(join(tmpdir(), "kernels-count-"));
  const self = fileURLToPath(import.meta.url);
  const instructions = (file, kernel, count) => {
    const out = join(dir, `cg.${count}`);
    const run = spawnSync("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, process.execPath, "--no-liftoff", "--no-wasm-lazy-compilation", "--single-threaded", self, "--child", file, kernel, String(count)], {
      encoding: "utf8", env: { ...process.env, ROWS: String(rows) },
    });
    if (run.status !== 0) throw new Error(run.stderr);
    const summary = readFileSync(out, "utf8").match(/^summary: (\d+)/m) ?? readFileSync(out, "utf8").match(/^totals: (\d+)/m);
    return Number(summary[1]);
  };
  try {
    for (const kernel of kernels) {
      for (const file of files) {
        const per = (instructions(file, kernel, 1 + calls) - instructions(file, kernel, 1)) / calls;
        console.log(`${kernel.padEnd(16)} ${file.padEnd(28)} ${(per / 1e6).toFixed(2).padStart(9)} M instructions per call (${rows} rows, ${(per / rows).toFixed(0)} per row)`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
