#!/usr/bin/env node
// Cross-runtime tests of the packed softmax-regression package.
//
//   node test/runtimes/run.mjs [package.tgz] [--only node,deno,...] [--timeout 60] [--build] [--keep] [--verbose]
//
// Packs this package (`npm pack` into a temp dir; dist/ as built, or rebuilt with --build)
// unless a tarball is given, installs it into a scratch project in a temp dir as a user
// would ("tarball": no install scripts, no npm warnings, LICENSE, every export present), runs
// probe.mjs (fit, predictProba, saved models, the predict-only entry; IEEE bit patterns)
// in Node, Deno, Bun, Cloudflare workerd, Vercel edge-runtime and headless Chromium
// (import map, esbuild bundle, and the browser example with a screenshot), then
// type-checks test/types/consumer.ts against the installed package, and
// test/types/matrix/consumer.ts under every moduleResolution × module setting (running the
// CommonJS and ESM builds of it in Node). "commonjs" is Node again through require().
// Every runtime's result must equal Node's bit for bit. One line per check, then `total`, then
// `N passed, N failed`; exit 1 on any failure (130 interrupted, 2 usage).
//
// Tools: this repository's devDependencies (deno, bun, workerd, edge-runtime,
// playwright-core, esbuild, typescript); Chromium is Debian's /usr/bin/chromium
// (CHROMIUM_PATH to use another; installed with apt-get here if missing and we are root,
// unless RT_NO_APT=1).

import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, writeFile, copyFile, cp, rm, rmdir, mkdir, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve, dirname, basename, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { selfChecks } from "./probe.mjs";
import { onnxProblems } from "./onnx-probe.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const NM = join(ROOT, "node_modules");
const RUNTIMES = ["tarball", "cli", "node", "commonjs", "deno", "bun", "workerd", "edge-runtime", "chromium", "types"];

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const opt = { only: null, timeout: 60, keep: false, verbose: false, build: false, tarball: null };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--only") opt.only = (argv[++i] ?? "").split(",");
  else if (a === "--timeout") opt.timeout = Number(argv[++i]);
  else if (a === "--keep") opt.keep = true;
  else if (a === "--build") opt.build = true;
  else if (a === "--verbose" || a === "-v") opt.verbose = true;
  else if (a === "-h" || a === "--help") {
    console.log(`usage: node test/runtimes/run.mjs [package.tgz] [--only ${RUNTIMES.join(",")}] [--timeout SECONDS] [--build] [--keep] [--verbose]`);
    process.exit(0);
  } else if (a.startsWith("-")) die(`unknown option ${a}`);
  else if (!opt.tarball) opt.tarball = resolve(a);
  else die(`unexpected argument ${a}`);
}
if (opt.tarball && !existsSync(opt.tarball)) die(`tarball not found: ${opt.tarball}`);
if (!(opt.timeout > 0)) die("--timeout needs a positive number of seconds");
const selected = opt.only ?? [...RUNTIMES];
for (const r of selected) if (!RUNTIMES.includes(r)) die(`unknown runtime ${r}; known: ${RUNTIMES.join(", ")}`);
const NO_PROBE = ["tarball", "types"];
if (selected.some((r) => !NO_PROBE.includes(r)) && !selected.includes("node")) selected.splice(selected.indexOf("tarball") + 1, 0, "node"); // the reference
const TIMEOUT_MS = opt.timeout * 1000;

function die(msg) {
  console.error(`run.mjs: ${msg}`);
  process.exit(2);
}
const log = (...a) => opt.verbose && console.error("  ·", ...a);

// ---------------------------------------------------------------- processes
// Every child runs in its own process group (detached) so that the whole tree can be
// killed; after each runtime, any process still referring to the scratch dir
// (e.g. Chromium, which playwright starts in a group of its own) is killed by pid.
const live = new Set();

function runProc(cmd, args, { cwd, env = {}, timeoutMs = TIMEOUT_MS, onSpawn } = {}) {
  return new Promise((resolveP) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      cwd, detached: true, stdio: ["ignore", "pipe", "pipe"],
      // TMPDIR inside the scratch dir: Chromium's and playwright's temp dirs (left behind
      // when a run is killed) go away with it.
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...(scratch ? { TMPDIR: join(scratch, "tmp") } : {}), ...env },
    });
    const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch {} };
    const entry = { pid: child.pid, stop: () => { killGroup("SIGTERM"); setTimeout(() => killGroup("SIGKILL"), 3000).unref(); } };
    live.add(entry);
    let stdout = "", stderr = "", timedOut = false, settled = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      setTimeout(() => killGroup("SIGKILL"), 3000).unref();
    }, timeoutMs);
    const finish = (code, signal, error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup("SIGKILL"); // leftovers of the group, if any
      live.delete(entry);
      resolveP({ code, signal, error, stdout, stderr, timedOut, timeoutMs, ms: performance.now() - t0 });
    };
    child.on("error", (e) => finish(null, null, e));
    child.on("close", (code, signal) => finish(code, signal));
    if (onSpawn) onSpawn(child, killGroup);
  });
}

// Kill every process whose command line or cwd mentions `dir` (by pid, plus its whole
// process group, e.g. Chromium's helpers, whose command lines do not name the profile),
// then wait (up to 3 s) until they are gone or reaped.
function procStat(pid) {
  const t = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = t.slice(t.lastIndexOf(")") + 2).split(" "); // state ppid pgrp ...
  return { state: f[0], pgid: Number(f[2]) };
}
const OWN_PGID = procStat(process.pid).pgid;
async function sweep(dir) {
  const pids = [], groups = new Set();
  const all = () => readdirSync("/proc").filter((p) => /^\d+$/.test(p)).map(Number).filter((p) => p !== process.pid);
  for (const pid of all()) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      let cwd = "";
      try { cwd = readlinkSync(`/proc/${pid}/cwd`); } catch {}
      if (cmdline.includes(dir) || cwd === dir || cwd.startsWith(dir + "/")) {
        const { pgid, state } = procStat(pid);
        if (state === "Z") continue;
        pids.push(pid);
        try { process.kill(pid, "SIGKILL"); } catch {}
        if (pgid > 1 && pgid !== OWN_PGID) groups.add(pgid);
      }
    } catch {}
  }
  for (const g of groups) { try { process.kill(-g, "SIGKILL"); } catch {} }
  const lingering = () => all().some((pid) => {
    try { const s = procStat(pid); return s.state !== "Z" && (pids.includes(pid) || groups.has(s.pgid)); } catch { return false; }
  });
  for (let i = 0; i < 30 && pids.length && lingering(); i++) await new Promise((z) => setTimeout(z, 100));
  return pids.length;
}

/** `f` over `items`, at most `limit` at a time; results in the order of `items`. */
async function mapLimit(items, limit, f) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

// Binary of an npm package: the platform package's, or where the wrapper's postinstall
// moved it (npm 11 warns that install scripts are "not yet covered by allowScripts";
// with --ignore-scripts, node_modules/.bin/bun is only a placeholder).
function findBin(candidates) {
  for (const c of candidates) {
    const p = join(NM, c);
    try { if (statSync(p).isFile() && statSync(p).size > 1e6) return p; } catch {}
  }
  return null;
}
function ovenBun() {
  try {
    return readdirSync(join(NM, "@oven")).filter((d) => d.startsWith("bun-linux-")).map((d) => `@oven/${d}/bin/bun`);
  } catch { return []; }
}
const pkgVersion = (name) => { try { return JSON.parse(readFileSync(join(NM, name, "package.json"), "utf8")).version; } catch { return "?"; } };

function parseProbe(text) {
  const line = text.split("\n").reverse().find((l) => l.startsWith("@@PROBE@@"));
  if (!line) return null;
  return JSON.parse(line.slice("@@PROBE@@".length));
}
function procFailure(r, what) {
  if (r.error) return `${what}: ${r.error.message}`;
  if (r.timedOut) return `${what}: timed out after ${r.timeoutMs / 1000}s`;
  const tail = (r.stderr || r.stdout).trim().split("\n").slice(-8).join("\n    ");
  return `${what}: exit ${r.code ?? r.signal}, no probe output\n    ${tail}`;
}
function fromProc(r, what) {
  if (r.timedOut) return { error: `${what}: timed out after ${r.timeoutMs / 1000}s` };
  const out = parseProbe(r.stdout);
  if (!out) return { error: procFailure(r, what) };
  return out;
}

// First few differing leaves of two JSON values, e.g. `fit.proba[3][1]: node "3fe0.." vs "3fe0.."`.
function describeDiff(a, b) {
  const diffs = [];
  let count = 0;
  (function walk(x, y, path) {
    if (x && y && typeof x === "object" && typeof y === "object") {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of keys) walk(x[k], y[k], Array.isArray(x) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      count++;
      if (diffs.length < 3) diffs.push(`${path}: node ${JSON.stringify(x)?.slice(0, 80)} vs ${JSON.stringify(y)?.slice(0, 80)}`);
    }
  })(a, b, "");
  return `${count} value(s) differ from Node's\n    ${diffs.join("\n    ")}`;
}

// ---------------------------------------------------------------- runtimes
let esbuild; // loaded lazily
async function getEsbuild() { return (esbuild ??= await import("esbuild")); }

// The edge checks (workerd, edge-runtime): no wasm compilation from bytes, the
// workerd/edge-light conditions select the init() flavours, init is required first.
function edgeProblems(checks = {}) {
  const bad = [];
  for (const k of ["beforeInitModel", "beforeInitPredictor"]) {
    const e = checks[k];
    if (!(e?.code === "NOT_INITIALIZED" && e.isSoftmaxError && e.namesInit)) bad.push(`${k}: expected SoftmaxRegressionError NOT_INITIALIZED naming init, got ${JSON.stringify(e)}`);
  }
  for (const [k, v] of Object.entries(checks.compileFromBytes ?? {})) if (!String(v).startsWith("refused")) bad.push(`${k} is allowed: not production-like`);
  if (checks.mainEntryIsEdge !== true) bad.push('"softmax-regression" did not resolve to the edge entry');
  if (checks.predictEntryIsEdge !== true) bad.push('"softmax-regression/predict" did not resolve to the predict/edge entry');
  if (checks.wasmImport !== "[object WebAssembly.Module]") bad.push(`softmax-regression/wasm imported as ${checks.wasmImport}, not a WebAssembly.Module`);
  if (checks.fitOnPredictModule !== "NOT_INITIALIZED") bad.push(`a fit with only the prediction-only module gave ${checks.fitOnPredictModule}, not NOT_INITIALIZED`);
  if (checks.predictModuleMatchesFull !== true) bad.push("the prediction-only module's probabilities differ from the full module's");
  return bad;
}

// TypeScript settings a consumer may have: every moduleResolution with module commonjs and
// esm (bundler has no commonjs: tsc refuses that pair; "preserve" stands in for it, where
// `require` keeps its condition). `run`: emit the consumer and run it in Node.
const TYPE_MATRIX = [
  { name: "node10-commonjs", module: "CommonJS", moduleResolution: "Node10", type: "commonjs", run: true },
  { name: "node10-esm", module: "ES2022", moduleResolution: "Node10", type: "module" },
  { name: "node16-commonjs", module: "Node16", moduleResolution: "Node16", type: "commonjs", run: true },
  { name: "node16-esm", module: "Node16", moduleResolution: "Node16", type: "module", run: true },
  { name: "nodenext-commonjs", module: "NodeNext", moduleResolution: "NodeNext", type: "commonjs" },
  { name: "nodenext-esm", module: "NodeNext", moduleResolution: "NodeNext", type: "module" },
  { name: "bundler-esnext", module: "ESNext", moduleResolution: "Bundler", type: "module" },
  { name: "bundler-preserve", module: "Preserve", moduleResolution: "Bundler", type: "module" },
];

// What the matrix consumer must report when it runs (labels of a separable toy problem).
function consumerProblems(out) {
  if (!out || out.error) return [`the consumer failed: ${out?.error ?? "no output"}`];
  const bad = [];
  if (JSON.stringify(out.labels) !== JSON.stringify(["a", "b", "a", "b", "a", "b"])) bad.push(`labels ${JSON.stringify(out.labels)}`);
  for (const k of ["initialized", "predictorMatches", "sameMatches", "importedMatches", "typedPredictorMatches", "reloadedMatches"]) {
    if (out[k] !== true) bad.push(`${k} is ${out[k]}`);
  }
  if (JSON.stringify(out.typedLabels) !== JSON.stringify(out.labels)) bad.push(`typed labels ${JSON.stringify(out.typedLabels)}`);
  // x1 − x2 > 0 is "yes": rows [0,1], [1,0], [2,2], [3,1], [0.5,2], [2.5,0.5].
  if (JSON.stringify(out.sklearnLabels) !== JSON.stringify(["no", "yes", "no", "yes", "no", "yes"])) bad.push(`fromSklearn labels ${JSON.stringify(out.sklearnLabels)}`);
  if (!(out.onnxBytes > 0)) bad.push("toONNX gave no bytes");
  if (out.errorCode !== "INVALID_MODEL") bad.push(`error code ${out.errorCode}`);
  return bad;
}

/** npm's warnings when installing the tarball into the scratch project (set by main). */
let installWarnings = [];
const LIFECYCLE = ["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare"];

const runners = {
  // What a consumer gets: no install scripts and no npm warnings, a LICENSE, only dist/ and
  // the docs, and a file behind every "exports" and "typesVersions" target.
  async tarball(S) {
    const pkgDir = join(S, "node_modules", "softmax-regression");
    const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    const problems = [];
    const scripts = Object.keys(pkg.scripts ?? {}).filter((k) => LIFECYCLE.includes(k));
    if (scripts.length) problems.push(`the packed package.json has install-time scripts: ${scripts.join(", ")}`);
    if (installWarnings.length) problems.push(`npm install of the tarball warned:\n${installWarnings.join("\n")}`);
    const license = existsSync(join(pkgDir, "LICENSE")) ? readFileSync(join(pkgDir, "LICENSE"), "utf8") : "";
    if (!/^MIT License/.test(license) || !license.includes("softmax-regression contributors")) problems.push("LICENSE missing or not the MIT text");
    if (pkg.license !== "MIT") problems.push(`package.json license is ${pkg.license}`);
    const top = readdirSync(pkgDir).sort();
    const extra = top.filter((f) => !["LICENSE", "README.md", "dist", "package.json"].includes(f));
    if (extra.length) problems.push(`the tarball carries ${extra.join(", ")}`);
    const targets = [];
    (function walk(v) {
      if (typeof v === "string") targets.push(v);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    })([pkg.exports, pkg.typesVersions, pkg.main, pkg.types]);
    const missing = [...new Set(targets)].filter((t) => !existsSync(join(pkgDir, t)));
    if (missing.length) problems.push(`exports/typesVersions targets missing from the tarball: ${missing.join(", ")}`);
    return {
      noProbe: true,
      problems,
      notes: { runtime: `${top.join(", ")}; ${readdirSync(join(pkgDir, "dist"), { recursive: true }).length} entries in dist/` },
    };
  },

  // The installed bin, as `npx softmax-regression` runs it: help, then fit and predict a CSV.
  async cli(S) {
    const bin = join(S, "node_modules", ".bin", "softmax-regression");
    const problems = [];
    const help = await runProc(bin, ["--help"], { cwd: S });
    if (help.code !== 0 || !help.stdout.includes("Commands:")) problems.push(procFailure(help, "softmax-regression --help"));
    const fit = await runProc(bin, ["fit", "test/fixtures/digits.csv", "--target", "label", "--l2", "0.01", "-o", "cli-model.json"], { cwd: S });
    if (fit.code !== 0 || !/converged/.test(fit.stderr)) problems.push(procFailure(fit, "softmax-regression fit"));
    const predict = await runProc(bin, ["predict", "cli-model.json", "test/fixtures/digits.csv"], { cwd: S });
    const lines = predict.stdout.trim().split("\n");
    if (predict.code !== 0 || lines[0] !== "prediction" || lines.length < 2) problems.push(procFailure(predict, "softmax-regression predict"));
    const wrong = await runProc(bin, ["fit", "missing.csv", "--target", "label"], { cwd: S });
    if (wrong.code !== 1 || !/^softmax-regression: cannot read data file missing\.csv/.test(wrong.stderr)) problems.push(procFailure(wrong, "softmax-regression fit missing.csv (should fail)"));
    return { noProbe: true, problems, notes: { runtime: `bin ${relative(S, bin)}: help, fit and predict on digits.csv (${lines.length - 1} predictions)` } };
  },

  async node(S) {
    return fromProc(await runProc(process.execPath, ["esm-main.mjs"], { cwd: S }), "node");
  },

  async commonjs(S) {
    const out = fromProc(await runProc(process.execPath, ["cjs-main.cjs"], { cwd: S }), "commonjs");
    const problems = [];
    for (const [subpath, same] of Object.entries(out.checks?.sameExports ?? {})) {
      if (same !== true) problems.push(`require("${subpath}") exports ${JSON.stringify(same.cjs)}, import() ${JSON.stringify(same.esm)}`);
    }
    if (out.checks && out.checks.sharedClasses !== true) problems.push("the CommonJS entries do not share one copy of the library");
    return { ...out, problems };
  },

  async deno(S) {
    const deno = findBin(["@deno/linux-x64-glibc/deno", "deno/deno"]);
    if (!deno) return { error: "deno binary not found (npm i -D deno)" };
    // With a package.json in cwd and --node-modules-dir=manual, Deno resolves the bare
    // specifier from ./node_modules (no registry access; npm: specifiers would need one).
    const r = await runProc(deno, ["run", "--no-prompt", "--allow-read=.", "--node-modules-dir=manual", "--no-lock", "--no-config", "esm-main.mjs"], {
      cwd: S, env: { DENO_DIR: join(S, ".cache", "deno"), DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" },
    });
    return fromProc(r, "deno");
  },

  async bun(S) {
    const bun = findBin([...ovenBun(), "bun/bin/bun.exe"]);
    if (!bun) return { error: "bun binary not found (npm i -D bun)" };
    const r = await runProc(bun, ["--no-install", "esm-main.mjs"], {
      cwd: S, env: { BUN_INSTALL_CACHE_DIR: join(S, ".cache", "bun"), BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0", DO_NOT_TRACK: "1" },
    });
    return fromProc(r, "bun");
  },

  async workerd(S) {
    const workerd = findBin(["@cloudflare/workerd-linux-64/bin/workerd", "workerd/bin/workerd"]);
    if (!workerd) return { error: "workerd binary not found (npm i -D workerd)" };
    const out = join(S, "workerd");
    const { build } = await getEsbuild();
    // One ES module plus the .wasm as a CompiledWasm module (what wrangler uploads): the
    // `copy` loader keeps `import m from "./softmax-HASH.wasm"` in the bundle.
    const res = await build({
      entryPoints: [join(S, "edge-worker.mjs")], outdir: out, bundle: true, format: "esm",
      platform: "neutral", conditions: ["workerd", "worker", "browser"], mainFields: ["module", "main"],
      loader: { ".wasm": "copy" }, assetNames: "[name]-[hash]", metafile: true, logLevel: "silent",
    });
    const files = Object.keys(res.metafile.outputs).map((f) => relative(out, resolve(f)));
    const mainJs = files.find((f) => f.endsWith(".js"));
    const wasms = files.filter((f) => f.endsWith(".wasm"));
    const modules = [`(name = "${mainJs}", esModule = embed "${mainJs}")`, ...wasms.map((w) => `(name = "${w}", wasm = embed "${w}")`)];
    log("workerd modules:", modules.join(" "));
    const version = spawnSync(workerd, ["--version"], { encoding: "utf8" }).stdout.trim(); // "workerd 2026-11-17"
    const buildDate = version.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? "2025-05-05";
    // Two compatibility dates: the newest this workerd knows (a new project's), and one
    // before 2025-05-05, when Workers had no WeakRef / FinalizationRegistry (older projects).
    const dates = [buildDate, "2025-01-01"];
    const runs = {};
    for (const date of dates) {
      const port = await freePort();
      const config = join(out, `config-${date}.capnp`);
      await writeFile(config, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .probeWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const probeWorker :Workerd.Worker = (
  modules = [ ${modules.join(",\n    ")} ],
  compatibilityDate = "${date}",
);
`);
      let body = null, fetchErr = null;
      const r = await runProc(workerd, ["serve", config], {
        cwd: out,
        onSpawn: async (child, killGroup) => {
          const deadline = Date.now() + TIMEOUT_MS; // runProc kills workerd at the timeout anyway
          let exited = false;
          child.once("close", () => (exited = true));
          while (!exited && Date.now() < deadline) {
            try {
              const resp = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(Math.max(100, deadline - Date.now())) });
              body = await resp.text();
              break;
            } catch (e) {
              fetchErr = e;
              await new Promise((z) => setTimeout(z, 100));
            }
          }
          killGroup("SIGTERM");
        },
      });
      const what = "workerd";
      if (body == null) runs[date] = { error: procFailure(r, `${what} (last fetch error: ${fetchErr?.cause?.code ?? fetchErr?.message})`) };
      else {
        try { runs[date] = JSON.parse(body); } catch { runs[date] = { error: `${what}: non-JSON response: ${body.slice(0, 300)}` }; }
      }
    }
    const [main, ...others] = dates.map((d) => runs[d]);
    const problems = dates.flatMap((d) => (runs[d].checks ? edgeProblems(runs[d].checks).map((p) => `compatibilityDate ${d}: ${p}`) : []));
    return {
      ...main,
      problems,
      alsoCompare: Object.fromEntries(others.map((o, i) => [`compatibilityDate ${dates[i + 1]}`, o])),
      notes: { runtime: `${version} (npm workerd ${pkgVersion("workerd")}), compatibilityDate ${dates.join(" and ")}` },
    };
  },

  async "edge-runtime"(S) {
    const out = join(S, "edge-runtime");
    const { build } = await getEsbuild();
    const wasmPaths = {};
    // edge-runtime evaluates one classic script; the wasm import becomes a binding
    // (a host-compiled WebAssembly.Module put on the VM's global), as Next.js does.
    const wasmBinding = {
      name: "wasm-binding",
      setup(b) {
        b.onResolve({ filter: /^softmax-regression\/wasm(\/predict)?$/ }, async (args) => {
          if (args.namespace === "wasm-binding") return;
          const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, namespace: "wasm-binding" });
          wasmPaths[args.path] = r.path;
          return { path: r.path, namespace: "wasm-binding" };
        });
        b.onLoad({ filter: /.*/, namespace: "wasm-binding" }, (args) => ({
          contents: `export default globalThis.${args.path.endsWith("softmax-predict.wasm") ? "__softmax_predict_wasm_module__" : "__softmax_wasm_module__"};`, loader: "js",
        }));
      },
    };
    await build({
      entryPoints: [join(S, "edge-runtime-entry.mjs")], outfile: join(out, "bundle.js"), bundle: true,
      format: "iife", platform: "browser", target: "es2022", conditions: ["edge-light", "worker", "browser"],
      plugins: [wasmBinding], logLevel: "silent",
    });
    const [wasmPath, predictWasmPath] = [wasmPaths["softmax-regression/wasm"], wasmPaths["softmax-regression/wasm/predict"]];
    if (!wasmPath || !predictWasmPath) return { error: "edge-runtime: the bundle did not import softmax-regression/wasm and softmax-regression/wasm/predict" };
    const r = await runProc(process.execPath, [join(HERE, "edge-runtime-host.mjs"), join(out, "bundle.js"), wasmPath, predictWasmPath], { cwd: S });
    const parsed = fromProc(r, "edge-runtime");
    if (parsed.checks) parsed.problems = edgeProblems(parsed.checks);
    return parsed;
  },

  async chromium(S) {
    const exe = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
    if (!existsSync(exe)) {
      if (process.getuid?.() !== 0 || process.env.RT_NO_APT) return { error: `${exe} missing: apt-get install -y chromium` };
      console.error(`  · ${exe} missing: apt-get install -y chromium (one-off)`);
      const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
      let a = spawnSync("apt-get", ["install", "-y", "-q", "chromium"], { stdio: "ignore", env });
      if (a.status !== 0) {
        spawnSync("apt-get", ["update", "-q"], { stdio: "ignore", env });
        a = spawnSync("apt-get", ["install", "-y", "-q", "chromium"], { stdio: "ignore", env });
      }
      if (a.status !== 0 || !existsSync(exe)) return { error: "apt-get install chromium failed" };
    }
    // The probe as users ship it: one esbuild bundle for the browser (browser condition).
    const { build } = await getEsbuild();
    const b = await build({
      entryPoints: [join(S, "browser-entry.mjs")], outfile: join(S, "bundle", "probe.js"), bundle: true,
      format: "esm", platform: "browser", target: "es2022", logLevel: "silent", metafile: true,
    });
    const bundleBytes = Object.values(b.metafile.outputs)[0]?.bytes;
    const r = await runProc(process.execPath, [join(HERE, "chromium-host.mjs"), S, join(S, "chrome-profile"), shotDir], {
      cwd: S, env: { CHROMIUM_PATH: exe }, timeoutMs: 4 * TIMEOUT_MS, // launch may retry (chromium-host.mjs)
    });
    const parsed = fromProc(r, "chromium");
    if (parsed.error) return parsed;
    const problems = [];
    const { bundle, example, onnx } = parsed.extra ?? {};
    problems.push(...onnxProblems(onnx));
    // The bundle's result is compared with Node's like the import-map one (see main).
    parsed.alsoCompare = { "esbuild bundle": bundle };
    if (!example || example.error || example.status !== "done") {
      problems.push(`browser example: ${example?.error ?? example?.result?.error ?? `status ${example?.status}`}${example?.logs?.length ? `\n    ${example.logs.join("\n    ")}` : ""}`);
    } else {
      const acc = example.result?.accuracy;
      if (!(acc >= 0.9)) problems.push(`browser example: test accuracy ${acc}, expected ≥ 0.9`);
      if (!(example.screenshotColours?.distinct >= 16)) problems.push(`browser example: the screenshot looks blank (${JSON.stringify(example.screenshotColours)})`);
      if (example.canvases?.length !== 8 || example.canvases.some((n) => n < 3)) problems.push(`browser example: expected 8 drawn digits, got grey levels ${JSON.stringify(example.canvases)}`);
      if (example.logs?.length) problems.push(`browser example: page errors\n    ${example.logs.join("\n    ")}`);
    }
    parsed.problems = problems;
    parsed.report = example?.screenshot
      ? [`screenshot: ${example.screenshot} (${example.screenshotColours?.width}×${example.screenshotColours?.height}, ${example.screenshotBytes} bytes, ${example.screenshotColours?.distinct} colours)`,
        `example: ${example.text ?? ""}`,
        `esbuild bundle: ${bundleBytes} bytes`,
        `onnxruntime-web ${onnx?.version ?? "?"}: ${(onnx?.cases ?? []).map((c) => `${c.name} ${c.dtype} max |Δp| ${c.maxDiff.toExponential(1)}`).join("; ")}`]
      : [];
    return parsed;
  },

  async types(S) {
    const tsc = join(NM, "typescript", "bin", "tsc");
    if (!existsSync(tsc)) return { error: "typescript not installed (devDependency)" };
    const problems = [];
    const r = await runProc(process.execPath, [tsc, "-p", join(S, "types", "tsconfig.json"), "--strict", "--noEmit"], { cwd: S });
    if (r.code !== 0) problems.push(procFailure(r, "tsc --strict --noEmit test/types/consumer.ts").replace("no probe output", "type errors"));
    // Two settings at a time (tsc is single-threaded); reported in TYPE_MATRIX order.
    const results = await mapLimit(TYPE_MATRIX, 2, async (c) => {
      const dir = join(S, "types-matrix", c.name);
      await mkdir(dir, { recursive: true });
      // The .wasm subpath is for ES modules (bundlers); a CommonJS file cannot import it.
      const files = ["consumer.ts", ...(c.type === "module" || c.moduleResolution === "Node10" ? ["wasm.ts"] : [])];
      for (const f of files) await copyFile(join(S, "types", "matrix", f), join(dir, f));
      await writeFile(join(dir, "package.json"), JSON.stringify({ name: `consumer-${c.name}`, private: true, type: c.type }));
      const compilerOptions = {
        target: "ES2022", module: c.module, moduleResolution: c.moduleResolution, lib: ["ES2022", "DOM", "ESNext.Disposable"],
        strict: true, skipLibCheck: false, types: [], outDir: "out", ...(c.run ? {} : { noEmit: true }),
      };
      await writeFile(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files }, null, 2));
      const what = `${c.name} (module ${c.module}, moduleResolution ${c.moduleResolution}, "type": "${c.type}")`;
      const t = await runProc(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: dir });
      if (t.code !== 0) return { problems: [procFailure(t, `tsc ${what}`).replace("no probe output", "type errors")] };
      const checked = `types ok${files.includes("wasm.ts") ? " (with /wasm)" : ""}`;
      if (!c.run) return { problems: [], line: `${c.name}: ${checked}` };
      const run = await runProc(process.execPath, [join(dir, "out", "consumer.js")], { cwd: dir });
      const line = run.stdout.split("\n").find((l) => l.startsWith("@@CONSUMER@@"));
      const bad = consumerProblems(line ? JSON.parse(line.slice("@@CONSUMER@@".length)) : null);
      if (!line) bad.unshift(procFailure(run, `node ${c.name}/out/consumer.js`));
      return {
        problems: bad.map((b) => `${what}, run in node: ${b}`),
        line: `${c.name}: ${checked}, ran in node (${c.type === "commonjs" ? "require" : "import"})`,
      };
    });
    const report = [];
    for (const r of results) {
      problems.push(...r.problems);
      if (!r.problems.length) report.push(r.line);
    }
    return { noProbe: true, problems, report, notes: { runtime: `tsc ${pkgVersion("typescript")} --strict: consumer.ts (NodeNext) + ${TYPE_MATRIX.length} settings` } };
  },
};

// ---------------------------------------------------------------- main
const T0 = performance.now();
let scratch = null, shotDir = null;
let cleaning = null;
let interrupted = false;

function cleanup() {
  return (cleaning ??= (async () => {
    if (shotDir) await rmdir(shotDir).catch(() => {}); // only if empty (no screenshot taken)
    if (!scratch) return;
    for (const c of live) { try { process.kill(-c.pid, "SIGKILL"); } catch {} }
    const n = await sweep(scratch);
    if (n) log(`killed ${n} leftover process(es)`);
    if (opt.keep) console.error(`scratch kept: ${scratch}`);
    else await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
  })());
}
// First signal: stop the running runtime gracefully (SIGTERM to its group, SIGKILL 3 s
// later), skip the rest, clean up, exit 130. Second signal: clean up now and exit.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    if (interrupted) { cleanup().finally(() => process.exit(130)); return; }
    interrupted = true;
    console.error(`run.mjs: ${sig}, stopping`);
    for (const c of live) c.stop();
  });
}

// `npm pack` of this repository into the scratch dir. By default dist/ is packed as built
// (`npm ci` builds it through `prepare`); --build runs `npm run build` first. The pack runs
// the prepack/postpack hooks, which take the development scripts out of the packed manifest.
async function pack() {
  const dist = join(ROOT, "dist", "index.js");
  if (opt.build) {
    const b = await runProc("npm", ["run", "build", "--silent"], { cwd: ROOT, timeoutMs: 300000 });
    if (b.code !== 0) return { error: procFailure(b, "npm run build") };
  } else {
    if (!existsSync(dist)) return { error: "dist/ is missing: run `npm run build` (or pass --build)" };
    const built = statSync(dist).mtimeMs;
    const newer = ["src", "assembly"].flatMap((d) => readdirSync(join(ROOT, d), { recursive: true }).map((f) => join(d, f)))
      .filter((f) => /\.ts$/.test(f) && !f.endsWith("embedded.ts") && statSync(join(ROOT, f)).mtimeMs > built);
    if (newer.length) console.error(`  · note: ${newer.length} source file(s) changed after dist/ was built (${newer.slice(0, 3).join(", ")}${newer.length > 3 ? ", …" : ""}); --build rebuilds`);
  }
  const dest = join(scratch, "pack");
  await mkdir(dest);
  const r = await runProc("npm", ["pack", "--pack-destination", dest, "--json", "--loglevel=error"], { cwd: ROOT, timeoutMs: 300000 });
  if (r.code !== 0) return { error: procFailure(r, "npm pack") };
  const info = JSON.parse(r.stdout.slice(r.stdout.indexOf("[\n")))[0];
  return { tarball: join(dest, info.filename), info, ms: r.ms };
}

async function main() {
  scratch = await mkdtemp(join(tmpdir(), "softmax-rt-"));
  if (selected.includes("chromium")) shotDir = await mkdtemp(join(tmpdir(), "softmax-rt-shots-")); // kept: the screenshot
  log("scratch", scratch);
  await mkdir(join(scratch, "tmp"));
  await writeFile(join(scratch, "package.json"), JSON.stringify({ name: "softmax-rt-scratch", private: true, type: "module" }, null, 2));

  let tarball = opt.tarball;
  if (!tarball) {
    const p = await pack();
    if (p.error) {
      console.log(p.error);
      console.log(`0 passed, ${selected.length} failed`);
      return 1;
    }
    tarball = p.tarball;
    console.log(`packed ${p.info.filename} (${(p.info.size / 1024).toFixed(1)} kB, ${p.info.entryCount} files) in ${(p.ms / 1000).toFixed(2)}s`);
  }
  // As a user installs it (scripts allowed, warnings shown). Its dependencies are the CLI's
  // file readers (papaparse, hyparquet, hyparquet-compressors, flechette), none of which has
  // an install script, so only its own manifest can make npm run or warn about anything.
  const inst = await runProc("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=warn", tarball], {
    cwd: scratch, timeoutMs: 120000,
  });
  installWarnings = (inst.stdout + inst.stderr).split("\n").filter((l) => /^npm warn/i.test(l));
  if (inst.code !== 0) {
    console.log(procFailure(inst, "npm install of the tarball"));
    console.log(`0 passed, ${selected.length} failed`);
    return 1;
  }
  console.log(`installed ${basename(tarball)} in ${(inst.ms / 1000).toFixed(2)}s`);
  for (const f of ["probe.mjs", "onnx-probe.mjs", "esm-main.mjs", "cjs-main.cjs", "edge-worker.mjs", "edge-runtime-entry.mjs", "browser-entry.mjs"]) {
    await copyFile(join(HERE, f), join(scratch, f));
  }
  // onnxruntime-web (a devDependency) for the ONNX page in Chromium.
  await symlink(join(NM, "onnxruntime-web", "dist"), join(scratch, "ort"));
  // The browser example as laid out in the repository, its dist/ being the installed package's.
  await cp(join(ROOT, "examples", "browser"), join(scratch, "examples", "browser"), { recursive: true });
  await mkdir(join(scratch, "test", "fixtures"), { recursive: true });
  await copyFile(join(ROOT, "test", "fixtures", "digits.csv"), join(scratch, "test", "fixtures", "digits.csv"));
  await symlink(join("node_modules", "softmax-regression", "dist"), join(scratch, "dist"));
  await cp(join(ROOT, "test", "types"), join(scratch, "types"), { recursive: true });

  let passed = 0, failed = 0, ref = null, threadsRef = null;
  for (const name of selected) {
    if (interrupted) break;
    const t0 = performance.now();
    let out;
    try {
      out = await runners[name](scratch);
    } catch (e) {
      out = { error: `${name}: harness error: ${e.stack || e}` };
    }
    const swept = await sweep(scratch);
    const ms = performance.now() - t0;
    const problems = [...(out.error ? [out.error] : []), ...(out.problems ?? [])];
    if (!out.noProbe) {
      // Every result (chromium: import map and esbuild bundle; workerd: both compatibility
      // dates) must pass the probe's self-checks and equal Node's, bit for bit.
      const compare = { ...(out.error ? {} : { [name === "chromium" ? "import map" : name]: out }), ...(out.alsoCompare ?? {}) };
      for (const [what, o] of Object.entries(compare)) {
        if (!o?.result) { problems.push(`${what}: ${o?.error ?? "no result"}${o?.logs?.length ? `\n    ${o.logs.join("\n    ")}` : ""}`); continue; }
        problems.push(...selfChecks(o.result).map((p) => `${what}: ${p}`));
        // The threaded fit is compared only among runtimes that ran threads; Node, Deno and
        // Bun must, the others must report their fallback.
        const { threads, ...single } = o.result;
        if (THREADED_RUNTIMES.includes(what) && !threads?.ran) problems.push(`${what}: threads did not run: ${threads?.reason}`);
        if (!THREADED_RUNTIMES.includes(what) && !threads?.ran && !threads?.reason) problems.push(`${what}: no threads fallback reported`);
        const got = JSON.stringify(single);
        if (name === "node") [ref, threadsRef] = [got, JSON.stringify(threads)];
        else if (ref == null) problems.push(`${what}: no Node reference to compare with`);
        else {
          if (got !== ref) problems.push(`${what}: ${describeDiff(JSON.parse(ref), single)}`);
          if (threads?.ran && JSON.stringify(threads) !== threadsRef) problems.push(`${what}: threads: ${describeDiff(JSON.parse(threadsRef), threads)}`);
        }
        if (threads && !threads.ran) (out.report ??= []).push(`${what}: ${threads.reason}`);
      }
    }
    problems.length ? failed++ : passed++;
    const note = out.notes?.runtime ? `  ${out.notes.runtime}` : "";
    console.log(`${name.padEnd(13)} ${problems.length ? "FAIL" : "ok  "} ${(ms / 1000).toFixed(2).padStart(6)}s${note}${swept ? `  (killed ${swept} leftover process(es))` : ""}`);
    for (const p of problems) console.log(`    ${p.split("\n").map((l) => l.trim()).filter(Boolean).join("\n      ")}`);
    for (const line of out.report ?? []) console.log(`    ${line}`);
    if (opt.verbose) {
      if (out.notes) for (const [k, v] of Object.entries(out.notes)) console.log(`    ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
      if (out.checks) console.log(`    checks: ${JSON.stringify(out.checks)}`);
    }
  }
  console.log(`total ${((performance.now() - T0) / 1000).toFixed(1)}s`);
  console.log(`${passed} passed, ${failed} failed`);
  if (interrupted) return 130;
  return failed ? 1 : 0;
}

/** Runtimes where `threads: 2` must actually run on workers (the others fall back, saying why). */
const THREADED_RUNTIMES = ["node", "commonjs", "deno", "bun"];

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(e);
  console.log(`0 passed, ${selected.length} failed`);
} finally {
  await cleanup();
}
process.exit(code);
