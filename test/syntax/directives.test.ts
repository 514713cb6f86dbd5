// Include and pragma directives, and the order in which QEMU reports
// errors across files.  Expected texts were checked against QEMU 10.0's
// own parser.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { QAPIError } from "../../generator/src/error.js";
import { parseSchemaFile } from "../../generator/src/syntax/parse.js";
import { errorOf, parseFiles, plain } from "./helpers.js";

describe("include", () => {
  it("adds the include directive, then the included file's definitions, in order", () => {
    const { exprs } = parseFiles({
      "root.json": "{ 'struct': 'R1' }\n{ 'include': 'sub/a.json' }\n{ 'struct': 'R2' }\n",
      "sub/a.json": "{ 'struct': 'A' }\n{ 'include': 'b.json' }\n",
      "sub/b.json": "\n{ 'struct': 'B' }\n",
    });
    expect(exprs.map((e) => [e.info.fname, e.info.line, plain(e.expr)])).toEqual([
      ["root.json", 1, { pairs: [["struct", "R1"]] }],
      ["root.json", 2, { pairs: [["include", "sub/a.json"]] }],
      ["sub/a.json", 1, { pairs: [["struct", "A"]] }],
      ["sub/a.json", 2, { pairs: [["include", "sub/b.json"]] }],
      ["sub/b.json", 2, { pairs: [["struct", "B"]] }],
      ["root.json", 3, { pairs: [["struct", "R2"]] }],
    ]);
  });

  it("gives included definitions an info whose parent is the include directive", () => {
    const { exprs } = parseFiles({
      "root.json": "\n{ 'include': 'a.json' }\n",
      "a.json": "{ 'struct': 'A' }\n",
    });
    const a = exprs[1]!;
    expect(a.info.parent).toBe(exprs[0]!.info);
    expect(a.info.toString()).toBe("In file included from root.json:2:\na.json:1");
  });

  it("reads a file once, however it is named, but keeps every directive", () => {
    const { exprs } = parseFiles({
      "root.json": "{ 'include': 'a.json' }\n{ 'include': './a.json' }\n{ 'include': 'sub/../a.json' }\n",
      "a.json": "{ 'struct': 'A' }\n",
    });
    expect(exprs.map((e) => plain(e.expr))).toEqual([
      { pairs: [["include", "a.json"]] },
      { pairs: [["struct", "A"]] },
      { pairs: [["include", "./a.json"]] },
      { pairs: [["include", "sub/../a.json"]] },
    ]);
  });

  it("collects the docs of included files in order", () => {
    const { docs } = parseFiles({
      "root.json": "##\n# = Root\n##\n{ 'include': 'a.json' }\n##\n# @R:\n##\n{ 'struct': 'R' }\n",
      "a.json": "##\n# @A:\n##\n{ 'struct': 'A' }\n",
    });
    expect(docs.map((d) => [d.info.fname, d.symbol])).toEqual([
      ["root.json", null],
      ["a.json", "A"],
      ["root.json", "R"],
    ]);
  });

  it.each([
    [
      "an error in an include beats a later syntax error",
      { "root.json": "{ 'include': 'a.json' }\n{ 'struct': 'A' }\n{ 'a' }\n", "a.json": "{ 'include': 'nope.json' }\n" },
      "In file included from root.json:1:\na.json:1: can't read include file 'nope.json': No such file or directory",
    ],
    [
      "a pragma error in an include beats a later syntax error",
      { "root.json": "{ 'include': 'a.json' }\n{ 'a' }\n", "a.json": "{ 'pragma': { 'bogus': true } }\n" },
      "In file included from root.json:1:\na.json:1: unknown pragma 'bogus'",
    ],
    [
      "an include is processed before a bad token that is not a lexer error",
      { "root.json": "{ 'include': 'a.json' } 'x' }", "a.json": "{ 'pragma': {'doc-required': 'no'} }" },
      "In file included from root.json:1:\na.json:1: pragma 'doc-required' must be boolean",
    ],
    [
      "a lexer error right after an include comes before reading it",
      { "root.json": "{ 'include': 'nope.json' } x" },
      "root.json:1:28: stray 'x'",
    ],
    [
      "errors in nested includes show the include chain",
      { "root.json": "{ 'include': 'sub/a.json' }\n", "sub/a.json": "{ 'include': 'b.json' }\n", "sub/b.json": "{ 'x' }\n" },
      "In file included from root.json:1:\nIn file included from sub/a.json:1:\nsub/b.json:1:7: expected ':'",
    ],
    [
      "included names are relative to the including file",
      { "root.json": "{ 'include': 'sub/a.json' }\n", "sub/a.json": "{ 'include': 'b.json' }\n" },
      "In file included from root.json:1:\nsub/a.json:1: can't read include file 'sub/b.json': No such file or directory",
    ],
    [
      "an inclusion loop through a relative path",
      { "root.json": "{ 'include': 'sub/a.json' }\n", "sub/a.json": "\n\n{ 'include': '../root.json' }\n" },
      "In file included from root.json:1:\nsub/a.json:3: inclusion loop for ../root.json",
    ],
    [
      "an inclusion loop between two included files",
      { "root.json": "{ 'include': 'a.json' }\n", "a.json": "{ 'include': 'b.json' }\n", "b.json": "{ 'include': 'a.json' }\n" },
      "In file included from root.json:1:\nIn file included from a.json:1:\nb.json:1: inclusion loop for a.json",
    ],
    [
      "a dangling definition doc at the end of an included file",
      { "root.json": "{ 'include': 'a.json' }\n", "a.json": "##\n# @foo:\n##\n" },
      "In file included from root.json:1:\na.json:1: documentation for 'foo' is not followed by the definition",
    ],
    [
      "a definition doc before an include",
      { "root.json": "##\n# @foo:\n##\n{ 'include': 'a.json' }\n", "a.json": "{ 'x' }\n" },
      "root.json:1: documentation for 'foo' is not followed by the definition",
    ],
    ["an empty include name", { "root.json": "{ 'include': '' }\n" }, "root.json:1: can't read include file '': No such file or directory"],
  ])("%s", (_title, files, expected) => {
    expect(errorOf(files)).toBe(expected);
  });
});

describe("include, on the file system", () => {
  const dir = mkdtempSync(join(tmpdir(), "qapi-ts-include-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "dir.json"), "{ 'include': 'sub' }\n");
  writeFileSync(join(dir, "ok.json"), "{ 'include': 'sub/x.json' }\n");
  writeFileSync(join(dir, "sub/x.json"), "{ 'struct': 'X' }\n");

  function errText(fname: string): string {
    try {
      parseSchemaFile(join(dir, fname));
    } catch (err) {
      if (err instanceof QAPIError) return String(err).split(dir + "/").join("");
      throw err;
    }
    return "OK";
  }

  it("reports a directory given as include", () => {
    expect(errText("dir.json")).toBe("dir.json:1: can't read include file 'sub': Is a directory");
  });

  it("reads included files next to the including one", () => {
    const { exprs } = parseSchemaFile(join(dir, "ok.json"));
    expect(exprs.map((e) => e.info.fname)).toEqual([join(dir, "ok.json"), join(dir, "sub/x.json")]);
  });

  it("lets an error reading the root file through, as QEMU does", () => {
    expect(() => parseSchemaFile(join(dir, "missing.json"))).toThrow(expect.objectContaining({ code: "ENOENT" }));
    expect(() => parseSchemaFile(join(dir, "sub"))).toThrow(expect.objectContaining({ code: "EISDIR" }));
  });
});

describe("pragma", () => {
  it("sets the pragmas shared by every file of the schema", () => {
    const { exprs } = parseFiles({
      "root.json":
        "{ 'pragma': { 'doc-required': true, 'command-name-exceptions': [ 'a_b' ] } }\n{ 'include': 'a.json' }\n",
      "a.json":
        "{ 'pragma': { 'command-returns-exceptions': [ 'c' ], 'member-name-exceptions': [], 'documentation-exceptions': [ 'D' ] } }\n{ 'struct': 'A' }\n",
    });
    expect(exprs.map((e) => plain(e.expr))).toEqual([{ pairs: [["include", "a.json"]] }, { pairs: [["struct", "A"]] }]);
    const pragma = exprs[1]!.info.pragma;
    expect(pragma).toBe(exprs[0]!.info.pragma);
    expect(pragma.docRequired).toBe(true);
    expect(pragma.commandNameExceptions).toEqual(["a_b"]);
    expect(pragma.commandReturnsExceptions).toEqual(["c"]);
    expect(pragma.memberNameExceptions).toEqual([]);
    expect(pragma.documentationExceptions).toEqual(["D"]);
  });

  it("applies pragmas one by one: a later bad one fails after earlier ones took effect", () => {
    expect(errorOf("{ 'pragma': { 'doc-required': true, 'nope': [] } }")).toBe("root.json:1: unknown pragma 'nope'");
  });

  it("does not know documentation-exceptions in QEMU 7.2", () => {
    expect(errorOf("{ 'pragma': { 'documentation-exceptions': [] } }", { legacy: true })).toBe(
      "root.json:1: unknown pragma 'documentation-exceptions'",
    );
  });

  it("adds nothing to the expressions", () => {
    expect(parseFiles({ "root.json": "{ 'pragma': {} }\n" }).exprs).toEqual([]);
  });
});
