// Validators benchmark: generated validators (QEMU 10.0's schema) against
// ajv 8 on an equivalent JSON Schema (bench/validators/json-schema.ts),
// same inputs, valid and invalid; ajv with allErrors false stops at the
// first error, as QEMU's visitor (and ours) do.
//
// Our validators run twice per input: on the value as the QMP server parses
// it (wire mode: null-prototype objects, integers as numbers, bigint beyond
// 2^53, integral floats boxed) and on the very
// JSON.parse() object ajv gets (wire: false).  The table measures checkT()
// (returns the valid value itself, integers converted in place, or the
// QmpError with QEMU's message) and prints the throwing validateT() beside
// it; ajv answers true/false and builds an error object for invalid input
// (bench/validators/measure.ts).

import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { compileSchema } from "../generator/src/compile.js";
import { GenContext } from "../generator/src/emit/backend.js";
import { validatorsBackend } from "../generator/src/emit/backends/validators.js";
import { OutputSet } from "../generator/src/emit/output-set.js";
import { schemaNames } from "../generator/src/emit/schema-names.js";
import { JsonSchemaBuilder } from "./validators/json-schema.js";
import { report } from "./validators/measure.js";
import { pinned, repoRoot, sharedDir } from "./util.js";

const SNAPSHOTS = Array.from(
  { length: 32 },
  (_, i) =>
    `{"id": "${i + 1}", "name": "snap${i}", "vm-state-size": ${i * 1048576}, "date-sec": ${1700000000 + i}, ` +
    `"date-nsec": 123456789, "vm-clock-sec": ${i * 10}, "vm-clock-nsec": 5000}`,
);
const IMAGE = (snaps: string[]) =>
  `{"filename": "/var/lib/images/disk0.qcow2", "format": "qcow2", "dirty-flag": false, ` +
  `"actual-size": 2097152, "virtual-size": 10737418240, "cluster-size": 65536, "snapshots": [${snaps.join(", ")}]}`;
const QCOW2 =
  '"driver": "qcow2", "node-name": "disk0", "discard": "unmap", "cache": {"direct": true, "no-flush": false}, ' +
  '"lazy-refcounts": true, "cache-size": 1048576, "backing": null';
const FILE = '"driver": "file", "filename": "/var/lib/images/disk0.qcow2", "aio": "threads"';
const SAVE = '"job-id": "snapsave0", "tag": "my-snapshot", "vmstate": "disk0"';

/** [label, QAPI type, JSON text, valid?] */
const INPUTS: [string, string, string, boolean][] = [
  ["blockdev-add qcow2 over file (union, alternate)", "BlockdevOptions", `{${QCOW2}, "file": {${FILE}}}`, true],
  ["blockdev-add: unknown member in file", "BlockdevOptions", `{${QCOW2}, "file": {${FILE}, "bogus": 1}}`, false],
  ["blockdev-add: bad driver of file", "BlockdevOptions", `{${QCOW2}, "file": {"driver": "nope"}}`, false],
  ["ImageInfo with 32 snapshots (array of structs)", "ImageInfo", IMAGE(SNAPSHOTS), true],
  ["ImageInfo: last snapshot lacks 'name'", "ImageInfo", IMAGE([...SNAPSHOTS.slice(0, 31), SNAPSHOTS[31]!.replace('"name": "snap31", ', "")]), false],
  ["snapshot-save arguments", "q_obj_snapshot-save-arg", `{${SAVE}, "devices": ["disk0", "disk1", "disk2", "disk3"]}`, true],
  ["snapshot-save: devices[3] is a number", "q_obj_snapshot-save-arg", `{${SAVE}, "devices": ["disk0", "disk1", "disk2", 3]}`, false],
];

/** Generates QEMU 10.0's validators into tmp/, transpiled to JS importing dist's runtime. */
function generate(schema: ReturnType<typeof compileSchema>): string {
  const dir = join(repoRoot, "tmp/bench-validators");
  rmSync(dir, { recursive: true, force: true });
  const runtimePath = relative(dir, join(repoRoot, "dist/runtime/src/support"));
  const ctx = new GenContext({ prefix: "", unmask: false, defines: null, legacy: false, schemaPath: "", runtimePath });
  const out = new OutputSet({ manifest: false });
  validatorsBackend.generate(schema, out, ctx);
  for (const p of out.paths()) {
    const js = ts.transpileModule(out.get(p)!, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p.replace(/\.ts$/u, ".js")), js);
  }
  writeFileSync(join(dir, "package.json"), '{"type": "module"}\n');
  return dir;
}

/** One benchmark input, as handed to the measuring process. */
export interface CaseSpec {
  label: string;
  /** Module file (absolute) and export name of the generated validator. */
  module: string;
  name: string;
  /** The equivalent JSON Schema for ajv. */
  schema: Record<string, unknown>;
  text: string;
  valid: boolean;
}

/**
 * Generates and compiles everything, then measures in a fresh process: the
 * QEMU 10.0 schema model and generator output (100+ MB) would otherwise stay
 * in the heap and make every scavenge of the validators' garbage slow.
 */
export async function benchValidators(): Promise<void> {
  const schema = compileSchema(join(sharedDir, "qemu/10.0/schema/qapi-schema.json"), {});
  const dir = generate(schema);
  const names = schemaNames(schema);
  const only = process.env.BENCH_ONLY;
  const cases: CaseSpec[] = INPUTS.filter(([label]) => !only || only.split(",").some((o) => label.includes(o))).map(
    ([label, typeName, text, valid]) => {
      const t = schema.lookupType(typeName)!;
      const ref = names.validator(t);
      return { label, module: join(dir, "validators", `${ref.module}.js`), name: ref.name, schema: new JsonSchemaBuilder().root(t), text, valid };
    },
  );
  const casesFile = join(dir, "cases.json");
  writeFileSync(casesFile, JSON.stringify(cases));
  const measure = fileURLToPath(new URL("./validators/measure.js", import.meta.url));
  report(casesFile, (side) => {
    const [cmd, args] = pinned(process.execPath, [measure, casesFile, side]);
    const r = spawnSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (r.status !== 0) throw new Error(`validators benchmark: measuring ${side} failed`);
    return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as number[][];
  });
}

