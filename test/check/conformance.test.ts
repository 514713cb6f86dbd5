// QEMU's conformance cases at the check_exprs() stage: parse each case with
// our parser (parseSchemaFile), run checkExprs, and compare with what QEMU's front end does up to and
// including check_exprs.  golden/stages.json records, per case, where
// QEMU's own parser + check_exprs stop: "parse" (not our stage: skipped),
// "expr" (checkExprs must throw exactly <case>.err) or "pass" (checkExprs
// must accept it; a later stage may still reject it).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkExprs } from "../../generator/src/check/expr-check.js";
import { QAPIError } from "../../generator/src/error.js";
import { parseSchemaFile } from "../../generator/src/syntax/parse.js";
import { SHARED } from "../shared.js";

type Stage = "parse" | "expr" | "pass";
const here = fileURLToPath(new URL(".", import.meta.url));
const stages = JSON.parse(readFileSync(join(here, "golden/stages.json"), "utf8")) as Record<
  string,
  Record<Stage, string[]>
>;


/** test-qapi.py's error text: str(err) + "\n", suite directory removed. */
function errText(err: unknown, dir: string): string {
  return (String(err) + "\n").split(dir + "/").join("");
}

for (const [version, legacy] of [
  ["10.0", false],
  ["7.2", true],
] as const) {
  const dir = join(SHARED, "qemu", version, "qapi-schema-tests");
  const present = existsSync(join(dir, "CASES"));
  const why = present
    ? ""
    : `QEMU ${version} suite not found at ${dir} (needs the read-only ../shared checkout)`;

  describe.skipIf(why !== "")(
    `QEMU ${version} cases at the check_exprs stage${why ? `: skipped, ${why}` : ""}`,
    () => {
      const byStage = stages[version]!;
      it("covers the suite", () => {
        expect(byStage.expr.length).toBeGreaterThan(70);
      });

      for (const name of byStage.expr) {
        it(`${name}: fails with <case>.err`, () => {
          const expected = readFileSync(join(dir, name + ".err"), "utf8");
          const { exprs } = parseSchemaFile(join(dir, name + ".json"), { legacy });
          let got = "(no error)";
          try {
            checkExprs(exprs, { legacy });
          } catch (err) {
            if (!(err instanceof QAPIError)) throw err;
            got = errText(err, dir);
          }
          expect(got).toBe(expected);
        });
      }

      for (const name of byStage.pass) {
        it(`${name}: passes check_exprs`, () => {
          const { exprs } = parseSchemaFile(join(dir, name + ".json"), { legacy });
          let got = "(no error)";
          try {
            checkExprs(exprs, { legacy });
          } catch (err) {
            if (!(err instanceof QAPIError)) throw err;
            got = errText(err, dir);
          }
          expect(got).toBe("(no error)");
        });
      }
    },
  );
}
