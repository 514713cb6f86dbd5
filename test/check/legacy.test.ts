// checkExprs(..., { legacy: true }): QEMU 7.2's check_type() rules and
// messages, which differ from 10.0's wherever a value has the wrong kind.

import { describe, expect, it } from "vitest";
import { checkExprs } from "../../generator/src/check/expr-check.js";
import { expectSemError, mk, rootInfo } from "./helpers.js";

function msgOf(js: Record<string, unknown>, legacy: boolean): string {
  try {
    checkExprs([mk(js)], { legacy });
  } catch (e) {
    return (e as { msg: string }).msg;
  }
  return "(no error)";
}

const OK = "(no error)";

describe("7.2 vs 10.0 type checks", () => {
  // [definition, 7.2 result, 10.0 result]
  const cases: [Record<string, unknown>, string, string][] = [
    // struct 'data'
    [{ struct: "Str", data: "T" }, OK, "'data' should be an object or type name"],
    [
      { struct: "Str", data: ["T"] },
      "'data' cannot be an array",
      "'data' should be an object or type name",
    ],
    [
      { struct: "Str", data: true },
      "'data' should be an object or type name",
      "'data' should be an object or type name",
    ],
    // struct 'base'
    [
      { struct: "Str", data: {}, base: ["B"] },
      "'base' cannot be an array",
      "'base' should be a type name",
    ],
    [
      { struct: "Str", data: {}, base: {} },
      "'base' should be a type name",
      "'base' should be a type name",
    ],
    // members of implicit types
    [
      { struct: "Str", data: { a: true } },
      "'data' member 'a' should be a type name",
      "'data' member 'a' should be a type name or array",
    ],
    [
      { struct: "Str", data: { a: { type: {} } } },
      "'data' member 'a' should be a type name",
      "'data' member 'a' should be a type name or array",
    ],
    [
      { struct: "Str", data: { a: ["x", "y"] } },
      "'data' member 'a': array type must contain single type name",
      "'data' member 'a': array type must contain single type name",
    ],
    [{ struct: "Str", data: { a: ["int"] } }, OK, OK],
    // union 'base'
    [
      { union: "Uni", base: ["B"], discriminator: "d", data: {} },
      "'base' cannot be an array",
      "'base' should be an object or type name",
    ],
    [
      { union: "Uni", base: true, discriminator: "d", data: {} },
      "'base' should be an object or type name",
      "'base' should be an object or type name",
    ],
    // union branches: 7.2 allowed arrays when the base was falsy
    [
      { union: "Uni", base: "B", discriminator: "d", data: { a: ["A"] } },
      "'data' member 'a' cannot be an array",
      "'data' member 'a' should be a type name",
    ],
    [
      { union: "Uni", base: {}, discriminator: "d", data: { a: ["A"] } },
      OK,
      "'data' member 'a' should be a type name",
    ],
    [
      { union: "Uni", base: "", discriminator: "d", data: { a: ["A", "B"] } },
      "'data' member 'a': array type must contain single type name",
      "'data' member 'a' should be a type name",
    ],
    [
      { union: "Uni", base: "B", discriminator: "d", data: { a: { type: {} } } },
      "'data' member 'a' should be a type name",
      "'data' member 'a' should be a type name",
    ],
    // alternate branches
    [
      { alternate: "Alt", data: { b: true } },
      "'data' member 'b' should be a type name",
      "'data' member 'b' should be a type name or array",
    ],
    [{ alternate: "Alt", data: { b: ["int"] } }, OK, OK],
    // command / event 'data'
    [
      { command: "c", data: ["A"] },
      "'data' cannot be an array",
      "'data' should be an object or type name",
    ],
    [
      { command: "c", data: false },
      "'data' should be an object or type name",
      "'data' should be an object or type name",
    ],
    [
      { command: "c", boxed: true, data: ["A"] },
      "'data' cannot be an array",
      "'data' should be a type name",
    ],
    [
      { command: "c", boxed: true, data: { a: "int" } },
      "'data' should be a type name",
      "'data' should be a type name",
    ],
    [
      { command: "c", boxed: true },
      "'boxed': true requires 'data'",
      "'boxed': true requires 'data'",
    ],
    [
      { event: "EV", data: ["A"] },
      "'data' cannot be an array",
      "'data' should be an object or type name",
    ],
    [
      { event: "EV", boxed: true, data: {} },
      "'data' should be a type name",
      "'data' should be a type name",
    ],
    // command 'returns'
    [
      { command: "c", returns: true },
      "'returns' should be a type name",
      "'returns' should be a type name or array",
    ],
    [
      { command: "c", returns: {} },
      "'returns' should be a type name",
      "'returns' should be a type name or array",
    ],
    [
      { command: "c", returns: [] },
      "'returns': array type must contain single type name",
      "'returns': array type must contain single type name",
    ],
  ];
  it.each(cases)("%j: 7.2 %s / 10.0 %s", (js, old, cur) => {
    expect(msgOf(structuredClone(js), true)).toBe(old);
    expect(msgOf(structuredClone(js), false)).toBe(cur);
  });
});

describe("rules shared by 7.2 and 10.0", () => {
  it.each([
    [{ struct: "Str", data: { u: "int" } }, "'data' member 'u' uses reserved name"],
    [{ command: "c", data: { "*has-a": "int" } }, "'data' member '*has-a' uses reserved name"],
    [{ struct: "FooList", data: {} }, "struct name should not end in 'List'"],
    [{ enum: "Enu", data: ["A"] }, "name of 'data' member 'A' must not use uppercase or '_'"],
    [
      { command: "c", "allow-oob": true, coroutine: true },
      "flags 'allow-oob' and 'coroutine' are incompatible",
    ],
    [{ struct: "Str", data: {}, if: { all: [] } }, "'if' condition [] of struct is useless"],
  ])("%j -> %s", (js, msg) => {
    expect(msgOf(js, true)).toBe(msg);
  });

  it("applies member-name-exceptions to struct data and union base", () => {
    const info = rootInfo();
    info.pragma.memberNameExceptions.push("Str", "Uni", "c");
    checkExprs(
      [
        mk({ struct: "Str", data: { A_b: "int" } }, { info }),
        mk({ union: "Uni", base: { D_x: "E" }, discriminator: "D_x", data: {} }, { info }),
      ],
      { legacy: true },
    );
    expectSemError(
      () => checkExprs([mk({ command: "c", data: { A_b: "int" } }, { info })], { legacy: true }),
      "test.json: In command 'c':\ntest.json:1: name of 'data' member 'A_b' must not use uppercase or '_'",
    );
  });
});
