// Commands and events, mirroring scripts/qapi/schema.py's QAPISchemaCommand
// and QAPISchemaEvent.

import { QAPISemError } from "../error.js";
import type { QAPIDoc } from "../doc/qapidoc.js";
import type { QAPISourceInfo } from "../source.js";
import { DefinitionBase } from "./entity-base.js";
import type { QAPISchemaType } from "./entities.js";
import type { QAPISchemaIfCond } from "./ifcond.js";
import type { ModelDoc, QAPISchemaFeature } from "./members.js";
import type { QAPISchemaObjectType } from "./object-types.js";
import type { QAPISchema } from "./schema.js";

/** QEMU QAPISchemaCommand. */
export class QAPISchemaCommand extends DefinitionBase {
  declare readonly kind: "command";
  declare readonly meta: "command";
  declare readonly argTypeName: string | null;
  private declare resolvedArgType: QAPISchemaObjectType | null;
  declare readonly retTypeName: string | null;
  private declare resolvedRetType: QAPISchemaType | null;
  declare readonly gen: boolean;
  declare readonly successResponse: boolean;
  declare readonly boxed: boolean;
  declare readonly allowOob: boolean;
  declare readonly allowPreconfig: boolean;
  declare readonly coroutine: boolean;
  private declare readonly legacy: boolean;

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
    this.kind = "command";
    this.meta = "command";
    this.argTypeName = argType;
    this.resolvedArgType = null;
    this.retTypeName = retType;
    this.resolvedRetType = null;
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
  declare readonly kind: "event";
  declare readonly meta: "event";
  declare readonly argTypeName: string | null;
  private declare resolvedArgType: QAPISchemaObjectType | null;
  declare readonly boxed: boolean;
  private declare readonly legacy: boolean;

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
    this.kind = "event";
    this.meta = "event";
    this.argTypeName = argType;
    this.resolvedArgType = null;
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
