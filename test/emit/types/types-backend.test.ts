// The types backend (types/*.ts, maps.ts) and index.ts on small fixture
// schemas: golden files (UPDATE_GOLDEN=1 rewrites them), prettier
// stability, tsc --strict over the output plus a usage.ts per case that
// checks what the types accept and reject, and the parsed JSDoc of hostile
// doc text.
//
// A case is a folder under fixtures/ with schema.json (or options.json
// naming another case's schema, plus "legacy" and "defines") and the
// expected output in expected/.

import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { compileSchema } from "../../../generator/src/compile.js";
import { GenContext } from "../../../generator/src/emit/backend.js";
import { indexBackend } from "../../../generator/src/emit/backends/index-file.js";
import { typesBackend } from "../../../generator/src/emit/backends/types.js";
import { isPrettierStable } from "../../../generator/src/emit/format.js";
import { OutputSet } from "../../../generator/src/emit/output-set.js";

const FIXTURES = resolve(import.meta.dirname, "fixtures");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

interface CaseOptions {
  schema?: string;
  legacy?: boolean;
  defines?: string[];
}

function caseOptions(dir: string): CaseOptions {
  const p = join(dir, "options.json");
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as CaseOptions) : {};
}

function generateCase(name: string): OutputSet {
  const dir = join(FIXTURES, name);
  const o = caseOptions(dir);
  const schemaPath = join(dir, o.schema ?? "schema.json");
  const schema = compileSchema(schemaPath, { legacy: o.legacy ?? false });
  const ctx = new GenContext({
    prefix: "",
    unmask: false,
    defines: o.defines ? new Set(o.defines) : null,
    legacy: o.legacy ?? false,
    schemaPath: "schema.json",
    runtimePath: null,
  });
  const out = new OutputSet({ manifest: false });
  typesBackend.generate(schema, out, ctx);
  indexBackend.generate(schema, out, ctx);
  return out;
}

function listFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

const CASES = readdirSync(FIXTURES).sort();

describe.each(CASES)("fixture %s", (name) => {
  const expectedDir = join(FIXTURES, name, "expected");

  test("matches the expected output", async () => {
    const out = generateCase(name);
    if (UPDATE) {
      rmSync(expectedDir, { recursive: true, force: true });
      await out.write(expectedDir);
    }
    expect(listFiles(expectedDir).sort()).toEqual(out.paths());
    for (const p of out.paths()) {
      expect(out.get(p), p).toBe(readFileSync(join(expectedDir, p), "utf8"));
    }
  });

  test("is in prettier's format", async () => {
    const out = generateCase(name);
    for (const p of out.paths()) {
      expect(await isPrettierStable(out.get(p)!, p), p).toBe(true);
    }
  });
});

test("expected outputs and usage.ts files type-check with tsc --strict", () => {
  const roots = CASES.flatMap((c) => {
    const dir = join(FIXTURES, c);
    const files = listFiles(join(dir, "expected")).map((p) => join(dir, "expected", p));
    return existsSync(join(dir, "usage.ts")) ? [...files, join(dir, "usage.ts")] : files;
  });
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
    if (!d.file) return msg;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${d.file.fileName.slice(FIXTURES.length + 1)}:${line + 1}: ${msg}`;
  });
  expect(diags).toEqual([]);
});

// --- what the parsed output says --------------------------------------------

function parse(name: string, path: string): ts.SourceFile {
  const text = generateCase(name).get(path);
  if (text === undefined) throw new Error(`${name}: no ${path}`);
  return ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function declarations(sf: ts.SourceFile): Map<string, ts.Statement> {
  const out = new Map<string, ts.Statement>();
  for (const st of sf.statements) {
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) out.set(st.name.text, st);
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) out.set((d.name as ts.Identifier).text, st);
    }
  }
  return out;
}

function members(decl: ts.Statement): Map<string, ts.PropertySignature> {
  const out = new Map<string, ts.PropertySignature>();
  for (const m of (decl as ts.InterfaceDeclaration).members) {
    if (ts.isPropertySignature(m)) out.set((m.name as ts.Identifier | ts.StringLiteral).text, m);
  }
  return out;
}

function docText(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
    .join("\n");
}

function tagNames(node: ts.Node): string[] {
  return ts.getJSDocTags(node).map((t) => t.tagName.text);
}

describe("hostile schema", () => {
  const sf = parse("hostile", "types/schema.ts");
  const decls = declarations(sf);

  test("global-like names are escaped, declarations all parse", () => {
    expect([...decls.keys()].sort()).toEqual(["DoItArg", "Object$", "ObjectValues", "OrgQemuXEventArg", "String$"]);
    expect((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
  });

  test("members keep their wire names", () => {
    const m = members(decls.get("String$")!);
    expect([...m.keys()]).toEqual([
      "constructor",
      "toString",
      "default",
      "class",
      "__org.qemu_proto__",
      "valueOf",
      "hasOwnProperty",
    ]);
    expect(m.get("toString")!.questionToken).toBeDefined();
    expect(m.get("constructor")!.questionToken).toBeUndefined();
    // Optional members named like Object's own must admit the inherited
    // value, or no object literal without them would type-check
    expect(m.get("toString")!.type!.getText()).toBe('Int | Object["toString"]');
    expect(m.get("valueOf")!.type!.getText()).toBe('string | Object["valueOf"]');
    expect(m.get("class")!.type!.getText()).toBe("string");
  });

  test("doc text cannot end the comment or create tags", () => {
    const m = members(decls.get("String$")!);
    expect(docText(m.get("constructor")!)).toBe("a member named constructor *\\/ /* still a comment");
    expect(tagNames(m.get("default")!)).toEqual([]);
    expect(docText(m.get("default")!)).toContain("`since` 0.0 must not become a tag");
    const body = docText(decls.get("String$")!);
    expect(body).toContain("comment *\\/ or to interpolate ${process.exit()} or `backticks` and");
    expect(body).toContain("</script><script>alert(1)</script>");
    // JavaScript line terminators would end a `//` line in other contexts
    // and confuse tools: replaced by spaces
    expect(body).toContain("line separator [ ] and paragraph separator [ ]");
    expect(sf.text).not.toMatch(/[\u2028\u2029]/u);
  });

  test("enum values are string literals, whatever they look like", () => {
    const alias = decls.get("Object$") as ts.TypeAliasDeclaration;
    const values = (alias.type as ts.UnionTypeNode).types.map((t) => ((t as ts.LiteralTypeNode).literal as ts.StringLiteral).text);
    expect(values).toEqual(["constructor", "1st", "class", "toString", "__org.qemu_proto__"]);
  });

  test("the example's fence is longer than any backtick run inside", () => {
    const maps = generateCase("hostile").get("maps.ts")!;
    expect(maps).toContain('   * ````\n   * -> { "execute": "do-it", "arguments": { "string": { "```": "*\\/" } } }\n   * ````');
  });
});

describe("conditions", () => {
  test("without --define, conditional things are kept and their condition recorded", () => {
    const text = generateCase("conditions").get("types/schema.ts")!;
    expect(text).toContain('export type Mode = "plain" | "fast" | "slow";');
    expect(text).toContain("- `fast` (only if `CONFIG_A`): only with A");
    expect(text).toContain("- `slow` (only if `not CONFIG_B`): only without B");
    expect(text).toContain("Only if: `CONFIG_A and CONFIG_B`");
    expect(text).toContain("export interface OnlyB {");
  });

  test("with --define CONFIG_A, what is false is left out", () => {
    const out = generateCase("defines");
    const text = out.get("types/schema.ts")!;
    const decls = declarations(ts.createSourceFile("x.ts", text, ts.ScriptTarget.ES2022, true));
    expect(decls.has("OnlyB")).toBe(false);
    expect(text).toContain('export type Mode = "plain" | "fast" | "slow";');
    expect(text).not.toContain("Only if");
    const settings = members(decls.get("Settings")!);
    expect([...settings.keys()]).toEqual(["mode", "a-only", "feat"]);
    expect(tagNames(settings.get("feat")!)).toEqual([]);
    expect(text).toContain("export type Chooser = Chooser_Plain | Chooser_Fast | Chooser_Slow;");
    const maps = out.get("maps.ts")!;
    expect(maps).toContain('"a-command"');
    expect(maps).not.toContain('"b-command"');
    expect(maps).not.toContain("B_EVENT");
  });
});

describe("legacy docs", () => {
  test("Example sections become code blocks, TODO is left out, Notes keep their tag", () => {
    const maps = generateCase("legacy-docs").get("maps.ts")!;
    expect(maps).toContain(
      [
        "   * Example:",
        "   * ```",
        '   * -> { "execute": "query-widgets" }',
        '   * <- { "return": [ { "name": "w0", "weight": 1 } ] }',
        "   * ```",
      ].join("\n"),
    );
    expect(maps).toContain("   * Notes: 1. widgets are");
    expect(maps).not.toContain("internal remark");
    expect(maps).toContain("   * @since 7.0");
  });
});
