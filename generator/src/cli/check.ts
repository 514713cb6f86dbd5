// `qapi-ts check [--legacy] [--dump] SCHEMA.json`
//
// Exit 0 when the schema is valid, 1 with QEMU's error text on stderr when
// not.  --dump prints what QEMU's tests/qapi-schema/test-qapi.py prints.

import { compileSchema } from "../compile.js";
import { QAPIError } from "../error.js";
import { parseArgs, usageError } from "./args.js";

const HELP = `Usage: qapi-ts check [--legacy] [--dump] SCHEMA.json

Parse and check a QAPI schema with QEMU's rules.  Exit status 0 when the
schema is valid, 1 with the error on stderr (as QEMU prints it) when not.

Options:
  --legacy   accept schemas written for QEMU 6.0 to 8.x (their doc-comment
             syntax and language rules); without it, QEMU 10.0's rules apply
  --dump     print the schema and its documentation in the format of QEMU's
             own test suite (tests/qapi-schema/*.out)
  -h, --help show this help
`;

export async function checkCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ["--legacy", "--dump", "--help"], aliases: { "-h": "--help" } });
  if (typeof args === "string") {
    return usageError(args, "qapi-ts check --help");
  }
  if (args.flags.has("--help")) {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.positional.length !== 1) {
    return usageError("expected exactly one SCHEMA.json", "qapi-ts check --help");
  }
  const fname = args.positional[0]!;
  try {
    const schema = compileSchema(fname, { legacy: args.flags.has("--legacy") });
    if (args.flags.has("--dump")) {
      // Loaded only when asked for: a plain check doesn't need it.
      const { dumpSchema } = await import("../test-support/qemu-dump.js");
      process.stdout.write(dumpSchema(schema));
    }
    return 0;
  } catch (err) {
    if (err instanceof QAPIError) {
      process.stderr.write(String(err) + "\n");
      return 1;
    }
    throw err;
  }
}
