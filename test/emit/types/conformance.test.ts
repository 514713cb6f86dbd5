// The types backend over the valid schemas of QEMU's own QAPI test suite
// (those whose expected .err is empty: qapi-schema-test.json with its
// includes, doc-good.json, ...), read with 10.0's rules and with 7.2's:
// the output is in prettier's format and type-checks with tsc --strict.

import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, test } from "vitest";
import { compileSchema } from "../../../generator/src/compile.js";
import { GenContext } from "../../../generator/src/emit/backend.js";
import { indexBackend } from "../../../generator/src/emit/backends/index-file.js";
import { typesBackend } from "../../../generator/src/emit/backends/types.js";
import { isPrettierStable } from "../../../generator/src/emit/format.js";
import { OutputSet } from "../../../generator/src/emit/output-set.js";
import { sharedPath } from "../../shared.js";

const SUITES = [
  { version: "10.0", legacy: false },
  { version: "7.2", legacy: true },
] as const;

/** Test schemas QEMU accepts: an .err file that exists and is empty. */
function validSchemas(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .filter((f) => {
      const err = join(dir, f.replace(/\.json$/u, ".err"));
      return existsSync(err) && readFileSync(err, "utf8") === "";
    })
    .sort();
}

const outDirs: string[] = [];
afterAll(() => {
  for (const d of outDirs) rmSync(d, { recursive: true, force: true });
});

describe.each(SUITES)("QEMU $version test schemas", ({ version, legacy }) => {
  test("types are in prettier's format and type-check", async () => {
    const dir = sharedPath("qemu", version, "qapi-schema-tests");
    const schemas = validSchemas(dir);
    expect(schemas).toContain("qapi-schema-test.json");
    const base = join(tmpdir(), `qapi-ts-conformance-${version}-${process.pid}`);
    outDirs.push(base);
    const roots: string[] = [];
    const unstable: string[] = [];
    for (const f of schemas) {
      const schema = compileSchema(join(dir, f), { legacy });
      const ctx = new GenContext({ prefix: "", unmask: false, defines: null, legacy, schemaPath: f, runtimePath: null });
      const out = new OutputSet();
      typesBackend.generate(schema, out, ctx);
      indexBackend.generate(schema, out, ctx);
      for (const p of out.paths()) {
        if (!(await isPrettierStable(out.get(p)!, p))) unstable.push(`${f}: ${p}`);
      }
      const d = join(base, f.replace(/\.json$/u, ""));
      await out.write(d);
      roots.push(...out.paths().map((p) => join(d, p)));
    }
    expect(unstable).toEqual([]);
    writeFileSync(join(base, "package.json"), '{ "type": "module" }\n');
    const program = ts.createProgram(roots, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2023.d.ts"],
      types: [],
    });
    const diags = ts.getPreEmitDiagnostics(program).map((d) => {
      const msg = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      return d.file ? `${d.file.fileName.slice(base.length + 1)}: ${msg}` : msg;
    });
    expect(diags).toEqual([]);
  }, 120_000);
});
