// Introspection against a real QEMU 7.2: QEMU 7.2's schema, generated with
// the condition symbols of Debian's x86_64 build (one --define each), must
// give exactly the query-qmp-schema reply recorded from that build
// (test/fixtures/qemu-7.2/README.md says how it was recorded): same entries,
// same order, same masked names.

import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { generateAll } from "../../../generator/src/cli/generate.js";
import { compileSchema } from "../../../generator/src/compile.js";
import type { GenerateOptions } from "../../../generator/src/emit/backend.js";
import { SHARED } from "../../shared.js";

const repo = resolve(__dirname, "../../..");
const shared = SHARED;
const schema72 = join(shared, "qemu/7.2/schema/qapi-schema.json");
const profile = join(shared, "spec/profiles/debian-7.2.22-x86_64.txt");
const fixture = join(repo, "test/fixtures/qemu-7.2/query-qmp-schema.json");

function options(defines: Set<string> | null, unmask = false): GenerateOptions {
  return { prefix: "", unmask, defines, legacy: true, schemaPath: "qapi-schema.json", runtimePath: null };
}

function introspect(defines: Set<string> | null, unmask = false): unknown[] {
  const out = generateAll(compileSchema(schema72, { legacy: true }), options(defines, unmask));
  return JSON.parse(out.get("introspect.json")!) as unknown[];
}

describe("introspection of QEMU 7.2's schema", () => {
  if (!existsSync(schema72)) {
    it("needs ../shared/qemu/7.2 beside the checkout", () => {
      throw new Error(`missing ${schema72}: the reference material in ../shared is absent`);
    });
    return;
  }
  const defines = new Set(
    readFileSync(profile, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#")),
  );

  it("equals what Debian's qemu-system-x86_64 7.2.22 answers", () => {
    const expected = JSON.parse(readFileSync(fixture, "utf8")) as unknown[];
    const actual = introspect(defines);
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) {
      expect(actual[i], `entry ${i}`).toEqual(expected[i]);
    }
  });

  it("keeps conditional entries without --define, and drops them with an empty profile", () => {
    const all = introspect(null).length;
    const withProfile = introspect(defines).length;
    const none = introspect(new Set()).length;
    expect(all).toBeGreaterThan(withProfile);
    expect(withProfile).toBeGreaterThan(none);
  });

  it("unmasks type names with -u", () => {
    const names = introspect(defines, true).map((e) => (e as { name: string }).name);
    expect(names).toContain("JobInfo");
    expect(names.filter((n) => /^\d+$/.test(n))).toEqual([]);
  });
});
