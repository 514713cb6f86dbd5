// Where the read-only reference material lives: `../shared` beside the
// checkout, or QAPI_TS_SHARED when a CI machine keeps it elsewhere.  Every
// test that reads QEMU's schemas, suites or profiles goes through here, so
// a clone at any path finds the same files.

import { join, resolve } from "node:path";

const fromEnv = process.env["QAPI_TS_SHARED"];

export const SHARED = fromEnv ? resolve(fromEnv) : resolve(import.meta.dirname, "../../shared");

/** A path inside the shared reference folder. */
export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}
