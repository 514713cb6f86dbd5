// Shared runner for QEMU's own QAPI conformance suite
// (tests/qapi-schema in QEMU, copied to ../shared/qemu/<version>/qapi-schema-tests).
//
// runCase() does what test-qapi.py's test_and_diff() does: compile
// <dir>/<case>.json, capture the dump on success or `str(err) + '\n'` with
// "<dir>/" removed on a QAPIError, and pair them with <case>.out/.err.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileSchema } from "../../generator/src/compile.js";
import { QAPIError } from "../../generator/src/error.js";
import { dumpSchema } from "../../generator/src/test-support/qemu-dump.js";
import { SHARED } from "../shared.js";

export const SHARED_DIR = SHARED;

export interface CaseResult {
  name: string;
  actualOut: string;
  actualErr: string;
  expectedOut: string;
  expectedErr: string;
}

/** The suite's directory, or an Error explaining that ../shared is missing. */
export function suiteDir(version: string): string {
  const dir = join(SHARED_DIR, "qemu", version, "qapi-schema-tests");
  if (!existsSync(join(dir, "CASES"))) {
    throw new Error(
      `QEMU ${version} conformance suite not found at ${dir}: ` +
        "the read-only ../shared checkout is required for these tests",
    );
  }
  return dir;
}

/** Case names (without .json) listed in CASES, duplicates removed. */
export function listCases(dir: string): string[] {
  const names = readFileSync(join(dir, "CASES"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.endsWith(".json"))
    .map((l) => l.slice(0, -".json".length));
  return [...new Set(names)];
}

export function runCase(dir: string, name: string, legacy: boolean): CaseResult {
  let actualOut = "";
  let actualErr = "";
  try {
    actualOut = dumpSchema(compileSchema(join(dir, name + ".json"), { legacy }));
  } catch (err) {
    if (!(err instanceof QAPIError)) throw err;
    actualErr = (String(err) + "\n").split(dir + "/").join("");
  }
  const read = (ext: string) => {
    const f = join(dir, name + ext);
    return existsSync(f) ? readFileSync(f, "utf8") : "";
  };
  return { name, actualOut, actualErr, expectedOut: read(".out"), expectedErr: read(".err") };
}

export function passes(r: CaseResult): boolean {
  return r.actualOut === r.expectedOut && r.actualErr === r.expectedErr;
}
