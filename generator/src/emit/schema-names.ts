// Every TypeScript name generated code declares for a schema, settled once
// (architecture.md: "Decide names once").  Backends ask this table, never
// ts-names directly, so a type and its validator agree across files and two
// QAPI names that map to the same identifier ('foo-bar', 'FooBar') get
// distinct, deterministic names.
//
// Keys are the QAPI names; names are unique across the whole schema (not
// just per module) because index files re-export every module.

import type { QAPISchemaDefinition, QAPISchemaType } from "../model/entities.js";
import type { QAPISchema } from "../model/schema.js";
import { constName, functionName, NameTable, pascalCase, typeName } from "./ts-names.js";
import { moduleBaseName } from "./backend.js";

/** Runtime or index names generated code may declare at the top level. */
const RESERVED_TYPES = ["JsonValue", "Commands", "Events", "CommandHandlers", "QmpError"];

/** Builtins with an alias in types/builtin.ts (documenting their range). */
export const INTEGER_BUILTINS: ReadonlySet<string> = new Set([
  "int", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "size",
]);

/** Where a declaration lives: the module file base name and its identifier. */
export interface DeclRef {
  readonly module: string;
  readonly name: string;
}

export class SchemaNames {
  private readonly table = new NameTable();
  private readonly modules = new Map<string, string>();

  constructor(schema: QAPISchema) {
    for (const r of RESERVED_TYPES) this.table.reserve("type", r);
    for (const { module, entity } of schema.walk()) {
      if (entity.kind === "include" || entity.kind === "array") continue;
      this.modules.set(entity.name, moduleBaseName(module));
      switch (entity.kind) {
        case "builtin":
          // str, bool, number, null and any map to TypeScript's own types
          // (any to JsonValue); the integer types get documented aliases.
          if (INTEGER_BUILTINS.has(entity.name)) this.table.addType(entity.name, entity.name);
          break;
        case "enum":
        case "object":
        case "alternate":
          this.table.addType(entity.name, entity.name);
          this.table.add("value", `validate:${entity.name}`, functionName("validate", entity.name));
          if (entity.kind === "enum") {
            this.table.add("value", `values:${entity.name}`, `${typeName(entity.name).replace(/\$$/u, "")}Values`);
          }
          break;
        case "command":
          break;
        case "event":
          this.table.add("value", `event:${entity.name}`, constName(entity.name));
          this.table.add("value", `emit:${entity.name}`, `emit${pascalCase(entity.name.toLowerCase())}`);
          break;
      }
    }
    this.table.assign();
  }

  /** The module file (base name) a definition is generated into. */
  moduleOf(defn: QAPISchemaDefinition): string {
    const m = this.modules.get(defn.name);
    if (m === undefined) throw new Error(`no module for ${defn.name}`);
    return m;
  }

  /** The TypeScript type declared for a (non-array) QAPI type. */
  type(t: QAPISchemaType): DeclRef {
    return { module: this.moduleOf(t), name: this.table.get("type", t.name) };
  }

  /** The validator function for a (non-array) QAPI type. */
  validator(t: QAPISchemaType): DeclRef {
    return { module: this.moduleOf(t), name: this.table.get("value", `validate:${t.name}`) };
  }

  /** The frozen array of an enum's values. */
  enumValues(t: QAPISchemaType): DeclRef {
    return { module: this.moduleOf(t), name: this.table.get("value", `values:${t.name}`) };
  }

  /** The typed emitter function of an event. */
  emitter(name: string): DeclRef {
    return { module: this.modules.get(name) ?? "", name: this.table.get("value", `emit:${name}`) };
  }

  /** The event name constant. */
  event(name: string): DeclRef {
    return { module: this.modules.get(name) ?? "", name: this.table.get("value", `event:${name}`) };
  }
}

const cache = new WeakMap<QAPISchema, SchemaNames>();

/** The (cached) name table of a schema. */
export function schemaNames(schema: QAPISchema): SchemaNames {
  let names = cache.get(schema);
  if (!names) {
    names = new SchemaNames(schema);
    cache.set(schema, names);
  }
  return names;
}
