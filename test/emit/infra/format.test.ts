import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FormatCache, formatOutputSet, formatTs, parserFor } from "../../../generator/src/emit/format.js";
import { OutputSet } from "../../../generator/src/emit/output-set.js";

describe("formatTs", () => {
  it("formats TypeScript with prettier defaults", async () => {
    const out = await formatTs("export type A='a'|'b'\n", "types/a.ts", new FormatCache());
    expect(out).toBe('export type A = "a" | "b";\n');
  });

  it("leaves JSON and Markdown alone", async () => {
    const json = '{"a":1}';
    expect(await formatTs(json, "introspect.json")).toBe(json);
    expect(parserFor("docs/job.md")).toBeUndefined();
    expect(parserFor("x.mts")).toBe("typescript");
  });

  it("caches by content in memory and on disk", async () => {
    const dir = await mkdtemp(join(tmpdir(), "qapi-ts-fmt-"));
    try {
      const c1 = new FormatCache({ dir });
      await formatTs("let  x=1\n", "a.ts", c1);
      await formatTs("let  x=1\n", "b.ts", c1);
      expect([c1.hits, c1.misses]).toStrictEqual([1, 1]);
      expect(await readdir(dir)).toHaveLength(1);
      const c2 = new FormatCache({ dir });
      expect(await formatTs("let  x=1\n", "a.ts", c2)).toBe("let x = 1;\n");
      expect([c2.hits, c2.misses]).toStrictEqual([1, 0]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("formats an OutputSet file by file", async () => {
    const set = new OutputSet();
    set.add("a.ts", "const a = {b:1}\n");
    set.add("b.json", '{"b":1}\n');
    await formatOutputSet(set, new FormatCache());
    expect(set.get("a.ts")).toBe("const a = { b: 1 };\n");
    expect(set.get("b.json")).toBe('{"b":1}\n');
  });
});
