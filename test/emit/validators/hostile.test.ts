// Hostile input: names like constructor/toString/__proto__ in the schema and
// on the wire, deep and cyclic values, values that throw when read.  The
// validators must give QEMU's messages or a QmpError, never pollute a
// prototype, never overflow the stack.

import { readdirSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { format } from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { isQmpError } from "../../../runtime/src/support/qmp-error.js";
import { generateValidators, repo, writeOutput } from "./helpers.js";

const dir = `${repo}/tmp/validators-hostile`;
writeOutput(
  generateValidators(`${__dirname}/fixtures/hostile.json`, {
    runtimePath: relative(dir, `${repo}/runtime/src/support`),
  }),
  dir,
);
type V = (value: unknown, name?: string | null, opts?: object) => unknown;
const mod = (await import(`${dir}/validators/hostile.ts`)) as Record<string, V>;
const validateChoice = mod.validateChoice!;
const validateTree = mod.validateTree!;
const validateDoItArg = mod.validateDoItArg!;
const validateNode = mod.validateNode!;
const validateFrame = mod.validateFrame!;

function nullProto(o: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, o);
}

function desc(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isQmpError(e)) return e.desc;
    throw e;
  }
  return "(accepted)";
}

const NODE = { constructor: "c", default: 1.5 };

describe("hostile member names", () => {
  afterAll(() => {
    // Nothing may have leaked onto Object.prototype.
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads constructor/toString/valueOf only as own members", () => {
    // A plain object literal inherits toString etc.: they must count as absent.
    expect(
      validateNode({ constructor: "c", default: 2.5 }, null, { wire: false }),
    ).toEqual({ constructor: "c", default: 2.5 });
    expect(desc(() => validateNode({ default: 1.5 }))).toBe(
      "Parameter 'constructor' is missing",
    );
    const r = validateNode(
      nullProto({
        constructor: "c",
        toString: 5n,
        valueOf: 7n,
        hasOwnProperty: true,
        default: 1n,
      }),
    ) as Record<string, unknown>;
    expect(Object.hasOwn(r, "toString") && r.toString).toBe(5);
    expect(r.valueOf).toBe(7);
    expect(r.hasOwnProperty).toBe(true);
    expect(
      desc(() => validateNode(nullProto({ ...NODE, toString: 128n }))),
    ).toBe("Parameter 'toString' expects int8_t");
  });

  it("treats __proto__ on the wire as an ordinary unexpected member", () => {
    const wire = nullProto({ ...NODE });
    wire["__proto__"] = nullProto({ polluted: true });
    expect(desc(() => validateNode(wire))).toBe(
      "Parameter '__proto__' is unexpected",
    );
    // A JSON.parse'd object has an own __proto__ as well.
    const parsed = JSON.parse(
      '{"constructor": "c", "default": 1.5, "__proto__": {"polluted": 1}}',
    ) as unknown;
    expect(desc(() => validateNode(parsed, null, { wire: false }))).toBe(
      "Parameter '__proto__' is unexpected",
    );
  });

  it("dispatches a union on a discriminator named constructor", () => {
    const input = nullProto({ constructor: "constructor", default: 1.5 });
    const ok = validateChoice(input) as Record<string, unknown>;
    expect(Object.hasOwn(ok, "constructor") && ok.constructor).toBe(
      "constructor",
    );
    // The valid value itself comes back, not a copy.
    expect(ok).toBe(input);
    expect(
      desc(() => validateChoice(nullProto({ constructor: "__proto__" }))),
    ).toBe("Parameter 'constructor' does not accept value '__proto__'");
    expect(
      desc(() =>
        validateChoice(nullProto({ constructor: "toString", leaf: 1n })),
      ),
    ).toBe("Invalid parameter type for 'leaf', expected: object");
    expect(
      desc(() => validateChoice(nullProto({ constructor: "class", leaf: 1n }))),
    ).toBe("Parameter 'leaf' is unexpected");
  });

  it("names nested members and list elements as QEMU does", () => {
    const v = nullProto({
      choice: nullProto({
        constructor: "toString",
        children: [nullProto({ leaf: nullProto({ default: 1n }) })],
      }),
    });
    expect(desc(() => validateDoItArg(v))).toBe(
      "Parameter 'choice.children[0].leaf.constructor' is missing",
    );
    const alt = nullProto({
      choice: nullProto({ constructor: "class" }),
      alt: true,
    });
    expect(desc(() => validateDoItArg(alt))).toBe(
      "Invalid parameter type for 'alt', expected: NodeOrName",
    );
    const altEnum = nullProto({
      choice: nullProto({ constructor: "class" }),
      alt: "nope",
    });
    expect(desc(() => validateDoItArg(altEnum))).toBe(
      "Parameter 'alt' does not accept value 'nope'",
    );
  });
});

describe("depth and cycles", () => {
  function deep(n: number): Record<string, unknown> {
    let t = nullProto({});
    for (let i = 0; i < n; i++) t = nullProto({ children: [t] });
    return t;
  }

  it("accepts nesting up to QEMU's JSON limit and refuses deeper values", () => {
    // 511 trees = 1022 containers (each level is an object and a list)
    expect(desc(() => validateTree(deep(511)))).toBe("(accepted)");
    expect(desc(() => validateTree(deep(600)))).toMatch(
      /^Parameter 'children(\[0\]\.children)*\[0\]' exceeds the nesting depth limit of 1024$/u,
    );
    expect(desc(() => validateTree(deep(100_000)))).toMatch(
      /exceeds the nesting depth limit/u,
    );
  });

  it("stops on cycles", () => {
    const t = nullProto({});
    t.children = [t];
    expect(desc(() => validateTree(t))).toMatch(
      /exceeds the nesting depth limit of 1024$/u,
    );
    expect(desc(() => validateTree(t, null, { maxDepth: 10 }))).toMatch(
      /limit of 10$/u,
    );
  });
});

describe("values that misbehave when read", () => {
  it("turns a throwing getter or proxy into a QmpError", () => {
    const getter = nullProto({ default: 1.5 });
    Object.defineProperty(getter, "constructor", {
      enumerable: true,
      get: () => {
        throw new Error("boom");
      },
    });
    expect(desc(() => validateNode(getter))).toMatch(
      /^Parameter '<anonymous>' cannot be validated: Error: boom$/u,
    );
    const no = (): never => {
      throw new TypeError("no");
    };
    const proxy = new Proxy(nullProto({}), {
      ownKeys: no,
      get: no,
      getOwnPropertyDescriptor: no,
    });
    expect(desc(() => validateNode(proxy))).toMatch(/cannot be validated/u);
  });

  it("treats class instances, Maps and Dates as no JSON type", () => {
    expect(desc(() => validateNode(new Map()))).toBe(
      "Invalid parameter type for '<anonymous>', expected: object",
    );
    expect(desc(() => validateNode(new Date(), "arg"))).toBe(
      "Invalid parameter type for 'arg', expected: object",
    );
    expect(
      desc(() =>
        validateDoItArg(
          nullProto({
            choice: nullProto({ constructor: "class" }),
            alt: new Date(),
          }),
        ),
      ),
    ).toBe("Invalid parameter type for 'alt', expected: NodeOrName");
  });

  it("ignores members whose value is undefined (absent optional members)", () => {
    expect(
      desc(() =>
        validateNode({ ...NODE, valueOf: undefined }, null, { wire: false }),
      ),
    ).toBe("(accepted)");
    expect(
      desc(() =>
        validateNode({ ...NODE, zz: undefined }, null, { wire: false }),
      ),
    ).toBe("(accepted)");
  });
});

describe("generated code", () => {
  it("imports runtime types under another name when a schema type takes theirs", async () => {
    // The exact visitor's functions take a runtime Frame.
    const exactDir = `${repo}/tmp/validators-hostile-exact`;
    const gen = {
      exact: true,
      runtimePath: relative(exactDir, `${repo}/runtime/src/support`),
    };
    writeOutput(
      generateValidators(`${__dirname}/fixtures/hostile.json`, gen),
      exactDir,
    );
    const text = readFileSync(`${exactDir}/validators/hostile.ts`, "utf8");
    expect(text).toMatch(/Frame as Frame\$\d/u);
    const exact = (await import(`${exactDir}/validators/hostile.ts`)) as Record<
      string,
      V
    >;
    expect(
      exact.validateFrame!(
        nullProto({ obj: "a", frame: nullProto({ obj: "b" }) }),
      ),
    ).toEqual({ obj: "a", frame: { obj: "b" } });
    expect(
      validateFrame(nullProto({ obj: "a", frame: nullProto({ obj: "b" }) })),
    ).toEqual({ obj: "a", frame: { obj: "b" } });
    expect(
      desc(() =>
        validateFrame(nullProto({ obj: "a", frame: nullProto({ obj: "c" }) })),
      ),
    ).toBe("Parameter 'obj' does not accept value 'c'");
  });

  it("is formatted exactly as prettier formats it", async () => {
    for (const file of readdirSync(`${dir}/validators`)) {
      const text = readFileSync(`${dir}/validators/${file}`, "utf8");
      expect(await format(text, { parser: "typescript" }), file).toBe(text);
    }
  });
});
