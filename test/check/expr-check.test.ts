// Unit tests for checkExprs() on hand-built expressions: every message of
// QEMU 10.0's expr.py, in QEMU's order, and the in-place normalization.

import { describe, expect, it } from "vitest";
import { checkExprs } from "../../generator/src/check/expr-check.js";
import { expectSemError, fakeDoc, fromValue, mk, rootInfo } from "./helpers.js";

/** The message (without location) checkExprs throws for one definition. */
function msgOf(js: Record<string, unknown>, legacy = false): string {
  try {
    checkExprs([mk(js)], { legacy });
  } catch (e) {
    return (e as { msg: string }).msg;
  }
  return "(no error)";
}

function ok(js: Record<string, unknown>, legacy = false): void {
  expect(msgOf(js, legacy)).toBe("(no error)");
}

describe("definition names", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ struct: ["Foo"], data: {} }, "'struct' requires a string name"],
    [{ command: true }, "'command' requires a string name"],
    [{ struct: "Foo!", data: {} }, "struct has an invalid name"],
    [{ struct: "", data: {} }, "struct has an invalid name"],
    [{ struct: "9Foo", data: {} }, "struct has an invalid name"],
    [{ command: "q-foo" }, "command has an invalid name"],
    [{ command: "q_foo" }, "command has an invalid name"],
    [{ command: "__org.qemu_q-x" }, "(no error)"],
    [{ command: "__org.qemu-x" }, "command has an invalid name"],
    [{ event: "foo" }, "name of event must not use lowercase or '-'"],
    [{ event: "FOO-BAR" }, "name of event must not use lowercase or '-'"],
    [{ event: "x-FOO_BAR" }, "(no error)"],
    [{ event: "__com.example_FOO" }, "(no error)"],
    [{ command: "Foo" }, "name of command must not use uppercase or '_'"],
    [{ command: "foo_bar" }, "name of command must not use uppercase or '_'"],
    [{ command: "x-foo-bar" }, "(no error)"],
    [{ struct: "foo", data: {} }, "name of struct must use CamelCase"],
    [{ struct: "FOO", data: {} }, "name of struct must use CamelCase"],
    [{ struct: "Foo-Bar", data: {} }, "name of struct must use CamelCase"],
    [{ enum: "X", data: [] }, "name of enum must use CamelCase"],
    [{ struct: "x-Foo", data: {} }, "(no error)"],
    [{ struct: "__org.qemu_Foo", data: {} }, "(no error)"],
    [{ struct: "FooList", data: {} }, "struct name should not end in 'List'"],
    [{ alternate: "AltList", data: { a: "int" } }, "alternate name should not end in 'List'"],
  ];
  it.each(cases)("%j -> %s", (js, msg) => {
    expect(msgOf(js)).toBe(msg);
  });

  it("pragma command-name-exceptions permits '_' in command names only", () => {
    const info = rootInfo();
    info.pragma.commandNameExceptions.push("foo_bar", "Foo_Up");
    checkExprs([mk({ command: "foo_bar" }, { info })]);
    expectSemError(
      () => checkExprs([mk({ command: "Foo_Up" }, { info })]),
      "test.json: In command 'Foo_Up':\ntest.json:1: name of command must not use uppercase or '_'",
    );
  });
});

describe("expression meta and doc", () => {
  it("needs exactly one meta key", () => {
    const m =
      "expression must have exactly one key 'enum', 'struct', 'union', 'alternate', 'command', 'event'";
    expect(msgOf({ data: {} })).toBe(m);
    expect(msgOf({ struct: "Foo", command: "foo" })).toBe(m);
  });

  it("skips include directives", () => {
    const exprs = [mk({ include: "other.json" }), mk({ struct: "Foo", data: {} })];
    expect(checkExprs(exprs)).toBe(exprs);
  });

  it("records the definition on the info, even when a later check fails", () => {
    const e = mk({ struct: "Foo", data: [] }, { line: 7 });
    expectSemError(
      () => checkExprs([e]),
      "test.json: In struct 'Foo':\ntest.json:7: 'data' should be an object or type name",
    );
    expect(e.info.defnMeta).toBe("struct");
    expect(e.info.defnName).toBe("Foo");
  });

  it("checks the doc symbol, then calls doc.checkExpr with the expression", () => {
    const doc = fakeDoc("Bar");
    expectSemError(
      () => checkExprs([mk({ struct: "Foo", data: {} }, { doc })]),
      "test.json: In struct 'Foo':\ntest.json:1: documentation comment is for 'Bar'",
    );
    expect(doc.checked).toHaveLength(0);

    const good = fakeDoc("Foo");
    const e = mk({ struct: "Foo", data: {} }, { doc: good });
    checkExprs([e]);
    expect(good.checked).toEqual([e]);
    expect(good.checked[0]).toBe(e);
  });

  it("prints a missing doc symbol as Python's None", () => {
    expectSemError(
      () => checkExprs([mk({ command: "c" }, { doc: fakeDoc(null) })]),
      "test.json: In command 'c':\ntest.json:1: documentation comment is for 'None'",
    );
  });

  it("calls doc.checkExpr after the name check and before check_keys", () => {
    const doc = fakeDoc("Foo", () => {
      throw new Error("doc checked");
    });
    expect(() => checkExprs([mk({ struct: "Foo", bogus: true }, { doc })])).toThrow("doc checked");
    const doc2 = fakeDoc("foo", () => {
      throw new Error("doc checked");
    });
    expect(msgOf({ struct: "foo" })).toBe("name of struct must use CamelCase");
    expect(() => checkExprs([mk({ struct: "foo", data: {} }, { doc: doc2 })])).toThrow(
      "must use CamelCase",
    );
  });

  it("requires a doc comment under pragma doc-required", () => {
    const info = rootInfo();
    info.pragma.docRequired = true;
    expectSemError(
      () => checkExprs([mk({ enum: "Enu", data: [] }, { info, line: 3 })]),
      "test.json: In enum 'Enu':\ntest.json:3: documentation comment required",
    );
    checkExprs([mk({ enum: "Enu", data: [] }, { info, doc: fakeDoc("Enu") })]);
    // Directives need no doc.
    checkExprs([mk({ include: "x.json" }, { info })]);
  });
});

describe("check_keys", () => {
  it.each([
    [{ struct: "Foo" }, "struct misses key 'data'"],
    [{ union: "Uni" }, "union misses keys 'base', 'data', 'discriminator'"],
    [{ enum: "Enu" }, "enum misses key 'data'"],
    [{ alternate: "Alt" }, "alternate misses key 'data'"],
    [
      { struct: "Foo", data: {}, bogus: true },
      "struct has unknown key 'bogus'\nValid keys are 'base', 'data', 'features', 'if', 'struct'.",
    ],
    [
      { enum: "Enu", data: [], z: "", a: "" },
      "enum has unknown keys 'a', 'z'\nValid keys are 'data', 'enum', 'features', 'if', 'prefix'.",
    ],
    [
      { command: "c", "allow-oob": true, returns: "int", base: "X" },
      "command has unknown key 'base'\nValid keys are 'allow-oob', 'allow-preconfig', 'boxed', " +
        "'command', 'coroutine', 'data', 'features', 'gen', 'if', 'returns', 'success-response'.",
    ],
    [
      { event: "E", returns: "int" },
      "event has unknown key 'returns'\nValid keys are 'boxed', 'data', 'event', 'features', 'if'.",
    ],
    [
      { union: "Uni", base: {}, discriminator: "d", data: {}, x: true },
      "union has unknown key 'x'\nValid keys are 'base', 'data', 'discriminator', 'features', 'if', 'union'.",
    ],
    [
      { alternate: "Alt", data: { a: "int" }, base: "B" },
      "alternate has unknown key 'base'\nValid keys are 'alternate', 'data', 'features', 'if'.",
    ],
  ])("%j -> %s", (js, msg) => {
    expect(msgOf(js)).toBe(msg);
  });
});

describe("check_flags", () => {
  it.each([
    [{ command: "c", gen: true }, "flag 'gen' may only use false value"],
    [
      { command: "c", "success-response": "no" },
      "flag 'success-response' may only use false value",
    ],
    [{ command: "c", boxed: false }, "flag 'boxed' may only use true value"],
    [{ command: "c", "allow-oob": false }, "flag 'allow-oob' may only use true value"],
    [{ command: "c", "allow-preconfig": "yes" }, "flag 'allow-preconfig' may only use true value"],
    [{ command: "c", coroutine: false }, "flag 'coroutine' may only use true value"],
    [{ event: "E", boxed: false }, "flag 'boxed' may only use true value"],
    [
      { command: "c", "allow-oob": true, coroutine: true },
      "flags 'allow-oob' and 'coroutine' are incompatible",
    ],
    [
      {
        command: "c",
        gen: false,
        "success-response": false,
        "allow-preconfig": true,
        coroutine: true,
      },
      "(no error)",
    ],
  ])("%j -> %s", (js, msg) => {
    expect(msgOf(js)).toBe(msg);
  });

  it("runs after 'if' and features", () => {
    expect(msgOf({ command: "c", gen: true, if: "x" })).toBe(
      "'if' condition 'x' of command is not a valid identifier",
    );
    expect(msgOf({ command: "c", gen: true, features: "x" })).toBe("'features' must be an array");
  });
});

describe("check_if", () => {
  const s = (cond: unknown) => msgOf({ struct: "Foo", data: {}, if: cond });
  it("accepts identifiers and nested all/any/not", () => {
    expect(s("CONFIG_FOO")).toBe("(no error)");
    expect(s({ all: ["A", { not: { any: ["B", "C_1"] } }] })).toBe("(no error)");
  });
  it.each([
    ["defined(X)", "'if' condition 'defined(X)' of struct is not a valid identifier"],
    ["", "'if' condition '' of struct is not a valid identifier"],
    ["_X", "'if' condition '_X' of struct is not a valid identifier"],
    ["lower", "'if' condition 'lower' of struct is not a valid identifier"],
    [["A"], "'if' condition of struct must be a string or an object"],
    [true, "'if' condition of struct must be a string or an object"],
    [
      { bogus: "A" },
      "'if' condition of struct has unknown key 'bogus'\nValid keys are 'all', 'any', 'not'.",
    ],
    [{}, "'if' condition of struct has conflicting keys"],
    [{ all: ["A"], any: ["B"] }, "'if' condition of struct has conflicting keys"],
    [{ all: "A" }, "'all' condition of struct must be an array"],
    [{ any: {} }, "'any' condition of struct must be an array"],
    [{ all: [] }, "'if' condition [] of struct is useless"],
    [{ not: { any: [] } }, "'if' condition [] of struct is useless"],
    [{ not: ["A"] }, "'if' condition of struct must be a string or an object"],
    [{ any: ["A", { not: "b" }] }, "'if' condition 'b' of struct is not a valid identifier"],
    [{ all: ["A", {}] }, "'if' condition of struct has conflicting keys"],
  ])("%j -> %s", (cond, msg) => {
    expect(s(cond)).toBe(msg);
  });
  it("names the member or feature it belongs to", () => {
    expect(msgOf({ struct: "Foo", data: { a: { type: "int", if: "x" } } })).toBe(
      "'if' condition 'x' of 'data' member 'a' is not a valid identifier",
    );
    expect(msgOf({ enum: "Enu", data: [{ name: "v", if: { any: [] } }] })).toBe(
      "'if' condition [] of 'data' member 'v' is useless",
    );
    expect(msgOf({ struct: "Foo", data: {}, features: [{ name: "f", if: "y" }] })).toBe(
      "'if' condition 'y' of 'features' member 'f' is not a valid identifier",
    );
    expect(
      msgOf({
        union: "Uni",
        base: {},
        discriminator: "d",
        data: { a: { type: "A", if: 1 === 1 } },
      }),
    ).toBe("'if' condition of 'data' member 'a' must be a string or an object");
  });
});

describe("check_features", () => {
  const f = (features: unknown) => msgOf({ struct: "Foo", data: {}, features });
  it.each([
    ["deprecated", "'features' must be an array"],
    [{ name: "x" }, "'features' must be an array"],
    [[{ if: "X" }], "'features' member misses key 'name'"],
    [
      [{ name: "x", bogus: "y" }],
      "'features' member has unknown key 'bogus'\nValid keys are 'if', 'name'.",
    ],
    [[["x"]], "'features' member requires a string name"],
    [[true], "'features' member requires a string name"],
    [["Foo"], "name of 'features' member 'Foo' must not use uppercase or '_'"],
    [["a_b"], "name of 'features' member 'a_b' must not use uppercase or '_'"],
    [["a!"], "'features' member 'a!' has an invalid name"],
    [["deprecated", "unstable", { name: "x-y", if: "Z" }], "(no error)"],
  ])("%j -> %s", (features, msg) => {
    expect(f(features)).toBe(msg);
  });

  it("checks member features too", () => {
    expect(msgOf({ struct: "Foo", data: { a: { type: "int", features: ["B"] } } })).toBe(
      "name of 'features' member 'B' must not use uppercase or '_'",
    );
    expect(msgOf({ enum: "Enu", data: [{ name: "v", features: "x" }] })).toBe(
      "'features' must be an array",
    );
  });
});

describe("check_enum", () => {
  it.each([
    [{ enum: "Enu", data: {} }, "'data' must be an array"],
    [{ enum: "Enu", data: "a" }, "'data' must be an array"],
    [{ enum: "Enu", data: [], prefix: ["P"] }, "'prefix' must be a string"],
    [{ enum: "Enu", data: [{ if: "X" }] }, "'data' member misses key 'name'"],
    [
      { enum: "Enu", data: [{ name: "a", type: "int" }] },
      "'data' member has unknown key 'type'\nValid keys are 'features', 'if', 'name'.",
    ],
    [{ enum: "Enu", data: [["a"]] }, "'data' member requires a string name"],
    [{ enum: "Enu", data: [{ name: true }] }, "'data' member requires a string name"],
    [{ enum: "Enu", data: ["A"] }, "name of 'data' member 'A' must not use uppercase or '_'"],
    [{ enum: "Enu", data: ["a_b"] }, "name of 'data' member 'a_b' must not use uppercase or '_'"],
    [{ enum: "Enu", data: ["a b"] }, "'data' member 'a b' has an invalid name"],
    [{ enum: "Enu", data: ["q-a"] }, "'data' member 'q-a' has an invalid name"],
    [{ enum: "Enu", data: [""] }, "'data' member '' has an invalid name"],
    [{ enum: "Enu", data: ["1", "2x", "x-3", "__org.qemu_x"] }, "(no error)"],
    [{ enum: "Enu", data: ["__org.qemu_4k"] }, "'data' member '__org.qemu_4k' has an invalid name"],
    [{ enum: "Enu", data: ["1_a"] }, "name of 'data' member '1_a' must not use uppercase or '_'"],
  ])("%j -> %s", (js, msg) => {
    expect(msgOf(js)).toBe(msg);
  });

  it("pragma member-name-exceptions permits upper case and '_'", () => {
    const info = rootInfo();
    info.pragma.memberNameExceptions.push("Enu");
    checkExprs([mk({ enum: "Enu", data: ["A_B", "c"] }, { info })]);
    expectSemError(
      () => checkExprs([mk({ enum: "Fnu", data: ["A_B"] }, { info })]),
      "test.json: In enum 'Fnu':\ntest.json:1: name of 'data' member 'A_B' must not use uppercase or '_'",
    );
  });
});

describe("implicit types (struct 'data', command/event 'data', union 'base')", () => {
  it.each([
    [{ struct: "Str", data: ["int"] }, "'data' should be an object or type name"],
    [{ struct: "Str", data: "T" }, "'data' should be an object or type name"],
    [{ struct: "Str", data: { "a!": "int" } }, "'data' member 'a!' has an invalid name"],
    [{ struct: "Str", data: { "*": "int" } }, "'data' member '*' has an invalid name"],
    [
      { struct: "Str", data: { aB: "int" } },
      "name of 'data' member 'aB' must not use uppercase or '_'",
    ],
    [
      { struct: "Str", data: { "*a_b": "int" } },
      "name of 'data' member '*a_b' must not use uppercase or '_'",
    ],
    [{ struct: "Str", data: { u: "int" } }, "'data' member 'u' uses reserved name"],
    [{ struct: "Str", data: { "*has-x": "int" } }, "'data' member '*has-x' uses reserved name"],
    [{ struct: "Str", data: { "has-": "int" } }, "'data' member 'has-' uses reserved name"],
    [{ struct: "Str", data: { hasx: "int", "x-u": "int", uu: "int" } }, "(no error)"],
    [{ struct: "Str", data: { a: {} } }, "'data' member 'a' misses key 'type'"],
    [
      { struct: "Str", data: { a: { type: "int", bogus: 1 === 1 } } },
      "'data' member 'a' has unknown key 'bogus'\nValid keys are 'features', 'if', 'type'.",
    ],
    [{ struct: "Str", data: { a: true } }, "'data' member 'a' should be a type name or array"],
    [
      { struct: "Str", data: { a: { type: { b: "int" } } } },
      "'data' member 'a' should be a type name or array",
    ],
    [
      { struct: "Str", data: { a: [] } },
      "'data' member 'a': array type must contain single type name",
    ],
    [
      { struct: "Str", data: { a: ["int", "str"] } },
      "'data' member 'a': array type must contain single type name",
    ],
    [
      { struct: "Str", data: { a: [["int"]] } },
      "'data' member 'a': array type must contain single type name",
    ],
    [{ struct: "Str", data: {}, base: ["B"] }, "'base' should be a type name"],
    [{ struct: "Str", data: {}, base: { a: "int" } }, "'base' should be a type name"],
    [{ command: "c", data: ["int"] }, "'data' should be an object or type name"],
    [{ command: "c", data: true }, "'data' should be an object or type name"],
    [
      { command: "c", data: { A: "int" } },
      "name of 'data' member 'A' must not use uppercase or '_'",
    ],
    [{ event: "E", data: { "*u": "int" } }, "'data' member '*u' uses reserved name"],
    [
      { union: "Uni", base: ["B"], discriminator: "d", data: {} },
      "'base' should be an object or type name",
    ],
    [{ union: "Uni", base: { "*d": "int" }, discriminator: "d", data: {} }, "(no error)"],
    [
      { union: "Uni", base: { Dd: "E" }, discriminator: "d", data: {} },
      "name of 'base' member 'Dd' must not use uppercase or '_'",
    ],
  ])("%j -> %s", (js, msg) => {
    expect(msgOf(js)).toBe(msg);
  });

  it("pragma member-name-exceptions applies to struct and union base members, not commands", () => {
    const info = rootInfo();
    info.pragma.memberNameExceptions.push("Str", "Uni", "c");
    checkExprs([
      mk({ struct: "Str", data: { A_b: "int" } }, { info }),
      mk({ union: "Uni", base: { D_x: "E" }, discriminator: "D_x", data: {} }, { info }),
    ]);
    expectSemError(
      () => checkExprs([mk({ command: "c", data: { A_b: "int" } }, { info })]),
      "test.json: In command 'c':\ntest.json:1: name of 'data' member 'A_b' must not use uppercase or '_'",
    );
  });
});

describe("check_union", () => {
  const u = (extra: Record<string, unknown>) =>
    msgOf({ union: "Uni", base: "B", discriminator: "d", data: {}, ...extra });
  it.each([
    [{ discriminator: ["d"] }, "'discriminator' requires a string name"],
    [{ discriminator: {} }, "'discriminator' requires a string name"],
    [{ data: [] }, "'data' must be an object"],
    [{ data: "X" }, "'data' must be an object"],
    [{ data: { a: {} } }, "'data' member 'a' misses key 'type'"],
    [
      { data: { a: { type: "A", features: [] } } },
      "'data' member 'a' has unknown key 'features'\nValid keys are 'if', 'type'.",
    ],
    [{ data: { a: ["A"] } }, "'data' member 'a' should be a type name"],
    [{ data: { a: { type: { b: "int" } } } }, "'data' member 'a' should be a type name"],
    [{ data: { A_b: "A" } }, "(no error)"],
    [{ base: true }, "'base' should be an object or type name"],
  ])("%j -> %s", (extra, msg) => {
    expect(u(extra)).toBe(msg);
  });
  it("checks the base before the discriminator", () => {
    expect(u({ base: [], discriminator: [] })).toBe("'base' should be an object or type name");
  });
});

describe("check_alternate", () => {
  it.each([
    [{ alternate: "Alt", data: {} }, "'data' must not be empty"],
    [{ alternate: "Alt", data: [] }, "'data' must not be empty"],
    [{ alternate: "Alt", data: "" }, "'data' must not be empty"],
    [{ alternate: "Alt", data: false }, "'data' must not be empty"],
    [{ alternate: "Alt", data: ["int"] }, "'data' must be an object"],
    [{ alternate: "Alt", data: true }, "'data' must be an object"],
    [
      { alternate: "Alt", data: { B: "int" } },
      "name of 'data' member 'B' must not use uppercase or '_'",
    ],
    [{ alternate: "Alt", data: { "*b": "int" } }, "'data' member '*b' has an invalid name"],
    [{ alternate: "Alt", data: { b: {} } }, "'data' member 'b' misses key 'type'"],
    [
      { alternate: "Alt", data: { b: { type: "int", features: [] } } },
      "'data' member 'b' has unknown key 'features'\nValid keys are 'if', 'type'.",
    ],
    [{ alternate: "Alt", data: { b: true } }, "'data' member 'b' should be a type name or array"],
    [
      { alternate: "Alt", data: { b: ["x", "y"] } },
      "'data' member 'b': array type must contain single type name",
    ],
    [{ alternate: "Alt", data: { b: ["int"], c: "str" } }, "(no error)"],
  ])("%j -> %s", (js, msg) => {
    expect(msgOf(js)).toBe(msg);
  });
});

describe("check_command / check_event", () => {
  it.each([
    [{ command: "c", boxed: true }, "'boxed': true requires 'data'"],
    [{ command: "c", boxed: "yes" }, "'boxed': true requires 'data'"],
    [{ command: "c", boxed: false }, "flag 'boxed' may only use true value"],
    [{ command: "c", boxed: true, data: { a: "int" } }, "'data' should be a type name"],
    [{ command: "c", boxed: true, data: ["A"] }, "'data' should be a type name"],
    [{ command: "c", boxed: true, data: "A" }, "(no error)"],
    [{ command: "c", returns: true }, "'returns' should be a type name or array"],
    [{ command: "c", returns: { a: "int" } }, "'returns' should be a type name or array"],
    [{ command: "c", returns: [] }, "'returns': array type must contain single type name"],
    [{ command: "c", returns: ["A"], data: "D" }, "(no error)"],
    [
      { command: "c", data: { a: "int" }, returns: ["x", "y"] },
      "'returns': array type must contain single type name",
    ],
    [{ event: "E", boxed: true }, "'boxed': true requires 'data'"],
    [{ event: "E", boxed: true, data: {} }, "'data' should be a type name"],
    [{ event: "E", data: ["A"] }, "'data' should be an object or type name"],
    [{ event: "E", data: "A" }, "(no error)"],
  ])("%j -> %s", (js, msg) => {
    expect(msgOf(js)).toBe(msg);
  });
});

describe("normalization", () => {
  it("normalizes members, features and enum values in place, keeping order", () => {
    const exprs = [
      mk({
        struct: "Str",
        data: { b: "int", "*a": { type: ["str"], if: "X", features: ["f"] }, "9": "any" },
        features: ["deprecated", { name: "x", if: { not: "Y" } }],
        if: "CONFIG_S",
      }),
      mk({ enum: "Enu", data: ["one", { name: "two", if: "T" }], features: ["unstable"] }),
      mk({ union: "Uni", base: { d: "E" }, discriminator: "d", data: { one: "S" } }),
      mk({ alternate: "Alt", data: { s: "str", n: ["int"] } }),
      mk({ command: "c", data: { x: "int" }, returns: ["S"] }),
      mk({ event: "EV", data: "S" }),
    ];
    // The digit-named member fails the name check, so drop it first.
    (exprs[0]!.expr.get("data") as Map<string, unknown>).delete("9");
    expect(checkExprs(exprs)).toBe(exprs);
    expect(exprs.map((e) => fromValue(e.expr))).toEqual([
      {
        struct: "Str",
        data: { b: { type: "int" }, "*a": { type: ["str"], if: "X", features: [{ name: "f" }] } },
        features: [{ name: "deprecated" }, { name: "x", if: { not: "Y" } }],
        if: "CONFIG_S",
      },
      {
        enum: "Enu",
        data: [{ name: "one" }, { name: "two", if: "T" }],
        features: [{ name: "unstable" }],
      },
      {
        union: "Uni",
        base: { d: { type: "E" } },
        discriminator: "d",
        data: { one: { type: "S" } },
      },
      { alternate: "Alt", data: { s: { type: "str" }, n: { type: ["int"] } } },
      { command: "c", data: { x: { type: "int" } }, returns: ["S"] },
      { event: "EV", data: "S" },
    ]);
    const data = exprs[0]!.expr.get("data") as Map<string, unknown>;
    expect([...data.keys()]).toEqual(["b", "*a"]);
  });

  it("keeps integer-like and special keys as plain data, in source order", () => {
    const exprs = [mk({ struct: "Str", data: {} })];
    const data = new Map<string, unknown>([
      ["z", "int"],
      ["constructor", "str"],
      ["__proto__", "int"],
    ]);
    exprs[0]!.expr.set("data", data as never);
    expect(() => checkExprs(exprs)).toThrow("'data' member '__proto__' has an invalid name");
    data.delete("__proto__");
    data.set("x-10", "int");
    checkExprs(exprs);
    expect([...data.entries()].map(([k, v]) => [k, fromValue(v)])).toEqual([
      ["z", { type: "int" }],
      ["constructor", { type: "str" }],
      ["x-10", { type: "int" }],
    ]);
    expect(msgOf({ struct: "Str", data: { "10": "int" } })).toBe(
      "'data' member '10' has an invalid name",
    );
  });

  it("normalizes as far as it got when a later definition fails", () => {
    const first = mk({ struct: "Str", data: { a: "int" } });
    const second = mk({ struct: "Tstr", data: { B: "int" } });
    expect(() => checkExprs([first, second])).toThrow();
    expect(fromValue(first.expr.get("data"))).toEqual({ a: { type: "int" } });
    expect(fromValue(second.expr.get("data"))).toEqual({ B: { type: "int" } });
  });
});
