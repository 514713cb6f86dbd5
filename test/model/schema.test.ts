import { describe, expect, it } from "vitest";
import { assertNever, type QAPISchemaEntity } from "../../generator/src/model/entities.js";
import { errorOf, members, schemaOf, type Def } from "./helpers.js";

function kinds(entities: readonly QAPISchemaEntity[]): string[] {
  return entities.map((e) => {
    switch (e.kind) {
      case "include":
        return `include ${e.subModule.name}`;
      case "builtin":
      case "enum":
      case "array":
      case "object":
      case "alternate":
      case "command":
      case "event":
        return `${e.kind} ${e.name}`;
      default:
        return assertNever(e);
    }
  });
}

describe("QAPISchema construction", () => {
  const schema = schemaOf([
    { enum: "Color", data: [{ name: "red" }, { name: "green", if: "HAVE_GREEN" }] },
    { struct: "Base", data: { kind: { type: "Color" }, "*note": { type: "str" } } },
    { struct: "Red", data: members({ r: "int" }) },
    { union: "Paint", base: "Base", discriminator: "kind", data: { red: { type: "Red" } } },
    { command: "paint", data: members({ p: "Paint", l: ["int"] }), returns: ["Red"] },
    { event: "PAINTED", data: members({ c: "Color" }) },
  ]);

  it("defines predefined types first, then definitions with their implicit types", () => {
    const mod = schema.modules.find((m) => m.name === "test.json")!;
    expect(kinds(mod.entities)).toEqual([
      "enum Color",
      "object Base",
      "object Red",
      "object Paint",
      "object q_obj_paint-arg",
      "array RedList",
      "command paint",
      "object q_obj_PAINTED-arg",
      "event PAINTED",
    ]);
    expect(schema.modules.map((m) => m.name)).toEqual(["./builtin", "test.json"]);
    expect(kinds(schema.modules[0]!.entities).slice(-3)).toEqual(["array nullList", "object q_empty", "enum QType"]);
  });

  it("resolves types and flattens members", () => {
    const paint = schema.lookupType("Paint")!;
    expect(paint.kind).toBe("object");
    if (paint.kind !== "object") return;
    expect(paint.meta).toBe("union");
    expect(paint.base?.name).toBe("Base");
    expect(paint.members.map((m) => `${m.name}:${m.type.name}:${m.optional}`)).toEqual([
      "kind:Color:false",
      "note:str:true",
    ]);
    // 'green' is not listed, so it gets an empty branch with green's condition
    expect(paint.branches!.variants.map((v) => `${v.name}:${v.type.name}:${v.ifcond.cgen()}`)).toEqual([
      "red:Red:",
      "green:q_empty:defined(HAVE_GREEN)",
    ]);
    expect(paint.branches!.tagMember.name).toBe("kind");
  });

  it("links commands to implicit argument types and array return types", () => {
    const cmd = schema.lookupEntity("paint")!;
    expect(cmd.kind).toBe("command");
    if (cmd.kind !== "command") return;
    expect(cmd.argType!.name).toBe("q_obj_paint-arg");
    expect(cmd.argType!.isImplicit()).toBe(true);
    expect(cmd.argType!.members.map((m) => m.type.name)).toEqual(["Paint", "intList"]);
    expect(cmd.retType!.kind).toBe("array");
    expect(schema.lookupType("paint")).toBeUndefined();
    expect(schema.lookupType("RedList")!.docType()).toBe("array of Red");
    expect(schema.lookupType("intList")!.docType()).toBe("array of int");
  });

  it("records features, special ones first", () => {
    const s = schemaOf([{ struct: "S", data: {}, features: [{ name: "feat" }] }]);
    expect(s.features().map((f) => f.name)).toEqual(["deprecated", "unstable", "feat"]);
  });

  it("visits modules and entities in QEMU's order", () => {
    const seen: string[] = [];
    schema.visit({
      visitModule: (name) => seen.push(`module ${name}`),
      visitNeeded: (e) => e.kind !== "builtin" && e.kind !== "array",
      visitObjectType: (t) => seen.push(`object ${t.name}`),
      visitObjectTypeFlat: (t) => seen.push(`flat ${t.name}`),
      visitEnumType: (t) => seen.push(`enum ${t.name}`),
      visitCommand: (c) => seen.push(`command ${c.name}`),
      visitEvent: (e) => seen.push(`event ${e.name}`),
    });
    expect(seen.slice(0, 6)).toEqual([
      "module ./builtin",
      "object q_empty",
      "flat q_empty",
      "enum QType",
      "module test.json",
      "enum Color",
    ]);
    expect(seen.at(-1)).toBe("event PAINTED");
  });
});

describe("QAPISchema errors (QEMU's wording)", () => {
  it("reports duplicate definitions with the previous location", () => {
    expect(errorOf([{ enum: "E", data: [] }, { struct: "E", data: {} }])).toBe(
      "test.json: In struct 'E':\ntest.json:2: 'E' is already defined\ntest.json: In enum 'E':\ntest.json:1: previous definition",
    );
    expect(errorOf([{ struct: "int", data: {} }])).toBe(
      "test.json: In struct 'int':\ntest.json:1: built-in type 'int' is already defined",
    );
  });

  it("detects recursive structs", () => {
    expect(errorOf([{ struct: "A", data: members({ a: "A" }) }, { struct: "B", base: "B", data: {} }])).toBe(
      "test.json: In struct 'B':\ntest.json:2: object B contains itself",
    );
  });

  it("describes clashing members with their owners", () => {
    expect(
      errorOf([
        { struct: "Base", data: members({ "a-b": "int" }) },
        { struct: "Sub", base: "Base", data: members({ a_b: "str" }) },
      ]),
    ).toBe("test.json: In struct 'Sub':\ntest.json:2: member 'a_b' collides with member 'a-b' of type 'Base'");
    expect(errorOf([{ command: "c", data: members({ a: "NoSuch" }) }])).toBe(
      "test.json: In command 'c':\ntest.json:1: parameter 'a' uses unknown type 'NoSuch'",
    );
  });

  it("rejects conditional arguments without boxed in 10.0 but not in legacy mode", () => {
    const defs = [{ command: "c", data: { a: { type: "int", if: "X" } } }];
    expect(errorOf(defs)).toBe(
      "test.json: In command 'c':\ntest.json:1: conditional command arguments require 'boxed': true",
    );
    expect(schemaOf(defs, true).lookupEntity("c")!.kind).toBe("command");
  });

  it("uses 7.2's describe() wording in legacy mode", () => {
    const defs = [{ command: "c", data: members({ a: "NoSuch" }) }];
    expect(errorOf(defs, true)).toBe("test.json: In command 'c':\ntest.json:1: parameter 'a' uses unknown type 'NoSuch'");
    // A member of another definition's implicit type: 10.0 names the owner
    const base: Def[] = [
      { enum: "E", data: [{ name: "a" }] },
      { union: "U", base: members({ t: "E", "a-b": "int" }), discriminator: "t", data: { a: { type: "S" } } },
      { struct: "S", data: members({ a_b: "int" }) },
    ];
    expect(errorOf(base)).toBe(
      "test.json: In union 'U':\ntest.json:2: member 'a_b' of type 'S' collides with base member 'a-b'",
    );
  });

  it("allows unions as union branches only in 10.0", () => {
    const defs: Def[] = [
      { enum: "E", data: [{ name: "a" }] },
      { struct: "B", data: members({ t: "E" }) },
      { struct: "B2", data: members({ u: "E" }) },
      { union: "Inner", base: "B2", discriminator: "u", data: {} },
      { union: "Outer", base: "B", discriminator: "t", data: { a: { type: "Inner" } } },
    ];
    expect(schemaOf(defs).lookupType("Outer")!.kind).toBe("object");
    expect(errorOf(defs, true)).toBe(
      "test.json: In union 'Outer':\ntest.json:5: branch 'a' cannot use union type 'Inner'",
    );
  });

  it("gives QType QEMU 7.2's prefix in legacy mode", () => {
    const qtype = (legacy: boolean) => {
      const t = schemaOf([], legacy).lookupType("QType")!;
      return t.kind === "enum" ? t.prefix : "?";
    };
    expect(qtype(false)).toBeNull();
    expect(qtype(true)).toBe("QTYPE");
  });
});
