// Differential test: random doc comment blocks parsed by our code and by
// QEMU's own Python parser (10.0 and 7.2), when QEMU's sources and python3
// are available on this machine; skipped otherwise.  Both the doc dump and
// every error text (with line:col) must agree.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dumpDocs } from "../../generator/src/doc/dump-docs.js";
import { getDoc } from "../../generator/src/doc/get-doc.js";
import { QAPISourceInfo } from "../../generator/src/source.js";
import { errorOf, extractBlocks, makeBlock } from "./blocks.js";
import { sharedPath } from "../shared.js";

const QEMU_SCRIPTS: Record<string, string> = {
  "10.0": "/root/.cache/qemu-src/10.0/qemu-10.0.13/scripts",
  "7.2": "/root/.cache/qemu-src/7.2/qemu-7.2.0/scripts",
};
const ORACLE = new URL("./oracle/qemu_doc_oracle.py", import.meta.url).pathname;
const CASES = Number(process.env["DOC_FUZZ_CASES"] ?? 1500);

function hasPython(): boolean {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

// Line pieces chosen to hit every branch of both parsers.
const BODY_LINES = [
  "#",
  "# ",
  "#x",
  "# text",
  "#  indented",
  "#   more indented",
  "#    four",
  "#\tTab",
  "# @a: desc",
  "# @a:",
  "# @b: other",
  "# @:",
  "# @a is text",
  "#    @b: indented",
  "# @f:x:y",
  "# @foo:bar: baz",
  "# Features:",
  "# Features: ",
  "# Returns: r",
  "# Returns:",
  "# Returns:foo",
  "# Errors: e",
  "# Errors:",
  "# Since: 1",
  "# Since:",
  "# TODO: t",
  "# Note: n",
  "# Notes:",
  "# Example:",
  "# Examples: x",
  "# Examples::",
  "# Note:: y",
  "# = H",
  "# == H2",
  "#=x",
  "# text  ",
  "  # indented hash",
  "# .. note:: x",
  "# \u00a0nbsp indent",
  "#  \u2003 em space",
  "# trailing nbsp\u00a0",
  "# \u001cfile sep",
  "# \ufeffbom",
  "# @a:\u00a0x",
  "# @a: \tx",
  "#  @c: deep",
  "# Since:  2.0",
  "#     Returns: r",
];
const FIRST_LINES = [
  "# @sym:",
  "# @sym: ",
  "# @sym",
  "# @:",
  "# Free text",
  "# = Title",
  "#",
  "##",
];

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBlock(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const lines = [rand() < 0.97 ? "##" : "##x", rand() < 0.6 ? "# @sym:" : pick(FIRST_LINES)];
  const n = Math.floor(rand() * 12);
  for (let i = 0; i < n; i++) {
    if (rand() < 0.05) lines.push("");
    lines.push(pick(BODY_LINES));
  }
  const end = rand();
  if (end < 0.9) lines.push("##");
  else if (end < 0.95) lines.push("##x");
  else if (end < 0.98) lines.push("{ 'a': 'b' }");
  return lines.join("\n") + "\n";
}

function ours(src: string, legacy: boolean): string {
  let out = "";
  const msg = errorOf(() => {
    out = dumpDocs([getDoc(makeBlock(src, { fname: "t.json" }), { legacy })]);
    throw new Error("ok");
  });
  return msg === "Error: ok" ? out : `ERR ${msg}`;
}

/** QEMU's results for `sources` (see oracle/qemu_doc_oracle.py). */
function oracle(version: string, sources: string[]): string[] {
  const out = execFileSync("python3", [ORACLE, QEMU_SCRIPTS[version]!, version], {
    input: JSON.stringify(sources),
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  return JSON.parse(out) as string[];
}

const available = hasPython() && Object.values(QEMU_SCRIPTS).every((d) => existsSync(d));

describe.skipIf(!available)("differential test against QEMU's parser", () => {
  const rand = rng(Number(process.env["DOC_FUZZ_SEED"] ?? 20250601));
  const sources = Array.from({ length: CASES }, () => randomBlock(rand));
  for (const version of ["10.0", "7.2"]) {
    it(`agrees with QEMU ${version} on ${CASES} random blocks`, () => {
      const expected = oracle(version, sources);
      const mismatches = sources
        .map((src, i) => ({ src, want: expected[i]!, got: ours(src, version === "7.2") }))
        .filter((c) => c.want !== c.got);
      // The random blocks must reach many different outcomes.
      const outcomes = new Set(
        expected.map((w) => w.replace(/^ERR t.json:[\d:]+ /, "").slice(0, 30)),
      );
      expect(outcomes.size).toBeGreaterThan(20);
      expect(expected.filter((w) => !w.startsWith("ERR")).length).toBeGreaterThan(CASES / 6);
      expect(mismatches.slice(0, 3)).toEqual([]);
    });
  }

  for (const version of ["10.0", "7.2"]) {
    it(`agrees with QEMU ${version} on every doc block of its real schema`, () => {
      // Each block is re-assembled from its comment lines (dumps do not
      // show line numbers, so dropping blank lines is harmless).
      const dir = sharedPath("qemu", version, "schema");
      const sources: string[] = [];
      for (const f of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
        const text = readFileSync(`${dir}/${f}`, "utf8");
        for (const block of extractBlocks(text, new QAPISourceInfo("t.json", null))) {
          sources.push(block.lines.map((l) => l.text).join("\n") + "\n");
        }
      }
      const expected = oracle(version, sources);
      expect(expected.filter((w) => w.startsWith("ERR"))).toEqual([]);
      const got = sources.map((src) => ours(src, version === "7.2"));
      const bad = got.findIndex((g, i) => g !== expected[i]);
      expect(bad < 0 ? "" : got[bad]).toBe(bad < 0 ? "" : expected[bad]);
    });
  }
});
