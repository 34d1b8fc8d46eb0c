// Helpers of the hostile tests: the typed error a call throws, and scripts run in a child
// process (Node, Deno or Bun) with a timeout, for what could hang, crash or exit the process,
// or needs a process of its own to measure (memory).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "vitest";
import { SoftmaxRegressionError } from "../../src/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The code of the SoftmaxRegressionError `run` throws (or rejects with); fails the test on any other outcome. */
export async function codeOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof SoftmaxRegressionError)) throw new Error(`expected a SoftmaxRegressionError, got ${String((e as Error)?.stack ?? e)}`);
    return e.code;
  }
  throw new Error("expected a SoftmaxRegressionError, but nothing was thrown");
}

/** The message of the SoftmaxRegressionError `run` throws. */
export async function messageOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(SoftmaxRegressionError);
    return (e as Error).message;
  }
  throw new Error("expected a SoftmaxRegressionError, but nothing was thrown");
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** The JSON a script printed with `report(value)` (its last report). */
  result: any;
  /** Wall-clock milliseconds until the process ended by itself (or was killed). */
  ms: number;
}

/** The newest modification time under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

/** Children import the built package (dist/): it must be newer than src/. */
function checkBuilt(): void {
  const built = statSync(join(root, "dist/index.js")).mtimeMs;
  if (built < newest(join(root, "src"))) throw new Error("dist/ is older than src/: run `npm run build` before the hostile tests");
}

const RUNTIMES = {
  node: (file: string, args: string[]) => ["node", [...args, file]],
  deno: (file: string) => [join(root, "node_modules/.bin/deno"), ["run", "-A", "--quiet", file]],
  bun: (file: string) => [join(root, "node_modules/.bin/bun"), [file]],
} as const;

/**
 * Run `body` (an ES module's code, with `lib` the package's `entry` (dist/index.js), `internal(path)`
 * importing dist/path, and `report(value)` printing a result) in a child process; kill it
 * after `timeoutMs`. Node flags go in `nodeArgs`.
 */
export function runChild(
  body: string,
  {
    runtime = "node",
    timeoutMs = 60_000,
    nodeArgs = [],
    entry = "index.js",
  }: { runtime?: keyof typeof RUNTIMES; timeoutMs?: number; nodeArgs?: string[]; entry?: string } = {},
): Promise<ChildResult> {
  checkBuilt();
  const dir = mkdtempSync(join(tmpdir(), "softmax-hostile-"));
  const file = join(dir, "child.mjs");
  const lib = pathToFileURL(join(root, "dist", entry)).href;
  writeFileSync(
    file,
    `const lib = await import(${JSON.stringify(lib)});\n` +
      `const internal = (path) => import(new URL(path, ${JSON.stringify(lib)}).href);\n` +
      `const report = (value) => console.log("RESULT " + JSON.stringify(value));\n` +
      body,
  );
  const [command, args] = RUNTIMES[runtime](file, nodeArgs);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args as string[], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").filter((l) => l.startsWith("RESULT ")).at(-1);
      resolve({ code, signal, timedOut, stdout, stderr, result: line ? JSON.parse(line.slice(7)) : undefined, ms: Date.now() - started });
    });
  });
}
