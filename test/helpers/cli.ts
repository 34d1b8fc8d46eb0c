// Runs the CLI as a subprocess: src/cli/main.ts bundled once by esbuild (the packages stay
// external and resolve from node_modules, as they do for the installed bin).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const ROOT = new URL("../../", import.meta.url).pathname;
const BUNDLE = join(ROOT, "node_modules/.cache/softmax-regression-cli-test/cli.mjs");
let built: Promise<unknown> | undefined;

/** Bundle the CLI (once per test process). */
export function buildCli(): Promise<unknown> {
  built ??= build({ entryPoints: [join(ROOT, "src/cli/main.ts")], bundle: true, platform: "node", format: "esm", packages: "external", outfile: BUNDLE, logLevel: "error" });
  return built;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `softmax-regression ...args` (stdout and stderr are pipes, so not terminals). */
export async function cli(args: string[], cwd?: string): Promise<CliResult> {
  await buildCli();
  return new Promise((resolve) => {
    execFile(process.execPath, [BUNDLE, ...args], { cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Run the CLI under a pseudo-terminal (util-linux `script`), which merges stdout and stderr. */
export async function cliOnTerminal(args: string[]): Promise<CliResult> {
  await buildCli();
  const quoted = [process.execPath, BUNDLE, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve) => {
    execFile("script", ["-qec", quoted, "/dev/null"], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A fresh directory for a test's files. */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "softmax-cli-"));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Write a file into `dir` and return its path. */
export function put(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
