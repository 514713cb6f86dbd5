// QAPIDoc after parsing: connecting schema members and features, the
// checks against the definition, and the differences of legacy docs.

import { describe, expect, it } from "vitest";
import { getDoc } from "../../generator/src/doc/get-doc.js";
import { Kind, QAPIDoc, kindFromString } from "../../generator/src/doc/qapidoc.js";
import { QAPISourceInfo } from "../../generator/src/source.js";
import type { QAPIExpression, QAPIObject } from "../../generator/src/syntax/expression.js";
import { errorOf, makeBlock } from "./blocks.js";

const root = new QAPISourceInfo("s.json", null);
const parse = (text: string, legacy = false): QAPIDoc =>
  getDoc(makeBlock(text, { root }), { legacy });

function defnInfo(line: number, meta: string, name: string): QAPISourceInfo {
  const info = root.atLine(line);
  info.setDefn(meta, name);
  return info;
}

function expr(entries: [string, string][], info = root.atLine(50)): QAPIExpression {
  return { expr: new Map(entries) as QAPIObject, info, doc: null };
}

describe("Kind", () => {
  it("has QEMU's str() values", () => {
    expect([Kind.PLAIN, Kind.MEMBER, Kind.FEATURE, Kind.RETURNS, Kind.ERRORS].map(String)).toEqual([
      "Plain",
      "Member",
      "Feature",
      "Returns",
      "Errors",
    ]);
    expect(`${Kind.SINCE} ${Kind.TODO} ${Kind.EXAMPLE} ${Kind.NOTE}`).toBe(
      "Since Todo Example Note",
    );
    expect(kindFromString("TODO")).toBe(Kind.TODO);
    expect(kindFromString("Errors")).toBe(Kind.ERRORS);
  });
});

describe("connectMember / connectFeature", () => {
  const text = "##\n# @cmd:\n# @a: doc a\n# @b: doc b\n#\n# Features:\n# @f: feat\n# Since: 1\n##";

  it("attaches members and features to their descriptions", () => {
    const doc = parse(text);
    const a = { name: "a", info: defnInfo(10, "command", "cmd"), role: "member" };
    doc.connectMember(a);
    doc.connectMember({ name: "b", info: a.info, role: "member" });
    doc.connectFeature({ name: "f", info: a.info });
    expect(doc.args.get("a")!.member).toBe(a);
    expect(() => doc.check()).not.toThrow();
  });

  it("rejects an undocumented member with its role", () => {
    const doc = parse(text);
    const info = defnInfo(10, "enum", "cmd");
    expect(errorOf(() => doc.connectMember({ name: "c", info, role: "value" }))).toBe(
      "s.json: In enum 'cmd':\ns.json:10: value 'c' lacks documentation",
    );
  });

  it("stubs undocumented members of documentation-exceptions, after the members", () => {
    const pinfo = new QAPISourceInfo("p.json", null);
    pinfo.pragma.documentationExceptions = ["cmd"];
    const doc = getDoc(makeBlock(text, { root: pinfo }), { legacy: false });
    doc.connectMember({ name: "c", info: pinfo.atLine(10), role: "member" });
    expect([...doc.args.keys()]).toEqual(["a", "b", "c"]);
    const stub = doc.args.get("c")!;
    expect(stub.text).toBe("");
    expect(stub.info).toBe(doc.info);
    expect(doc.allSections.map((s) => s.kind)).toEqual([
      Kind.PLAIN,
      Kind.MEMBER,
      Kind.MEMBER,
      Kind.MEMBER,
      Kind.FEATURE,
      Kind.SINCE,
    ]);
    expect(doc.allSections[3]).toBe(stub);
  });

  it("appends the stub when every section is a member (QEMU would crash)", () => {
    const pinfo = new QAPISourceInfo("p.json", null);
    pinfo.pragma.documentationExceptions = ["s"];
    const doc = getDoc(makeBlock("##\n# @s:\n# @a: x\n##", { root: pinfo }), { legacy: false });
    doc.connectMember({ name: "z", info: pinfo, role: "member" });
    expect(doc.allSections.map((s) => (s as { name?: string }).name ?? "body")).toEqual([
      "body",
      "a",
      "z",
    ]);
  });

  it("accepts undocumented members silently in legacy docs", () => {
    const doc = parse(text, true);
    doc.connectMember({ name: "z", info: root.atLine(10), role: "member" });
    expect(doc.args.get("z")!.text).toBe("");
  });

  it("rejects an undocumented feature in both modes", () => {
    for (const legacy of [false, true]) {
      const doc = parse(text, legacy);
      const info = defnInfo(12, "command", "cmd");
      expect(errorOf(() => doc.connectFeature({ name: "g", info }))).toBe(
        "s.json: In command 'cmd':\ns.json:12: feature 'g' lacks documentation",
      );
    }
  });
});

describe("check", () => {
  const text = "##\n# @t:\n# @a: x\n# @b: y\n# @c: z\n#\n# Features:\n# @f: w\n##";

  it("names the first bogus description (10.0) or the block (7.2)", () => {
    const doc = parse(text);
    doc.connectMember({ name: "a", info: root, role: "member" });
    expect(errorOf(() => doc.check())).toBe("s.json:4: documented members 'b', 'c' do not exist");
    const old = parse(text, true);
    old.connectMember({ name: "a", info: root, role: "member" });
    old.connectMember({ name: "b", info: root, role: "member" });
    expect(errorOf(() => old.check())).toBe("s.json:1: documented member 'c' does not exist");
  });

  it("checks features after members", () => {
    const doc = parse(text);
    for (const name of ["a", "b", "c"]) doc.connectMember({ name, info: root, role: "member" });
    expect(errorOf(() => doc.check())).toBe("s.json:8: documented feature 'f' does not exist");
  });
});

describe("checkExpr", () => {
  it("allows Returns and Errors only for commands that return (10.0)", () => {
    const doc = parse("##\n# @x:\n# Returns: it\n#\n# Errors: some\n##");
    expect(errorOf(() => doc.checkExpr(expr([["struct", "x"]])))).toBe(
      "s.json:3: 'Returns' section is only valid for commands",
    );
    expect(errorOf(() => doc.checkExpr(expr([["command", "x"]])))).toBe(
      "s.json:3: 'Returns' section, but command doesn't return anything",
    );
    expect(() =>
      doc.checkExpr(
        expr([
          ["command", "x"],
          ["returns", "int"],
        ]),
      ),
    ).not.toThrow();
    const errs = parse("##\n# @x:\n# Errors: some\n##");
    expect(errorOf(() => errs.checkExpr(expr([["event", "X"]])))).toBe(
      "s.json:3: 'Errors' section is only valid for commands",
    );
  });

  it("uses 7.2's message and the block's line in legacy docs", () => {
    const doc = parse("##\n# @x:\n# Returns: it\n##", true);
    expect(errorOf(() => doc.checkExpr(expr([["struct", "x"]])))).toBe(
      "s.json:1: 'Returns:' is only valid for commands",
    );
    // 7.2 did not require the command to return anything.
    expect(() => doc.checkExpr(expr([["command", "x"]]))).not.toThrow();
  });
});
