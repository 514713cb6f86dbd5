// Property test: random valid values derived from the model are accepted;
// each single mutation (wrong JSON type, missing required member, unknown
// member, bad enum value, integer out of range) is rejected with exactly
// the message QEMU's input visitor gives for it (model-values.ts is the
// oracle).  Run over every command's arguments and every named object type
// of our schema (the committed generated/validators) and of QEMU 10.0's
// schema (generated into tmp/ for the test).

import { relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../../generator/src/compile.js";
import { GenContext } from "../../../generator/src/emit/backend.js";
import { schemaNames } from "../../../generator/src/emit/schema-names.js";
import type { QAPISchemaType } from "../../../generator/src/model/entities.js";
import type { QAPISchema } from "../../../generator/src/model/schema.js";
import { isQmpError } from "../../../runtime/src/support/qmp-error.js";
import { generateValidators, ourSchema, qemu10, repo, writeOutput } from "./helpers.js";
import { mutate, prng, ValueGen } from "./model-values.js";

type Validator = (value: unknown, name?: string | null, opts?: object) => unknown;

const UNKNOWN_KEYS = ["zz-unknown", "__proto__", "constructor", "toString", "x"];

/** Types to test: command arguments and named object/alternate types. */
function targets(schema: QAPISchema): QAPISchemaType[] {
  const out: QAPISchemaType[] = [];
  for (const { entity } of schema.walk()) {
    if (entity.kind === "command" && entity.argType && !entity.argType.isEmpty()) out.push(entity.argType);
    if ((entity.kind === "object" && !entity.isImplicit()) || entity.kind === "alternate") out.push(entity);
  }
  return [...new Set(out)];
}

function message(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!isQmpError(e)) throw e;
    return e.desc;
  }
}

function checkSchema(schema: QAPISchema, dir: string, runs: number, present = (_x: unknown) => true): void {
  const names = schemaNames(schema);
  const types = targets(schema);
  it(`accepts generated values and rejects single mutations (${types.length} types)`, async () => {
    const mods = new Map<string, Record<string, Validator>>();
    const validatorOf = async (t: QAPISchemaType): Promise<Validator> => {
      const ref = names.validator(t);
      let m = mods.get(ref.module);
      if (!m) {
        m = (await import(`${dir}/validators/${ref.module}.ts`)) as Record<string, Validator>;
        mods.set(ref.module, m);
      }
      return m[ref.name]!;
    };
    let mutations = 0;
    const kinds = new Map<string, number>();
    for (const t of types) {
      const validate = await validatorOf(t);
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          const rnd = prng(seed);
          const g = new ValueGen(rnd, present as never).generate(t);
          const ok = message(() => validate(g.value, null));
          expect(ok, `${t.name}: valid value rejected`).toBeNull();
          const mut = mutate(g, rnd, UNKNOWN_KEYS);
          if (mut === null) return;
          mutations++;
          kinds.set(mut.kind, (kinds.get(mut.kind) ?? 0) + 1);
          expect(message(() => validate(mut.value, null)), `${t.name} ${mut.kind}`).toBe(mut.message);
        }),
        { numRuns: runs, seed: 7 },
      );
    }
    expect(mutations).toBeGreaterThan(types.length);
    for (const k of ["wrong-type", "missing", "unknown", "bad-enum", "range"]) expect(kinds.get(k), k).toBeGreaterThan(0);
    console.log(Object.fromEntries(kinds));
  }, 120_000);
}

describe("validators of our schema", () => {
  const schema = compileSchema(ourSchema, { legacy: true });
  checkSchema(schema, `${repo}/generated`, 200);
});

describe("validators of QEMU 10.0's schema", () => {
  const dir = `${repo}/tmp/validators-q10`;
  const out = generateValidators(qemu10, { runtimePath: relative(dir, `${repo}/runtime/src/support`) });
  writeOutput(out, dir);
  const schema = compileSchema(qemu10, {});
  const ctx = new GenContext({ prefix: "", unmask: false, defines: null, legacy: false, schemaPath: "", runtimePath: null });
  checkSchema(schema, dir, 25, (x) => ctx.present(x as never));
});
