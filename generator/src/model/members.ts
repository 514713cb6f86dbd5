// Members, features and variants, mirroring scripts/qapi/schema.py
// QAPISchemaMember and its subclasses, QAPISchemaVariants, QAPISchemaBranches
// and QAPISchemaAlternatives.
//
// Messages are byte-identical to QEMU's: describe() builds the phrases that
// clash and unknown-type errors quote.  In legacy mode (QEMU 7.2 rules)
// describe() keeps 7.2's wording, and union branches may not be unions.

import { QAPISemError } from "../error.js";
import type { QAPISourceInfo } from "../source.js";
import { cName } from "./c-name.js";
import type { QAPISchemaObjectType, QAPISchemaType } from "./entities.js";
import { QAPISchemaIfCond } from "./ifcond.js";
import type { QAPISchema } from "./schema.js";

/** The part of QAPIDoc the model talks to (doc/qapidoc.ts implements it). */
export interface ModelDoc {
  connectMember(member: { name: string; info: QAPISourceInfo | null; role: string }): void;
  connectFeature(feature: { name: string; info: QAPISourceInfo | null }): void;
}

/** Read a field that check() fills in; reading it earlier is a bug. */
export function checkedValue<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} read before check()`);
  return value;
}

/** Members already seen in one scope, keyed by c_name(). */
export type ClashScope = Map<string, QAPISchemaMember>;

/** Object members, enum members and features (QEMU QAPISchemaMember). */
export class QAPISchemaMember {
  /** Word used in messages: member, value, feature, branch, parameter... */
  get role(): string {
    return "member";
  }
  declare readonly name: string;
  declare readonly info: QAPISourceInfo | null;
  declare readonly ifcond: QAPISchemaIfCond;
  private declare owner: string | null;
  // c_name(name), computed on first use: base members are clash-checked
  // again by every type that inherits them.
  private declare clashKey: string | undefined;
  /** Use QEMU 7.2's describe() wording. */
  declare readonly legacy: boolean;

  // (Fields declared and assigned in declaration order: see EntityBase.)
  constructor(name: string, info: QAPISourceInfo | null, ifcond?: QAPISchemaIfCond, legacy = false) {
    this.name = name;
    this.info = info;
    this.ifcond = ifcond ?? QAPISchemaIfCond.NONE;
    this.owner = null;
    this.clashKey = undefined;
    this.legacy = legacy;
  }

  /** Name of the definition this member belongs to (an implicit type's for arguments and bases). */
  get definedIn(): string | null {
    return this.owner;
  }

  setDefinedIn(name: string): void {
    if (this.owner) throw new Error(`member ${this.name} already defined in ${this.owner}`);
    this.owner = name;
  }

  /** Record this member in `seen`; report a clash on behalf of `info`. */
  checkClash(info: QAPISourceInfo | null, seen: ClashScope): void {
    const cname = (this.clashKey ??= cName(this.name));
    const other = seen.get(cname);
    if (other) {
      throw new QAPISemError(info, `${this.describe(info)} collides with ${other.describe(info)}`);
    }
    seen.set(cname, this);
  }

  connectDoc(doc: ModelDoc | null): void {
    if (doc) doc.connectMember(this);
  }

  /** e.g. "member 'foo'", "parameter 'x' of command 'cmd'", "base member 'b'". */
  describe(info: QAPISourceInfo | null): string {
    if (this.legacy) return this.describeLegacy(info);
    let role = this.role;
    let meta = "type";
    let definedIn = this.definedIn!;
    if (definedIn.startsWith("q_obj_")) {
      // Reverse _makeImplicitObjectType()'s naming for a readable message
      definedIn = definedIn.slice(6);
      if (definedIn.endsWith("-arg")) {
        role = "parameter";
        meta = "command";
        definedIn = definedIn.slice(0, -4);
      } else if (definedIn.endsWith("-base")) {
        role = "base " + role;
        definedIn = definedIn.slice(0, -5);
      } else {
        throw new Error(`unexpected implicit type ${this.definedIn}`);
      }
    }
    if (definedIn !== info?.defnName) {
      return `${role} '${this.name}' of ${meta} '${definedIn}'`;
    }
    return `${role} '${this.name}'`;
  }

  // QEMU 7.2: implicit types never name their owner; others say "of type".
  private describeLegacy(info: QAPISourceInfo | null): string {
    let role = this.role;
    const definedIn = this.definedIn!;
    if (definedIn.startsWith("q_obj_")) {
      if (definedIn.endsWith("-arg")) role = "parameter";
      else if (definedIn.endsWith("-base")) role = "base " + role;
    } else if (definedIn !== info?.defnName) {
      return `${role} '${this.name}' of type '${definedIn}'`;
    }
    return `${role} '${this.name}'`;
  }
}

/** QEMU QAPISchemaFeature. */
export class QAPISchemaFeature extends QAPISchemaMember {
  /** Features standardized across all schemas (QapiSpecialFeature). */
  static readonly SPECIAL_NAMES: readonly string[] = ["deprecated", "unstable"];

  override get role(): string {
    return "feature";
  }

  isSpecial(): boolean {
    return QAPISchemaFeature.SPECIAL_NAMES.includes(this.name);
  }
}

/** Features of one definition or member must not collide. */
export function checkFeatureClashes(info: QAPISourceInfo | null, features: readonly QAPISchemaFeature[]): void {
  if (features.length === 0) return;
  const seen: ClashScope = new Map();
  for (const f of features) f.checkClash(info, seen);
}

function connectFeatures(doc: ModelDoc | null, features: readonly QAPISchemaFeature[]): void {
  if (doc) for (const f of features) doc.connectFeature(f);
}

/** QEMU QAPISchemaEnumMember. */
export class QAPISchemaEnumMember extends QAPISchemaMember {
  declare readonly features: readonly QAPISchemaFeature[];

  override get role(): string {
    return "value";
  }

  constructor(
    name: string,
    info: QAPISourceInfo | null,
    ifcond?: QAPISchemaIfCond,
    features: QAPISchemaFeature[] = [],
    legacy = false,
  ) {
    super(name, info, ifcond, legacy);
    for (const f of features) f.setDefinedIn(name);
    this.features = features;
  }

  override connectDoc(doc: ModelDoc | null): void {
    super.connectDoc(doc);
    connectFeatures(doc, this.features);
  }
}

/** QEMU QAPISchemaObjectTypeMember: a member of a struct, union base or arguments. */
export class QAPISchemaObjectTypeMember extends QAPISchemaMember {
  /** Name of the member's type as written (arrays already named 'FooList'). */
  declare readonly typeName: string;
  private declare resolvedType: QAPISchemaType | undefined;
  declare readonly optional: boolean;
  declare readonly features: readonly QAPISchemaFeature[];

  constructor(
    name: string,
    info: QAPISourceInfo | null,
    typ: string,
    optional: boolean,
    ifcond?: QAPISchemaIfCond,
    features: QAPISchemaFeature[] = [],
    legacy = false,
  ) {
    super(name, info, ifcond, legacy);
    for (const f of features) f.setDefinedIn(name);
    this.typeName = typ;
    this.resolvedType = undefined;
    this.optional = optional;
    this.features = features;
  }

  /** The member's type (resolved by check()). */
  get type(): QAPISchemaType {
    return checkedValue(this.resolvedType, `type of ${this.name}`);
  }

  check(schema: QAPISchema): void {
    this.resolvedType = schema.resolveType(this.typeName, this.info, (info) => this.describe(info));
    checkFeatureClashes(this.info, this.features);
  }

  override connectDoc(doc: ModelDoc | null): void {
    super.connectDoc(doc);
    connectFeatures(doc, this.features);
  }
}

/** QEMU QAPISchemaVariant: one branch of a union or alternate. */
export class QAPISchemaVariant extends QAPISchemaObjectTypeMember {
  override get role(): string {
    return "branch";
  }

  constructor(name: string, info: QAPISourceInfo | null, typ: string, ifcond: QAPISchemaIfCond, legacy = false) {
    super(name, info, typ, false, ifcond, [], legacy);
  }
}

/** Common part of union branches and alternate alternatives (QEMU QAPISchemaVariants). */
abstract class VariantsBase {
  declare readonly info: QAPISourceInfo;
  // Union check() appends a q_empty branch for each tag value not listed
  protected declare readonly variantList: QAPISchemaVariant[];
  protected declare tag: QAPISchemaObjectTypeMember | undefined;

  constructor(info: QAPISourceInfo, variants: QAPISchemaVariant[]) {
    this.info = info;
    this.variantList = variants;
    this.tag = undefined;
  }

  /** The branches (alternatives) in order; for unions complete after check(). */
  get variants(): readonly QAPISchemaVariant[] {
    return this.variantList;
  }

  /** The tag member: a union's discriminator (found by check()), an alternate's implicit 'type'. */
  get tagMember(): QAPISchemaObjectTypeMember {
    return checkedValue(this.tag, "tag member");
  }

  setDefinedIn(name: string): void {
    for (const v of this.variants) v.setDefinedIn(name);
  }

  check(schema: QAPISchema, _seen: ClashScope): void {
    for (const v of this.variants) v.check(schema);
  }
}

/** Branches of a union, selected by the discriminator (QEMU QAPISchemaBranches). */
export class QAPISchemaBranches extends VariantsBase {
  declare readonly kind: "branches";
  declare readonly tagName: string;
  declare readonly legacy: boolean;

  constructor(info: QAPISourceInfo, variants: QAPISchemaVariant[], tagName: string, legacy = false) {
    super(info, variants);
    this.kind = "branches";
    this.tagName = tagName;
    this.legacy = legacy;
  }

  override check(schema: QAPISchema, seen: ClashScope): void {
    const tagMember = this.checkTagMember(schema, seen);
    if (tagMember.type.kind !== "enum") throw new Error("unreachable");
    // Values the union doesn't list get an empty branch
    const cases = new Set(this.variants.map((v) => v.name));
    for (const m of tagMember.type.members) {
      if (!cases.has(m.name)) {
        const v = new QAPISchemaVariant(m.name, this.info, "q_empty", m.ifcond, this.legacy);
        v.setDefinedIn(tagMember.definedIn!);
        this.variantList.push(v);
      }
    }
    if (this.variants.length === 0) {
      throw new QAPISemError(this.info, "union has no branches");
    }
    const tagType = tagMember.type;
    const valueNames = new Set(tagType.members.map((m) => m.name));
    for (const v of this.variants) {
      v.check(schema);
      // QEMU tells unions from alternates by a non-empty 'seen'
      if (seen.size === 0) continue;
      if (!valueNames.has(v.name)) {
        throw new QAPISemError(this.info, `branch '${v.name}' is not a value of ${tagType.describe()}`);
      }
      if (v.type.kind !== "object" || (this.legacy && v.type.branches)) {
        throw new QAPISemError(this.info, `${v.describe(this.info)} cannot use ${v.type.describe()}`);
      }
      v.type.check(schema);
    }
  }

  // Find the discriminator among the members seen so far and vet it.
  private checkTagMember(schema: QAPISchema, seen: ClashScope): QAPISchemaObjectTypeMember {
    const found = seen.get(cName(this.tagName));
    if (!found || this.tagName !== found.name || !(found instanceof QAPISchemaObjectTypeMember)) {
      throw new QAPISemError(this.info, `discriminator '${this.tagName}' is not a member of 'base'`);
    }
    const tagMember = found;
    this.tag = tagMember;
    let base = "'base'";
    const baseType = schema.lookupType(tagMember.definedIn!);
    if (!baseType) throw new Error(`tag member's type ${tagMember.definedIn} vanished`);
    if (!baseType.isImplicit()) base = `base type '${tagMember.definedIn}'`;
    const what = `discriminator member '${this.tagName}' of ${base}`;
    if (tagMember.type.kind !== "enum") {
      throw new QAPISemError(this.info, `${what} must be of enum type`);
    }
    if (tagMember.optional) {
      throw new QAPISemError(this.info, `${what} must not be optional`);
    }
    if (tagMember.ifcond.isPresent()) {
      throw new QAPISemError(this.info, `${what} must not be conditional`);
    }
    return tagMember;
  }

  /** Each branch's members against `seen` (a fresh copy per branch). */
  checkClash(info: QAPISourceInfo | null, seen: ClashScope): void {
    for (const v of this.variants) {
      (v.type as QAPISchemaObjectType).checkClash(info, new Map(seen));
    }
  }
}

/** Alternatives of an alternate, told apart by JSON type (QEMU QAPISchemaAlternatives). */
export class QAPISchemaAlternatives extends VariantsBase {
  declare readonly kind: "alternatives";

  constructor(info: QAPISourceInfo, variants: QAPISchemaVariant[], tagMember: QAPISchemaObjectTypeMember) {
    super(info, variants);
    this.kind = "alternatives";
    this.tag = tagMember;
  }
}

export type QAPISchemaVariants = QAPISchemaBranches | QAPISchemaAlternatives;
