// The semantic model in one import: entities (a `kind`-tagged union),
// members and variants, conditions, the schema and its visitor.
// See schema.ts for how a schema is built and checked.

export { cName } from "./c-name.js";
export {
  assertNever,
  QAPISchemaAlternateType,
  QAPISchemaArrayType,
  QAPISchemaBuiltinType,
  QAPISchemaCommand,
  QAPISchemaEnumType,
  QAPISchemaEvent,
  QAPISchemaInclude,
  QAPISchemaObjectType,
  type JsonType,
  type QAPISchemaDefinition,
  type QAPISchemaEntity,
  type QAPISchemaEntityKind,
  type QAPISchemaType,
} from "./entities.js";
export { pyRepr, QAPISchemaIfCond, type IfCondExpr } from "./ifcond.js";
export {
  QAPISchemaAlternatives,
  QAPISchemaBranches,
  QAPISchemaEnumMember,
  QAPISchemaFeature,
  QAPISchemaMember,
  QAPISchemaObjectTypeMember,
  QAPISchemaVariant,
  type QAPISchemaVariants,
} from "./members.js";
export { QAPISchema, QAPISchemaModule, visitEntity, type SchemaOptions } from "./schema.js";
export type { QAPISchemaVisitor } from "./visitor.js";
