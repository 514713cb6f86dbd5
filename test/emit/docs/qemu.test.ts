// The docs backend on QEMU's real schemas: every link resolves, the output
// is prettier's, and generation is plain string building (fast).

import * as prettier from "prettier";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateDocs, htmlLinks, QEMU10, QEMU72 } from "./helpers.js";

function need(path: string): string {
  if (!existsSync(path)) throw new Error(`missing ${path}: ../shared is absent`);
  return path;
}

describe.each([
  ["QEMU 10.0", QEMU10, false],
  ["QEMU 7.2", QEMU72, true],
] as const)("%s", (_label, path, legacy) => {
  const out = generateDocs(need(path), { legacy }).out;
  const html = out.get("docs/index.html")!;

  it("documents every module and definition, with no broken link", () => {
    const { ids, hrefs } = htmlLinks(html);
    expect(hrefs.length).toBeGreaterThan(1000);
    expect(hrefs.filter((h) => !ids.has(h))).toEqual([]);
    expect(out.has("docs/block-core.md")).toBe(true);
    expect(html).toContain('id="def-blockdev-add"');
    expect(html).not.toContain("q_obj_");
    for (const p of out.paths().filter((x) => x.endsWith(".md"))) {
      for (const [, file, id] of out.get(p)!.matchAll(/\]\(([^)#]*)#([^)]+)\)/gu)) {
        const target = file ? `docs/${file}` : p;
        expect(out.get(target) ?? "", `${p} -> ${target}#${id}`).toContain(`<a id="${id}"></a>`);
      }
    }
  });

  // QEMU 10.0 only: prettier takes long, and 7.2's text adds nothing new.
  it.skipIf(legacy)("writes Markdown and HTML that prettier leaves alone", async () => {
    const unstable: string[] = [];
    for (const p of out.paths()) {
      const text = out.get(p)!;
      const ok = await prettier.check(text, { parser: p.endsWith(".md") ? "markdown" : "html" });
      if (!ok) unstable.push(p);
    }
    expect(unstable).toEqual([]);
  }, 600_000);
});

