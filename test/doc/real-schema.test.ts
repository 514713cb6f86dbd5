// Every doc block of QEMU's real schemas parses: 10.0's with 10.0 rules,
// 7.2's with legacy rules.  Also a rough speed check: QEMU 10.0 has about a
// thousand doc blocks and parsing them all should take a few milliseconds.

import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RawDocBlock } from "../../generator/src/doc/doc-lines.js";
import { getDoc } from "../../generator/src/doc/get-doc.js";
import { Kind } from "../../generator/src/doc/qapidoc.js";
import { QAPISourceInfo } from "../../generator/src/source.js";
import { extractBlocks } from "./blocks.js";
import { sharedPath } from "../shared.js";

function schemaBlocks(version: string): RawDocBlock[] {
  const dir = sharedPath("qemu", version, "schema");
  const blocks: RawDocBlock[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    const root = new QAPISourceInfo(f, null);
    blocks.push(...extractBlocks(readFileSync(`${dir}/${f}`, "utf8"), root));
  }
  return blocks;
}

describe("real QEMU schemas", () => {
  it("parses every 10.0 doc block with 10.0 rules", () => {
    const blocks = schemaBlocks("10.0");
    expect(blocks.length).toBeGreaterThan(900);
    const docs = blocks.map((b) => getDoc(b, { legacy: false }));
    const qmpQuit = docs.find((d) => d.symbol === "quit")!;
    expect(qmpQuit.since?.text).toBe("0.14");
    expect(docs.some((d) => d.sections.some((s) => s.kind === Kind.ERRORS))).toBe(true);
  });

  it("rejects 10.0's doc blocks nowhere but accepts 7.2's only in legacy mode", () => {
    const blocks = schemaBlocks("7.2");
    expect(blocks.length).toBeGreaterThan(700);
    const docs = blocks.map((b) => getDoc(b, { legacy: true }));
    expect(docs.some((d) => d.sections.some((s) => s.kind === Kind.EXAMPLE))).toBe(true);
    expect(docs.some((d) => d.sections.some((s) => s.kind === Kind.NOTE))).toBe(true);
    // 7.2's "Example:" sections are errors under 10.0's rules.
    expect(() => blocks.map((b) => getDoc(b, { legacy: false }))).toThrow(/no longer supported/);
  });
});
