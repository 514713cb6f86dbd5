// Modules: which module each entity lands in, and module naming relative to
// the root file's directory (QAPISchema._module_name / set_module).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSchema } from "../../generator/src/compile.js";
import type { QAPISchema } from "../../generator/src/model/schema.js";
import { dumpSchema } from "../../generator/src/test-support/qemu-dump.js";

let dir: string;
let schema: QAPISchema;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "qapi-model-"));
  mkdirSync(join(dir, "sub"));
  writeFileSync(
    join(dir, "root.json"),
    "{ 'include': 'sub/a.json' }\n{ 'struct': 'Top', 'data': { 'a': ['Aaa'], 'n': ['int'] } }\n",
  );
  writeFileSync(join(dir, "sub/a.json"), "{ 'include': 'b.json' }\n{ 'struct': 'Aaa', 'data': { 'b': 'Bee' } }\n");
  writeFileSync(join(dir, "sub/b.json"), "{ 'enum': 'Bee', 'data': [ 'x' ] }\n{ 'command': 'c', 'data': { 'e': ['Bee'] } }\n");
  schema = compileSchema(join(dir, "root.json"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function names(moduleName: string): string[] {
  const mod = schema.modules.find((m) => m.name === moduleName);
  if (!mod) throw new Error(`no module ${moduleName}`);
  return mod.entities.map((e) => (e.kind === "include" ? `include ${e.subModule.name}` : e.name));
}

describe("modules", () => {
  it("are named relative to the root file's directory, in first-include order", () => {
    expect(schema.modules.map((m) => m.name)).toEqual(["./builtin", "root.json", "sub/a.json", "sub/b.json"]);
  });

  it("hold arrays in their element type's module, builtin arrays in ./builtin", () => {
    expect(names("root.json")).toEqual(["include sub/a.json", "Top"]);
    expect(names("sub/a.json")).toEqual(["include sub/b.json", "Aaa", "AaaList"]);
    expect(names("sub/b.json")).toEqual(["Bee", "BeeList", "q_obj_c-arg", "c"]);
    expect(names("./builtin")).toContain("intList");
    expect(schema.lookupType("AaaList")!.module.name).toBe("sub/a.json");
  });

  it("dumps like test-qapi.py", () => {
    expect(dumpSchema(schema).split("module root.json\n")[1]).toBe(
      [
        "include sub/a.json",
        "object Top",
        "    member a: AaaList optional=False",
        "    member n: intList optional=False",
        "module sub/a.json",
        "include sub/b.json",
        "object Aaa",
        "    member b: Bee optional=False",
        "array AaaList Aaa",
        "module sub/b.json",
        "enum Bee",
        "    member x",
        "array BeeList Bee",
        "object q_obj_c-arg",
        "    member e: BeeList optional=False",
        "command c q_obj_c-arg -> None",
        "    gen=True success_response=True boxed=False oob=False preconfig=False",
        "",
      ].join("\n"),
    );
  });

  it("reports a missing root file as QEMU does", () => {
    expect(() => compileSchema(join(dir, "nope.json"))).toThrow(
      `can't read schema file '${join(dir, "nope.json")}': No such file or directory`,
    );
  });
});
