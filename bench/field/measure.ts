// Process memory and timing helpers shared by the contender children.
import { readFileSync, writeFileSync } from "node:fs";

/** A field of /proc/self/status in bytes (VmRSS: now; VmHWM: peak since start or last reset). */
export function statusBytes(field: "VmRSS" | "VmHWM"): number {
  try {
    const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith(field + ":"));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : process.memoryUsage().rss;
  } catch {
    return process.memoryUsage().rss;
  }
}

/** Reset the process's peak RSS (Linux: writing 5 to /proc/self/clear_refs resets VmHWM). */
export function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** A clock that can exclude the time spent evaluating checkpoints from what it reports. */
export class Clock {
  private readonly start = performance.now();
  private excludedMs = 0;
  seconds(): number {
    return (performance.now() - this.start - this.excludedMs) / 1000;
  }
  exclude<T>(work: () => T): T {
    const t = performance.now();
    try {
      return work();
    } finally {
      this.excludedMs += performance.now() - t;
    }
  }
}
