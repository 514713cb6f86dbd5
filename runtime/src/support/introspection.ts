/**
 * The shape of `query-qmp-schema` entries (QEMU's qapi/introspect.json
 * SchemaInfo), for the generated introspection module.  Written by hand
 * because it is the same for every schema: introspection describes schemas,
 * it is not described by them.
 *
 * Dependency-free on purpose: generated code imports this file.
 */

export type SchemaMetaType = "builtin" | "enum" | "array" | "object" | "alternate" | "command" | "event";

interface SchemaInfoBase {
  /** Entity name; type names are masked as numbers unless generated with -u. */
  readonly name: string;
  readonly "meta-type": SchemaMetaType;
  readonly features?: readonly string[];
}

export interface SchemaInfoBuiltin extends SchemaInfoBase {
  readonly "meta-type": "builtin";
  readonly "json-type": "string" | "number" | "int" | "boolean" | "null" | "object" | "array" | "value";
}

export interface SchemaInfoEnumMember {
  readonly name: string;
  readonly features?: readonly string[];
}

export interface SchemaInfoEnum extends SchemaInfoBase {
  readonly "meta-type": "enum";
  readonly members: readonly SchemaInfoEnumMember[];
  /** Deprecated in QEMU in favour of `members`, still sent. */
  readonly values: readonly string[];
}

export interface SchemaInfoArray extends SchemaInfoBase {
  readonly "meta-type": "array";
  readonly "element-type": string;
}

export interface SchemaInfoObjectMember {
  readonly name: string;
  readonly type: string;
  /** Present (always null) when the member is optional. */
  readonly default?: null;
  readonly features?: readonly string[];
}

export interface SchemaInfoObjectVariant {
  readonly case: string;
  readonly type: string;
}

export interface SchemaInfoObject extends SchemaInfoBase {
  readonly "meta-type": "object";
  readonly members: readonly SchemaInfoObjectMember[];
  readonly tag?: string;
  readonly variants?: readonly SchemaInfoObjectVariant[];
}

export interface SchemaInfoAlternate extends SchemaInfoBase {
  readonly "meta-type": "alternate";
  readonly members: readonly { readonly type: string }[];
}

export interface SchemaInfoCommand extends SchemaInfoBase {
  readonly "meta-type": "command";
  readonly "arg-type": string;
  readonly "ret-type": string;
  readonly "allow-oob"?: boolean;
}

export interface SchemaInfoEvent extends SchemaInfoBase {
  readonly "meta-type": "event";
  readonly "arg-type": string;
}

export type SchemaInfo =
  | SchemaInfoBuiltin
  | SchemaInfoEnum
  | SchemaInfoArray
  | SchemaInfoObject
  | SchemaInfoAlternate
  | SchemaInfoCommand
  | SchemaInfoEvent;
