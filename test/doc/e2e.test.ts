// The doc-* cases of QEMU's conformance suite end to end: our parser,
// schema model and dump (test/qemu-compat/harness.ts), 10.0 and 7.2.

import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCase, suiteDir } from "../qemu-compat/harness.js";

for (const version of ["10.0", "7.2"]) {
  const dir = suiteDir(version);
  const cases = readdirSync(dir)
    .filter((f) => f.startsWith("doc-") && f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length));
  describe(`QEMU ${version} doc cases end to end`, () => {
    for (const name of cases) {
      it(name, () => {
        const r = runCase(dir, name, version === "7.2");
        expect({ out: r.actualOut, err: r.actualErr }).toEqual({
          out: r.expectedOut,
          err: r.expectedErr,
        });
      });
    }
  });
}
