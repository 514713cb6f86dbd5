// Schema entities, mirroring scripts/qapi/schema.py's QAPISchemaEntity
// hierarchy.  Every concrete class carries a literal `kind`, and
// QAPISchemaEntity is the union of them, so backends can switch (e.kind)
// exhaustively and end with assertNever().
//
// The classes live in entity-base.ts (bases and includes), simple-types.ts
// (builtin, enum, array), object-types.ts (struct/union, alternate) and
// commands.ts (command, event); this module gathers them.

import type { QAPISchemaCommand, QAPISchemaEvent } from "./commands.js";
import type { QAPISchemaInclude } from "./entity-base.js";
import type { QAPISchemaAlternateType, QAPISchemaObjectType } from "./object-types.js";
import type { QAPISchemaArrayType, QAPISchemaBuiltinType, QAPISchemaEnumType } from "./simple-types.js";

export { QAPISchemaCommand, QAPISchemaEvent } from "./commands.js";
export { DefinitionBase, EntityBase, QAPISchemaInclude, TypeBase, type JsonType } from "./entity-base.js";
export { QAPISchemaAlternateType, QAPISchemaObjectType } from "./object-types.js";
export { QAPISchemaArrayType, QAPISchemaBuiltinType, QAPISchemaEnumType } from "./simple-types.js";

/** Any entity: a definition or an include directive. */
export type QAPISchemaEntity = QAPISchemaDefinition | QAPISchemaInclude;
/** Any named definition. */
export type QAPISchemaDefinition = QAPISchemaType | QAPISchemaCommand | QAPISchemaEvent;
/** Any type. */
export type QAPISchemaType =
  | QAPISchemaBuiltinType
  | QAPISchemaEnumType
  | QAPISchemaArrayType
  | QAPISchemaObjectType
  | QAPISchemaAlternateType;
export type QAPISchemaEntityKind = QAPISchemaEntity["kind"];

/** For exhaustive switches over `kind`. */
export function assertNever(x: never): never {
  throw new Error(`unexpected entity kind: ${JSON.stringify(x)}`);
}
