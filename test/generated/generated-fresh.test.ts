// The committed generated/ must be exactly what `npm run generate` makes
// from qapi/ now: regenerate in memory (same options as the npm script; the
// prettier pass is opt-in, --format, and the script does not ask for it)
// and compare byte for byte, manifest included.

import { join } from "node:path";
import { expect, test } from "vitest";
import { generateAll } from "../../generator/src/cli/generate.js";
import { compileSchema } from "../../generator/src/compile.js";
import { describeChanges } from "../../generator/src/emit/output-set.js";
import { REPO } from "./support.js";

test("generated/ is up to date with qapi/ (run `npm run generate`)", async () => {
  // package.json: generate --legacy --runtime-path ../runtime/src/support -o generated qapi/qapi-schema.json
  const schemaPath = "qapi/qapi-schema.json";
  const schema = compileSchema(join(REPO, schemaPath), { legacy: true });
  const out = generateAll(schema, {
    prefix: "",
    unmask: false,
    defines: null,
    legacy: true,
    schemaPath,
    runtimePath: "../runtime/src/support",
  });
  const stale = describeChanges(await out.check(join(REPO, "generated")));
  expect(stale, "stale files in generated/").toEqual([]);
}, 120_000);

test("generation is deterministic", () => {
  const gen = () =>
    generateAll(compileSchema(join(REPO, "qapi/qapi-schema.json"), { legacy: true }), {
      prefix: "",
      unmask: false,
      defines: null,
      legacy: true,
      schemaPath: "qapi/qapi-schema.json",
      runtimePath: "../runtime/src/support",
    });
  const a = gen();
  const b = gen();
  expect(b.paths()).toEqual(a.paths());
  for (const p of a.paths()) expect(b.get(p), p).toBe(a.get(p));
}, 120_000);
