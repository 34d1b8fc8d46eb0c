// The README's "Command line" and "Columnar data" sections as tests. In the ```sh blocks each
// `$ command` line runs (softmax-regression being the CLI, bundled from src/) in one scratch
// folder holding iris.csv and iris.parquet, and the lines after it, up to the next `$`, are its
// output (stdout and stderr in order), where `…` stands for any text. The ```ts blocks run
// with tsx, the package's imports pointed at src/, and print what their `// →` comments say.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "./helpers/cli.js";
import { csv, parquet } from "./cli/data.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "node_modules/.cache/softmax-regression-cli-test/cli.mjs");

function section(name: string): string {
  const text = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = text.indexOf(`\n## ${name}\n`);
  if (start < 0) throw new Error(`README has no "## ${name}" section`);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

const code = (body: string, lang: string) => [...body.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map(([, c]) => c);

/** `$ command` lines with the output lines that follow them. */
function sessions(body: string): { command: string; output: string[] }[] {
  return code(body, "sh").flatMap((block) => {
    const out: { command: string; output: string[] }[] = [];
    for (const line of block.trimEnd().split("\n")) {
      if (line.startsWith("$ ")) out.push({ command: line.slice(2), output: [] });
      else out.at(-1)?.output.push(line);
    }
    return out;
  });
}

const pattern = (line: string) => new RegExp("^" + line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/…/g, ".*") + "$");

beforeAll(() => buildCli(), 60_000);

describe("README: Command line", () => {
  it("every $ command runs and prints what the README shows", () => {
    const found = sessions(section("Command line"));
    expect(found.length).toBeGreaterThanOrEqual(6);
    const dir = mkdtempSync(join(ROOT, ".readme-cli-"));
    try {
      writeFileSync(join(dir, "iris.csv"), csv());
      writeFileSync(join(dir, "iris.parquet"), parquet());
      for (const { command, output } of found) {
        const shell = command.replace(/(^|&& |\| )softmax-regression /g, `$1${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} `);
        const r = spawnSync("sh", ["-c", `${shell} 2>&1`], { cwd: dir, encoding: "utf8", timeout: 60_000 });
        const printed = r.stdout.trimEnd() === "" ? [] : r.stdout.trimEnd().split("\n");
        expect(printed.length, `${command}\n${r.stdout}`).toBe(output.length);
        printed.forEach((line, i) => expect(line, command).toMatch(pattern(output[i])));
        const fails = output.some((line) => line.startsWith("softmax-regression: "));
        expect(r.status !== 0, `${command}: exit ${r.status}`).toBe(fails);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("README: Columnar data", () => {
  it("every ts block runs and prints what its // → comments say", () => {
    const blocks = code(section("Columnar data"), "ts");
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const dir = mkdtempSync(join(ROOT, ".readme-columnar-"));
    try {
      blocks.forEach((block, i) => {
        const expected = block.split("\n").flatMap((line) => {
          const m = line.match(/\/\/ → (.*)$/);
          return m ? [m[1].trim()] : [];
        });
        const file = join(dir, `block-${i}.ts`);
        writeFileSync(file, block.replace(/from "softmax-regression"/g, `from ${JSON.stringify(join(ROOT, "src/index.ts"))}`));
        const out = execFileSync(join(ROOT, "node_modules/.bin/tsx"), [file], { cwd: dir, encoding: "utf8", timeout: 60_000 });
        expect(out.trim().split("\n"), `README Columnar data ts block ${i + 1}`).toEqual(expected);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
