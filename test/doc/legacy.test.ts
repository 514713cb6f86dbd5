// QEMU 7.2 doc-comment rules (legacy.ts) and how they differ from 10.0's.

import { describe, expect, it } from "vitest";
import { dumpDocs } from "../../generator/src/doc/dump-docs.js";
import { getDoc, getDocs } from "../../generator/src/doc/get-doc.js";
import { ArgSection, Kind, type QAPIDoc } from "../../generator/src/doc/qapidoc.js";
import { QAPIParseError } from "../../generator/src/error.js";
import { errorOf, makeBlock } from "./blocks.js";

const legacy = (text: string): QAPIDoc => getDoc(makeBlock(text), { legacy: true });
const modern = (text: string): QAPIDoc => getDoc(makeBlock(text), { legacy: false });
const fail = (text: string): string => errorOf(() => legacy(text));

describe("legacy (7.2) sections", () => {
  const doc = legacy(
    [
      "##", //                                  1
      "# @cmd:", //                             2
      "#", //                                   3
      "# Body text.", //                        4
      "#", //                                   5
      "# @a: first", //                         6
      "#     continued", //                     7
      "# @b:", //                               8
      "# unindented continuation", //           9
      "#", //                                   10
      "# Features:", //                         11
      "# @f: feat", //                          12
      "#", //                                   13
      "# Untagged after a blank line", //       14
      "# Returns: nothing", //                  15
      "# Notes: be careful", //                 16
      "#        really", //                     17
      "# Example:", //                          18
      "#", //                                   19
      "# -> { 'execute': 'cmd' }", //           20
      "# <- { 'return': {} }", //               21
      "# TODO: more", //                        22
      "# Since: 7.2", //                        23
      "##", //                                  24
    ].join("\n"),
  );

  it("is a legacy doc with 7.2's de-indented texts", () => {
    expect(doc.legacy).toBe(true);
    expect(doc.symbol).toBe("cmd");
    expect(doc.body.text).toBe("Body text.");
    expect(doc.args.get("a")!.text).toBe("first\ncontinued");
    expect(doc.args.get("b")!.text).toBe("unindented continuation");
    expect(doc.args.get("b")!.info.line).toBe(8);
    expect(doc.features.get("f")!.text).toBe("feat");
  });

  it("keeps Example/Note sections with their tags", () => {
    expect(doc.sections.map((s) => [s.kind, s.tag, s.info.line])).toEqual([
      [Kind.PLAIN, null, 14],
      [Kind.RETURNS, "Returns", 15],
      [Kind.NOTE, "Notes", 16],
      [Kind.EXAMPLE, "Example", 18],
      [Kind.TODO, "TODO", 22],
      [Kind.SINCE, "Since", 23],
    ]);
    expect(doc.sections[1]!.text).toBe("nothing");
    expect(doc.sections[2]!.text).toBe("be careful\nreally");
    expect(doc.sections[3]!.text).toBe("-> { 'execute': 'cmd' }\n<- { 'return': {} }");
    expect(doc.returns).toBe(doc.sections[1]);
    expect(doc.since).toBe(doc.sections[5]);
    expect(doc.errors).toBeNull();
    expect(doc.allSections).toHaveLength(10);
  });

  it("dumps section names the 7.2 way", () => {
    expect(dumpDocs([doc])).toContain("    section=None\nUntagged after a blank line\n");
    expect(dumpDocs([doc])).toContain("    section=TODO\nmore\n");
  });

  it("has no Errors: tag", () => {
    const d = legacy("##\n# @x:\n# Errors: some\n##");
    expect(d.body.text).toBe("Errors: some");
  });
});

describe("legacy '=' headings", () => {
  it("splits a free-form block at headings that follow text", () => {
    const block = makeBlock("##\n# = Part\n#\n# Intro.\n# == Chapter\n# Text.\n# = Next\n##");
    const docs = getDocs(block, { legacy: true });
    expect(docs.map((d) => d.body.text)).toEqual([
      "= Part\n\nIntro.",
      "== Chapter\nText.",
      "= Next",
    ]);
    expect(docs.every((d) => d.info.line === 1 && d.symbol === null)).toBe(true);
    // getDocs() is flat, like QEMU's schema.docs.
    expect(docs.every((d) => d.following.length === 0)).toBe(true);
    const expected =
      "doc freeform\n    body=\n= Part\n\nIntro.\n" +
      "doc freeform\n    body=\n== Chapter\nText.\n" +
      "doc freeform\n    body=\n= Next\n";
    expect(dumpDocs(docs)).toBe(expected);
    // getDoc() returns the first doc carrying the others.
    const first = getDoc(block, { legacy: true });
    expect(first.parts().map((d) => d.body.text)).toEqual(docs.map((d) => d.body.text));
    expect(dumpDocs([first])).toBe(expected);
    // A dump given both forms still prints each doc once.
    expect(dumpDocs([first, ...first.following])).toBe(expected);
  });

  it("is an error in 10.0 where 7.2 split", () => {
    expect(errorOf(() => modern("##\n# = A\n# = B\n##"))).toBe(
      "test.json:3:1: '=' heading must come first in a comment block",
    );
  });
});

describe("legacy errors", () => {
  const cases: [string, string][] = [
    [
      "##\n# @x:\n# @a: one\n# two\n##",
      "test.json:4:1: unexpected de-indent (expected at least 4 spaces)",
    ],
    ["##\n# @x:\n# Note:\n##", "test.json:4:1: empty doc section 'Note'"],
    ["##\n# @x:\n# @a:\n# @b: x\n##", "test.json:4:1: empty doc section 'a'"],
    ["##\n# @x:\n# Note: n\n# @a: x\n##", "test.json:4:1: '@a:' can't follow 'Note' section"],
    [
      "##\n# @x:\n# @a: x\n#\n# text\n# @b: y\n##",
      "test.json:6:1: '@b:' can't follow 'None' section",
    ],
    ["##\n# @x:\n# Returns: a\n# Returns: b\n##", "test.json:4:1: duplicated 'Returns' section"],
    ["##\n# @x:\n# @a: x\n# @a: y\n##", "test.json:4:1: 'a' parameter name duplicated"],
    ["##\n# @x:\n# @: y\n##", "test.json:3:1: invalid parameter name"],
    ["##\n# @x: \n##", "test.json:2:1: line should end with ':'"],
    ["##\n# @x:\n# = H\n##", "test.json:3:1: unexpected '=' markup in definition documentation"],
    [
      "##\n# text\n# @foo:bar: x\n##",
      "test.json:3:1: '@foo:bar:' not allowed in free-form documentation",
    ],
    ["##\n#x\n##", "test.json:2:1: missing space after #"],
    ["##\n# t\n##x", "test.json:3:1: junk after '##' at end of documentation comment"],
    ["##x\n##", "test.json:1:1: junk after '##' at start of documentation comment"],
  ];
  for (const [text, msg] of cases) {
    it(msg, () => expect(fail(text)).toBe(msg));
  }

  it("accepts what 10.0 rejects", () => {
    const text = "##\n# @x:\n# Example: foo\n# Note: bar\n##";
    expect(errorOf(() => modern(text))).toMatch(/The 'Example' section is no longer supported/);
    expect(legacy(text).sections.map((s) => s.tag)).toEqual(["Example", "Note"]);
  });

  it("reports 10.0's semantic errors as syntax errors with a column", () => {
    const text = "##\n# @x:\n# Since: a\n# Since: b\n##";
    expect(errorOf(() => modern(text))).toBe("test.json:4: duplicated 'Since' section");
    expect(fail(text)).toBe("test.json:4:1: duplicated 'Since' section");
  });

  it("checks the last section at the closing line, then calls onClose", () => {
    const calls: string[] = [];
    const block = makeBlock("##\n# @x:\n# @a: ok\n##");
    const d = getDoc(block, { legacy: true, onClose: () => calls.push("close") });
    expect(calls).toEqual(["close"]);
    expect(d.args.get("a")).toBeInstanceOf(ArgSection);
    expect(() =>
      getDoc(makeBlock("##\n# @x:\n# Since:\n##"), {
        legacy: true,
        onClose: () => calls.push("no"),
      }),
    ).toThrow(QAPIParseError);
    expect(calls).toEqual(["close"]);
  });

  it("throws the block's unterminated error", () => {
    const block = makeBlock("##\n# @x:\n");
    expect(() => getDoc(block, { legacy: true })).toThrow(block.unterminated!);
  });
});

describe("legacy (7.2) description heads QEMU 7.2 crashes on", () => {
  it("takes a first word with a tab before its ':' as the head (7.2's must_match() assertion fails)", () => {
    // the head "@a\tb: " is 6 characters: the text is indented by 6
    const doc = legacy(["##", "# @cmd:", "#", "# @a\tb: text", "#       more", "##"].join("\n"));
    const section = doc.args.get("a\tb")!;
    expect(section).toBeInstanceOf(ArgSection);
    expect(section.text).toBe("text\nmore");
  });
});
