// Differential cases: random mutations of QEMU's conformance cases, with
// the result QEMU's own parser gave (tools/record_differential.py).  The
// parser must agree on every one: same error text, or same expressions
// (file, line, value, doc symbol) and number of docs.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { QAPIError } from "../../generator/src/error.js";
import { parseSchemaFile } from "../../generator/src/syntax/parse.js";
import { plain } from "./helpers.js";

type Result = { error: string } | { exprs: [string, number, unknown, string | null][]; docs: number };
interface Case {
  files: Record<string, string>;
  qemu: Result;
}

const here = fileURLToPath(new URL(".", import.meta.url));

for (const [version, legacy] of [
  ["10.0", false],
  ["7.2", true],
] as const) {
  const cases = JSON.parse(readFileSync(join(here, `golden/differential-${version}.json`), "utf8")) as Case[];

  describe(`agrees with QEMU ${version}'s parser on mutated schemas`, () => {
    // QEMU ran in a directory holding the files; so do we, with the
    // directory stripped from names as test-qapi.py does.
    const dir = mkdtempSync(join(tmpdir(), "qapi-ts-diff-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const strip = (s: string): string => s.split(dir + "/").join("");

    function run(files: Record<string, string>): Result {
      for (const [name, text] of Object.entries(files)) {
        writeFileSync(join(dir, name), text);
      }
      try {
        const { exprs, docs } = parseSchemaFile(join(dir, "root.json"), { legacy });
        return {
          exprs: exprs.map((e) => {
            const expr = e.expr.has("include") ? new Map([["include", strip(e.expr.get("include") as string)]]) : e.expr;
            return [strip(e.info.fname), e.info.line, plain(expr), e.doc ? e.doc.symbol : null];
          }),
          docs: docs.length,
        };
      } catch (err) {
        if (err instanceof QAPIError) return { error: strip(String(err)) };
        throw err;
      } finally {
        for (const name of Object.keys(files)) rmSync(join(dir, name));
      }
    }

    it("has cases", () => {
      expect(cases.length).toBeGreaterThan(300);
    });

    cases.forEach((c, i) => {
      it(`case ${i}: ${"error" in c.qemu ? c.qemu.error.split("\n").pop() : "accepted"}`, () => {
        expect(run(c.files)).toEqual(c.qemu);
      });
    });
  });
}
