// The progress bar: drawn on a terminal (a pseudo-terminal from util-linux `script`), absent
// when stderr is a pipe. The data are large enough for several iterations.
import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, cli, cliOnTerminal, put, scratch } from "../helpers/cli.js";
import { csv } from "./data.js";

const dir = scratch();
const file = put(dir, "iris.csv", csv());
const args = ["fit", file, "-t", "species", "--categorical", "colour", "--solver", "gd", "--max-iter", "300", "-o", `${dir}/model.json`];
const hasScript = (() => {
  try {
    execFileSync("script", ["-qec", "true", "/dev/null"]);
    return true;
  } catch {
    return false;
  }
})();

beforeAll(() => buildCli(), 60_000);

describe("progress", () => {
  it("nothing of it when stderr is not a terminal", async () => {
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("\r");
    expect(r.stderr).not.toContain("\x1b[K");
    expect(r.stderr).not.toMatch(/iteration \d+\/\d+/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1); // just the summary line
  });

  it.skipIf(!hasScript)("on a terminal: a bar with the iteration, loss and gradient, erased before the summary", async () => {
    const r = await cliOnTerminal(args);
    expect(r.code, r.stdout).toBe(0);
    const frames = r.stdout.split("\r").filter((f) => f.includes("iteration"));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0]).toMatch(/^\[[#-]{24}\] iteration \d+\/300 {2}loss \d\.\d{7} {2}max\|gradient\| \d\.\d\de[-+]\d+\x1b\[K$/);
    // The bar is erased, then the summary line follows on a clean line.
    expect(r.stdout).toMatch(/\r\x1b\[Kgd: \d+ iterations/);
  });
});
