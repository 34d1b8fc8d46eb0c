// Child process: serves the scratch project on 127.0.0.1:<random port> and, in one headless
// Chromium (playwright-core driving Debian's /usr/bin/chromium), runs
//   1. /probe.html   the installed package as plain ESM through an import map (browser condition)
//   2. /bundle.html  the probe bundled with esbuild (--bundle --format=esm --platform=browser)
//   3. /examples/browser/  the browser example: waits for data-status="done", screenshots it
//      into <shotDir> and checks that the screenshot is not blank.
//   4. /onnx.html    onnx-probe.mjs: models exported by "softmax-regression/onnx" run in
//      onnxruntime-web (its WebAssembly backend, served from <root>/ort/).
// Prints one "@@PROBE@@{json}" line. Usage: node chromium-host.mjs <root> <profileDir> <shotDir>
import { createServer } from "node:http";
import { readFile, stat, writeFile } from "node:fs/promises";
import { readFileSync, readdirSync } from "node:fs";
import { join, normalize, extname, sep } from "node:path";
import { chromium } from "playwright-core";

const [root, profileDir, shotDir] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

// Minimal package.json "exports" resolver (first key in object order whose condition applies).
function resolveExport(pkgDir, subpath, conditions) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  let target = pkg.exports?.[subpath];
  while (target && typeof target === "object") {
    const key = Object.keys(target).find((k) => conditions.includes(k));
    if (!key) return null;
    target = target[key];
  }
  return target ? `/node_modules/${pkg.name}/${target.replace(/^\.\//, "")}` : null;
}
const pkgDir = join(root, "node_modules", "softmax-regression");
const browser = ["browser", "import", "default"];
const importMap = {
  imports: {
    "softmax-regression": resolveExport(pkgDir, ".", browser),
    "softmax-regression/predict": resolveExport(pkgDir, "./predict", browser),
  },
};
const onnxImportMap = {
  imports: {
    "softmax-regression": importMap.imports["softmax-regression"],
    "softmax-regression/onnx": resolveExport(pkgDir, "./onnx", browser),
    "onnxruntime-web": "/ort/ort.wasm.min.mjs",
  },
};
const pages = {
  "/onnx.html": `<!doctype html><meta charset="utf-8"><title>ONNX export in onnxruntime-web</title>
<script type="importmap">${JSON.stringify(onnxImportMap)}</script>
<script type="module">
  window.__probe = (async () => {
    try {
      const { LogisticRegression } = await import("softmax-regression");
      const { toONNX } = await import("softmax-regression/onnx");
      const ort = await import("onnxruntime-web");
      ort.env.wasm.numThreads = 1; // the page is not cross-origin isolated
      ort.env.wasm.wasmPaths = "/ort/";
      const { onnxProbe } = await import("/onnx-probe.mjs");
      return { ...(await onnxProbe({ LogisticRegression, toONNX, ort })), version: ort.env.versions?.web };
    } catch (e) { return { error: String((e && e.stack) || e) }; }
  })();
</script>`,
  "/probe.html": `<!doctype html><meta charset="utf-8"><title>probe (import map)</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module">
  window.__probe = (async () => {
    try {
      const { LogisticRegression, shutdownThreads } = await import("softmax-regression");
      const { Predictor } = await import("softmax-regression/predict");
      const { probe } = await import("/probe.mjs");
      return { result: await probe({ LogisticRegression, Predictor, shutdownThreads }), notes: { userAgent: navigator.userAgent } };
    } catch (e) { return { error: String((e && e.stack) || e) }; }
  })();
</script>`,
  "/bundle.html": `<!doctype html><meta charset="utf-8"><title>probe (esbuild bundle)</title>
<script type="module" src="/bundle/probe.js"></script>`,
};

const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json",
  ".html": "text/html; charset=utf-8", ".csv": "text/csv", ".css": "text/css" };
const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/favicon.ico") return res.writeHead(204).end();
    if (pages[url.pathname]) return res.writeHead(200, { "content-type": types[".html"] }).end(pages[url.pathname]);
    let file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root + sep)) throw new Error("outside");
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;

// Chromium's process groups (playwright starts the browser detached, in its own group).
function procs() {
  const out = [];
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const t = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = t.slice(t.lastIndexOf(")") + 2).split(" ");
      out.push({ pid: Number(p), state: f[0], pgid: Number(f[2]), cmd: readFileSync(`/proc/${p}/cmdline`, "utf8") });
    } catch {}
  }
  return out;
}
const ownPgid = procs().find((p) => p.pid === process.pid)?.pgid;
const browserGroups = () => new Set(procs().filter((p) => p.cmd.includes(profileDir) && p.pgid !== ownPgid).map((p) => p.pgid));
// After close, helpers whose parent already exited are re-parented to pid 1 and stay
// zombies until it reaps them; wait for that, so nothing outlives this runtime's slot.
async function waitGroupsGone(groups, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end && procs().some((p) => groups.has(p.pgid))) await new Promise((z) => setTimeout(z, 100));
}

// On SIGTERM (harness timeout) close the browser gracefully so that Chromium reaps its own
// helpers; the harness SIGKILLs whatever is left 3 s later.
let context, launching, cleaning = null;
const cleanup = () => (cleaning ??= (async () => {
  const groups = browserGroups();
  try { await (context ?? (await launching?.catch(() => null)))?.close(); } catch {}
  server.close();
  await waitGroupsGone(groups);
})());
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => cleanup().finally(() => process.exit(1)));

async function openPage(path) {
  const page = await context.newPage();
  const logs = [];
  page.on("console", (m) => m.type() !== "log" && logs.push(`console.${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => logs.push(`requestfailed: ${r.url()}`));
  page.on("response", (r) => r.status() >= 400 && logs.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(origin + path, { waitUntil: "load" });
  return { page, logs };
}

async function runProbe(path) {
  const { page, logs } = await openPage(path);
  let out;
  try {
    await page.waitForFunction(() => window.__probe !== undefined, null, { timeout: 20000 });
    out = await page.evaluate(() => window.__probe);
  } catch (e) {
    out = { error: e.message };
  }
  if (logs.length) out.logs = logs;
  await page.close();
  return out;
}

async function runExample() {
  const { page, logs } = await openPage("/examples/browser/");
  const out = { logs };
  try {
    await page.waitForFunction(() => document.body.dataset.status !== "running", null, { timeout: 30000 });
    out.status = await page.evaluate(() => document.body.dataset.status);
    out.result = await page.evaluate(() => window.__example);
    out.text = await page.evaluate(() => document.getElementById("status").textContent);
    const png = await page.screenshot({ fullPage: true });
    out.screenshot = join(shotDir, "browser-example.png");
    await writeFile(out.screenshot, png);
    out.screenshotBytes = png.length;
    // Decode the screenshot in the page and count its distinct colours (blank => 1).
    out.screenshotColours = await page.evaluate(async (b64) => {
      const bmp = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext("2d");
      ctx.drawImage(bmp, 0, 0);
      const px = new Uint32Array(ctx.getImageData(0, 0, bmp.width, bmp.height).data.buffer);
      return { width: bmp.width, height: bmp.height, distinct: new Set(px).size };
    }, png.toString("base64"));
    // The digit canvases themselves: how many, and how many grey levels they show.
    out.canvases = await page.evaluate(() => [...document.querySelectorAll("#digits canvas")].map((c) =>
      new Set(new Uint32Array(c.getContext("2d").getImageData(0, 0, c.width, c.height).data.buffer)).size));
  } catch (e) {
    out.error = e.message;
  }
  await page.close();
  return out;
}

// A fresh machine's first Chromium start can outlast a short timeout (CI saw one exceed 30 s
// right after the test suite): allow longer, and retry once with a new profile.
async function launch() {
  const attempts = [{ dir: profileDir, timeout: 60000 }, { dir: `${profileDir}-retry`, timeout: 90000 }];
  let last;
  for (const { dir, timeout } of attempts) {
    const t0 = Date.now();
    launching = chromium.launchPersistentContext(dir, {
      executablePath,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
        "--disable-dev-shm-usage"],
      viewport: { width: 1000, height: 600 },
      timeout,
      handleSIGTERM: false, handleSIGINT: false, handleSIGHUP: false,
    });
    try {
      const ctx = await launching;
      return { ctx, note: last ? `launched on the retry after: ${String(last.message ?? last).split("\n")[0]}` : `launched in ${Date.now() - t0} ms` };
    } catch (e) {
      last = e;
      const groups = browserGroups();
      for (const p of procs()) if (groups.has(p.pgid)) { try { process.kill(p.pid, "SIGKILL"); } catch {} }
      await waitGroupsGone(groups);
    }
  }
  throw last;
}

try {
  const launched = await launch();
  context = launched.ctx;
  for (const p of context.pages()) await p.close().catch(() => {});
  const importMapRun = await runProbe("/probe.html");
  const bundleRun = await runProbe("/bundle.html");
  const example = await runExample();
  const onnx = await runProbe("/onnx.html");
  const out = {
    ...importMapRun,
    extra: { bundle: bundleRun, example, onnx },
    notes: { runtime: `chromium ${context.browser()?.version() ?? "?"}`, launch: launched.note, importMap: importMap.imports },
  };
  console.log("@@PROBE@@" + JSON.stringify(out));
} catch (e) {
  console.log("@@PROBE@@" + JSON.stringify({ error: String((e && e.stack) || e) }));
} finally {
  await cleanup();
}
