// Every backend on a one-module schema with very long names: the output is
// in prettier's format (a schema of one module also takes the short forms,
// e.g. the dispatch table's flat list).

import { resolve } from "node:path";
import { expect, test } from "vitest";
import { compileSchema } from "../../../generator/src/compile.js";
import { GenContext } from "../../../generator/src/emit/backend.js";
import { BACKENDS } from "../../../generator/src/emit/backends/index.js";
import { isPrettierStable } from "../../../generator/src/emit/format.js";
import { OutputSet } from "../../../generator/src/emit/output-set.js";

test("long names in a one-module schema give prettier-formatted output", async () => {
  const schemaPath = resolve(import.meta.dirname, "fixtures/long-names.json");
  const schema = compileSchema(schemaPath);
  const ctx = new GenContext({ prefix: "", unmask: false, defines: null, legacy: false, schemaPath, runtimePath: null });
  const out = new OutputSet();
  for (const b of BACKENDS) b.generate(schema, out, ctx);
  const unstable: string[] = [];
  for (const p of out.paths()) {
    if (!/\.(ts|json|md)$/u.test(p)) continue;
    if (!(await isPrettierStable(out.get(p)!, p))) unstable.push(p);
  }
  expect(unstable).toEqual([]);
  expect(out.get("dispatch.ts")).toContain("[...longNamesCommands].map(");
});
