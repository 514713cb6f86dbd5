// The validator primitives (runtime/src/support/validate.ts) on their own:
// integer rules per type in wire and JavaScript mode, QEMU's names in
// messages, enums and policies, alternates' QTypes, unexpected members.

import { describe, expect, it } from "vitest";
import { QFloat } from "../../../runtime/src/support/qfloat.js";
import { isQmpError } from "../../../runtime/src/support/qmp-error.js";
import {
  bool,
  DEPRECATED,
  enm,
  features,
  Frame,
  fullName,
  int,
  int8,
  int16,
  int32,
  list,
  num,
  nul,
  QDICT,
  QLIST,
  QNUM,
  qtype,
  run,
  size,
  str,
  u64,
  uint8,
  uint16,
  uint32,
  UNSTABLE,
  validateNoArgs,
  type Obj,
  type ValidateOptions,
  type VisitFn,
} from "../../../runtime/src/support/validate.js";

function desc(f: () => unknown): string {
  try {
    f();
    return "(accepted)";
  } catch (e) {
    if (!isQmpError(e)) throw e;
    expect(e.errorClass).toBe("GenericError");
    return e.desc;
  }
}

/** Visits `{x: value}` with `visit` for member x, as generated code does. */
function member<T>(
  visit: VisitFn<T>,
  value: unknown,
  opts?: ValidateOptions,
): T {
  return run(
    Object.assign(Object.create(null) as Obj, { x: value }),
    null,
    opts,
    (v, up, name) => {
      const f = up.struct(v, name);
      const r: Obj = {};
      r.x = visit(f.o.x, f, "x");
      f.end(1, r, () => ["x"]);
      return r.x as T;
    },
  );
}

describe("integers", () => {
  it("wire values: integral numbers and bigints are integers, QFloat boxes and fractions floats", () => {
    expect(member(int, 5n)).toBe(5);
    expect(member(int, 5)).toBe(5);
    expect(desc(() => member(int, new QFloat(1)))).toBe(
      "Invalid parameter type for 'x', expected: integer",
    );
    expect(desc(() => member(int, 1.5))).toBe(
      "Invalid parameter type for 'x', expected: integer",
    );
    expect(member(int, -(2n ** 63n))).toBe(-(2 ** 63));
    expect(member(int, 2n ** 63n - 1n)).toBe(2 ** 63); // precision: documented
    expect(desc(() => member(int, 2n ** 63n))).toBe(
      "Invalid parameter type for 'x', expected: integer",
    );
    expect(desc(() => member(int, "1"))).toBe(
      "Invalid parameter type for 'x', expected: integer",
    );
    expect(desc(() => member(u64, new QFloat(1)))).toBe(
      "Parameter 'x' expects uint64",
    );
    expect(desc(() => member(int8, new QFloat(1)))).toBe(
      "Invalid parameter type for 'x', expected: integer",
    );
  });

  it("JavaScript mode: integral numbers are integers", () => {
    const js = { wire: false };
    expect(member(int, 5, js)).toBe(5);
    expect(member(int, 5n, js)).toBe(5);
    expect(desc(() => member(int, 1.5, js))).toBe(
      "Invalid parameter type for 'x', expected: integer",
    );
    expect(desc(() => member(int, 2 ** 63, js))).toBe(
      "Invalid parameter type for 'x', expected: integer",
    );
    expect(desc(() => member(int, Number.NaN, js))).toBe(
      "Invalid parameter type for 'x', expected: integer",
    );
    expect(member(u64, -1, js)).toBe(2 ** 64);
    expect(member(uint8, 255, js)).toBe(255);
    expect(desc(() => member(uint8, 256, js))).toBe(
      "Parameter 'x' expects uint8_t",
    );
  });

  it("int8..int32 ranges name the bare member and the C type", () => {
    expect(member(int8, -128n)).toBe(-128);
    expect(desc(() => member(int8, 128n))).toBe("Parameter 'x' expects int8_t");
    expect(desc(() => member(int16, -32769n))).toBe(
      "Parameter 'x' expects int16_t",
    );
    expect(desc(() => member(int32, 2n ** 31n))).toBe(
      "Parameter 'x' expects int32_t",
    );
    expect(desc(() => member(int8, 1.5))).toBe(
      "Invalid parameter type for 'x', expected: integer",
    );
  });

  it("uint64/size wrap negative integers; uint8..32 then range-check", () => {
    expect(member(u64, -1n)).toBe(2 ** 64);
    expect(member(size, 2n ** 64n - 1n)).toBe(2 ** 64);
    expect(desc(() => member(size, 2n ** 64n))).toBe(
      "Parameter 'x' expects uint64",
    );
    expect(desc(() => member(size, -(2n ** 63n) - 1n))).toBe(
      "Parameter 'x' expects uint64",
    );
    expect(desc(() => member(u64, 1.5))).toBe("Parameter 'x' expects uint64");
    expect(desc(() => member(u64, "1"))).toBe("Parameter 'x' expects uint64");
    expect(desc(() => member(uint8, -1n))).toBe(
      "Parameter 'x' expects uint8_t",
    );
    expect(desc(() => member(uint16, 65536n))).toBe(
      "Parameter 'x' expects uint16_t",
    );
    expect(member(uint32, 4294967295n)).toBe(4294967295);
  });

  it("number takes integers and floats", () => {
    expect(member(num, 3n)).toBe(3);
    expect(member(num, 2.5)).toBe(2.5);
    expect(member(num, new QFloat(2))).toBe(2);
    expect(desc(() => member(num, true))).toBe(
      "Invalid parameter type for 'x', expected: number",
    );
  });
});

describe("names in messages (full_name_nth)", () => {
  it("builds dotted and indexed names; enum and range errors use the bare name", () => {
    const strs: VisitFn<string[]> = (v, up, name) => list(v, up, name, str);
    expect(desc(() => member(strs, ["a", 1n]))).toBe(
      "Invalid parameter type for 'x[1]', expected: string",
    );
    const e = (v: unknown, up: Frame, name: string | null) =>
      enm(v, up, name, new Set(["a"]));
    expect(
      desc(() => member((v, up, name) => list(v, up, name, e), ["a", "b"])),
    ).toBe("Parameter 'null' does not accept value 'b'");
    expect(
      desc(() => member((v, up, name) => list(v, up, name, int8), [200n])),
    ).toBe("Parameter 'null' expects int8_t");
    expect(
      desc(() => run(5n, null, undefined, (v, up, name) => up.struct(v, name))),
    ).toBe("Invalid parameter type for '<anonymous>', expected: object");
    expect(
      desc(() =>
        run(5n, "arg", undefined, (v, up, name) => up.struct(v, name)),
      ),
    ).toBe("Invalid parameter type for 'arg', expected: object");
    expect(desc(() => run(undefined, "arg", undefined, str))).toBe(
      "Parameter 'arg' is missing",
    );
    expect(desc(() => run(1n, null, undefined, bool))).toBe(
      "Invalid parameter type for '<anonymous>', expected: boolean",
    );
  });

  it("fullName of a top-level list element and of nested dicts", () => {
    let seen = "";
    run([[1n]], null, undefined, (v, up, name) =>
      list(v, up, name, (w, f, n1) =>
        list(w, f, n1, (_x, g, n2) => {
          seen = fullName(g, n2);
          return 0;
        }),
      ),
    );
    expect(seen).toBe("[0][0]");
  });
});

describe("enums, null, policies", () => {
  it("enum type errors name the full path, value errors the bare name", () => {
    const e = (v: unknown, up: Frame, name: string | null) =>
      enm(v, up, name, new Set(["on", "off"]));
    expect(member(e, "on")).toBe("on");
    expect(desc(() => member(e, 1n))).toBe(
      "Invalid parameter type for 'x', expected: string",
    );
    expect(desc(() => member(e, "maybe"))).toBe(
      "Parameter 'x' does not accept value 'maybe'",
    );
  });

  it("null accepts only null", () => {
    expect(member(nul, null)).toBeNull();
    expect(desc(() => member(nul, 0n))).toBe(
      "Invalid parameter type for 'x', expected: null",
    );
  });

  it("deprecated/unstable enum values and members follow the input policy", () => {
    const feats = features(["old", DEPRECATED, "new", UNSTABLE]);
    const e = (v: unknown, up: Frame, name: string | null) =>
      enm(v, up, name, new Set(["old", "new", "ok"]), feats);
    const reject = {
      policy: { deprecatedInput: "reject", unstableInput: "reject" },
    } as const;
    expect(member(e, "old")).toBe("old");
    expect(desc(() => member(e, "old", reject))).toBe(
      "Deprecated value old disabled by policy",
    );
    expect(desc(() => member(e, "new", reject))).toBe(
      "Unstable value new disabled by policy",
    );
    expect(member(e, "ok", reject)).toBe("ok");
    const withPolicy: VisitFn<string> = (v, up, name) => {
      up.policy(DEPRECATED | UNSTABLE, "x");
      return str(v, up, name);
    };
    expect(desc(() => member(withPolicy, "s", reject))).toBe(
      "Deprecated parameter x disabled by policy",
    );
    expect(
      desc(() =>
        member(withPolicy, "s", { policy: { unstableInput: "reject" } }),
      ),
    ).toBe("Unstable parameter x disabled by policy");
  });
});

describe("alternates and structs", () => {
  it("qtype classifies JSON values; undefined is missing", () => {
    const root = (v: unknown) => run(v, "a", undefined, qtype);
    expect(root(1n)).toBe(QNUM);
    expect(root(1.5)).toBe(QNUM);
    expect(root([])).toBe(QLIST);
    expect(root(Object.create(null))).toBe(QDICT);
    expect(root(new Date())).toBe(0);
    expect(desc(() => root(undefined))).toBe("Parameter 'a' is missing");
  });

  it("commands without arguments reject any member, reporting GLib's first", () => {
    expect(validateNoArgs({})).toEqual({});
    expect(
      desc(() =>
        validateNoArgs(Object.assign(Object.create(null), { foo: 1n })),
      ),
    ).toBe("Parameter 'foo' is unexpected");
    // qemu-system-x86_64 7.2.22 answers query-status {"a":1,"b":2,"zz":3}
    // with "Parameter 'b' is unexpected" (GLib 2.74's hash order).
    expect(
      desc(() =>
        validateNoArgs(JSON.parse('{"a": 1, "b": 2, "zz": 3}'), null, {
          wire: false,
        }),
      ),
    ).toBe("Parameter 'b' is unexpected");
  });
});
