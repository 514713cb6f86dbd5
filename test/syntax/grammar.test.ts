// The grammar's two start rules, called directly: File (good items, then
// where the first bad one starts) and Tokens (QEMU's tokens, lexer errors
// included).  Also checks the one thing the grammar takes from peggy's
// generated code, moving peg$currPos from a predicate.

import { describe, expect, it } from "vitest";
import { parse } from "../../generator/src/syntax/parser.generated.js";
import { TokenStream, type Token } from "../../generator/src/syntax/tokens.js";

interface FileResult {
  items: ({ doc: false; pos: number; value: unknown } | { doc: true; open: number; mid: number[]; close: number | null })[];
  rest: number;
}

const file = (src: string): FileResult => parse(src, { startRule: "File", maxDepth: 1000 }) as FileResult;
const tokens = (src: string, legacy = false): Token[] =>
  (parse(src, { startRule: "Tokens", legacy }) as { tokens: Token[] }).tokens;

describe("File", () => {
  it("returns items with offsets and the end of input when all parse", () => {
    const src = "# c\n{ 'a': 'b' }\n##\n# x\n##\n[ true ]\n";
    const r = file(src);
    expect(r.rest).toBe(src.length);
    expect(r.items.map((i) => (i.doc ? ["doc", i.open, i.mid, i.close] : ["expr", i.pos]))).toEqual([
      ["expr", 4],
      ["doc", 17, [20], 24],
      ["expr", 27],
    ]);
  });

  it("skips whole comment lines and long whitespace runs (moving peg$currPos)", () => {
    const src = "#" + "x".repeat(100_000) + "\n" + " ".repeat(100_000) + "{}\n";
    const r = file(src);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ pos: 200_002 });
    expect(r.rest).toBe(src.length);
  });

  it("stops at the first item that does not parse", () => {
    const src = "{ 'a': 'b' }\n{ 'c' 'd' }\n{ 'e': 'f' }\n";
    const r = file(src);
    expect(r.items).toHaveLength(1);
    expect(r.rest).toBe(13);
  });

  it("rejects duplicate keys and nesting past maxDepth as bad items", () => {
    expect(file("{ 'a': 'b', 'a': 'c' }\n").rest).toBe(0);
    const ok = "{ 'a': {}, 'b': { 'a': 'c' } }\n";
    expect(file(ok).rest).toBe(ok.length);
    expect((parse("[[[]]]\n", { startRule: "File", maxDepth: 2 }) as FileResult).rest).toBe(0);
    expect((parse("[[[]]]\n", { startRule: "File", maxDepth: 3 }) as FileResult).rest).toBe(7);
  });

  it("takes an unterminated doc block as an item (the doc parser reports it)", () => {
    const r = file("##\n# @a:\n{ 'x': 'y' }\n");
    expect(r.items.map((i) => i.doc)).toEqual([true, false]);
    expect(r.items[0]).toMatchObject({ close: null, mid: [3] });
  });

  it("does not take a '##' comment as whitespace inside an expression", () => {
    expect(file("{ 'a': ## x\n 'b' }\n").rest).toBe(0);
    const ok = "{ 'a': # x\n 'b' }\n";
    expect(file(ok).rest).toBe(ok.length);
  });
});

describe("Tokens", () => {
  it("returns QEMU's tokens", () => {
    expect(tokens("{ 'a\\\\b': [ true, false ] } ## doc\n# skipped\n:")).toEqual([
      { t: "{", pos: 0 },
      { t: "'", pos: 2, val: "a\\b" },
      { t: ":", pos: 8 },
      { t: "[", pos: 10 },
      { t: "t", pos: 12, val: true },
      { t: ",", pos: 16 },
      { t: "f", pos: 18, val: false },
      { t: "]", pos: 24 },
      { t: "}", pos: 26 },
      { t: "#", pos: 28 },
      { t: ":", pos: 45 },
    ]);
  });

  it("returns lexer errors as tokens, with the offending character", () => {
    expect(tokens("'ab\n")).toEqual([{ t: "!", pos: 0, err: "eol", at: 3 }]);
    expect(tokens("'a\\\n")).toEqual([{ t: "!", pos: 0, err: "eol", at: 3 }]);
    expect(tokens("'a\\x'")[0]).toEqual({ t: "!", pos: 0, err: "escape", at: 3 });
    expect(tokens("'a\u00e9'")[0]).toEqual({ t: "!", pos: 0, err: "funny", at: 2 });
    expect(tokens("trueX")).toEqual([
      { t: "t", pos: 0, val: true },
      { t: "!", pos: 4, err: "stray", at: 4, text: "X" },
    ]);
    expect(tokens("ab#c\"d'e'")[0]).toEqual({ t: "!", pos: 0, err: "stray", at: 0, text: 'ab#c"d' });
    expect(tokens("ab#c\"d'e'", true)[0]).toEqual({ t: "!", pos: 0, err: "stray", at: 0, text: "ab#c" });
  });
});

describe("TokenStream", () => {
  const all = (src: string, start = 0): Token[] => {
    const s = new TokenStream(src, start, false);
    const out: Token[] = [];
    for (let tok = s.get(); tok.t !== null; tok = s.get()) out.push(tok);
    out.push(s.get());
    return out;
  };

  it("ends with the end-of-input token at the final newline", () => {
    expect(all("{}\n\n")).toEqual([{ t: "{", pos: 0 }, { t: "}", pos: 1 }, { t: null, pos: 3 }]);
  });

  it("gives the same tokens when the input is cut into windows mid-line", () => {
    const line = "{ 'k': [ " + "'abc', true, 'de\\\\f', tru, ".repeat(5000) + "] }";
    const src = line + "\n# c\n" + line + "\n";
    const expected = tokens(src);
    const got = all(src).slice(0, -1);
    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThan(40_000);
  });

  it("starts at any offset", () => {
    expect(all("{ 'a' }\n", 2)).toEqual([{ t: "'", pos: 2, val: "a" }, { t: "}", pos: 6 }, { t: null, pos: 7 }]);
  });
});
