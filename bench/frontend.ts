// Front-end benchmark (issue: parse + check + doc parsing on QEMU 10.0's
// full schema), side by side with QEMU's Python front end in the same run.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileSchema } from "../generator/src/compile.js";
import { median, qemuSource, repoRoot, row, sharedDir, timeInProcess, timeProcess } from "./util.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** The floor: JSON.parse of every schema file with comments stripped. */
function jsonFloorInput(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) =>
      readFileSync(join(dir, f), "utf8")
        // comments, also after code on a line; strings are kept (as JSON's)
        .replace(/'(?:[^'\\\n]|\\.)*'|#[^\n]*/g, (m) => (m.startsWith("#") ? "" : `"${m.slice(1, -1)}"`))
        .replace(/\}\s*\{/g, "},{"),
    )
    .map((t) => `[${t}]`);
}

export async function benchFrontend(): Promise<void> {
  const schemaDir = join(sharedDir, "qemu/10.0/schema");
  const schema = join(schemaDir, "qapi-schema.json");
  console.log(`front end: QEMU 10.0 schema (${schema}), median of ${RUNS} runs`);

  // (10 warm-up runs: V8 has optimized the hot paths by then.  The schema
  // is dropped, not returned: timeInProcess awaits what fn returns, and the
  // suspended async loop would keep each run's schema alive through the next
  // run, so every scavenge in it would copy a whole second schema.)
  const oursRuns = await timeInProcess(() => {
    compileSchema(schema);
  }, RUNS, 10);
  const ours = median(oursRuns);
  const floorTexts = jsonFloorInput(schemaDir);
  const floor = median(await timeInProcess(() => floorTexts.forEach((t) => JSON.parse(t)), RUNS, 5));
  const oursProcRuns = timeProcess("node", [join(repoRoot, "bin/qapi-ts.js"), "check", schema], RUNS);
  const oursProc = median(oursProcRuns);

  const qemu = qemuSource("10.0");
  let py: number | undefined;
  let pyMin: number | undefined;
  let pyProc: number | undefined;
  if (qemu) {
    const r = spawnSync("python3", [join(repoRoot, "bench/py/frontend.py"), qemu, schema, String(RUNS + 2)], {
      encoding: "utf8",
    });
    if (r.status === 0) {
      const pyRuns = r.stdout.trim().split(/\s+/).slice(2).map(Number);
      py = median(pyRuns);
      pyMin = Math.min(...pyRuns);
    }
    const code = `import sys; sys.path.insert(0, ${JSON.stringify(qemu + "/scripts")}); from qapi.schema import QAPISchema; QAPISchema(${JSON.stringify(schema)})`;
    pyProc = median(timeProcess("python3", ["-c", code], RUNS));
  } else {
    console.log("  (QEMU source not available: ../shared/tools/qemu-source.sh failed; Python baseline skipped)");
  }
  const pyBase = py === undefined ? undefined : { label: "QEMU Python", ms: py };
  const pyProcBase = pyProc === undefined ? undefined : { label: "QEMU Python", ms: pyProc };
  if (py !== undefined) console.log(row("QEMU Python front end, in-process", py));
  console.log(row("qapi-ts parse+check+docs, in-process", ours, pyBase));
  console.log(row("JSON.parse floor (comments stripped)", floor));
  if (pyProc !== undefined) console.log(row("QEMU Python front end, whole process", pyProc));
  console.log(row("qapi-ts check, whole process", oursProc, pyProcBase));
  // Minima: on a shared, loaded machine medians mostly measure the load.
  const pyMinText = pyMin === undefined ? "" : ` (QEMU Python in-process ${pyMin.toFixed(1)} ms)`;
  console.log(
    `  minima: in-process ${Math.min(...oursRuns).toFixed(1)} ms, whole process ` +
      `${Math.min(...oursProcRuns).toFixed(0)} ms${pyMinText}`,
  );
}
