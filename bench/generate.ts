// Code-generation benchmark (issue: whole-process `qapi-ts generate`, all
// outputs, against QEMU's own `scripts/qapi-gen.py` on QEMU 10.0's full
// schema), side by side in one run.  Each run writes into a fresh folder,
// as a clean build would.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSchema } from "../generator/src/compile.js";
import { GenContext } from "../generator/src/emit/backend.js";
import { BACKENDS } from "../generator/src/emit/backends/index.js";
import { OutputSet } from "../generator/src/emit/output-set.js";
import { median, qemuSource, repoRoot, row, sharedDir, timeInProcess } from "./util.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);

/** `runs` timed runs of `cmd`, each into a fresh folder (`warm`: one untimed run first, for the page cache). */
function timeFresh(cmd: string, args: (out: string) => string[], runs: number, warm: boolean): number[] {
  const samples: number[] = [];
  for (let i = warm ? -1 : 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), "qapi-ts-bench-"));
    const t0 = performance.now();
    const r = spawnSync(cmd, args(out), { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
    const dt = performance.now() - t0;
    rmSync(out, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr?.toString()}`);
    if (i >= 0) samples.push(dt);
  }
  return samples;
}

export async function benchGenerate(): Promise<void> {
  const schema = join(sharedDir, "qemu/10.0/schema/qapi-schema.json");
  console.log(`generate: QEMU 10.0 schema, whole process, fresh output folder, median of ${RUNS} runs (the two taking turns)`);
  const oursCmd = (out: string): string[] => [join(repoRoot, "bin/qapi-ts.js"), "generate", "-o", out, schema];
  const qemu = qemuSource("10.0");
  const pyCmd = (out: string): string[] => [join(qemu!, "scripts/qapi-gen.py"), "-o", out, "-b", schema];
  // Taking turns, so that a change in the machine's load (or which core
  // the scheduler picks) falls on both alike.
  const oursSamples: number[] = [];
  const pySamples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    oursSamples.push(...timeFresh("node", oursCmd, 1, i === 0));
    if (qemu) pySamples.push(...timeFresh("python3", pyCmd, 1, i === 0));
  }
  const ours = median(oursSamples);
  let py: number | undefined;
  if (qemu) {
    py = median(pySamples);
    console.log(row("QEMU scripts/qapi-gen.py -b (C code)", py));
  } else {
    console.log("  (QEMU source not available: ../shared/tools/qemu-source.sh failed; baseline skipped)");
  }
  console.log(row("qapi-ts generate (TS, validators, docs, ...)", ours, py === undefined ? undefined : { label: "qapi-gen.py", ms: py }));
  await perBackend(schema);
}

/** In-process cost of each backend (the schema compiled once). */
async function perBackend(schemaPath: string): Promise<void> {
  const schema = compileSchema(schemaPath);
  const ctx = new GenContext({ prefix: "", unmask: false, defines: null, legacy: false, schemaPath, runtimePath: null });
  console.log("  in-process, per backend:");
  for (const backend of BACKENDS) {
    // The index backend reads what the others produced: give it their files.
    const prior = new OutputSet();
    if (backend.name === "index") for (const b of BACKENDS) if (b !== backend) b.generate(schema, prior, ctx);
    const ms = median(await timeInProcess(() => backend.generate(schema, cloneSet(prior), ctx), RUNS, 2));
    console.log(row(`    ${backend.name}`, ms));
  }
}

function cloneSet(set: OutputSet): OutputSet {
  const copy = new OutputSet();
  for (const p of set.paths()) copy.add(p, set.get(p)!);
  return copy;
}
