// Benchmark helpers: medians, child-process timing, result table.
// Benchmarks print medians and ratios against baselines measured in the same
// run; nothing here asserts a time.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedDir = resolve(repoRoot, "../shared");

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Runs fn `warmup` times untimed, then `runs` times; returns ms samples. */
export async function timeInProcess(fn: () => unknown, runs: number, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Times a whole process; returns ms samples (exit status must be 0). */
export function timeProcess(cmd: string, args: readonly string[], runs: number, cwd = repoRoot): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    const dt = performance.now() - t0;
    if (r.status !== 0) {
      throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr?.toString()}`);
    }
    if (i > 0) out.push(dt); // first run warms the page cache
  }
  return out;
}

/**
 * The CPU that measuring processes compared with each other are pinned to
 * (BENCH_CPU, default 0), or null when `taskset` is missing.  The cores of
 * a virtual machine need not be alike (on our 2-core runner one runs the
 * same code 1.7x slower than the other): a process that lands on either
 * at random makes a ns-level comparison a coin toss.
 */
export const benchCpu: string | null = (() => {
  const cpu = process.env.BENCH_CPU ?? "0";
  return spawnSync("taskset", ["-c", cpu, "true"], { stdio: "ignore" }).status === 0 ? cpu : null;
})();

/** `cmd args` pinned to benchCpu (unchanged without taskset). */
export function pinned(cmd: string, args: readonly string[]): [string, string[]] {
  return benchCpu === null ? [cmd, [...args]] : ["taskset", ["-c", benchCpu, cmd, ...args]];
}

/** QEMU's source tree (for its Python generator), or null with a reason. */
export function qemuSource(version: "10.0" | "7.2"): string | null {
  const script = join(sharedDir, "tools/qemu-source.sh");
  if (!existsSync(script)) return null;
  const r = spawnSync("bash", [script, version], { encoding: "utf8" });
  const root = r.stdout.trim();
  return r.status === 0 && existsSync(join(root, "scripts/qapi-gen.py")) ? root : null;
}

export function row(label: string, ms: number, baseline?: { label: string; ms: number }): string {
  const base = baseline ? `   ${(baseline.ms / ms).toFixed(1)}x faster than ${baseline.label}` : "";
  return `  ${label.padEnd(52)} ${ms.toFixed(2).padStart(9)} ms${base}`;
}
