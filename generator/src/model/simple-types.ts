// Builtin, enum and array types, mirroring scripts/qapi/schema.py's
// QAPISchemaBuiltinType, QAPISchemaEnumType and QAPISchemaArrayType.

import type { QAPIDoc } from "../doc/qapidoc.js";
import type { QAPISourceInfo } from "../source.js";
import { TypeBase, type JsonType } from "./entity-base.js";
import type { QAPISchemaType } from "./entities.js";
import type { QAPISchemaIfCond } from "./ifcond.js";
import {
  checkedValue,
  type ClashScope,
  type ModelDoc,
  type QAPISchemaEnumMember,
  type QAPISchemaFeature,
} from "./members.js";
import type { QAPISchema } from "./schema.js";

/** QEMU QAPISchemaBuiltinType: str, int, ..., any, null. */
export class QAPISchemaBuiltinType extends TypeBase {
  declare readonly kind: "builtin";
  declare readonly meta: "built-in";
  private declare readonly jsonTypeName: JsonType;
  /** The C type QEMU uses (kept for reference; POINTER_SUFFIX written as ' *'). */
  declare readonly cTypeName: string;

  constructor(name: string, jsonType: JsonType, cType: string) {
    super(name, null, null);
    this.kind = "builtin";
    this.meta = "built-in";
    this.jsonTypeName = jsonType;
    this.cTypeName = cType;
  }

  override cName(): string {
    return this.name;
  }

  jsonType(): JsonType {
    return this.jsonTypeName;
  }

  override docType(): string {
    return this.jsonType();
  }
}

/** QEMU QAPISchemaEnumType. */
export class QAPISchemaEnumType extends TypeBase {
  declare readonly kind: "enum";
  declare readonly meta: "enum";
  declare readonly members: readonly QAPISchemaEnumMember[];
  declare readonly prefix: string | null;

  constructor(
    name: string,
    info: QAPISourceInfo | null,
    doc: QAPIDoc | null,
    ifcond: QAPISchemaIfCond | null,
    features: QAPISchemaFeature[],
    members: QAPISchemaEnumMember[],
    prefix: string | null,
  ) {
    super(name, info, doc, ifcond, features);
    for (const m of members) m.setDefinedIn(name);
    this.kind = "enum";
    this.meta = "enum";
    this.members = members;
    this.prefix = prefix;
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    const seen: ClashScope = new Map();
    for (const m of this.members) m.checkClash(this.info, seen);
  }

  override connectDoc(doc?: ModelDoc | null): void {
    super.connectDoc(doc);
    const d = doc ?? (this.doc as ModelDoc | null);
    for (const m of this.members) m.connectDoc(d);
  }

  /** QType is the only implicit enum (see QAPISchema.defPredefineds). */
  override isImplicit(): boolean {
    return this.name === "QType";
  }

  memberNames(): string[] {
    return this.members.map((m) => m.name);
  }

  jsonType(): JsonType {
    return "string";
  }
}

/** QEMU QAPISchemaArrayType: 'FooList', always implicit. */
export class QAPISchemaArrayType extends TypeBase {
  declare readonly kind: "array";
  declare readonly meta: "array";
  declare readonly elementTypeName: string;
  private declare resolvedElementType: QAPISchemaType | undefined;

  constructor(name: string, info: QAPISourceInfo | null, elementType: string) {
    super(name, info, null);
    this.kind = "array";
    this.meta = "array";
    this.elementTypeName = elementType;
    this.resolvedElementType = undefined;
  }

  /** The element type (resolved by check()). */
  get elementType(): QAPISchemaType {
    return checkedValue(this.resolvedElementType, `element type of ${this.name}`);
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    this.resolvedElementType = schema.resolveType(this.elementTypeName, this.info, this.info ? this.info.defnMeta : null);
  }

  /** Arrays live in their element type's module. */
  override setModule(schema: QAPISchema): void {
    this.setModuleFrom(schema, this.elementType.info);
  }

  /** An array exists exactly when its element type does. */
  override get ifcond(): QAPISchemaIfCond {
    return this.elementType.ifcond;
  }

  override isImplicit(): boolean {
    return true;
  }

  jsonType(): JsonType {
    return "array";
  }

  override docType(): string | null {
    const elt = this.elementType.docType();
    return elt ? "array of " + elt : null;
  }

  override describe(): string {
    return `${this.meta} type ['${this.elementTypeName}']`;
  }
}
