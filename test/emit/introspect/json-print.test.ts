// printJson must produce exactly prettier's JSON layout, so introspect.json
// passes `prettier --check` without the (slow) prettier pass.

import * as prettier from "prettier";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateAll } from "../../../generator/src/cli/generate.js";
import { compileSchema } from "../../../generator/src/compile.js";
import { printJson } from "../../../generator/src/emit/json-print.js";
import { SHARED } from "../../shared.js";

const shared = SHARED;

describe("printJson", () => {
  const samples: unknown[] = [
    [],
    {},
    { a: [], b: {}, c: null, d: true, e: "x" },
    ["a", "b", { c: ["d"] }],
    { k: Array.from({ length: 12 }, (_, i) => `value-${i}`) },
    { "a-long-key-name-that-takes-room": ["aaaaaaaaaaaa", "bbbbbbbbbbbbb", "cccccccccccc", "dd"] },
    { q: 'quote " and \\ backslash and \u00e9 and \u0001' },
  ];
  it.each(samples.map((s) => [JSON.stringify(s), s]))("matches prettier for %s", async (_label, sample) => {
    const text = printJson(sample as never);
    expect(text).toBe(await prettier.format(text, { parser: "json" }));
  });

  it("matches prettier on QEMU 10.0's introspection data", async () => {
    const root = join(shared, "qemu/10.0/schema/qapi-schema.json");
    if (!existsSync(root)) throw new Error(`missing ${root}: ../shared is absent`);
    const out = generateAll(compileSchema(root), {
      prefix: "",
      unmask: true,
      defines: null,
      legacy: false,
      schemaPath: "qapi-schema.json",
      runtimePath: null,
    });
    const text = out.get("introspect.json")!;
    expect(text).toBe(await prettier.format(text, { parser: "json" }));
  });
});
