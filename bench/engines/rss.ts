// Peak resident set size of this process in KiB: VmHWM from /proc (Linux), else the
// rusage figure Node reports.
import { readFileSync } from "node:fs";

export function peakRssKiB(): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS;
}
