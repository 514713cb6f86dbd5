// Object and alternate types, mirroring scripts/qapi/schema.py's
// QAPISchemaObjectType and QAPISchemaAlternateType.
//
// check() keeps QEMU's algorithm: object types fill `members` lazily and
// detect recursion with `checked`/`checkComplete`, because the order in which
// types get checked decides which error QEMU reports first.

import { QAPISemError } from "../error.js";
import type { QAPIDoc } from "../doc/qapidoc.js";
import type { QAPISourceInfo } from "../source.js";
import { TypeBase, type JsonType } from "./entity-base.js";
import type { QAPISchemaType } from "./entities.js";
import type { QAPISchemaIfCond } from "./ifcond.js";
import {
  checkedValue,
  type ClashScope,
  type ModelDoc,
  type QAPISchemaAlternatives,
  type QAPISchemaBranches,
  type QAPISchemaFeature,
  type QAPISchemaObjectTypeMember,
} from "./members.js";
import type { QAPISchema } from "./schema.js";
import { youngArray } from "../young.js";

/** QEMU QAPISchemaObjectType: a struct, a union, or an implicit object. */
export class QAPISchemaObjectType extends TypeBase {
  declare readonly kind: "object";
  declare readonly meta: "struct" | "union";
  declare readonly baseName: string | null;
  private declare resolvedBase: QAPISchemaObjectType | null;
  declare readonly localMembers: readonly QAPISchemaObjectTypeMember[];
  declare readonly branches: QAPISchemaBranches | null;
  private declare allMembers: readonly QAPISchemaObjectTypeMember[] | undefined;
  private declare checkComplete: boolean;

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
    for (const m of localMembers) m.setDefinedIn(name);
    if (branches) branches.setDefinedIn(name);
    this.kind = "object";
    this.meta = branches ? "union" : "struct";
    this.baseName = base;
    this.resolvedBase = null;
    this.localMembers = localMembers;
    this.branches = branches;
    this.allMembers = undefined;
    this.checkComplete = false;
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
    const members = youngArray<QAPISchemaObjectTypeMember>();
    seen.forEach((m) => members.push(m as QAPISchemaObjectTypeMember));
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
  declare readonly kind: "alternate";
  declare readonly meta: "alternate";
  declare readonly alternatives: QAPISchemaAlternatives;

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
    this.kind = "alternate";
    this.meta = "alternate";
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
