// Doc text -> Markdown must come out exactly as prettier prints it, for any
// text: a property test over text made of markup characters.

import fc from "fast-check";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { parseDocText } from "../../../generator/src/emit/backends/docs/doc-tree.js";
import { blockLines, codeSpan, tableLines } from "../../../generator/src/emit/backends/docs/markdown.js";

const link = (name: string) => (name.startsWith("T") ? `#def-${name}` : null);

function render(text: string): string {
  const blocks = parseDocText(text);
  const out = blocks.map((b) => blockLines(b, link).join("\n")).filter((s) => s !== "");
  return out.length > 0 ? out.join("\n\n") + "\n" : "";
}

const piece = fc.constantFrom(
  "word", "Tname", "x", " ", "  ", "\n", "\n\n", "\n- ", "\n1. ", "\n    ", "::\n\n    code",
  "*", "**", "_", "`", "``", "[", "]", "(", ")", "<", ">", "&", "#", "$", "|", "~", "!", "\\", "@", "@Tname",
  "@member", "=", "+", "-", ".", ":", "'", '"', "{", "}", "${", "*/", "</script>", "https://e.org/a_b",
  "é", "漢", ".. note:: n", ".. qmp-example::\n\n   -> x", "\n| line",
);

describe("Markdown rendering", () => {
  it("is stable under prettier for arbitrary doc text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), async (parts) => {
        const md = render(parts.join(""));
        if (md === "") return;
        expect(await prettier.format(md, { parser: "markdown" })).toBe(md);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it("is stable under prettier in table cells too", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(piece, { maxLength: 25 }), { minLength: 1, maxLength: 4 }), async (cells) => {
        const rows = cells.map((parts, i) => ({
          name: i % 2 === 0 ? `m${i}` : null,
          lead: [{ t: "text" as const, v: parts.slice(0, 2).join("") }],
          // Names are QAPI names: letters, digits, '-', '_', '.'
          type: { name: `T_x.${i}`, target: i % 3 === 0 ? "Tname" : null, array: i % 2 === 1 },
          optional: i % 2 === 1,
          desc: parseDocText(parts.join("")),
          cond: i === 1 ? "A and not B" : null,
          features: i === 2 ? ["deprecated", "x-y"] : [],
        }));
        const md = tableLines({ title: "Members", kind: "members", rows }, link).join("\n") + "\n";
        expect(await prettier.format(md, { parser: "markdown" })).toBe(md);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it("keeps a code block ending in a backslash before a pipe intact in a table cell", async () => {
    // Found by the property test above (seed -1315596642).
    const rows = [
      {
        name: "m0",
        lead: [],
        type: null,
        optional: false,
        desc: parseDocText("::\n\n    code\\|"),
        cond: null,
        features: [],
      },
    ];
    const md = tableLines({ title: "Members", kind: "members", rows }, link).join("\n") + "\n";
    expect(md).toContain("<code>code\\&#124;</code>");
    expect(await prettier.format(md, { parser: "markdown" })).toBe(md);
  });

  it("chooses code span fences like prettier", () => {
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`a")).toBe("`` `a ``");
    expect(codeSpan("a | b", true)).toBe("`a \\| b`");
  });
});
