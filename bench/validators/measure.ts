// The measuring half of the validators benchmark (bench/validators.ts runs
// it in a fresh process): loads the generated validators and ajv, checks
// that both agree on every input, then times them.
//
// Our validators run twice per input: on the value as the QMP server parses
// it (wire mode: integers bigint, null-prototype objects) and on the very
// JSON.parse() object ajv gets (wire: false).  Both also build the typed
// result; ajv only answers true/false.  Invalid inputs cost us a thrown
// QmpError with QEMU's message, ajv an error object.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { JsonMessageParser } from "../../runtime/src/qmp/json-streamer.js";
import type { CaseSpec } from "../validators.js";
import { median, repoRoot } from "../util.js";

const BATCHES = Number(process.env.BENCH_RUNS ?? 9);
const BATCH_MS = 25;

type Validator = (value: unknown, name?: string | null, opts?: object) => unknown;

function wireParse(text: string): unknown {
  let out: unknown;
  const p = new JsonMessageParser((v, e) => {
    if (e) throw e;
    out = v;
  });
  p.feed(new TextEncoder().encode(text));
  p.flush();
  return out;
}

/** Iterations of fn that take about BATCH_MS. */
function batchSize(fn: () => void): number {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const dt = performance.now() - t0;
    if (dt > BATCH_MS / 4) return Math.max(1, Math.round((n * BATCH_MS) / dt));
    n *= 2;
  }
}

/**
 * ns per call of each function: batches of the functions interleaved
 * (A B C A B C ...), so that other load on the machine affects all of them
 * alike; median per function.  (Wall time: process CPU time also counts
 * V8's background compiler and GC threads.)
 */
function nsPerOp(fns: readonly (() => void)[]): number[] {
  const sizes = fns.map(batchSize);
  const samples: number[][] = fns.map(() => []);
  for (let b = 0; b < BATCHES; b++) {
    fns.forEach((fn, j) => {
      const n = sizes[j]!;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) fn();
      samples[j]!.push(((performance.now() - t0) * 1e6) / n);
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

/**
 * Times one side ("ours": wire and JavaScript mode; "ajv") for every case
 * and prints one JSON line of ns per call.  Each side runs in its own
 * process: with ajv's compiled QEMU 10.0 schemas in the same heap, our
 * allocation-heavy code measured up to 100x slower (GC), which is not what a
 * program using only one of them sees.
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
      results.push(nsPerOp([() => void ajvValidate(jsValue)]));
      continue;
    }
    const validate = ((await import(pathToFileURL(spec.module).href)) as Record<string, Validator>)[spec.name]!;
    const wireValue = wireParse(spec.text);
    if (accepts(() => validate(wireValue)) !== spec.valid || accepts(() => validate(jsValue, null, jsOpts)) !== spec.valid) {
      throw new Error(`benchmark input '${spec.label}': our validator disagrees`);
    }
    results.push(
      nsPerOp([() => void attempt(() => validate(wireValue)), () => void attempt(() => validate(jsValue, null, jsOpts))]),
    );
  }
  console.log(JSON.stringify(results));
}

/** Runs both sides and prints the table (called by bench/validators.ts). */
export function report(casesFile: string, run: (side: string) => number[][]): void {
  const specs = JSON.parse(readFileSync(casesFile, "utf8")) as CaseSpec[];
  const ours = run("ours");
  const theirs = run("ajv");
  const version = (JSON.parse(readFileSync(join(repoRoot, "node_modules/ajv/package.json"), "utf8")) as { version: string }).version;
  console.log(`validators: QEMU 10.0 types, ns per call (median of ${BATCHES} batches, each side in its own process); ajv ${version}, allErrors false`);
  console.log(`  ${"input".padEnd(50)} ${"ours wire".padStart(10)} ${"ours js".padStart(10)} ${"ajv".padStart(10)}  ajv/ours (wire, js)`);
  const ratios: number[] = [];
  specs.forEach((spec, i) => {
    const [wire, js] = ours[i] as [number, number];
    const base = theirs[i]![0]!;
    ratios.push(base / wire, base / js);
    const r = (x: number) => x.toFixed(0).padStart(10);
    console.log(`  ${spec.label.padEnd(50)} ${r(wire)} ${r(js)} ${r(base)}  ${(base / wire).toFixed(2)}x, ${(base / js).toFixed(2)}x`);
  });
  const geo = Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length);
  console.log(`  geometric mean ajv/ours: ${geo.toFixed(2)}x (above 1: ours faster)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv[2]!, process.argv[3]!);
}
