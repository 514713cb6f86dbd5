// QEMU's conformance suite, parser stage: every case QEMU's own parser
// rejects must fail here with exactly <case>.err (the message, location and
// include chain), and every case it accepts must parse.  The lists come
// from QEMU's parser itself (tools/record_parse_stage.py).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { QAPIError } from "../../generator/src/error.js";
import { parseSchemaFile } from "../../generator/src/syntax/parse.js";
import { SHARED } from "../shared.js";

const here = fileURLToPath(new URL(".", import.meta.url));


type Stages = Record<string, { error: string[]; pass: string[]; oserror: string[] }>;
const stages = JSON.parse(readFileSync(join(here, "golden/parse-stage.json"), "utf8")) as Stages;

/** test-qapi.py's text: str(err) + "\n" with the suite directory removed. */
function errText(err: unknown, dir: string): string {
  if (!(err instanceof QAPIError)) {
    throw err;
  }
  return (String(err) + "\n").split(dir + "/").join("");
}

for (const [version, legacy] of [
  ["10.0", false],
  ["7.2", true],
] as const) {
  const dir = join(SHARED, "qemu", version, "qapi-schema-tests");
  const missing = !existsSync(join(dir, "CASES"));
  const title = `QEMU ${version} conformance cases, parser stage`;

  describe.skipIf(missing)(missing ? `${title}: skipped, no suite at ${dir}` : title, () => {
    const { error, pass, oserror } = stages[version]!;

    it("covers the suite", () => {
      expect(error.length).toBeGreaterThan(50);
      expect(pass.length).toBeGreaterThan(140);
    });

    for (const name of error) {
      it(`${name}: fails with ${name}.err`, () => {
        const expected = readFileSync(join(dir, name + ".err"), "utf8");
        let got = "(no error)\n";
        try {
          parseSchemaFile(join(dir, name + ".json"), { legacy });
        } catch (err) {
          got = errText(err, dir);
        }
        expect(got).toBe(expected);
      });
    }

    for (const name of pass) {
      it(`${name}: parses`, () => {
        const { exprs } = parseSchemaFile(join(dir, name + ".json"), { legacy });
        expect(Array.isArray(exprs)).toBe(true);
      });
    }

    for (const name of oserror) {
      it(`${name}: the read error reaches the caller, as QEMU's OSError does`, () => {
        expect(() => parseSchemaFile(join(dir, name + ".json"), { legacy })).toThrow(
          expect.objectContaining({ code: "ENOENT" }),
        );
      });
    }
  });
}
