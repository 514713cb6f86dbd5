// QAPI doc text -> JSDoc (generator/src/emit/jsdoc.ts).

import { describe, expect, test } from "vitest";
import { GenContext } from "../../../generator/src/emit/backend.js";
import { codeBlock, docTextLines, JsDocBuilder } from "../../../generator/src/emit/jsdoc.js";
import { QAPISchemaIfCond } from "../../../generator/src/model/ifcond.js";
import { QAPISchemaFeature } from "../../../generator/src/model/members.js";

const ctx = (defines: string[] | null = null) =>
  new GenContext({
    prefix: "",
    unmask: false,
    defines: defines ? new Set(defines) : null,
    legacy: false,
    schemaPath: "s.json",
    runtimePath: null,
  });

describe("docTextLines", () => {
  test("@references become code spans; e-mail addresses and code spans are left alone", () => {
    expect(docTextLines("see @job-id and @JobInfo.\n@id: at a line start")).toEqual([
      "see `job-id` and `JobInfo`.",
      "`id`: at a line start",
    ]);
    expect(docTextLines("mail qemu-devel@nongnu.org or `@raw`")).toEqual(["mail qemu-devel@nongnu.org or `@raw`"]);
  });

  test("continuation lines of member sections are dedented on request", () => {
    expect(docTextLines("first\n    second\n      third", { dedent: true })).toEqual(["first", "second", "  third"]);
    expect(docTextLines("first\n    second")).toEqual(["first", "    second"]);
  });

  test("qmp-example directives become fenced code with their title", () => {
    const text = [
      "Intro.",
      "",
      ".. qmp-example::",
      "   :title: Two steps",
      "",
      '   -> { "execute": "x" }',
      '   <- { "return": {} }',
      "",
      "After.",
    ].join("\n");
    expect(docTextLines(text)).toEqual([
      "Intro.",
      "",
      "Example: Two steps",
      "```",
      '-> { "execute": "x" }',
      '<- { "return": {} }',
      "```",
      "",
      "After.",
    ]);
  });

  test("admonitions become labelled paragraphs", () => {
    const text = ".. note:: If @action is stop, a STOP\n   event follows.\n\nNext.";
    expect(docTextLines(text)).toEqual(["Note: If `action` is stop, a STOP", "event follows.", "", "Next."]);
    expect(docTextLines(".. admonition:: Notice\n\n   Body.")).toEqual(["Notice:", "", "Body."]);
  });

  test("line separators and control characters become spaces", () => {
    expect(docTextLines("a\u2028b\u2029c\u0007d\u001ce")).toEqual(["a b c d e"]);
  });

  test("fences are longer than any backtick run inside", () => {
    expect(codeBlock(["x ``` y", "`"])).toEqual(["````", "x ``` y", "`", "````"]);
    expect(codeBlock(["", "plain", ""])).toEqual(["```", "plain", "```"]);
  });
});

describe("JsDocBuilder", () => {
  test("paragraphs, then features and condition, then tags", () => {
    const deprecated = new QAPISchemaFeature("deprecated", null);
    const unstable = new QAPISchemaFeature("unstable", null);
    const custom = new QAPISchemaFeature("fancy", null, new QAPISchemaIfCond("CONFIG_X"));
    const x = { ifcond: new QAPISchemaIfCond("CONFIG_Z"), features: [deprecated, unstable, custom] };
    const b = new JsDocBuilder().paragraph("Summary.").tag("since", "1.0").annotations(x, null, ctx());
    expect(b.lines()).toEqual([
      "Summary.",
      "",
      "Unstable (feature `unstable`).",
      "",
      "Features:",
      "- `fancy` (only if `CONFIG_X`)",
      "",
      "Only if: `CONFIG_Z`",
      "",
      "@since 1.0",
      "@experimental",
      "@deprecated",
    ]);
  });

  test("with --define, absent features are not mentioned and no condition is recorded", () => {
    const custom = new QAPISchemaFeature("fancy", null, new QAPISchemaIfCond("CONFIG_X"));
    const x = { ifcond: new QAPISchemaIfCond("CONFIG_Y"), features: [custom] };
    expect(new JsDocBuilder().paragraph("S.").annotations(x, null, ctx(["CONFIG_Y"])).lines()).toEqual(["S."]);
  });

  test("one line prints as a one-line comment; the comment end is broken up", () => {
    const one = new JsDocBuilder().paragraph("a */ b").build();
    expect(one.kind).toBe("literal");
    expect((one as { text: string }).text).toBe("/** a *\\/ b */");
  });
});
