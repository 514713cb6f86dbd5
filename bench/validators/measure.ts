// The measuring half of the validators benchmark (bench/validators.ts runs
// it in a fresh process): loads the generated validators and ajv, checks
// that both agree on every input, then times them.
//
// Our validators run twice per input: on the value as the QMP server parses
// it (wire mode: null-prototype objects, integers as numbers, bigint beyond
// 2^53; a valid one gets its bigints replaced by numbers in place, so each
// call gets a fresh copy, made outside the timing) and on the very
// JSON.parse() object ajv gets
// (wire: false).  The table measures checkT (the value or the QmpError with
// QEMU's message, returned); validateT (the same, thrown) is printed too.
// ajv answers true/false and, on invalid input, builds its error object.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { qobjectFromJson } from "../../runtime/src/qmp/keyval.js";
import type { CaseSpec } from "../validators.js";
import { benchCpu, median, repoRoot } from "../util.js";

const BATCHES = Number(process.env.BENCH_RUNS ?? 9);
const BATCH_MS = 25;
const WARMUP = 4;

type Validator = (value: unknown, name?: string | null, opts?: object) => unknown;

/**
 * One measured function: `inputs(n)` makes the n values a batch runs `fn`
 * on (outside the timing).  Our validators convert a valid wire value's
 * bigints in place, so such a value serves once: each batch gets fresh
 * copies.  Everything else is never modified and is reused.
 */
interface Subject {
  fn: (v: unknown) => void;
  inputs: (n: number) => unknown[];
}

/** Fresh inputs are made (untimed) in chunks this small, as a server parses one request at a time. */
const CHUNK = 32;

function timeBatch(s: Subject, n: number): number {
  const fn = s.fn;
  let total = 0;
  for (let done = 0; done < n; done += CHUNK) {
    const m = Math.min(CHUNK, n - done);
    const inputs = s.inputs(m);
    const t0 = performance.now();
    for (let i = 0; i < m; i++) fn(inputs[i]);
    total += performance.now() - t0;
  }
  return total;
}

/** Iterations of a subject that take about BATCH_MS. */
function batchSize(s: Subject): number {
  let n = 1;
  for (;;) {
    const dt = timeBatch(s, n);
    if (dt > BATCH_MS / 4) return Math.max(1, Math.round((n * BATCH_MS) / dt));
    n *= 2;
  }
}

/**
 * ns per call of each subject: batches interleaved (A B C A B C ...), so
 * that other load on the machine affects all of them alike; median per
 * subject.  (Wall time: process CPU time also counts V8's background
 * compiler and GC threads.)
 */
function nsPerOp(subjects: readonly Subject[]): number[] {
  const sizes = subjects.map(batchSize);
  // Untimed batches first: V8 compiles hot code on a background thread,
  // which on one pinned CPU competes with the measured code.
  for (let b = 0; b < WARMUP; b++) subjects.forEach((s, j) => timeBatch(s, sizes[j]!));
  const samples: number[][] = subjects.map(() => []);
  for (let b = 0; b < BATCHES; b++) {
    subjects.forEach((s, j) => {
      const n = sizes[j]!;
      samples[j]!.push((timeBatch(s, n) * 1e6) / n);
    });
  }
  return samples.map(median);
}

function attempt(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (e) {
    return e;
  }
}

function accepts(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

/** Deep copy of a wire value (bigints, null prototypes kept). */
function wireCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(wireCopy);
  if (v !== null && typeof v === "object") {
    const o: Record<string, unknown> = {};
    Object.setPrototypeOf(o, null);
    for (const k of Object.keys(v)) o[k] = wireCopy((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

const same = (v: unknown) => (n: number) => new Array<unknown>(n).fill(v);

/**
 * Times one side ("wire-check", "wire-validate", "js-check", "js-validate":
 * our checkT or validateT on that kind of value; "ajv") for every case and
 * prints one JSON line of ns per call.  Each side runs in its own process,
 * one measured function per case as for ajv: with ajv's compiled QEMU 10.0
 * schemas in the same heap, allocation-heavy code measures slower (GC); the
 * QMP server only ever sees wire values (null-prototype objects) while a
 * JavaScript caller passes JSON.parse() objects, and the same generated
 * checks fed both kinds get polymorphic property loads, which neither
 * program has; and two functions timed in one process make the harness's
 * own call polymorphic (~1.5 ns on a 20 ns call).
 */
async function main(casesFile: string, side: string): Promise<void> {
  const specs = JSON.parse(readFileSync(casesFile, "utf8")) as CaseSpec[];
  const jsOpts = { wire: false };
  const results: number[][] = [];
  const ajv = side === "ajv" ? new Ajv({ allErrors: false, discriminator: true, strict: false }) : null;
  for (const spec of specs) {
    const jsValue = JSON.parse(spec.text) as unknown;
    if (ajv) {
      const ajvValidate = ajv.compile(spec.schema) as (v: unknown) => boolean;
      if (ajvValidate(jsValue) !== spec.valid) throw new Error(`benchmark input '${spec.label}': ajv disagrees`);
      results.push(nsPerOp([{ fn: (v) => void ajvValidate(v), inputs: same(jsValue) }]));
      continue;
    }
    const mod = (await import(pathToFileURL(spec.module).href)) as Record<string, Validator>;
    const validate = mod[spec.name]!;
    const check = mod[`check${spec.name.slice("validate".length)}`]!;
    const wireValue = qobjectFromJson(spec.text);
    const jsCopy = JSON.parse(spec.text) as unknown;
    // Only this process's mode: the other kind of objects would make the
    // checks' property loads polymorphic.
    const agrees = side.startsWith("wire") ? accepts(() => validate(wireCopy(wireValue))) : accepts(() => validate(jsCopy, null, jsOpts));
    if (agrees !== spec.valid) throw new Error(`benchmark input '${spec.label}': our validator disagrees`);
    const wire = side.startsWith("wire");
    // Valid wire values may be converted in place: fresh copies for each call.
    const inputs = wire && spec.valid ? (n: number) => Array.from({ length: n }, () => wireCopy(wireValue)) : same(wire ? wireValue : jsValue);
    const opts = wire ? undefined : jsOpts;
    const fn = side.endsWith("-check") ? (v: unknown) => void check(v, null, opts) : (v: unknown) => void attempt(() => validate(v, null, opts));
    results.push(nsPerOp([{ fn, inputs }]));
  }
  console.log(JSON.stringify(results));
}

/** Runs both sides and prints the table (called by bench/validators.ts). */
/** Processes per side: a ~20 ns call varies by ±50% from one process (JIT) to the next. */
const PROCS = Number(process.env.BENCH_PROCS ?? 7);

/** Each side measured in PROCS fresh processes, taking turns; the median per cell. */
function medianOfProcesses(run: (side: string) => number[][], sides: readonly string[]): number[][][] {
  const samples: number[][][][] = sides.map(() => []);
  for (let p = 0; p < PROCS; p++) sides.forEach((side, i) => samples[i]!.push(run(side)));
  return samples.map((runs) => runs[0]!.map((row, c) => row.map((_, k) => median(runs.map((r) => r[c]![k]!)))));
}

export function report(casesFile: string, run: (side: string) => number[][]): void {
  const specs = JSON.parse(readFileSync(casesFile, "utf8")) as CaseSpec[];
  const [wireCheck, jsCheck, wireThrow, jsThrow, theirs] = medianOfProcesses(run, [
    "wire-check",
    "js-check",
    "wire-validate",
    "js-validate",
    "ajv",
  ]) as number[][][];
  const version = (JSON.parse(readFileSync(join(repoRoot, "node_modules/ajv/package.json"), "utf8")) as { version: string }).version;
  console.log(
    `validators: QEMU 10.0 types, ns per call (median of ${BATCHES} batches per process, median of ${PROCS} processes per side; each column measured in processes of its own); ajv ${version}, allErrors false`,
  );
  console.log(
    benchCpu === null
      ? "  (taskset missing: the measuring processes are not pinned to one CPU; expect more noise)"
      : `  every measuring process pinned to CPU ${benchCpu} (taskset; BENCH_CPU to choose another)`,
  );
  console.log("  ours = checkT(value, null, opts): the value (integers converted in place) or the QmpError with QEMU's message, not thrown");
  console.log("  (validateT, which throws that QmpError and is what the QMP server's dispatcher calls, in the last two columns;");
  console.log("  ajv: true/false plus its error object; wire inputs are fresh copies, as valid ones may be converted in place)");
  console.log("  js = the very JSON.parse() objects ajv gets (same inputs); wire = the QMP server's values (null-prototype");
  console.log("  objects; integers numbers, bigint beyond 2^53, integral floats boxed: runtime/src/support/qfloat.ts)");
  const h = (x: string) => x.padStart(10);
  console.log(`  ${"input".padEnd(50)} ${h("ours wire")} ${h("ours js")} ${h("ajv")}  ajv/ours (wire, js)  ${h("throw wire")} ${h("throw js")}`);
  const ratios: number[] = [];
  const jsRatios: number[] = [];
  const throwRatios: number[] = [];
  specs.forEach((spec, i) => {
    const [wire_, js_, twire, tjs] = [wireCheck![i]![0]!, jsCheck![i]![0]!, wireThrow![i]![0]!, jsThrow![i]![0]!];
    const base = theirs![i]![0]!;
    ratios.push(base / wire_, base / js_);
    jsRatios.push(base / js_);
    throwRatios.push(base / twire, base / tjs);
    const r = (x: number) => x.toFixed(0).padStart(10);
    const ratio = `${(base / wire_).toFixed(2)}x, ${(base / js_).toFixed(2)}x`.padEnd(19);
    console.log(`  ${spec.label.padEnd(50)} ${r(wire_)} ${r(js_)} ${r(base)}  ${ratio} ${r(twire)} ${r(tjs)}`);
  });
  const geo = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length).toFixed(2);
  console.log(`  geometric mean ajv/ours: ${geo(ratios)}x checkT, ${geo(throwRatios)}x validateT (above 1: ours faster)`);
  const slowest = Math.min(...jsRatios);
  console.log(`  same inputs (js column): geometric mean ${geo(jsRatios)}x, slowest row ${slowest.toFixed(2)}x`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv[2]!, process.argv[3]!);
}
