// qapi-ts command line: argv -> subcommand.  Each subcommand lives in cli/
// and returns its exit status; nothing here prints a stack trace for bad
// input (QAPIErrors are printed as QEMU prints them).

import { setFlagsFromString } from "node:v8";
import { checkCommand } from "./cli/check.js";
import { usageError, type Subcommand } from "./cli/args.js";

const TOP_HELP = `Usage: qapi-ts <command> [options]

A compiler for QEMU's QAPI schema language, and a simulated QEMU that serves
what it generates over QMP.

Commands:
  check [--legacy] [--dump] SCHEMA.json   parse and check a schema (QEMU's rules)
  generate [-o DIR] ... SCHEMA.json       generate TypeScript, introspection and docs
  serve [QEMU options]                    run the simulated QEMU (QMP server)
  img create|info|snapshot ...            manage simulated disk images (like qemu-img)

Run 'qapi-ts <command> --help' for a command's options.
`;

async function lazy(modulePath: string, exportName: string): Promise<Subcommand> {
  const mod = (await import(modulePath)) as Record<string, Subcommand>;
  const fn = mod[exportName];
  if (!fn) {
    throw new Error(`${modulePath} does not export ${exportName}`);
  }
  return fn;
}

// V8's profiler counter budget before a function is optimized (V8's
// default: 66 KB of bytecode executed).  `check` is a short-lived process:
// on a schema the size of QEMU's, optimizing compilation (TurboFan) costs
// more than it saves.  Tiering up 16 times later halves the CPU time of a
// cold check of QEMU 10.0's schema (about 600 -> 290 ms on the loaded
// 2-core machine); hot functions of a huge schema still get optimized.
// `generate` is the same kind of process (QEMU 10.0: about 2.0 -> 1.2 s).
// Only these short-lived processes are tuned (no test runs them in-process);
// `serve` is long-running and keeps V8's defaults.
const BATCH_V8_FLAGS = "--interrupt-budget=1081344";

/** Subcommands other than `check` are loaded on demand to keep `check` fast. */
const COMMANDS: Record<string, () => Promise<Subcommand>> = {
  check: async () => {
    setFlagsFromString(BATCH_V8_FLAGS);
    return checkCommand;
  },
  generate: () => {
    setFlagsFromString(BATCH_V8_FLAGS);
    return lazy("./cli/generate.js", "generateCommand");
  },
  serve: () => lazy("../../runtime/src/cli/serve.js", "serveCommand"),
  img: () => lazy("../../runtime/src/img/cli.js", "imgMain"),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(TOP_HELP);
    return name === undefined ? 1 : 0;
  }
  if (name === "--version" || name === "-V") {
    process.stdout.write("qapi-ts 0.1.0\n");
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    return usageError(`unknown command '${name}'`, "qapi-ts --help");
  }
  const run = await load();
  return run(rest);
}
