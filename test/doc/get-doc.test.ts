// QEMU 10.0 doc-comment rules (get-doc.ts): sections, texts, locations and
// every syntax error with its line:col.

import { describe, expect, it } from "vitest";
import { getDoc, getDocs } from "../../generator/src/doc/get-doc.js";
import { Kind, type QAPIDoc } from "../../generator/src/doc/qapidoc.js";
import { QAPIParseError } from "../../generator/src/error.js";
import { errorOf, makeBlock } from "./blocks.js";

const parse = (text: string): QAPIDoc => getDoc(makeBlock(text), { legacy: false });
const fail = (text: string): string => errorOf(() => parse(text));

describe("getDoc (10.0 rules): definition docs", () => {
  const doc = parse(
    [
      "##", //                                          1
      "# @frob:", //                                    2
      "#", //                                           3
      "# Frobnicate things.", //                        4
      "# Second line.", //                              5
      "#", //                                           6
      "# @a: first member", //                          7
      "#     continued", //                             8
      "#", //                                           9
      "# @b:", //                                       10
      "#  on its own line", //                          11
      "#", //                                           12
      "# Features:", //                                 13
      "#", //                                           14
      "# @deprecated: do not use", //                   15
      "#", //                                           16
      "# Returns: a thing", //                          17
      "#", //                                           18
      "# Errors:", //                                   19
      "#     - GenericError if wrong", //               20
      "#", //                                           21
      "# Some more text.", //                           22
      "#", //                                           23
      "# TODO: later", //                               24
      "#", //                                           25
      "# Since: 9.1", //                                26
      "##", //                                          27
    ].join("\n"),
  );

  it("reads the symbol and body", () => {
    expect(doc.symbol).toBe("frob");
    expect(doc.legacy).toBe(false);
    expect(doc.info.line).toBe(1);
    expect(doc.body.text).toBe("Frobnicate things.\nSecond line.");
    // An empty body moves to where its text begins.
    expect(doc.body.info.line).toBe(4);
  });

  it("keeps member and feature descriptions with their indentation", () => {
    expect([...doc.args.keys()]).toEqual(["a", "b"]);
    expect(doc.args.get("a")!.text).toBe("first member\n    continued");
    expect(doc.args.get("a")!.info.line).toBe(7);
    expect(doc.args.get("a")!.kind).toBe(Kind.MEMBER);
    expect(doc.args.get("b")!.text).toBe(" on its own line");
    expect(doc.features.get("deprecated")!.text).toBe("do not use");
    expect(doc.features.get("deprecated")!.kind).toBe(Kind.FEATURE);
  });

  it("collects tagged and untagged sections in order", () => {
    expect(doc.sections.map((s) => [s.kind, s.text, s.info.line])).toEqual([
      [Kind.RETURNS, "a thing", 17],
      [Kind.ERRORS, "    - GenericError if wrong", 19],
      [Kind.PLAIN, "Some more text.", 22],
      [Kind.TODO, "later", 24],
      [Kind.SINCE, "9.1", 26],
    ]);
    expect(doc.returns).toBe(doc.sections[0]);
    expect(doc.errors).toBe(doc.sections[1]);
    expect(doc.since).toBe(doc.sections[4]);
    expect(doc.allSections.map((s) => s.kind)).toEqual([
      Kind.PLAIN,
      Kind.MEMBER,
      Kind.MEMBER,
      Kind.FEATURE,
      Kind.RETURNS,
      Kind.ERRORS,
      Kind.PLAIN,
      Kind.TODO,
      Kind.SINCE,
    ]);
    expect(doc.following).toEqual([]);
  });

  it("treats 'Tag::' as rST text, not a section", () => {
    const d = parse("##\n# @x:\n#\n# Examples::\n#\n#   code\n# Note:: hi\n##");
    // Plain paragraphs before any other section extend the body.
    expect(d.sections).toEqual([]);
    expect(d.body.text).toBe("Examples::\n\n  code\nNote:: hi");
  });

  it("strips trailing blanks and keeps a definition body empty", () => {
    const d = parse("##\n# @x:   \n# @m: text   \n##");
    expect(d.symbol).toBe("x");
    expect(d.body.text).toBe("");
    expect(d.body.info.line).toBe(1);
    expect(d.args.get("m")!.text).toBe("text");
  });

  it("ends an indented description at a de-indent after a blank line", () => {
    const d = parse("##\n# @x:\n# @m: one\n#   two\n#\n# Plain text\n##");
    expect(d.args.get("m")!.text).toBe("one\n  two");
    expect(d.sections[0]!.text).toBe("Plain text");
  });

  it("reproduces QEMU's de-indent check only for the second indented line", () => {
    // QEMU marks the previous line blank after every appended line, so a
    // de-indent later in the section just ends it.
    const d = parse("##\n# @x:\n# @m: one\n#   two\n#   three\n# four\n##");
    expect(d.args.get("m")!.text).toBe("one\n  two\n  three");
    expect(d.sections[0]!.text).toBe("four");
  });

  it("ends a description at an unindented line", () => {
    const d = parse("##\n# @x:\n# @m: one\n# two\n##");
    expect(d.args.get("m")!.text).toBe("one");
    expect(d.sections[0]!.text).toBe("two");
  });
});

describe("getDoc (10.0 rules): free-form docs", () => {
  it("keeps every line, a heading first", () => {
    const d = parse("##\n# = Heading\n#\n# Text with @ref and\n#   indent\n##");
    expect(d.symbol).toBeNull();
    expect(d.body.text).toBe("= Heading\n\nText with @ref and\n  indent");
    expect(d.body.info.line).toBe(2);
    expect(d.sections).toEqual([]);
  });

  it("accepts an empty block; its body starts at the closing line", () => {
    const d = parse("##\n##");
    expect(d.body.text).toBe("");
    expect(d.body.info.line).toBe(2);
  });

  it("treats a non-'@' first line as free-form even with tags later", () => {
    const d = parse("##\n# Intro\n# Returns: nothing\n##");
    expect(d.symbol).toBeNull();
    expect(d.body.text).toBe("Intro\nReturns: nothing");
  });
});

describe("getDoc (10.0 rules): errors", () => {
  const cases: [string, string][] = [
    ["##x\n##", "test.json:1:1: junk after '##' at start of documentation comment"],
    ["##\n# text\n##x", "test.json:3:1: junk after '##' at end of documentation comment"],
    ["##\n#text\n##", "test.json:2:1: missing space after #"],
    ["##\n# @x:\n#\ttab\n##", "test.json:3:1: missing space after #"],
    ["##\n# @foo\n##", "test.json:2:1: line should end with ':'"],
    ["##\n# @:\n##", "test.json:2:1: name required after '@'"],
    ["##\n# @x:\n# = Head\n##", "test.json:3:1: unexpected '=' markup in definition documentation"],
    ["##\n# @x:\n# Since: 1\n# @a: x\n##", "test.json:4:1: description of '@a:' follows a section"],
    [
      "##\n# @x:\n# Features:\n# @f: x\n#\n# t\n#\n# @a: y\n##",
      "test.json:8:1: description of '@a:' follows a section",
    ],
    [
      "##\n# @x:\n# @a: x\n#\n# text\n#\n# @b: y\n##",
      "test.json:7:1: description of '@b:' follows a section",
    ],
    [
      "##\n# @x:\n# Features:\n# @f: x\n#\n# Features:\n##",
      "test.json:6:1: duplicated 'Features:' line",
    ],
    ["##\n# @x:\n# Features:\n#\n# text\n##", "test.json:5:1: feature descriptions expected"],
    ["##\n# @x:\n# Features:\n##", "test.json:4:1: feature descriptions expected"],
    [
      "##\n# @x:\n# @a: one\n#    two\n# three\n##",
      "test.json:5:1: unexpected de-indent (expected at least 3 spaces)",
    ],
    ["##\n# text\n# @a: x\n##", "test.json:3:1: '@a:' not allowed in free-form documentation"],
    ["##\n# @a: x\n##", "test.json:2:1: line should end with ':'"],
    [
      "##\n# text\n# = Late heading\n##",
      "test.json:3:1: '=' heading must come first in a comment block",
    ],
    ["##\n#\n# = Heading\n##", "test.json:3:1: '=' heading must come first in a comment block"],
    // Semantic errors carry no column.
    ["##\n# @x:\n# @: text\n##", "test.json:3: invalid parameter name"],
    ["##\n# @x:\n# @a: x\n# @a: y\n##", "test.json:4: 'a' parameter name duplicated"],
    ["##\n# @x:\n# Features:\n# @f: x\n# @f: y\n##", "test.json:5: 'f' parameter name duplicated"],
    ["##\n# @x:\n# Returns: x\n# Returns: y\n##", "test.json:4: duplicated 'Returns' section"],
    ["##\n# @x:\n# Errors: x\n# Errors: y\n##", "test.json:4: duplicated 'Errors' section"],
    ["##\n# @x:\n# Since: x\n#\n# Since: y\n##", "test.json:5: duplicated 'Since' section"],
    ["##\n# @x:\n# Since:\n##", "test.json:3: text required after 'Since:'"],
    ["##\n# @x:\n# TODO:\n#\n##", "test.json:3: text required after 'Todo:'"],
    ["##\n# @x:\n# @a:\n##", "test.json:3: text required after 'Member:'"],
    ["##\n# @x:\n# Features:\n# @f:\n##", "test.json:4: text required after 'Feature:'"],
  ];
  for (const [text, msg] of cases) {
    it(msg, () => expect(fail(text)).toBe(msg));
  }

  it("rejects 7.2's Example and Note sections with QEMU's advice", () => {
    expect(fail("##\n# @x:\n#\n# Example:\n#\n# -> {}\n##")).toBe(
      "test.json:4:1: The 'Example' section is no longer supported. Please use the " +
        "'.. qmp-example::' directive, or other suitable markup instead.",
    );
    expect(fail("##\n# @x:\n# Examples: foo\n##")).toMatch(
      /^test.json:3:1: The 'Examples' section/,
    );
    expect(fail("##\n# @x:\n# Notes:\n##")).toBe(
      "test.json:3:1: The 'Notes' section is no longer supported. Please use rST's " +
        "'.. note::' or '.. admonition:: notes' directives, or another suitable " +
        "admonition instead.",
    );
    expect(fail("##\n# @x:\n# Note: foo\n##")).toMatch(/^test.json:3:1: The 'Note' section/);
  });

  it("reports the column of an indented '#' by QEMU's tab rule", () => {
    // QEMU computes (col + 7) % 8 + 1 for a tab, which keeps columns 1-8 unchanged.
    let msg = errorOf(() => getDoc(makeBlock("##\n\t  #text\n##"), { legacy: false }));
    expect(msg).toBe("test.json:2:3: missing space after #");
    msg = errorOf(() => getDoc(makeBlock("##\n  \t#text\n##"), { legacy: false }));
    expect(msg).toBe("test.json:2:3: missing space after #");
  });

  it("throws the block's own unterminated error where the lines run out", () => {
    const block = makeBlock("##\n# @x:\n# @a: text\n{ 'x': 1 }", { fname: "f.json", line: 7 });
    expect(block.unterminated).toBeInstanceOf(QAPIParseError);
    let thrown: unknown;
    try {
      getDoc(block, { legacy: false });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(block.unterminated);
    expect(String(thrown)).toBe("f.json:10:1: documentation comment must end with '##'");
  });

  it("reports at end of file after the last comment line", () => {
    expect(fail("##\n# text\n#\n")).toBe("test.json:3:2: documentation comment must end with '##'");
  });

  it("errors in the lines come before the missing end", () => {
    expect(fail("##\n#bad\n")).toBe("test.json:2:1: missing space after #");
  });
});

describe("getDoc options", () => {
  it("calls onClose after the closing line and before the final checks", () => {
    const calls: string[] = [];
    const block = makeBlock("##\n# @x:\n# Since:\n##");
    const boom = new QAPIParseError(block.lines[0]!.info, "lexer error next", 1);
    expect(() =>
      getDoc(block, {
        legacy: false,
        onClose: () => {
          calls.push("close");
          throw boom;
        },
      }),
    ).toThrow(boom);
    expect(calls).toEqual(["close"]);
    // Not called when the block has an error before its end.
    getDoc(makeBlock("##\n##"), { legacy: false, onClose: () => calls.push("again") });
    expect(calls).toEqual(["close", "again"]);
    expect(() =>
      getDoc(makeBlock("##\n#x\n##"), { legacy: false, onClose: () => calls.push("no") }),
    ).toThrow(/missing space/);
    expect(calls).toEqual(["close", "again"]);
  });

  it("getDocs returns exactly one doc in 10.0 mode", () => {
    const docs = getDocs(makeBlock("##\n# = A\n#\n# text\n##"), { legacy: false });
    expect(docs).toHaveLength(1);
  });

  it("uses each line's own info", () => {
    const d = getDoc(makeBlock("##\n# @x:\n# @a: t\n##", { fname: "q.json", line: 40 }), {
      legacy: false,
    });
    expect(d.info.loc()).toBe("q.json:40");
    expect(d.args.get("a")!.info.loc()).toBe("q.json:42");
  });
});
