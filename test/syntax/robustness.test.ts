// Bad input of any kind is a QAPIError with a file and line, never a JS
// exception: undecodable bytes, NUL bytes, truncated files, deep nesting,
// huge files.

import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { QAPIError, QAPIParseError } from "../../generator/src/error.js";
import { MAX_DEPTH } from "../../generator/src/syntax/limits.js";
import { errorOf, parseFiles, parseText } from "./helpers.js";
import { sharedPath } from "../shared.js";

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

describe("undecodable bytes", () => {
  it("reports the line and column of the first byte that is not UTF-8", () => {
    expect(errorOf({ "root.json": bytes("{ 'a': 'b' }\n\n  ", [0xff], "\n") })).toBe(
      "root.json:3:3: invalid UTF-8 (can't decode byte 0xff)",
    );
    expect(errorOf({ "root.json": bytes("{ 'a': 'é", [0xc3], "' }") })).toBe(
      "root.json:1:10: invalid UTF-8 (can't decode byte 0xc3)",
    );
  });

  it("rejects overlong forms, surrogates and truncated sequences", () => {
    expect(errorOf({ "root.json": bytes("# ", [0xc0, 0xaf]) })).toMatch(/^root\.json:1:3: invalid UTF-8/);
    expect(errorOf({ "root.json": bytes("# ", [0xed, 0xa0, 0x80]) })).toMatch(/^root\.json:1:3: invalid UTF-8/);
    expect(errorOf({ "root.json": bytes("\r\n# ", [0xe2, 0x82]) })).toMatch(/^root\.json:2:3: invalid UTF-8/);
  });

  it("reports bad bytes in an included file with the include chain", () => {
    expect(errorOf({ "root.json": "{ 'include': 'a.json' }\n", "a.json": bytes([0x80]) })).toBe(
      "In file included from root.json:1:\na.json:1:1: invalid UTF-8 (can't decode byte 0x80)",
    );
  });

  it("keeps a byte order mark, which QEMU's lexer rejects", () => {
    expect(errorOf({ "root.json": bytes([0xef, 0xbb, 0xbf], "{}") })).toBe("root.json:1:1: stray '\ufeff'");
  });
});

describe("odd characters", () => {
  it("rejects NUL bytes in and out of strings", () => {
    expect(errorOf("{ 'a': '\0' }")).toBe("root.json:1:8: funny character in string");
    expect(errorOf("{ 'a': 'b' }\0")).toBe("root.json:1:13: stray '\0'");
  });

  it("rejects lone surrogates from a text reader", () => {
    expect(errorOf("{ 'a': '\ud800' }")).toBe("root.json:1:8: funny character in string");
    expect(errorOf("\udc00")).toBe("root.json:1:1: stray '\udc00'");
  });

  it("shows astral characters whole", () => {
    expect(errorOf("{ 'a': \u{1F600}x }")).toBe("root.json:1:8: stray '\u{1F600}x'");
    expect(errorOf("{ 'a': 'b' }\n'\\\u{1F600}'")).toBe("root.json:2:1: unknown escape \\\u{1F600}");
  });
});

describe("nesting", () => {
  it("reports nesting beyond the limit at the offending bracket", () => {
    const text = "{ 'a': " + "[".repeat(MAX_DEPTH) + "]".repeat(MAX_DEPTH) + " }";
    const err = (() => {
      try {
        parseText(text);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(QAPIParseError);
    expect(String(err)).toBe(
      `root.json:1:${8 + MAX_DEPTH - 1}: nesting too deep (more than ${MAX_DEPTH} levels of '{' and '[')`,
    );
  });

  it("survives very deep nesting without a stack overflow", () => {
    for (const open of ["[", "{ 'a': "]) {
      const text = open.repeat(200_000) + "\n";
      expect(errorOf(text)).toMatch(/^root\.json:1:\d+: nesting too deep/);
    }
  });

  it("still reports an earlier syntax error first", () => {
    const text = "{ 'a' 'b', 'c': " + "[".repeat(5000);
    expect(errorOf(text)).toBe("root.json:1:7: expected ':'");
  });
});

describe("truncated files", () => {
  const file = sharedPath("qemu/10.0/schema/job.json");

  it.skipIf(!existsSync(file))("gives a QAPIError or a result for every prefix of a real file", () => {
    const text = readFileSync(file, "utf8");
    let errors = 0;
    for (let n = 0; n <= text.length; n += 3) {
      try {
        parseFiles({ "root.json": text.slice(0, n) });
      } catch (err) {
        expect(err).toBeInstanceOf(QAPIError);
        expect(String(err)).toMatch(/^root\.json:\d+/);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(100);
  });
});

// Sizes are real; time limits are loose because the test machine is shared.
describe("big files", () => {
  const chunk =
    "##\n# @Thing:\n#\n# A thing.\n#\n# @member: a member\n#\n# Since: 1.0\n##\n" +
    "{ 'struct': 'Thing', 'data': { 'member': 'str', '*list': [ 'int' ], 'flag': true },\n  'features': [ 'deprecated' ] }\n\n";
  const big = (mb: number): string => chunk.repeat(Math.ceil((mb * 1e6) / chunk.length));

  it("parses a 50 MB schema", { timeout: 120_000 }, () => {
    const t0 = performance.now();
    const { exprs, docs } = parseText(big(50));
    const ms = performance.now() - t0;
    expect(exprs.length).toBe(docs.length);
    expect(exprs.length).toBeGreaterThan(270_000);
    expect(exprs[exprs.length - 1]!.info.line).toBe(exprs.length * 12 - 11 + 9);
    expect(ms).toBeLessThan(60_000);
  });

  it("includes a file of half a million definitions", { timeout: 60_000 }, () => {
    const { exprs } = parseFiles({ "root.json": "{ 'include': 'big.json' }\n", "big.json": "{}\n".repeat(5e5) });
    expect(exprs).toHaveLength(5e5 + 1);
  });

  it("finds an error at the end of 10 MB", { timeout: 60_000 }, () => {
    const text = big(10) + "{ 'x' }";
    const line = text.split("\n").length;
    expect(errorOf(text)).toBe(`root.json:${line}:7: expected ':'`);
  });

  it("copes with one 5 MB line", { timeout: 60_000 }, () => {
    const line = "{ 'a': [ " + "'x', ".repeat(1e6) + "'y' ] }";
    expect(parseText(line).exprs[0]!.expr.get("a")).toHaveLength(1e6 + 1);
    const bad = line.slice(0, -3) + "x ] }";
    expect(errorOf(bad)).toBe(`root.json:1:${bad.length - 4}: stray 'x'`);
    const bad2 = line.slice(0, -3) + "'z' ] }";
    expect(errorOf(bad2)).toBe(`root.json:1:${bad2.length - 6}: expected ',' or ']'`);
  });

  it("copes with a 50 MB string, comment and run of blank lines", { timeout: 60_000 }, () => {
    expect(parseText("{ 'a': '" + "x".repeat(50e6) + "' }").exprs).toHaveLength(1);
    expect(parseText("# " + "x".repeat(50e6) + "\n{}").exprs).toHaveLength(1);
    expect(errorOf("##\n# @a:\n" + "\n".repeat(50e6) + "x")).toBe(`root.json:${50e6 + 3}:1: stray 'x'`);
  });
});
