// Property test: random valid values derived from the model are accepted;
// each single mutation (wrong JSON type, missing required member, unknown
// member, bad enum value, integer out of range) is rejected with exactly
// the message QEMU's input visitor gives for it (model-values.ts is the
// oracle).  Run over every command's arguments and every named object type
// of our schema and of QEMU 10.0's schema (generated into tmp/ for the test,
// with the exact visitor).
//
// Every value also goes through the exact visitor (validate.ts run() over
// the generated $visitT): the fast path must give the same verdict and the
// same message, in wire and JavaScript mode, convert a valid value in place
// into what the exact visitor returns as a copy, and leave a value that
// fails untouched.

import { QFloat } from "../../../runtime/src/support/qfloat.js";
import { relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../../generator/src/compile.js";
import { GenContext } from "../../../generator/src/emit/backend.js";
import { schemaNames } from "../../../generator/src/emit/schema-names.js";
import type { QAPISchemaType } from "../../../generator/src/model/entities.js";
import type { QAPISchema } from "../../../generator/src/model/schema.js";
import { isQmpError } from "../../../runtime/src/support/qmp-error.js";
import {
  generateValidators,
  ourSchema,
  qemu10,
  repo,
  writeOutput,
} from "./helpers.js";
import {
  run,
  type ValidateOptions,
  type VisitFn,
} from "../../../runtime/src/support/validate.js";
import { clone, mutate, prng, ValueGen } from "./model-values.js";

type Validator = (
  value: unknown,
  name?: string | null,
  opts?: object,
) => unknown;

const UNKNOWN_KEYS = [
  "zz-unknown",
  "__proto__",
  "constructor",
  "toString",
  "x",
];

/** Types to test: command arguments and named object/alternate types. */
function targets(schema: QAPISchema): QAPISchemaType[] {
  const out: QAPISchemaType[] = [];
  for (const { entity } of schema.walk()) {
    if (
      entity.kind === "command" &&
      entity.argType &&
      !entity.argType.isEmpty()
    )
      out.push(entity.argType);
    if (
      (entity.kind === "object" && !entity.isImplicit()) ||
      entity.kind === "alternate"
    )
      out.push(entity);
  }
  return [...new Set(out)];
}

function message(f: () => unknown): string | null {
  try {
    const r = f();
    if (isQmpError(r)) return r.desc;
    return null;
  } catch (e) {
    if (!isQmpError(e)) throw e;
    return e.desc;
  }
}

/** A wire value as a JavaScript caller would write it: integers as numbers, plain objects. */
function toJs(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof QFloat) return v.value;
  if (Array.isArray(v)) return v.map(toJs);
  if (v !== null && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v))
      Object.defineProperty(o, k, {
        value: toJs((v as Record<string, unknown>)[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return o;
  }
  return v;
}

interface Entry {
  validate: Validator;
  check: Validator;
  /** The exact visitor (validate.ts run() over the generated $visitT). */
  exact: Validator;
}

function checkSchema(
  schema: QAPISchema,
  dir: string,
  runs: number,
  present = (_x: unknown) => true,
): void {
  const names = schemaNames(schema);
  const types = targets(schema);
  it(`accepts generated values and rejects single mutations (${types.length} types)`, async () => {
    const mods = new Map<string, Record<string, Validator>>();
    const entryOf = async (t: QAPISchemaType): Promise<Entry> => {
      const ref = names.validator(t);
      let m = mods.get(ref.module);
      if (!m) {
        m = (await import(`${dir}/validators/${ref.module}.ts`)) as Record<
          string,
          Validator
        >;
        mods.set(ref.module, m);
      }
      const rest = ref.name.slice("validate".length);
      const visit = m[`$visit${rest}`] as unknown as VisitFn<unknown>;
      return {
        validate: m[ref.name]!,
        check: m[`check${rest}`]!,
        exact: (v, name = null, opts) =>
          run(v, name, opts as ValidateOptions, visit),
      };
    };
    let mutations = 0;
    const kinds = new Map<string, number>();
    for (const t of types) {
      const { validate, check, exact } = await entryOf(t);
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          const rnd = prng(seed);
          const g = new ValueGen(rnd, present as never).generate(t);
          // The exact visitor returns a fresh copy with integers as numbers;
          // the fast path must turn the value itself into the same thing.
          const copy = clone(g.value);
          const fresh = exact(g.value, null);
          const got = validate(copy, null);
          expect(
            got,
            `${t.name}: converted as the exact visitor converts`,
          ).toEqual(fresh);
          // Objects and lists come back themselves, converted in place.
          if (typeof copy === "object" && copy !== null)
            expect(got, `${t.name}: not the value itself`).toBe(copy);
          // JavaScript mode (integers near 2^63 may not survive toJs(): the
          // exact visitor decides).
          const js = toJs(g.value);
          const jsMessage = message(() => exact(js, null, { wire: false }));
          expect(
            message(() => check(js, null, { wire: false }) as never),
            `${t.name}: JavaScript mode`,
          ).toBe(jsMessage);
          const mut = mutate(g, rnd, UNKNOWN_KEYS);
          if (mut === null) return;
          mutations++;
          kinds.set(mut.kind, (kinds.get(mut.kind) ?? 0) + 1);
          const before = clone(mut.value);
          expect(
            message(() => validate(mut.value, null)),
            `${t.name} ${mut.kind}`,
          ).toBe(mut.message);
          expect(
            mut.value,
            `${t.name}: a value that fails is left as it was`,
          ).toEqual(before);
          expect(
            message(() => exact(mut.value, null)),
            `${t.name} ${mut.kind}: exact visitor`,
          ).toBe(mut.message);
          const r = check(mut.value, "arg");
          expect(
            isQmpError(r) && r.desc,
            `${t.name} ${mut.kind}: check()`,
          ).toBe(message(() => exact(mut.value, "arg")));
          // JavaScript mode: the fast path and the exact visitor agree.
          const mjs = toJs(mut.value);
          expect(
            message(() => validate(mjs, null, { wire: false })),
            `${t.name} ${mut.kind}: JavaScript mode`,
          ).toBe(message(() => exact(mjs, null, { wire: false })));
        }),
        { numRuns: runs, seed: 7 },
      );
    }
    expect(mutations).toBeGreaterThan(types.length);
    for (const k of ["wrong-type", "missing", "unknown", "bad-enum", "range"])
      expect(kinds.get(k), k).toBeGreaterThan(0);
    console.log(Object.fromEntries(kinds));
  }, 240_000);
}

describe("validators of our schema", () => {
  // Generated with the exact visitor (the committed generated/ has none).
  const dir = `${repo}/tmp/validators-ours`;
  writeOutput(
    generateValidators(ourSchema, {
      legacy: true,
      exact: true,
      runtimePath: relative(dir, `${repo}/runtime/src/support`),
    }),
    dir,
  );
  const schema = compileSchema(ourSchema, { legacy: true });
  checkSchema(schema, dir, 200);
});

describe("validators of QEMU 10.0's schema", () => {
  const dir = `${repo}/tmp/validators-q10`;
  const out = generateValidators(qemu10, {
    exact: true,
    runtimePath: relative(dir, `${repo}/runtime/src/support`),
  });
  writeOutput(out, dir);
  const schema = compileSchema(qemu10, {});
  const ctx = new GenContext({
    prefix: "",
    unmask: false,
    defines: null,
    legacy: false,
    schemaPath: "",
    runtimePath: null,
  });
  checkSchema(schema, dir, 25, (x) => ctx.present(x as never));
});
