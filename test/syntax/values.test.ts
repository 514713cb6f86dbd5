// Values and layout the parser accepts: strings and their one escape,
// objects (Maps, in source order), arrays, true/false, comments, and the
// locations QEMU gives each expression.

import { describe, expect, it } from "vitest";
import { onlyExpr, parseText, plain } from "./helpers.js";

describe("values", () => {
  it("reads strings, booleans, arrays and nested objects", () => {
    const e = onlyExpr("{ 'a': 'x', 'b': true, 'c': false, 'd': [], 'e': [ 'y', { 'f': [ true ] } ], 'g': {} }");
    expect(plain(e)).toEqual({
      pairs: [
        ["a", "x"],
        ["b", true],
        ["c", false],
        ["d", []],
        ["e", ["y", { pairs: [["f", [true]]] }]],
        ["g", { pairs: [] }],
      ],
    });
  });

  it("keeps key order, including integer-like keys, and treats __proto__ as data", () => {
    const e = onlyExpr("{ 'z': '1', '10': '2', '2': '3', '__proto__': '4', 'constructor': '5' }");
    expect([...e.keys()]).toEqual(["z", "10", "2", "__proto__", "constructor"]);
    expect(e.get("__proto__")).toBe("4");
    expect(e).toBeInstanceOf(Map);
  });

  it("unescapes \\\\ and keeps every other printable ASCII character", () => {
    const e = onlyExpr("{ 'a': 'back\\\\slash', 'b': ' !\"#$%&()*+,-./09:;<=>?@AZ[]^_`az{|}~', 'c': '' }");
    expect(e.get("a")).toBe("back\\slash");
    expect(e.get("b")).toBe(' !"#$%&()*+,-./09:;<=>?@AZ[]^_`az{|}~');
    expect(e.get("c")).toBe("");
  });

  it("reads '#' inside strings as text, not as a comment", () => {
    expect(onlyExpr("{ 'a': '# not a comment' }").get("a")).toBe("# not a comment");
  });

  it("skips comments and Python whitespace between tokens", () => {
    const text = "# lead\n{ # after brace\n 'a' # key\n :\t'b'\v,\f'c'\x1c:\u3000'd'\u2028} # end";
    expect(plain(onlyExpr(text))).toEqual({ pairs: [["a", "b"], ["c", "d"]] });
  });

  it("reads several expressions on one line, with no space between them", () => {
    const { exprs } = parseText("{'a':'b'}{'c':'d'}\n");
    expect(exprs.map((e) => [e.info.line, plain(e.expr)])).toEqual([
      [1, { pairs: [["a", "b"]] }],
      [1, { pairs: [["c", "d"]] }],
    ]);
    // QEMU's lexer keeps one info per line, shared by what is on it
    expect(exprs[0]!.info).toBe(exprs[1]!.info);
  });

  it("locates each expression at the line of its first token", () => {
    const { exprs } = parseText("\n\n  # c\n\n   {\n'a':\n'b' }\n{ 'c': 'd' }");
    expect(exprs.map((e) => e.info.line)).toEqual([5, 8]);
    expect(exprs.map((e) => e.info.fname)).toEqual(["root.json", "root.json"]);
  });

  it("accepts an empty file, a file of comments, and a file without a final newline", () => {
    expect(parseText("").exprs).toEqual([]);
    expect(parseText("# only\n# comments").exprs).toEqual([]);
    expect(parseText("{ 'a': 'b' }").exprs).toHaveLength(1);
  });

  it("counts lines as Python does: \\r\\n and a lone \\r are newlines", () => {
    const { exprs } = parseText("{ 'a': 'b' }\r\n{ 'c': 'd' }\r{ 'e': 'f' }\n");
    expect(exprs.map((e) => e.info.line)).toEqual([1, 2, 3]);
  });

  it("does not count \\v, \\f, U+2028 or U+0085 as newlines", () => {
    const { exprs } = parseText("{ 'a': 'b' }\v\f\u2028\x85{ 'c': 'd' }\n");
    expect(exprs.map((e) => e.info.line)).toEqual([1, 1]);
  });

  it("matches true and false by prefix", () => {
    expect(onlyExpr("{ 'a': [true,false] }").get("a")).toEqual([true, false]);
  });

  it("gives every expression no doc when there are no doc comments", () => {
    const { exprs, docs } = parseText("{ 'struct': 'A' }");
    expect(exprs[0]!.doc).toBeNull();
    expect(docs).toEqual([]);
  });

  it("accepts nesting up to the limit", () => {
    const deep = "{ 'a': " + "[".repeat(999) + "]".repeat(999) + " }";
    expect(onlyExpr(deep).get("a")).toBeInstanceOf(Array);
  });
});

describe("doc blocks", () => {
  it("attaches a definition doc to the next definition", () => {
    const { exprs, docs } = parseText("##\n# @Foo:\n#\n# Text.\n##\n{ 'struct': 'Foo' }\n");
    expect(docs).toHaveLength(1);
    expect(docs[0]!.symbol).toBe("Foo");
    expect(docs[0]!.info.line).toBe(1);
    expect(exprs[0]!.doc).toBe(docs[0]);
  });

  it("keeps free-form docs without attaching them", () => {
    const { exprs, docs } = parseText("##\n# = Section\n##\n\n##\n# @Foo:\n##\n{ 'struct': 'Foo' }\n");
    expect(docs.map((d) => d.symbol)).toEqual([null, "Foo"]);
    expect(exprs[0]!.doc).toBe(docs[1]);
  });

  it("requires a definition doc right before a definition", () => {
    expect(() => parseText("##\n# = Section\n##\n\n{ 'struct': 'Foo' }\n")).toThrow(
      "definition documentation required",
    );
  });

  it("lets blank lines and indented comment lines continue a doc block", () => {
    const { docs } = parseText("##\n# @Foo:\n\n   # Text.\n\t##\n{ 'struct': 'Foo' }\n");
    expect(docs).toHaveLength(1);
    expect(docs[0]!.symbol).toBe("Foo");
  });

  it("starts a doc block after an expression on the same line", () => {
    const { exprs, docs } = parseText("{ 'struct': 'A' } ##\n# @B:\n##\n{ 'struct': 'B' }\n");
    expect(docs.map((d) => d.symbol)).toEqual(["B"]);
    expect(exprs[1]!.doc).toBe(docs[0]);
  });

  it("skips comments with a single '#' between definitions", () => {
    const { exprs, docs } = parseText("# plain comment\n{ 'struct': 'A' }\n# another\n");
    expect(exprs).toHaveLength(1);
    expect(docs).toHaveLength(0);
  });
});

describe("doc blocks as QEMU 7.2", () => {
  it("keeps every doc QEMU 7.2 splits a free-form block into", () => {
    const text = "##\n# = A\n#\n# text\n# = B\n# more\n##\n\n##\n# @Foo:\n##\n{ 'struct': 'Foo' }\n";
    const { exprs, docs } = parseText(text, true);
    expect(docs.map((d) => [d.symbol, d.info.line])).toEqual([
      [null, 1],
      [null, 1],
      ["Foo", 9],
    ]);
    expect(exprs[0]!.doc).toBe(docs[2]);
  });
});
