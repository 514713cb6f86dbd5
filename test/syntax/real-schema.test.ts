// QEMU's real schemas parse exactly as QEMU's parser parses them: same
// expressions (file, line, value with key order, doc symbol) in the same
// order, and the same number of docs.  golden/real-schema.json holds QEMU's
// fingerprint (tools/record_real_schema.py).

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseSchemaFile } from "../../generator/src/syntax/parse.js";
import { plain } from "./helpers.js";
import { SHARED } from "../shared.js";

const here = fileURLToPath(new URL(".", import.meta.url));

const golden = JSON.parse(readFileSync(join(here, "golden/real-schema.json"), "utf8")) as Record<
  string,
  { exprs: number; docs: number; sha256: string }
>;

for (const [version, legacy] of [
  ["10.0", false],
  ["7.2", true],
] as const) {
  const schemaDir = join(SHARED, "qemu", version, "schema");
  const schema = join(schemaDir, "qapi-schema.json");
  const missing = !existsSync(schema);

  describe.skipIf(missing)(`QEMU ${version}'s schema${missing ? `: skipped, no ${schema}` : ""}`, () => {
    it("parses to exactly what QEMU's parser produces", () => {
      const { exprs, docs } = parseSchemaFile(schema, { legacy });
      const strip = (s: string): string => s.split(schemaDir + "/").join("");
      const rows = exprs.map((e) => {
        const expr = e.expr.has("include") ? new Map([["include", strip(e.expr.get("include") as string)]]) : e.expr;
        return [strip(e.info.fname), e.info.line, plain(expr), e.doc ? e.doc.symbol : null];
      });
      const sha256 = createHash("sha256").update(JSON.stringify(rows)).digest("hex");
      expect({ exprs: exprs.length, docs: docs.length, sha256 }).toEqual(golden[version]);
    });

    it("attaches each definition's doc and keeps include order", () => {
      const { exprs } = parseSchemaFile(schema, { legacy });
      const defs = exprs.filter((e) => !e.expr.has("include"));
      expect(defs.every((e) => e.doc !== null)).toBe(true);
      expect(exprs[0]!.expr.get("include")).toBe(join(schemaDir, "pragma.json"));
    });
  });
}
