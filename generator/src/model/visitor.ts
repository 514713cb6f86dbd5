// The visitor interface, the TypeScript shape of scripts/qapi/schema.py
// QAPISchemaVisitor.  Instead of QEMU's long positional argument lists each
// callback receives the checked entity itself; every method is optional.
//
// Order (QAPISchema.visit): visitBegin, then per module (./builtin first,
// then the root file, then included files in order of first inclusion)
// visitModule followed by that module's entities in definition order,
// filtered by visitNeeded; finally visitEnd.  Object types get
// visitObjectType and then visitObjectTypeFlat, as in QEMU.

import type {
  QAPISchemaAlternateType,
  QAPISchemaArrayType,
  QAPISchemaBuiltinType,
  QAPISchemaCommand,
  QAPISchemaEntity,
  QAPISchemaEnumType,
  QAPISchemaEvent,
  QAPISchemaInclude,
  QAPISchemaObjectType,
} from "./entities.js";
import type { QAPISchema, QAPISchemaModule } from "./schema.js";

export interface QAPISchemaVisitor {
  visitBegin?(schema: QAPISchema): void;
  visitEnd?(): void;
  visitModule?(name: string, module: QAPISchemaModule): void;
  /** Return false to skip an entity (default: visit everything). */
  visitNeeded?(entity: QAPISchemaEntity): boolean;
  visitInclude?(include: QAPISchemaInclude): void;
  visitBuiltinType?(type: QAPISchemaBuiltinType): void;
  visitEnumType?(type: QAPISchemaEnumType): void;
  visitArrayType?(type: QAPISchemaArrayType): void;
  /** Members are the type's local members (see type.localMembers, type.base). */
  visitObjectType?(type: QAPISchemaObjectType): void;
  /** Same object again, for visitors that want the flattened type.members. */
  visitObjectTypeFlat?(type: QAPISchemaObjectType): void;
  visitAlternateType?(type: QAPISchemaAlternateType): void;
  visitCommand?(command: QAPISchemaCommand): void;
  visitEvent?(event: QAPISchemaEvent): void;
}
