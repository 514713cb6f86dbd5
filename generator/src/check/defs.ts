// Per-meta checks, mirroring check_enum(), check_struct(), check_union(),
// check_alternate(), check_command() and check_event() of
// scripts/qapi/expr.py.  Each runs after check_keys() and
// normalize_members() on the definition; `legacy` selects QEMU 7.2's
// check_type() wherever 10.0 replaced it.

import { QAPISemError } from "../error.js";
import type { QAPIObject } from "../syntax/expression.js";
import type { QAPISourceInfo } from "../source.js";
import { checkIf } from "./if-cond.js";
import { checkKeys } from "./keys.js";
import { checkNameIsStr, checkNameLower } from "./names.js";
import {
  checkFeatures,
  checkTypeImplicit,
  checkTypeName,
  checkTypeNameOrArray,
  checkTypeNameOrImplicit,
  legacyCheckType,
} from "./types.js";
import { isList, isObj, isStr, MemberSource, truthy } from "./values.js";

/** Definition members, their location, and which QEMU's rules apply. */
export interface DefnContext {
  readonly expr: QAPIObject;
  readonly info: QAPISourceInfo;
  readonly legacy: boolean;
}

// check_keys() lists for members, made once (not per member).
const NAME = ["name"];
const TYPE = ["type"];
const IF = ["if"];
const IF_FEATURES = ["if", "features"];

/** An object member known present after check_keys(). */
function req(expr: QAPIObject, key: string) {
  return expr.get(key)!;
}

/** check_enum(): 'data' is an array of names or {'name', 'if', 'features'}. */
export function checkEnum({ expr, info }: DefnContext): void {
  const name = req(expr, "enum") as string;
  const members = req(expr, "data");
  const prefix = expr.get("prefix");

  if (!isList(members)) {
    throw new QAPISemError(info, "'data' must be an array");
  }
  if (prefix !== undefined && !isStr(prefix)) {
    throw new QAPISemError(info, "'prefix' must be a string");
  }
  const permissive = info.pragma.memberNameExceptions.includes(name);

  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (!isObj(m)) {
      members[i] = new Map().set("name", m);
    }
  }
  for (const member of members as QAPIObject[]) {
    const source = "'data' member";
    checkKeys(member, info, source, NAME, IF_FEATURES);
    let memberName = member.get("name");
    checkNameIsStr(memberName, info, source);
    const nameSource = new MemberSource("'data'", memberName);
    // Enum members may start with a digit: QEMU hides it behind a 'd'.
    // (QEMU crashes on an empty name here; we let the name check reject it.)
    if (/^[0-9]/.test(memberName)) {
      memberName = "d" + memberName;
    }
    checkNameLower(memberName, info, nameSource, permissive, permissive);
    checkIf(member, info, nameSource);
    checkFeatures(member.get("features"), info);
  }
}

/** check_struct(): 'data' is an implicit type, 'base' a type name. */
export function checkStruct({ expr, info, legacy }: DefnContext): void {
  const name = req(expr, "struct") as string;
  const members = req(expr, "data");
  if (legacy) {
    legacyCheckType(members, info, "'data'", false, name);
    legacyCheckType(expr.get("base"), info, "'base'");
    return;
  }
  checkTypeImplicit(members, info, "'data'", name);
  checkTypeName(expr.get("base"), info, "'base'");
}

/** check_union(): base, discriminator name, and branches naming types. */
export function checkUnion({ expr, info, legacy }: DefnContext): void {
  const name = req(expr, "union") as string;
  const base = req(expr, "base");
  const discriminator = req(expr, "discriminator");
  const members = req(expr, "data");

  if (legacy) {
    legacyCheckType(base, info, "'base'", false, name);
  } else {
    checkTypeNameOrImplicit(base, info, "'base'", name);
  }
  checkNameIsStr(discriminator, info, "'discriminator'");

  if (!isObj(members)) {
    throw new QAPISemError(info, "'data' must be an object");
  }
  for (const [key, value] of members) {
    const source = new MemberSource("'data'", key);
    checkKeys(value as QAPIObject, info, source, TYPE, IF);
    checkIf(value as QAPIObject, info, source);
    const type = (value as QAPIObject).get("type");
    if (legacy) {
      // 7.2 let branches be arrays only when the base was "empty".
      legacyCheckType(type, info, source, !truthy(base));
    } else {
      checkTypeName(type, info, source);
    }
  }
}

/** check_alternate(): non-empty branches with lower-case names. */
export function checkAlternate({ expr, info, legacy }: DefnContext): void {
  const members = req(expr, "data");

  if (!truthy(members)) {
    throw new QAPISemError(info, "'data' must not be empty");
  }
  if (!isObj(members)) {
    throw new QAPISemError(info, "'data' must be an object");
  }
  for (const [key, value] of members) {
    const source = new MemberSource("'data'", key);
    checkNameLower(key, info, source);
    checkKeys(value as QAPIObject, info, source, TYPE, IF);
    checkIf(value as QAPIObject, info, source);
    const type = (value as QAPIObject).get("type");
    if (legacy) {
      legacyCheckType(type, info, source, true);
    } else {
      checkTypeNameOrArray(type, info, source);
    }
  }
}

/** The 'data' of a command or event: a type name when boxed. */
function checkArgs({ expr, info, legacy }: DefnContext): void {
  const args = expr.get("data");
  const boxed = truthy(expr.get("boxed"));
  if (boxed && args === undefined) {
    throw new QAPISemError(info, "'boxed': true requires 'data'");
  }
  if (legacy) {
    legacyCheckType(args, info, "'data'", false, !boxed);
  } else if (boxed) {
    checkTypeName(args, info, "'data'");
  } else {
    checkTypeNameOrImplicit(args, info, "'data'", null);
  }
}

/** check_command(): arguments, and 'returns' a type name or array. */
export function checkCommand(ctx: DefnContext): void {
  checkArgs(ctx);
  const rets = ctx.expr.get("returns");
  if (ctx.legacy) {
    legacyCheckType(rets, ctx.info, "'returns'", true);
  } else {
    checkTypeNameOrArray(rets, ctx.info, "'returns'");
  }
}

/** check_event(): arguments only. */
export function checkEvent(ctx: DefnContext): void {
  checkArgs(ctx);
}
