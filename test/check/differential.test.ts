// Differential cases recorded from QEMU's own check_exprs() (see
// golden/README.md): same error text, or the same normalized expression,
// for QEMU 10.0 and (legacy) 7.2.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkExprs } from "../../generator/src/check/expr-check.js";
import { QAPISourceInfo } from "../../generator/src/source.js";
import type { QAPIValue } from "../../generator/src/syntax/expression.js";

type Encoded = string | boolean | Encoded[] | { __map__: [string, Encoded][] };
type Outcome = { ok: Encoded } | { err: string } | { crash: string };
interface Case {
  expr: Encoded;
  mne: boolean;
  cne: boolean;
  qemu10: Outcome;
  qemu72: Outcome;
}

const file = fileURLToPath(new URL("./golden/expr-differential.json", import.meta.url));
const cases = JSON.parse(readFileSync(file, "utf8")) as Case[];

function decode(v: Encoded): QAPIValue {
  if (Array.isArray(v)) return v.map(decode);
  if (typeof v === "object") return new Map(v.__map__.map(([k, x]) => [k, decode(x)]));
  return v;
}

function encode(v: QAPIValue): Encoded {
  if (Array.isArray(v)) return v.map(encode);
  if (v instanceof Map)
    return { __map__: [...v].map(([k, x]) => [k, encode(x)] as [string, Encoded]) };
  return v;
}

function run(c: Case, legacy: boolean): Outcome | { jsError: string } {
  const expr = decode(c.expr) as Map<string, QAPIValue>;
  const info = new QAPISourceInfo("t.json", null);
  if (c.mne) info.pragma.memberNameExceptions = ["Str", "Uni", "Foo", "cmd", "Enu"];
  if (c.cne) info.pragma.commandNameExceptions = ["a_b", "q_a", "A_b", "cmd"];
  try {
    checkExprs([{ expr, info, doc: null }], { legacy });
    return { ok: encode(expr) };
  } catch (e) {
    if (e instanceof Error && e.name === "QAPISemError") return { err: String(e) };
    return { jsError: String(e) };
  }
}

for (const [label, legacy] of [
  ["QEMU 10.0", false],
  ["QEMU 7.2 (legacy)", true],
] as const) {
  describe(`checkExprs matches ${label} check_exprs()`, () => {
    it(`on ${cases.length} recorded cases`, () => {
      expect(cases.length).toBeGreaterThan(500);
      let matched = 0;
      for (const c of cases) {
        const want = legacy ? c.qemu72 : c.qemu10;
        const got = run(c, legacy);
        if ("crash" in want) {
          // QEMU dies with a Python exception here; we must report a schema error.
          expect(got, JSON.stringify(c.expr)).toHaveProperty("err");
        } else {
          expect(got, JSON.stringify(c.expr)).toEqual(want);
        }
        matched++;
      }
      expect(matched).toBe(cases.length);
    });
  });
}
