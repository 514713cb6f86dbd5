// Base classes of the entity hierarchy, mirroring scripts/qapi/schema.py's
// QAPISchemaEntity, QAPISchemaDefinition and QAPISchemaType, plus the
// include directive.  Concrete classes live in simple-types.ts,
// object-types.ts and commands.ts; entities.ts gathers them into the
// QAPISchemaEntity union.

import { QAPISemError } from "../error.js";
import type { QAPIDoc } from "../doc/qapidoc.js";
import type { QAPISourceInfo } from "../source.js";
import { cName } from "./c-name.js";
import type { QAPISchemaEntity, QAPISchemaEntityKind } from "./entities.js";
import { QAPISchemaIfCond } from "./ifcond.js";
import { checkedValue, checkFeatureClashes, type ModelDoc, type QAPISchemaFeature } from "./members.js";
import type { QAPISchema, QAPISchemaModule } from "./schema.js";

/** QEMU QAPISchemaEntity: what definitions and directives share. */
export abstract class EntityBase {
  abstract readonly kind: QAPISchemaEntityKind;
  /**
   * Definitions: where defined.  Implicit entities: a place that caused
   * them.  Builtins (and their arrays): null.
   */
  declare readonly info: QAPISourceInfo | null;
  private declare ownModule: QAPISchemaModule | null;
  protected declare checked: boolean;

  // (Entities, members and variants declare their fields and assign them in
  // the constructor, in declaration order, for speed: see QAPISourceInfo in
  // ../source.ts.)
  constructor(info: QAPISourceInfo | null) {
    this.info = info;
    this.ownModule = null;
    this.checked = false;
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
  declare readonly kind: "include";
  declare readonly subModule: QAPISchemaModule;

  constructor(subModule: QAPISchemaModule, info: QAPISourceInfo) {
    super(info);
    this.kind = "include";
    this.subModule = subModule;
  }
}

/** QEMU QAPISchemaDefinition: a named entity with doc, condition and features. */
export abstract class DefinitionBase extends EntityBase {
  abstract readonly meta: string;
  declare readonly name: string;
  declare readonly doc: QAPIDoc | null;
  protected declare readonly ownIfcond: QAPISchemaIfCond;
  declare readonly features: readonly QAPISchemaFeature[];

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
