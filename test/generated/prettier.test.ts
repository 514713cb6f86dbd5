// Generated TypeScript is already in prettier's format: `prettier --check`
// (default options, as format.ts uses) passes on every file, both for the
// committed generated/ and for QEMU 10.0's full schema generated WITHOUT the
// format pass (--no-format), i.e. straight from the printer.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";
import { formatTs, isPrettierStable } from "../../generator/src/emit/format.js";
import { QEMU_10, REPO, generateInMemory } from "./support.js";

/** Files prettier would change, each with the first line it changes. */
async function unstable(files: Iterable<[string, string]>): Promise<string[]> {
  const bad: string[] = [];
  for (const [path, text] of files) {
    if (await isPrettierStable(text, path)) continue;
    const want = (await formatTs(text, path)).split("\n");
    const have = text.split("\n");
    let i = 0;
    while (i < want.length && want[i] === have[i]) i++;
    bad.push(`${path}:${i + 1}: printed ${JSON.stringify(have[i])}, prettier wants ${JSON.stringify(want[i])}`);
  }
  return bad;
}

test("generated/ passes prettier --check", async () => {
  const dir = join(REPO, "generated");
  const files = ts.sys.readDirectory(dir, [".ts"]).map((p): [string, string] => [p.slice(dir.length + 1), readFileSync(p, "utf8")]);
  expect(files.length).toBeGreaterThan(0);
  expect(await unstable(files)).toEqual([]);
}, 120_000);

test("QEMU 10.0 output without the format pass passes prettier --check", async () => {
  const out = generateInMemory({ schema: QEMU_10, outDir: join(REPO, "generated") });
  const files = out.paths().map((p): [string, string] => [p, out.get(p)!]);
  expect(files.filter(([p]) => p.endsWith(".ts")).length).toBeGreaterThan(40);
  expect(await unstable(files)).toEqual([]);
}, 120_000);
