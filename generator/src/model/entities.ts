// Schema entities, mirroring scripts/qapi/schema.py's QAPISchemaEntity
// hierarchy.  Every concrete class carries a literal `kind`, and
// QAPISchemaEntity is the union of them, so backends can switch (e.kind)
// exhaustively.
//
// check() keeps QEMU's algorithm: object types fill `members` lazily and
// detect recursion with `checked`/`checkComplete`, because the order in which
// types get checked decides which error QEMU reports first.

import { QAPISemError } from "../error.js";
import type { QAPIDoc } from "../doc/qapidoc.js";
import type { QAPISourceInfo } from "../source.js";
import { cName } from "./c-name.js";
import { QAPISchemaIfCond } from "./ifcond.js";
import { checkedValue, checkFeatureClashes } from "./members.js";
import type {
  ClashScope,
  ModelDoc,
  QAPISchemaAlternatives,
  QAPISchemaBranches,
  QAPISchemaEnumMember,
  QAPISchemaFeature,
  QAPISchemaObjectTypeMember,
} from "./members.js";
import type { QAPISchema, QAPISchemaModule } from "./schema.js";

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

/** QEMU QAPISchemaEntity: what definitions and directives share. */
export abstract class EntityBase {
  abstract readonly kind: QAPISchemaEntityKind;
  /**
   * Definitions: where defined.  Implicit entities: a place that caused
   * them.  Builtins (and their arrays): null.
   */
  readonly info: QAPISourceInfo | null;
  private ownModule: QAPISchemaModule | null = null;
  protected checked = false;

  constructor(info: QAPISourceInfo | null) {
    this.info = info;
  }

  /** The module the entity is generated into (assigned after check). */
  get module(): QAPISchemaModule {
    return checkedValue(this.ownModule ?? undefined, "module");
  }

  check(_schema: QAPISchema): void {
    this.checked = true;
  }

  connectDoc(_doc?: ModelDoc | null): void {}

  protected setModuleFrom(schema: QAPISchema, info: QAPISourceInfo | null): void {
    this.ownModule = schema.moduleByFname(info ? info.fname : null);
    this.ownModule.addEntity(this as unknown as QAPISchemaEntity);
  }

  setModule(schema: QAPISchema): void {
    this.setModuleFrom(schema, this.info);
  }
}

/** QEMU QAPISchemaInclude: an include directive, kept for module structure. */
export class QAPISchemaInclude extends EntityBase {
  readonly kind = "include" as const;
  readonly subModule: QAPISchemaModule;

  constructor(subModule: QAPISchemaModule, info: QAPISourceInfo) {
    super(info);
    this.subModule = subModule;
  }
}

/** QEMU QAPISchemaDefinition: a named entity with doc, condition and features. */
export abstract class DefinitionBase extends EntityBase {
  abstract readonly meta: string;
  readonly name: string;
  readonly doc: QAPIDoc | null;
  protected readonly ownIfcond: QAPISchemaIfCond;
  readonly features: readonly QAPISchemaFeature[];

  constructor(
    name: string,
    info: QAPISourceInfo | null,
    doc: QAPIDoc | null,
    ifcond?: QAPISchemaIfCond | null,
    features: QAPISchemaFeature[] = [],
  ) {
    super(info);
    for (const f of features) f.setDefinedIn(name);
    this.name = name;
    this.doc = doc;
    this.ownIfcond = ifcond ?? QAPISchemaIfCond.NONE;
    this.features = features;
  }

  cName(): string {
    return cName(this.name);
  }

  override check(schema: QAPISchema): void {
    if (this.checked) throw new Error(`${this.name} checked twice`);
    super.check(schema);
    checkFeatureClashes(this.info, this.features);
  }

  override connectDoc(doc?: ModelDoc | null): void {
    const d = doc ?? (this.doc as ModelDoc | null);
    if (d) for (const f of this.features) d.connectFeature(f);
  }

  get ifcond(): QAPISchemaIfCond {
    return this.ownIfcond;
  }

  isImplicit(): boolean {
    return !this.info;
  }

  describe(): string {
    return `${this.meta} '${this.name}'`;
  }
}

// alternate_qtype(): which QType a value of the type arrives as
const JSON_TO_QTYPE: Record<string, string> = {
  null: "QTYPE_QNULL",
  string: "QTYPE_QSTRING",
  number: "QTYPE_QNUM",
  int: "QTYPE_QNUM",
  boolean: "QTYPE_QBOOL",
  array: "QTYPE_QLIST",
  object: "QTYPE_QDICT",
};

export type JsonType = "string" | "number" | "int" | "boolean" | "null" | "value" | "array" | "object";

/** QEMU QAPISchemaType. */
export abstract class TypeBase extends DefinitionBase {
  /** The JSON type of values: string, number, int, boolean, null, value, array, object. */
  abstract jsonType(): JsonType;

  alternateQtype(): string | null {
    return JSON_TO_QTYPE[this.jsonType()] ?? null;
  }

  /** The type's name in generated documentation, or null if it has none. */
  docType(): string | null {
    return this.isImplicit() ? null : this.name;
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    for (const feat of this.features) {
      if (feat.isSpecial()) {
        throw new QAPISemError(this.info, `feature '${feat.name}' is not supported for types`);
      }
    }
  }

  override describe(): string {
    return `${this.meta} type '${this.name}'`;
  }
}

/** QEMU QAPISchemaBuiltinType: str, int, ..., any, null. */
export class QAPISchemaBuiltinType extends TypeBase {
  readonly kind = "builtin" as const;
  readonly meta = "built-in";
  private readonly jsonTypeName: JsonType;
  /** The C type QEMU uses (kept for reference; POINTER_SUFFIX written as ' *'). */
  readonly cTypeName: string;

  constructor(name: string, jsonType: JsonType, cType: string) {
    super(name, null, null);
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
  readonly kind = "enum" as const;
  readonly meta = "enum";
  readonly members: readonly QAPISchemaEnumMember[];
  readonly prefix: string | null;

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
  readonly kind = "array" as const;
  readonly meta = "array";
  readonly elementTypeName: string;
  private resolvedElementType: QAPISchemaType | undefined;

  constructor(name: string, info: QAPISourceInfo | null, elementType: string) {
    super(name, info, null);
    this.elementTypeName = elementType;
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

/** QEMU QAPISchemaObjectType: a struct, a union, or an implicit object. */
export class QAPISchemaObjectType extends TypeBase {
  readonly kind = "object" as const;
  readonly meta: "struct" | "union";
  readonly baseName: string | null;
  private resolvedBase: QAPISchemaObjectType | null = null;
  readonly localMembers: readonly QAPISchemaObjectTypeMember[];
  readonly branches: QAPISchemaBranches | null;
  private allMembers: readonly QAPISchemaObjectTypeMember[] | undefined;
  private checkComplete = false;

  constructor(
    name: string,
    info: QAPISourceInfo | null,
    doc: QAPIDoc | null,
    ifcond: QAPISchemaIfCond | null,
    features: QAPISchemaFeature[],
    base: string | null,
    localMembers: QAPISchemaObjectTypeMember[],
    branches: QAPISchemaBranches | null,
  ) {
    super(name, info, doc, ifcond, features);
    this.meta = branches ? "union" : "struct";
    for (const m of localMembers) m.setDefinedIn(name);
    if (branches) branches.setDefinedIn(name);
    this.baseName = base;
    this.localMembers = localMembers;
    this.branches = branches;
  }

  /** The base type, resolved by check(); null when there is none. */
  get base(): QAPISchemaObjectType | null {
    return this.resolvedBase;
  }

  /** All members: the base's, then local ones (not the branches'); set by check(). */
  get members(): readonly QAPISchemaObjectTypeMember[] {
    return checkedValue(this.allMembers, `members of ${this.name}`);
  }

  // A type T's check() runs from here exactly when the C struct QEMU would
  // emit for this type embeds T's struct, so re-entry means "contains itself".
  override check(schema: QAPISchema): void {
    if (this.checkComplete) return;
    if (this.checked) {
      throw new QAPISemError(this.info, `object ${this.name} contains itself`);
    }
    super.check(schema);
    const seen: ClashScope = new Map();
    if (this.baseName) {
      const base = schema.resolveType(this.baseName, this.info, "'base'");
      if (base.kind !== "object" || base.branches) {
        throw new QAPISemError(this.info, `'base' requires a struct type, ${base.describe()} isn't`);
      }
      this.resolvedBase = base;
      base.check(schema);
      base.checkClash(this.info, seen);
    }
    for (const m of this.localMembers) {
      m.check(schema);
      m.checkClash(this.info, seen);
    }
    const members = [...seen.values()] as QAPISchemaObjectTypeMember[];
    if (this.branches) {
      this.branches.check(schema, seen);
      this.branches.checkClash(this.info, seen);
    }
    this.allMembers = members;
    this.checkComplete = true;
  }

  /** Add this type's members to `seen`, reporting clashes on behalf of `info`. */
  checkClash(info: QAPISourceInfo | null, seen: ClashScope): void {
    for (const m of this.members) m.checkClash(info, seen);
    if (this.branches) this.branches.checkClash(info, seen);
  }

  override connectDoc(doc?: ModelDoc | null): void {
    super.connectDoc(doc);
    const d = doc ?? (this.doc as ModelDoc | null);
    if (this.base && this.base.isImplicit()) this.base.connectDoc(d);
    for (const m of this.localMembers) m.connectDoc(d);
  }

  /** Implicit objects: q_empty and the q_obj_* argument/base types. */
  override isImplicit(): boolean {
    return this.name.startsWith("q_");
  }

  isEmpty(): boolean {
    return this.members.length === 0 && !this.branches;
  }

  hasConditionalMembers(): boolean {
    return this.members.some((m) => m.ifcond.isPresent());
  }

  jsonType(): JsonType {
    return "object";
  }
}

/** QEMU QAPISchemaAlternateType. */
export class QAPISchemaAlternateType extends TypeBase {
  readonly kind = "alternate" as const;
  readonly meta = "alternate";
  readonly alternatives: QAPISchemaAlternatives;

  constructor(
    name: string,
    info: QAPISourceInfo,
    doc: QAPIDoc | null,
    ifcond: QAPISchemaIfCond | null,
    features: QAPISchemaFeature[],
    alternatives: QAPISchemaAlternatives,
  ) {
    super(name, info, doc, ifcond, features);
    alternatives.setDefinedIn(name);
    alternatives.tagMember.setDefinedIn(name);
    this.alternatives = alternatives;
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    this.alternatives.tagMember.check(schema);
    this.alternatives.check(schema, new Map());
    // Alternative names are unrelated to the tag's values, so clashes
    // between them are checked here.
    const seen: ClashScope = new Map();
    const typesSeen = new Map<string, string>();
    for (const v of this.alternatives.variants) {
      v.checkClash(this.info, seen);
      const qtype = v.type.alternateQtype();
      if (!qtype) {
        throw new QAPISemError(this.info, `${v.describe(this.info)} cannot use ${v.type.describe()}`);
      }
      for (const qt of conflictingQtypes(v.type, qtype)) {
        const other = typesSeen.get(qt);
        if (other !== undefined) {
          throw new QAPISemError(this.info, `${v.describe(this.info)} can't be distinguished from '${other}'`);
        }
        typesSeen.set(qt, v.name);
      }
    }
  }

  override connectDoc(doc?: ModelDoc | null): void {
    super.connectDoc(doc);
    const d = doc ?? (this.doc as ModelDoc | null);
    for (const v of this.alternatives.variants) v.connectDoc(d);
  }

  jsonType(): JsonType {
    return "value";
  }
}

// The QTypes a value of `type` could be parsed as: a string alternative
// also claims numbers and booleans (keyval input), unless it is an enum
// whose values can't look like them.  QEMU iterates a Python set here;
// we keep insertion order, which only matters when two conflicts exist.
function conflictingQtypes(type: QAPISchemaType, qtype: string): string[] {
  const conflicting = [qtype];
  const add = (qt: string) => {
    if (!conflicting.includes(qt)) conflicting.push(qt);
  };
  if (qtype === "QTYPE_QSTRING") {
    if (type.kind === "enum") {
      for (const m of type.members) {
        if (m.name === "on" || m.name === "off") add("QTYPE_QBOOL");
        if (/^[-+0-9.]/.test(m.name)) add("QTYPE_QNUM");
      }
    } else {
      add("QTYPE_QNUM");
      add("QTYPE_QBOOL");
    }
  }
  return conflicting;
}

/** QEMU QAPISchemaCommand. */
export class QAPISchemaCommand extends DefinitionBase {
  readonly kind = "command" as const;
  readonly meta = "command";
  readonly argTypeName: string | null;
  private resolvedArgType: QAPISchemaObjectType | null = null;
  readonly retTypeName: string | null;
  private resolvedRetType: QAPISchemaType | null = null;
  readonly gen: boolean;
  readonly successResponse: boolean;
  readonly boxed: boolean;
  readonly allowOob: boolean;
  readonly allowPreconfig: boolean;
  readonly coroutine: boolean;
  private readonly legacy: boolean;

  constructor(
    name: string,
    info: QAPISourceInfo,
    doc: QAPIDoc | null,
    ifcond: QAPISchemaIfCond,
    features: QAPISchemaFeature[],
    argType: string | null,
    retType: string | null,
    flags: {
      gen: boolean;
      successResponse: boolean;
      boxed: boolean;
      allowOob: boolean;
      allowPreconfig: boolean;
      coroutine: boolean;
    },
    legacy = false,
  ) {
    super(name, info, doc, ifcond, features);
    this.argTypeName = argType;
    this.retTypeName = retType;
    this.gen = flags.gen;
    this.successResponse = flags.successResponse;
    this.boxed = flags.boxed;
    this.allowOob = flags.allowOob;
    this.allowPreconfig = flags.allowPreconfig;
    this.coroutine = flags.coroutine;
    this.legacy = legacy;
  }

  /** The arguments' type (often an implicit q_obj_*-arg), resolved by check(). */
  get argType(): QAPISchemaObjectType | null {
    return this.resolvedArgType;
  }

  /** The return type, resolved by check(); null when the command returns nothing. */
  get retType(): QAPISchemaType | null {
    return this.resolvedRetType;
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    if (this.argTypeName) {
      this.resolvedArgType = checkArgType(schema, this, "command", this.boxed, this.legacy);
    }
    if (this.retTypeName) {
      const retType = schema.resolveType(this.retTypeName, this.info, "command's 'returns'");
      this.resolvedRetType = retType;
      if (!this.info!.pragma.commandReturnsExceptions.includes(this.name)) {
        const typ = retType.kind === "array" ? retType.elementType : retType;
        if (typ.kind !== "object") {
          throw new QAPISemError(this.info, `command's 'returns' cannot take ${retType.describe()}`);
        }
      }
    }
  }

  override connectDoc(doc?: ModelDoc | null): void {
    super.connectDoc(doc);
    const d = doc ?? (this.doc as ModelDoc | null);
    if (d && this.argType && this.argType.isImplicit()) this.argType.connectDoc(d);
  }
}

// Shared by commands and events: resolve and vet 'data'.
function checkArgType(
  schema: QAPISchema,
  defn: QAPISchemaCommand | QAPISchemaEvent,
  what: "command" | "event",
  boxed: boolean,
  legacy: boolean,
): QAPISchemaObjectType {
  const argType = schema.resolveType(defn.argTypeName!, defn.info, `${what}'s 'data'`);
  if (argType.kind !== "object") {
    throw new QAPISemError(defn.info, `${what}'s 'data' cannot take ${argType.describe()}`);
  }
  if (argType.branches && !boxed) {
    throw new QAPISemError(defn.info, `${what}'s 'data' can take ${argType.describe()} only with 'boxed': true`);
  }
  if (!legacy) {
    // QEMU 7.2 had neither this check nor the eager check() before it
    argType.check(schema);
    if (argType.hasConditionalMembers() && !boxed) {
      throw new QAPISemError(defn.info, `conditional ${what} arguments require 'boxed': true`);
    }
  }
  return argType;
}

/** QEMU QAPISchemaEvent. */
export class QAPISchemaEvent extends DefinitionBase {
  readonly kind = "event" as const;
  readonly meta = "event";
  readonly argTypeName: string | null;
  private resolvedArgType: QAPISchemaObjectType | null = null;
  readonly boxed: boolean;
  private readonly legacy: boolean;

  constructor(
    name: string,
    info: QAPISourceInfo,
    doc: QAPIDoc | null,
    ifcond: QAPISchemaIfCond,
    features: QAPISchemaFeature[],
    argType: string | null,
    boxed: boolean,
    legacy = false,
  ) {
    super(name, info, doc, ifcond, features);
    this.argTypeName = argType;
    this.boxed = boxed;
    this.legacy = legacy;
  }

  /** The payload's type (often an implicit q_obj_*-arg), resolved by check(). */
  get argType(): QAPISchemaObjectType | null {
    return this.resolvedArgType;
  }

  override check(schema: QAPISchema): void {
    super.check(schema);
    if (this.argTypeName) {
      this.resolvedArgType = checkArgType(schema, this, "event", this.boxed, this.legacy);
    }
  }

  override connectDoc(doc?: ModelDoc | null): void {
    super.connectDoc(doc);
    const d = doc ?? (this.doc as ModelDoc | null);
    if (d && this.argType && this.argType.isImplicit()) this.argType.connectDoc(d);
  }
}
