// What the field benchmark runs on: the machine, the versions of every contender, and
// whether scikit-learn can be imported by Debian's python3.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

export const PYTHON = "/usr/bin/python3";

export interface Environment {
  cpu: string;
  cores: number;
  versions: Record<string, string>;
  /** scikit-learn, numpy, scipy versions, or null when skipped or not importable. */
  sklearnVersions: string[] | null;
}

function version(pkg: string): string {
  try {
    return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")).version;
  } catch {
    try {
      // Packages whose exports hide package.json: walk up from the entry point.
      let dir = dirname(require.resolve(pkg));
      for (let i = 0; i < 5; i++, dir = dirname(dir)) {
        try {
          const p = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
          if (p.name === pkg) return p.version;
        } catch {
          /* keep walking */
        }
      }
    } catch {
      /* not installed */
    }
    return "not installed";
  }
}

function cpuInfo(): string {
  try {
    return readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return "";
  }
}

export function probeEnvironment(root: string, skipSklearn: boolean): Environment {
  const info = cpuInfo();
  const cpu = info.match(/model name\s*:\s*(.*)/)?.[1]?.trim() ?? "unknown CPU";
  const cores = info.match(/^processor\s*:/gm)?.length ?? 0;
  const probe = skipSklearn
    ? { status: 1, stdout: "" }
    : spawnSync(PYTHON, ["-c", "import sklearn, numpy, scipy; print(sklearn.__version__, numpy.__version__, scipy.__version__)"], { encoding: "utf8" });
  const sklearnVersions = probe.status === 0 ? probe.stdout.trim().split(" ") : null;
  const ownPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const versions: Record<string, string> = {
    node: process.version,
    "softmax-regression": ownPackage.version,
    "@tensorflow/tfjs": version("@tensorflow/tfjs"),
    "@tensorflow/tfjs-backend-wasm": version("@tensorflow/tfjs-backend-wasm"),
    "ml-logistic-regression": version("ml-logistic-regression"),
    "ml-matrix": version("ml-matrix"),
    ...(sklearnVersions ? { "scikit-learn": sklearnVersions[0], numpy: sklearnVersions[1], scipy: sklearnVersions[2] } : {}),
  };
  return { cpu, cores, versions, sklearnVersions };
}
