// The checked schema, mirroring scripts/qapi/schema.py QAPISchema and
// QAPISchemaModule.
//
// Construction follows QEMU step by step: predefined types, then one
// definition per expression (plus implicit types), then check() over every
// entity in definition order, doc connection, module assignment and doc
// checks.  The first QAPISemError thrown is the one QEMU would report.
// After construction the schema is treated as read-only.

import path from "node:path";
import { QAPISemError, QAPISourceError } from "../error.js";
import type { QAPIDoc } from "../doc/qapidoc.js";
import type { QAPIExpression, QAPIObject, QAPIValue } from "../syntax/expression.js";
import type { QAPISourceInfo } from "../source.js";
import {
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
  type QAPISchemaType,
} from "./entities.js";
import { QAPISchemaIfCond } from "./ifcond.js";
import {
  QAPISchemaAlternatives,
  QAPISchemaBranches,
  QAPISchemaEnumMember,
  QAPISchemaFeature,
  QAPISchemaObjectTypeMember,
  QAPISchemaVariant,
} from "./members.js";
import type { QAPISchemaVisitor } from "./visitor.js";
import { youngArray } from "../young.js";

export interface SchemaOptions {
  /** Apply QEMU 7.2's schema.py rules instead of 10.0's. */
  legacy?: boolean;
}

/** A module: one schema file (or ./builtin), with the entities generated into it. */
export class QAPISchemaModule {
  static readonly BUILTIN_MODULE_NAME = "./builtin";
  readonly name: string;
  // (youngArray(): see young.ts)
  private readonly entityList: QAPISchemaEntity[] = youngArray();

  constructor(name: string) {
    this.name = name;
  }

  /** Internally defined modules have names starting with "./". */
  static isSystemModule(name: string): boolean {
    return name.startsWith("./");
  }

  static isUserModule(name: string): boolean {
    return !QAPISchemaModule.isSystemModule(name);
  }

  static isBuiltinModule(name: string): boolean {
    return name === QAPISchemaModule.BUILTIN_MODULE_NAME;
  }

  addEntity(ent: QAPISchemaEntity): void {
    this.entityList.push(ent);
  }

  /** Entities generated into this module, in definition order. */
  get entities(): readonly QAPISchemaEntity[] {
    return this.entityList;
  }

  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitModule?.(this.name, this);
    for (const ent of this.entities) {
      if (visitor.visitNeeded ? visitor.visitNeeded(ent) : true) visitEntity(ent, visitor);
    }
  }
}

/** Dispatch one entity to the visitor (QEMU's per-class visit()). */
export function visitEntity(ent: QAPISchemaEntity, visitor: QAPISchemaVisitor): void {
  switch (ent.kind) {
    case "include":
      return visitor.visitInclude?.(ent);
    case "builtin":
      return visitor.visitBuiltinType?.(ent);
    case "enum":
      return visitor.visitEnumType?.(ent);
    case "array":
      return visitor.visitArrayType?.(ent);
    case "object":
      visitor.visitObjectType?.(ent);
      return visitor.visitObjectTypeFlat?.(ent);
    case "alternate":
      return visitor.visitAlternateType?.(ent);
    case "command":
      return visitor.visitCommand?.(ent);
    case "event":
      return visitor.visitEvent?.(ent);
  }
}

// QEMU _def_predefineds(): name, JSON type, C type
const BUILTINS: ReadonlyArray<readonly [string, JsonType, string]> = [
  ["str", "string", "char *"],
  ["number", "number", "double"],
  ["int", "int", "int64_t"],
  ["int8", "int", "int8_t"],
  ["int16", "int", "int16_t"],
  ["int32", "int", "int32_t"],
  ["int64", "int", "int64_t"],
  ["uint8", "int", "uint8_t"],
  ["uint16", "int", "uint16_t"],
  ["uint32", "int", "uint32_t"],
  ["uint64", "int", "uint64_t"],
  ["size", "int", "uint64_t"],
  ["bool", "boolean", "bool"],
  ["any", "value", "QObject *"],
  ["null", "null", "QNull *"],
];

const QTYPES = ["none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool"];

/** How resolveType() names the user of an unknown type. */
export type ResolveWhat = string | null | ((info: QAPISourceInfo) => string);

export class QAPISchema {
  readonly fname: string;
  readonly legacy: boolean;
  /** Every doc comment, in source order. */
  readonly docs: readonly QAPIDoc[];
  private readonly entityList: QAPISchemaEntity[] = youngArray();
  private readonly entityDict = new Map<string, QAPISchemaDefinition>();
  private readonly moduleDict = new Map<string, QAPISchemaModule>();
  // First use of each feature name; special features come first.
  private readonly featureDict = new Map<string, QAPISchemaFeature>();
  private readonly schemaDir: string;
  private readonly moduleNames = new Map<string, string>();
  private predefining = true;
  /** The predefined 'q_empty' object type. */
  readonly theEmptyObjectType: QAPISchemaObjectType;

  /**
   * Build and check the schema from expressions that passed checkExprs().
   * Throws QAPISemError on the first semantic error, as QEMU does.
   */
  constructor(
    fname: string,
    input: { exprs: readonly QAPIExpression[]; docs: readonly QAPIDoc[] },
    opts: SchemaOptions = {},
  ) {
    this.fname = fname;
    this.legacy = opts.legacy ?? false;
    this.docs = input.docs;
    if (!this.legacy) {
      for (const f of QAPISchemaFeature.SPECIAL_NAMES) {
        this.featureDict.set(f, new QAPISchemaFeature(f, null));
      }
    }
    this.schemaDir = path.dirname(fname);
    this.makeModule(QAPISchemaModule.BUILTIN_MODULE_NAME);
    this.makeModule(fname);
    this.theEmptyObjectType = this.defPredefineds();
    this.predefining = false;
    this.defExprs(input.exprs);
    this.check();
  }

  /** Every entity in definition order (predefined ones first). */
  get entities(): readonly QAPISchemaEntity[] {
    return this.entityList;
  }

  /** Modules in the order QEMU visits them: ./builtin, the root, then includes. */
  get modules(): readonly QAPISchemaModule[] {
    return [...this.moduleDict.values()];
  }

  /** Every feature name used, first use wins; 'deprecated' and 'unstable' first. */
  features(): QAPISchemaFeature[] {
    return [...this.featureDict.values()];
  }

  lookupEntity(name: string): QAPISchemaDefinition | undefined {
    return this.entityDict.get(name);
  }

  lookupType(name: string): QAPISchemaType | undefined {
    const ent = this.entityDict.get(name);
    return ent && ent.kind !== "command" && ent.kind !== "event" ? ent : undefined;
  }

  /** Look a type up, or fail with "<what> uses unknown type '<name>'". */
  resolveType(name: string, info: QAPISourceInfo | null, what: ResolveWhat): QAPISchemaType {
    const typ = this.lookupType(name);
    if (!typ) {
      if (!info || !what) throw new Error(`built-in type lookup failed: ${name}`);
      const w = typeof what === "function" ? what(info) : what;
      throw new QAPISemError(info, `${w} uses unknown type '${name}'`);
    }
    return typ;
  }

  /** The module an entity defined in `fname` belongs to (null: builtin). */
  moduleByFname(fname: string | null): QAPISchemaModule {
    const name = this.moduleName(fname ?? QAPISchemaModule.BUILTIN_MODULE_NAME);
    const mod = this.moduleDict.get(name);
    if (!mod) throw new Error(`no module ${name}`);
    return mod;
  }

  visit(visitor: QAPISchemaVisitor): void {
    visitor.visitBegin?.(this);
    for (const mod of this.moduleDict.values()) mod.visit(visitor);
    visitor.visitEnd?.();
  }

  /** Entities in QEMU's visit order (module by module), without a visitor. */
  *walk(): Generator<{ module: QAPISchemaModule; entity: QAPISchemaEntity }> {
    for (const module of this.moduleDict.values()) {
      for (const entity of module.entities) yield { module, entity };
    }
  }

  // --- modules -----------------------------------------------------------

  private moduleName(fname: string): string {
    if (QAPISchemaModule.isSystemModule(fname)) return fname;
    let name = this.moduleNames.get(fname);
    if (name === undefined) {
      // os.path.relpath(fname, dirname(root))
      name = path.relative(this.schemaDir || ".", fname);
      this.moduleNames.set(fname, name);
    }
    return name;
  }

  private makeModule(fname: string): QAPISchemaModule {
    const name = this.moduleName(fname);
    let mod = this.moduleDict.get(name);
    if (!mod) {
      mod = new QAPISchemaModule(name);
      this.moduleDict.set(name, mod);
    }
    return mod;
  }

  // --- definitions -------------------------------------------------------

  private defEntity(ent: QAPISchemaEntity): void {
    this.entityList.push(ent);
  }

  private defDefinition(defn: QAPISchemaDefinition): void {
    if (!defn.info && !this.predefining) throw new Error(`${defn.name} lacks info`);
    this.defEntity(defn);
    const other = this.entityDict.get(defn.name);
    if (other) {
      if (other.info) {
        const where = new QAPISourceError(other.info, "previous definition");
        throw new QAPISemError(defn.info, `'${defn.name}' is already defined\n${where}`);
      }
      throw new QAPISemError(defn.info, `${other.describe()} is already defined`);
    }
    this.entityDict.set(defn.name, defn);
  }

  private defPredefineds(): QAPISchemaObjectType {
    for (const [name, jsonType, cType] of BUILTINS) {
      this.defDefinition(new QAPISchemaBuiltinType(name, jsonType, cType));
      // Every builtin gets its array type, used or not (as in QEMU)
      this.makeArrayType(name, null);
    }
    const empty = new QAPISchemaObjectType("q_empty", null, null, null, [], null, [], null);
    this.defDefinition(empty);
    const qtypeValues = this.makeEnumMembers(QTYPES.map((n) => new Map([["name", n]])), null);
    const prefix = this.legacy ? "QTYPE" : null;
    this.defDefinition(new QAPISchemaEnumType("QType", null, null, null, [], qtypeValues, prefix));
    return empty;
  }

  private makeFeatures(features: QAPIValue | undefined, info: QAPISourceInfo | null): QAPISchemaFeature[] {
    if (features === undefined) return NO_FEATURES;
    const list = features as QAPIObject[];
    if (!this.legacy) {
      for (const f of list) {
        const name = f.get("name") as string;
        if (!this.featureDict.has(name)) this.featureDict.set(name, new QAPISchemaFeature(name, info));
      }
    }
    const feats = youngArray<QAPISchemaFeature>();
    for (const f of list) feats.push(new QAPISchemaFeature(f.get("name") as string, info, ifcondOf(f), this.legacy));
    return feats;
  }

  private makeEnumMembers(values: QAPIObject[], info: QAPISourceInfo | null): QAPISchemaEnumMember[] {
    const members = youngArray<QAPISchemaEnumMember>();
    for (const v of values) {
      const name = v.get("name") as string;
      const ifcond = ifcondOf(v);
      members.push(new QAPISchemaEnumMember(name, info, ifcond, this.makeFeatures(v.get("features"), info), this.legacy));
    }
    return members;
  }

  private makeArrayType(elementType: string, info: QAPISourceInfo | null): string {
    const name = elementType + "List"; // reserved by check_defn_name_str()
    if (!this.lookupType(name)) {
      this.defDefinition(new QAPISchemaArrayType(name, info, elementType));
    }
    return name;
  }

  private makeImplicitObjectType(
    name: string,
    info: QAPISourceInfo,
    ifcond: QAPISchemaIfCond,
    role: string,
    members: QAPISchemaObjectTypeMember[],
  ): string | null {
    if (members.length === 0) return null;
    // QAPISchemaMember.describe() reverses this naming
    const typeName = `q_obj_${name}-${role}`;
    // An existing one can only come from a duplicate definition, which
    // defDefinition() of the user will report.
    if (!this.lookupEntity(typeName)) {
      this.defDefinition(new QAPISchemaObjectType(typeName, info, null, ifcond, [], null, members, null));
    }
    return typeName;
  }

  private typeNameOf(typ: QAPIValue, info: QAPISourceInfo): string {
    if (Array.isArray(typ)) return this.makeArrayType(typ[0] as string, info);
    return typ as string;
  }

  private makeMembers(data: QAPIObject, info: QAPISourceInfo): QAPISchemaObjectTypeMember[] {
    const members = youngArray<QAPISchemaObjectTypeMember>();
    data.forEach((value, key) => {
      const v = value as QAPIObject;
      const optional = key.startsWith("*");
      const name = optional ? key.slice(1) : key;
      const typ = this.typeNameOf(v.get("type")!, info);
      const features = this.makeFeatures(v.get("features"), info);
      members.push(new QAPISchemaObjectTypeMember(name, info, typ, optional, ifcondOf(v), features, this.legacy));
    });
    return members;
  }

  private makeVariants(data: QAPIObject, info: QAPISourceInfo): QAPISchemaVariant[] {
    const variants = youngArray<QAPISchemaVariant>();
    data.forEach((value, key) => {
      const v = value as QAPIObject;
      variants.push(new QAPISchemaVariant(key, info, this.typeNameOf(v.get("type")!, info), ifcondOf(v), this.legacy));
    });
    return variants;
  }

  private defEnumType(e: QAPIExpression): void {
    const { expr, info } = e;
    const features = this.makeFeatures(expr.get("features"), info);
    const members = this.makeEnumMembers(expr.get("data") as QAPIObject[], info);
    const prefix = (expr.get("prefix") as string | undefined) ?? null;
    this.defDefinition(
      new QAPISchemaEnumType(expr.get("enum") as string, info, e.doc, ifcondOf(expr), features, members, prefix),
    );
  }

  private defStructType(e: QAPIExpression): void {
    const { expr, info } = e;
    const features = this.makeFeatures(expr.get("features"), info);
    const base = (expr.get("base") as string | undefined) ?? null;
    const members = this.makeMembers(expr.get("data") as QAPIObject, info);
    this.defDefinition(
      new QAPISchemaObjectType(expr.get("struct") as string, info, e.doc, ifcondOf(expr), features, base, members, null),
    );
  }

  private defUnionType(e: QAPIExpression): void {
    const { expr, info } = e;
    const name = expr.get("union") as string;
    const ifcond = ifcondOf(expr);
    const features = this.makeFeatures(expr.get("features"), info);
    const baseExpr = expr.get("base") as string | QAPIObject;
    const base =
      typeof baseExpr === "string"
        ? baseExpr
        : this.makeImplicitObjectType(name, info, ifcond, "base", this.makeMembers(baseExpr, info));
    const variants = this.makeVariants(expr.get("data") as QAPIObject, info);
    const tagName = expr.get("discriminator") as string;
    const branches = new QAPISchemaBranches(info, variants, tagName, this.legacy);
    this.defDefinition(new QAPISchemaObjectType(name, info, e.doc, ifcond, features, base, [], branches));
  }

  private defAlternateType(e: QAPIExpression): void {
    const { expr, info } = e;
    const features = this.makeFeatures(expr.get("features"), info);
    const variants = this.makeVariants(expr.get("data") as QAPIObject, info);
    const tagMember = new QAPISchemaObjectTypeMember("type", info, "QType", false, undefined, [], this.legacy);
    const alternatives = new QAPISchemaAlternatives(info, variants, tagMember);
    this.defDefinition(
      new QAPISchemaAlternateType(expr.get("alternate") as string, info, e.doc, ifcondOf(expr), features, alternatives),
    );
  }

  private defCommand(e: QAPIExpression): void {
    const { expr, info } = e;
    const name = expr.get("command") as string;
    const ifcond = ifcondOf(expr);
    const features = this.makeFeatures(expr.get("features"), info);
    const argType = this.argTypeOf(name, expr.get("data"), info, ifcond);
    const rets = expr.get("returns");
    const retType = rets === undefined ? null : this.typeNameOf(rets, info);
    const flag = (key: string, dflt: boolean) => (expr.get(key) as boolean | undefined) ?? dflt;
    const flags = {
      gen: flag("gen", true),
      successResponse: flag("success-response", true),
      boxed: flag("boxed", false),
      allowOob: flag("allow-oob", false),
      allowPreconfig: flag("allow-preconfig", false),
      coroutine: flag("coroutine", false),
    };
    this.defDefinition(
      new QAPISchemaCommand(name, info, e.doc, ifcond, features, argType, retType, flags, this.legacy),
    );
  }

  private defEvent(e: QAPIExpression): void {
    const { expr, info } = e;
    const name = expr.get("event") as string;
    const ifcond = ifcondOf(expr);
    const features = this.makeFeatures(expr.get("features"), info);
    const argType = this.argTypeOf(name, expr.get("data"), info, ifcond);
    const boxed = (expr.get("boxed") as boolean | undefined) ?? false;
    this.defDefinition(new QAPISchemaEvent(name, info, e.doc, ifcond, features, argType, boxed, this.legacy));
  }

  // 'data' of a command or event: a type name, or members of an implicit type
  private argTypeOf(
    name: string,
    data: QAPIValue | undefined,
    info: QAPISourceInfo,
    ifcond: QAPISchemaIfCond,
  ): string | null {
    if (data === undefined) return null;
    if (typeof data === "string") return data;
    return this.makeImplicitObjectType(name, info, ifcond, "arg", this.makeMembers(data as QAPIObject, info));
  }

  private defInclude(e: QAPIExpression): void {
    const include = e.expr.get("include") as string;
    this.defEntity(new QAPISchemaInclude(this.makeModule(include), e.info));
  }

  private defExprs(exprs: readonly QAPIExpression[]): void {
    for (const e of exprs) {
      const { expr } = e;
      if (expr.has("enum")) this.defEnumType(e);
      else if (expr.has("struct")) this.defStructType(e);
      else if (expr.has("union")) this.defUnionType(e);
      else if (expr.has("alternate")) this.defAlternateType(e);
      else if (expr.has("command")) this.defCommand(e);
      else if (expr.has("event")) this.defEvent(e);
      else if (expr.has("include")) this.defInclude(e);
      else throw new Error("unexpected expression reached the model");
    }
  }

  // --- check ---------------------------------------------------------------

  private check(): void {
    for (const ent of this.entities) {
      ent.check(this);
      ent.connectDoc();
      if (this.legacy && ent.kind !== "include" && ent.doc) {
        // QEMU 7.2 checked each definition's doc right after connecting it
        ent.doc.check();
      }
    }
    for (const ent of this.entities) ent.setModule(this);
    if (this.legacy) return;
    for (const doc of this.docs) doc.check();
    const features = this.features();
    if (features.length > 64) {
      throw new QAPISemError(features[64]!.info, "Maximum of 64 schema features is permitted");
    }
  }
}

// Shared by everything without features; entities never modify the list.
const NO_FEATURES = Object.freeze([]) as unknown as QAPISchemaFeature[];

function ifcondOf(obj: QAPIObject): QAPISchemaIfCond {
  const cond = obj.get("if");
  return cond === undefined ? QAPISchemaIfCond.NONE : new QAPISchemaIfCond(cond);
}
