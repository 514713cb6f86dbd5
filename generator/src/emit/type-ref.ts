// How a QAPI type is written as a TypeScript type in generated code: the one
// mapping every backend uses (types, validators, dispatch, events, client).
//
//   str -> string, bool -> boolean, number -> number, null -> null,
//   any -> JsonValue (a JSON value type, not TypeScript's `any`),
//   int, int8 ... uint64, size -> documented aliases from types/builtin.ts,
//   arrays -> T[], everything else -> the named declaration of its module.

import type { QAPISchemaType } from "../model/entities.js";
import type { GenContext } from "./backend.js";
import type { GeneratedFile, Printable } from "./printer.js";
import { INTEGER_BUILTINS, type DeclRef } from "./schema-names.js";
import type { SchemaNames } from "./schema-names.js";

const PRIMITIVES: Readonly<Record<string, string>> = {
  str: "string",
  bool: "boolean",
  number: "number",
  null: "null",
};

/** Imports `ref` (a declaration in some module's file of `kind`) into `f`. */
export function importDecl(
  f: GeneratedFile,
  ctx: GenContext,
  kind: string,
  ref: DeclRef,
  typeOnly: boolean,
): Printable {
  const path = ctx.modulePath(kind, ref.module);
  if (path === f.path) return ref.name;
  // "./" marks a path relative to the output root (the printer makes it
  // relative to the importing file).
  return f.import(ref.name, `./${path}`, { typeOnly });
}

/** The TypeScript type expression for a QAPI type, importing what it needs. */
export function typeRef(f: GeneratedFile, ctx: GenContext, names: SchemaNames, t: QAPISchemaType): Printable[] {
  switch (t.kind) {
    case "builtin": {
      const prim = PRIMITIVES[t.name];
      if (prim !== undefined) return [prim];
      if (t.name === "any") {
        return [importDecl(f, ctx, "types", { module: "builtin", name: "JsonValue" }, true)];
      }
      if (INTEGER_BUILTINS.has(t.name)) return [importDecl(f, ctx, "types", names.type(t), true)];
      throw new Error(`unmapped builtin type ${t.name}`);
    }
    case "array":
      return [...typeRef(f, ctx, names, t.elementType), "[]"];
    case "enum":
    case "object":
    case "alternate":
      return [importDecl(f, ctx, "types", names.type(t), true)];
  }
}
