// `qapi-ts generate [-o DIR] [-p PREFIX] [-u|--unmask] [--legacy]
//                   [--define SYMBOL]... [--check] SCHEMA.json`
//
// Compiles the schema, runs every backend into an in-memory OutputSet,
// formats it, then writes only what changed (or, with --check, reports what
// would change and exits 1).

import { isAbsolute, relative, resolve, sep } from "node:path";
import { compileSchema } from "../compile.js";
import { GenContext, type GenerateOptions } from "../emit/backend.js";
import { BACKENDS } from "../emit/backends/index.js";
import { defaultCacheDir, FormatCache, formatOutputSet } from "../emit/format.js";
import { describeChanges, OutputSet } from "../emit/output-set.js";
import { QAPIError } from "../error.js";
import type { QAPISchema } from "../model/schema.js";
import { parseArgs, usageError } from "./args.js";

const HELP = `Usage: qapi-ts generate [-o DIR] [-p PREFIX] [-u|--unmask] [--legacy]
                        [--define SYMBOL]... [--check] SCHEMA.json

Generate TypeScript types, validators, command dispatch, events, a typed QMP
client, introspection data (query-qmp-schema) and reference docs from a QAPI
schema: one file per schema module and kind, plus index files.  A file is
rewritten only when its content changed; files generated earlier that are no
longer produced are removed.

Options:
  -o, --output-dir DIR  write into DIR (default: the current directory)
  -p, --prefix PREFIX   prefix every generated file name with PREFIX
  -u, --unmask          don't mask non-ABI names in the introspection data
  --legacy              read a schema written for QEMU 6.0 to 8.x
  --define SYMBOL       make the 'if' condition symbol SYMBOL true
                        (repeatable); all other symbols are then false.
                        Without any --define, conditional definitions are
                        kept and their conditions recorded in the output.
  --check               write nothing; exit 1 and list stale or missing files
                        when DIR differs from what would be generated
  --runtime-path DIR    import qapi-ts's runtime support from DIR (relative
                        to the output folder) instead of the package
                        specifier 'qapi-ts/support/...'
  --format              also run prettier over each generated .ts file
                        (the output is already written in prettier's style;
                        this is a safety net, cached across runs)
  -h, --help            show this help
`;

/** Runs every backend; the OutputSet is complete but not yet formatted. */
export function generateAll(schema: QAPISchema, opts: GenerateOptions): OutputSet {
  const out = new OutputSet();
  const ctx = new GenContext(opts);
  for (const backend of BACKENDS) {
    backend.generate(schema, out, ctx);
  }
  return out;
}

export async function generateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    flags: ["--unmask", "--legacy", "--check", "--format", "--no-format", "--help"],
    values: ["--output-dir", "--prefix", "--define", "--runtime-path"],
    aliases: { "-o": "--output-dir", "-p": "--prefix", "-u": "--unmask", "-h": "--help" },
  });
  if (typeof args === "string") {
    return usageError(args, "qapi-ts generate --help");
  }
  if (args.flags.has("--help")) {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.positional.length !== 1) {
    return usageError("expected exactly one SCHEMA.json", "qapi-ts generate --help");
  }
  const schemaPath = args.positional[0]!;
  const dir = args.values.get("--output-dir")?.at(-1) ?? ".";
  const defines = args.values.get("--define");
  const opts: GenerateOptions = {
    prefix: args.values.get("--prefix")?.at(-1) ?? "",
    unmask: args.flags.has("--unmask"),
    defines: defines ? new Set(defines) : null,
    legacy: args.flags.has("--legacy"),
    schemaPath,
    runtimePath: runtimePathFrom(dir, args.values.get("--runtime-path")?.at(-1)),
  };
  let out: OutputSet;
  try {
    out = generateAll(compileSchema(schemaPath, { legacy: opts.legacy }), opts);
  } catch (err) {
    if (err instanceof QAPIError) {
      process.stderr.write(String(err) + "\n");
      return 1;
    }
    throw err;
  }
  // The printer writes prettier's layout itself (tests hold it to that), so
  // the prettier pass is opt-in: it costs seconds on a large schema.
  if (args.flags.has("--format") && !args.flags.has("--no-format")) {
    await formatOutputSet(out, new FormatCache({ dir: defaultCacheDir(process.cwd()) }));
  }
  return args.flags.has("--check") ? checkDir(out, dir) : writeDir(out, dir);
}

/** --runtime-path, made relative to the output folder when given absolute. */
function runtimePathFrom(dir: string, given: string | undefined): string | null {
  if (given === undefined) return null;
  return isAbsolute(given) ? relative(resolve(dir), given).split(sep).join("/") : given;
}

async function checkDir(out: OutputSet, dir: string): Promise<number> {
  const changes = await out.check(dir);
  if (changes.length === 0) {
    return 0;
  }
  process.stderr.write(`qapi-ts: ${dir} is not up to date (${changes.length} file(s)):\n`);
  for (const line of describeChanges(changes)) {
    process.stderr.write(`  ${line}\n`);
  }
  return 1;
}

async function writeDir(out: OutputSet, dir: string): Promise<number> {
  try {
    await out.write(dir);
    return 0;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`qapi-ts: can't write to '${dir}': ${e.message}\n`);
    return 1;
  }
}
