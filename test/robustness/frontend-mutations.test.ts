// Property test: mutate real schema files (characters, lines, members,
// tokens, references) and check that the front end either accepts the result
// or rejects it with a QAPIError located inside the mutated include tree.
// Anything else (a TypeError, a RangeError, a hang) is a bug.

import fc from "fast-check";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSchema } from "../../generator/src/compile.js";
import { QAPIError, QAPISourceError } from "../../generator/src/error.js";
import { SHARED } from "../shared.js";

const shared = SHARED;
const sources = [
  { dir: join(shared, "qemu/10.0/schema"), legacy: false },
  { dir: join(shared, "qemu/7.2/schema"), legacy: true },
];

type Mutation =
  | { op: "delete-chars"; at: number; len: number }
  | { op: "dup-chars"; at: number; len: number }
  | { op: "delete-line"; at: number }
  | { op: "dup-line"; at: number }
  | { op: "swap-tokens"; at: number }
  | { op: "delete-member"; at: number }
  | { op: "dup-member"; at: number }
  | { op: "rename-ref"; at: number; to: string }
  | { op: "insert"; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete-chars" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant("dup-chars" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant("delete-line" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("dup-line" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap-tokens" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("delete-member" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("dup-member" as const), at: fc.nat() }),
  fc.record({
    op: fc.constant("rename-ref" as const),
    at: fc.nat(),
    to: fc.constantFrom("int", "str", "NoSuchType", "any", "['int']", "q_empty", "'", "##", "true"),
  }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.constantFrom("{", "}", "[", "]", ",", ":", "'", "\\", "#", "##\n", "\t", "\u00e9", "\0", "'if': 'X',", "'base': 'A',", "'*x': 'int',"),
  }),
);

function applyMutation(text: string, m: Mutation): string {
  const lines = text.split("\n");
  switch (m.op) {
    case "delete-chars": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.len);
    }
    case "dup-chars": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at, at + m.len) + text.slice(at);
    }
    case "delete-line":
      lines.splice(m.at % lines.length, 1);
      return lines.join("\n");
    case "dup-line": {
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join("\n");
    }
    case "swap-tokens": {
      const tokens = [...text.matchAll(/'[^'\n]*'/g)];
      if (tokens.length < 2) return text;
      const i = m.at % (tokens.length - 1);
      const a = tokens[i]!;
      const b = tokens[i + 1]!;
      return text.slice(0, a.index) + b[0] + text.slice(a.index! + a[0].length, b.index) + a[0] + text.slice(b.index! + b[0].length);
    }
    case "delete-member":
    case "dup-member": {
      // A member of an object: 'name': 'type' | [...] | {...}, with its comma.
      const members = [...text.matchAll(/'\*?[A-Za-z0-9_.-]+'\s*:\s*('[^'\n]*'|\[[^\]]*\]|\{[^{}]*\})\s*,?/g)];
      if (members.length === 0) return text;
      const mm = members[m.at % members.length]!;
      const end = mm.index! + mm[0].length;
      return m.op === "delete-member" ? text.slice(0, mm.index) + text.slice(end) : text.slice(0, end) + " " + mm[0] + text.slice(end);
    }
    case "rename-ref": {
      const refs = [...text.matchAll(/'(type|base|data|returns|boxed)'\s*:\s*'([^'\n]*)'/g)];
      if (refs.length === 0) return text;
      const r = refs[m.at % refs.length]!;
      const start = r.index! + r[0].lastIndexOf("'", r[0].length - 2);
      return text.slice(0, start) + (m.to.startsWith("'") || m.to.startsWith("[") ? m.to : `'${m.to}'`) + text.slice(r.index! + r[0].length);
    }
    case "insert": {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
  }
}

/** Compiles the tree once; checks how it failed; returns the time taken. */
function timedCheck(work: string, file: string, mutated: string, legacy: boolean): number {
  const t0 = performance.now();
  try {
    compileSchema(join(work, "qapi-schema.json"), { legacy });
  } catch (err) {
    if (!(err instanceof QAPIError)) throw err;
    if (err instanceof QAPISourceError && err.info) {
      expect(err.info.fname.startsWith(work)).toBe(true);
      const rel = err.info.fname.slice(work.length + 1);
      const text = rel === file ? mutated : readFileSync(err.info.fname, "utf8");
      expect(err.info.line).toBeGreaterThanOrEqual(1);
      expect(err.info.line).toBeLessThanOrEqual(text.split("\n").length + 1);
    }
  }
  return performance.now() - t0;
}

describe.each(sources)("mutated real schema ($dir)", ({ dir, legacy }) => {
  let work = "";
  let files: string[] = [];
  const originals = new Map<string, string>();

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "qapi-ts-mut-"));
    cpSync(dir, work, { recursive: true });
    files = readdirSync(work).filter((f) => f.endsWith(".json"));
    for (const f of files) originals.set(f, readFileSync(join(work, f), "utf8"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("gives a model or a located QAPI error, never anything else", () => {
    const fileIndex = fc.nat();
    fc.assert(
      fc.property(fileIndex, fc.array(mutation, { minLength: 1, maxLength: 3 }), (fi, ms) => {
        const file = files[fi % files.length]!;
        const original = originals.get(file)!;
        const mutated = ms.reduce(applyMutation, original);
        writeFileSync(join(work, file), mutated);
        try {
          // A slow input must be slow twice: a lone slow run on a busy
          // machine is scheduling noise, a pathological input is not.
          if (timedCheck(work, file, mutated, legacy) > 2000) {
            expect(timedCheck(work, file, mutated, legacy)).toBeLessThan(2000);
          }
        } finally {
          writeFileSync(join(work, file), original);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 120), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  }, 240_000);
});
