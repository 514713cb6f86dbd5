// QEMU's conformance cases fed to checkExprs from QEMU's own parser output
// (golden/parsed-<version>.json), so this stage is checked on its own:
// "expr" cases must throw exactly <case>.err, "pass" cases nothing.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkExprs } from "../../generator/src/check/expr-check.js";
import { QAPIError, QAPISourceError } from "../../generator/src/error.js";
import { QAPISchemaPragma, QAPISourceInfo } from "../../generator/src/source.js";
import type { QAPIExpression, QAPIValue } from "../../generator/src/syntax/expression.js";
import { SHARED } from "../shared.js";

type Encoded = string | boolean | Encoded[] | { __map__: [string, Encoded][] };
interface ParsedExpr {
  expr: Encoded;
  /** [fname, line] of the expression, then of each including file. */
  info: [string, number][];
  doc: { symbol: string | null; err: string | null } | null;
  pragma: Pick<QAPISchemaPragma, "docRequired" | "commandNameExceptions" | "memberNameExceptions">;
}

const here = fileURLToPath(new URL(".", import.meta.url));
const golden = (f: string) => JSON.parse(readFileSync(join(here, "golden", f), "utf8"));
const stages = golden("stages.json") as Record<string, Record<"parse" | "expr" | "pass", string[]>>;

function decode(v: Encoded): QAPIValue {
  if (Array.isArray(v)) return v.map(decode);
  if (typeof v === "object") return new Map(v.__map__.map(([k, x]) => [k, decode(x)]));
  return v;
}

/** Rebuild expressions with one shared pragma, as QEMU's include tree has. */
function rebuild(items: ParsedExpr[]): QAPIExpression[] {
  const pragma = new QAPISchemaPragma();
  return items.map((it) => {
    Object.assign(pragma, it.pragma);
    let info: QAPISourceInfo | null = null;
    for (const [fname, line] of [...it.info].reverse()) {
      info = new QAPISourceInfo(fname, info).atLine(line);
    }
    info!.pragma = pragma;
    const docErr = it.doc?.err ?? null;
    const doc = it.doc && {
      symbol: it.doc.symbol,
      checkExpr() {
        if (docErr !== null) throw new QAPISourceError(null, docErr);
      },
    };
    return { expr: decode(it.expr) as Map<string, QAPIValue>, info: info!, doc: doc as never };
  });
}

for (const [version, legacy] of [
  ["10.0", false],
  ["7.2", true],
] as const) {
  const dir = join(SHARED, "qemu", version, "qapi-schema-tests");
  const present = existsSync(join(dir, "CASES"));
  const title = `QEMU ${version} cases, QEMU's parser output, checkExprs`;
  describe.skipIf(!present)(present ? title : `${title}: skipped, ${dir} not found`, () => {
    const parsed = golden(`parsed-${version}.json`) as Record<string, ParsedExpr[]>;
    const { expr, pass } = stages[version]!;
    const cases = [...expr.map((n) => [n, true] as const), ...pass.map((n) => [n, false] as const)];
    it.each(cases)("%s", (name, fails) => {
      const want = fails ? readFileSync(join(dir, name + ".err"), "utf8") : "(no error)";
      let got = "(no error)";
      try {
        checkExprs(rebuild(parsed[name]!), { legacy });
      } catch (err) {
        if (!(err instanceof QAPIError)) throw err;
        // The golden file names are relative to the suite, as in the .err files.
        got = String(err) + "\n";
      }
      expect(got).toBe(want);
    });
  });
}
