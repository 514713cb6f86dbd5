// The doc-* cases of QEMU's qapi-schema test suite (10.0 and 7.2), run
// through the doc parser and a minimal stand-in for the schema (see
// schema-emu.ts).  Errors must match the .err file exactly; accepted
// schemas must reproduce the doc part of the .out file.

import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dumpDocs } from "../../generator/src/doc/dump-docs.js";
import { runDocCase } from "./schema-emu.js";
import { sharedPath } from "../shared.js";

const SHARED = sharedPath("qemu");

// Errors these cases expect come from the parser or expr.py, not from the
// doc-comment code; here we only check that the docs themselves parse.
const NOT_DOC_ERRORS = new Set([
  "doc-bad-symbol",
  "doc-before-include",
  "doc-before-pragma",
  "doc-missing-expr",
  "doc-missing",
  "doc-no-symbol",
]);

for (const version of ["10.0", "7.2"]) {
  const dir = `${SHARED}/${version}/qapi-schema-tests`;
  const cases = readdirSync(dir)
    .filter((f) => f.startsWith("doc-") && f.endsWith(".json"))
    .map((f) => f.slice(0, -5));
  describe(`QEMU ${version} doc cases`, () => {
    it("finds the cases", () => {
      expect(cases.length).toBeGreaterThan(25);
    });
    for (const name of cases) {
      it(name, () => {
        const text = readFileSync(`${dir}/${name}.json`, "utf8");
        const expected = readFileSync(`${dir}/${name}.err`, "utf8").trimEnd();
        let actual = "";
        let dump = "";
        try {
          const parseOnly = NOT_DOC_ERRORS.has(name);
          dump = dumpDocs(runDocCase(text, `${name}.json`, version === "7.2", parseOnly).docs);
        } catch (e) {
          actual = String(e);
        }
        if (NOT_DOC_ERRORS.has(name)) {
          expect(actual).toBe("");
        } else {
          expect(actual).toBe(expected);
        }
        if (!expected) {
          const out = readFileSync(`${dir}/${name}.out`, "utf8");
          const docPart = out.slice(out.search(/^doc /m));
          expect(dump).toBe(docPart);
        }
      });
    }
  });
}
