// A/B of kernel builds: node bench/kernels-ab.mjs A.wasm B.wasm [...]
//
// Loads each build of the module (build/softmax.wasm, or one compiled from another commit's
// assembly/ with `npx asc assembly/index.ts --config asconfig.json --target release -o X.wasm`)
// and times the same kernels on the same 100 000 × 100 × 10 data in CPU time
// (process.cpuUsage), the builds interleaved call by call, so that the load of a shared machine
// hits all of them alike and a process waiting for a core adds nothing. Prints the median and
// the fastest call of each, and whether the builds' gradients agree bit for bit.
// Environment: REPS (calls per kernel and build, default 15), KERNELS (comma-separated subset).
import { d, K, load, problem } from "./kernels-builds.mjs";

const files = process.argv.slice(2);
if (files.length === 0) throw new Error("usage: node bench/kernels-ab.mjs A.wasm [B.wasm ...]");
const reps = Number(process.env.REPS ?? 15);
const data = problem();
const n = data.n;

const builds = [];
for (const file of files) builds.push(await load(file, data));
const names = process.env.KERNELS ? process.env.KERNELS.split(",") : Object.keys(builds[0].kernels);
const flops = { lossGradient: 4 * n * (d + 1) * K, hessianVector: 4 * n * (d + 1) * K };
const cpuMs = (call) => {
  const start = process.cpuUsage();
  call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const times = new Map();
for (let r = 0; r < reps; r++) {
  for (const name of names) {
    for (const build of builds) {
      const key = `${name}\t${build.file}`;
      if (!times.has(key)) times.set(key, []);
      times.get(key).push(cpuMs(build.kernels[name]));
    }
  }
}
for (const name of names) {
  for (const build of builds) {
    const t = times.get(`${name}\t${build.file}`).sort((a, b) => a - b);
    const median = t[t.length >> 1];
    const rate = flops[name] ? `  ${(flops[name] / median / 1e6).toFixed(2)} GFLOP/s` : "";
    console.log(`${name.padEnd(22)} ${build.file.padEnd(28)} median ${median.toFixed(2).padStart(8)} ms  fastest ${t[0].toFixed(2).padStart(8)} ms${rate}`);
  }
}
const reference = builds[0].gradient();
for (const build of builds.slice(1)) {
  const g = build.gradient();
  const differing = g.reduce((count, value, i) => count + (Object.is(value, reference[i]) ? 0 : 1), 0);
  console.log(`${build.file}: ${differing} of ${g.length} gradient entries differ in bits from ${builds[0].file}`);
}
const referenceDirection = builds[0].direction();
for (const build of builds.slice(1)) {
  const dd = build.direction();
  const differing = dd.reduce((count, value, i) => count + (Object.is(value, referenceDirection[i]) ? 0 : 1), 0);
  console.log(`${build.file}: ${differing} of ${dd.length} two-loop direction entries differ in bits from ${builds[0].file}`);
}
