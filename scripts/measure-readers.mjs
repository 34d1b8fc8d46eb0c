// The measurements behind the CLI's file readers (README, "Command line"): the time to read a
// 100 000-row file (10 float columns, an int label and a string column) into columns, side by
// side in one process, medians of 7 runs, and each package's installed size. The contenders
// that are not dependencies of this package must be installed first, outside the repository:
//
//   mkdir /tmp/readers && cd /tmp/readers && npm init -y && npm install \
//     papaparse@5.7.1 csv-parse@7.0.3 hyparquet@1.33.0 hyparquet-writer@0.17.0 \
//     parquet-wasm@0.8.0 apache-arrow@21.2.0 @uwdata/flechette@2.6.0
//   node /path/to/softmax-regression/scripts/measure-readers.mjs /tmp/readers
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.argv[2] ?? process.cwd();
const require = createRequire(join(dir, "package.json"));
const load = async (name) => import(pathToFileURL(require.resolve(name)).href);
const [Papa, { parse: csvParse }, hyparquet, { parquetWriteBuffer }, parquetWasm, arrow, flechette] = await Promise.all(
  ["papaparse", "csv-parse/sync", "hyparquet", "hyparquet-writer", "parquet-wasm", "apache-arrow", "@uwdata/flechette"].map(load),
);

// The data: xorshift32, so that the numbers are not compressible patterns.
let s = 0x12345;
const rnd = () => ((s ^= s << 13), (s >>>= 0), (s ^= s >>> 17), (s ^= s << 5), (s >>>= 0), s / 2 ** 32);
const N = 100_000, d = 10;
const label = Int32Array.from({ length: N }, () => Math.floor(rnd() * 3));
const colour = Array.from({ length: N }, () => ["red", "green", "blue"][Math.floor(rnd() * 3)]);
const x = Array.from({ length: d }, () => Float64Array.from({ length: N }, () => Number((rnd() * 10 - 5).toPrecision(8))));
const names = ["label", "colour", ...x.map((_, j) => `x${j}`)];
const lines = [names.join(",")];
for (let i = 0; i < N; i++) lines.push([label[i], colour[i], ...x.map((c) => c[i])].join(","));
const csv = lines.join("\n") + "\n";
const parquet = parquetWriteBuffer({
  columnData: [
    { name: "label", data: Array.from(label), type: "INT32" },
    { name: "colour", data: colour, type: "STRING" },
    ...x.map((c, j) => ({ name: `x${j}`, data: Array.from(c), type: "DOUBLE" })),
  ],
});
const ipc = arrow.tableToIPC(arrow.tableFromArrays({ label, colour, ...Object.fromEntries(x.map((c, j) => [`x${j}`, c])) }), "file");

const sum = (column, n = N) => { let t = 0; for (let i = 0; i < n; i++) t += Number(column(i)); return t; };
const contenders = {
  CSV: {
    papaparse: () => { const rows = Papa.default.parse(csv, { delimiter: ",", skipEmptyLines: false }).data; return sum((i) => rows[i + 1][2]); },
    "csv-parse": () => { const rows = csvParse(csv, { relax_column_count: true }); return sum((i) => rows[i + 1][2]); },
  },
  Parquet: {
    hyparquet: async () => {
      const cols = {};
      await hyparquet.parquetRead({ file: parquet, onChunk: (c) => { (cols[c.columnName] ??= []).push(c.columnData); } });
      return sum((i) => cols.x0[0][i]);
    },
    "parquet-wasm": async () => {
      const t = arrow.tableFromIPC(parquetWasm.readParquet(new Uint8Array(parquet)).intoIPCStream());
      const c = t.getChild("x0");
      return sum((i) => c.get(i));
    },
  },
  Arrow: {
    flechette: () => { const c = flechette.tableFromIPC(ipc).getChild("x0"); return sum((i) => c.at(i)); },
    "apache-arrow": () => { const c = arrow.tableFromIPC(ipc).getChild("x0"); return sum((i) => c.get(i)); },
  },
};
const du = (name) => Number(execFileSync("du", ["-sk", join(dir, "node_modules", name)], { encoding: "utf8" }).split("\t")[0]);
const deps = (name) => Object.keys(JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")).dependencies ?? {});
const results = [];
for (const [format, group] of Object.entries(contenders)) {
  const times = Object.fromEntries(Object.keys(group).map((k) => [k, []]));
  const sums = {};
  for (let rep = 0; rep < 7; rep++) {
    for (const [name, read] of Object.entries(group)) {
      const t = performance.now();
      sums[name] = await read();
      times[name].push(performance.now() - t);
    }
  }
  const values = Object.values(sums);
  if (values.some((v) => Math.abs(v - values[0]) > 1e-6 * Math.abs(values[0]))) throw new Error(`${format}: the readers disagree: ${JSON.stringify(sums)}`);
  const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
  const fastest = Math.min(...Object.values(times).map(median));
  for (const [name, t] of Object.entries(times)) {
    const packageName = name === "flechette" ? "@uwdata/flechette" : name;
    results.push({ format, reader: name, medianMs: Number(median(t).toFixed(1)), vsFastest: Number((median(t) / fastest).toFixed(2)), installKB: du(packageName), dependencies: deps(packageName) });
  }
}
console.log(`load average ${execFileSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).split(" ").slice(0, 3).join(" ")}; ${N} rows; CSV ${(csv.length / 1e6).toFixed(1)} MB, Parquet ${(parquet.byteLength / 1e6).toFixed(1)} MB, Arrow ${(ipc.byteLength / 1e6).toFixed(1)} MB`);
console.table(results.map((r) => ({ ...r, dependencies: r.dependencies.join(" ") || "none" })));
const out = new URL("../bench/results/readers.json", import.meta.url);
writeFileSync(out, JSON.stringify({ measured: new Date().toISOString(), node: process.version, rows: N, results }, null, 2) + "\n");
console.log(`wrote ${out.pathname}`);
