// Type references, implicit (anonymous) struct types and features,
// mirroring normalize_members(), check_type_*() and check_features() of
// scripts/qapi/expr.py.  QEMU 7.2 had a single check_type() with
// allow_array / allow_dict switches instead of 10.0's specialised checks;
// it is kept as legacyCheckType() because its messages differ.

import { QAPISemError } from "../error.js";
import type { QAPIObject, QAPIValue } from "../syntax/expression.js";
import type { QAPISourceInfo } from "../source.js";
import { checkIf } from "./if-cond.js";
import { checkKeys } from "./keys.js";
import { checkNameIsStr, checkNameLower } from "./names.js";
import { isList, isObj, isStr, MemberSource, type MaybeValue, type Source } from "./values.js";

// check_keys() lists for members and features, made once (not per member).
const NAME = ["name"];
const TYPE = ["type"];
const IF = ["if"];
const IF_FEATURES = ["if", "features"];

/**
 * normalize_members(): in a members object, a bare value `T` becomes
 * `{'type': T}`.  Map.set() on an existing key keeps its position, as
 * assigning to a Python dict key does.
 */
export function normalizeMembers(members: MaybeValue): void {
  if (!isObj(members)) {
    return;
  }
  // (forEach and Map.set(): `for (const [k, v] of map)` and the iterable
  // Map constructor allocate arrays per member.)
  members.forEach((arg, key) => {
    if (!isObj(arg)) {
      members.set(key, new Map().set("type", arg));
    }
  });
}

/** check_type_name(): absent, or the name of a type. */
export function checkTypeName(value: MaybeValue, info: QAPISourceInfo, source: Source): void {
  if (value !== undefined && !isStr(value)) {
    throw new QAPISemError(info, `${source} should be a type name`);
  }
}

function checkArrayOfOne(value: QAPIValue[], info: QAPISourceInfo, source: Source): void {
  if (value.length !== 1 || !isStr(value[0])) {
    throw new QAPISemError(info, `${source}: array type must contain single type name`);
  }
}

/** check_type_name_or_array(): absent, a type name, or `[type name]`. */
export function checkTypeNameOrArray(
  value: MaybeValue,
  info: QAPISourceInfo,
  source: Source,
): void {
  if (value === undefined || isStr(value)) {
    return;
  }
  if (!isList(value)) {
    throw new QAPISemError(info, `${source} should be a type name or array`);
  }
  checkArrayOfOne(value, info, source);
}

/**
 * cName(key, false) is 'u' or starts with 'has_', found without mapping
 * the name: c_name() keeps letters and digits and turns everything else
 * into '_'.
 */
function reservedMemberName(key: string): boolean {
  if (key === "u") {
    return true;
  }
  if (key.length < 4 || !key.startsWith("has")) {
    return false;
  }
  const c = key.charCodeAt(3);
  return !((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57));
}

/** The members of an implicit struct type, already normalized. */
function checkImplicitMembers(
  value: QAPIObject,
  info: QAPISourceInfo,
  source: Source,
  permissive: boolean,
  checkMemberType: (type: MaybeValue, source: Source) => void,
): void {
  value.forEach((arg, rawKey) => {
    const keySource = new MemberSource(source, rawKey);
    const key = rawKey.startsWith("*") ? rawKey.slice(1) : rawKey;
    checkNameLower(key, info, keySource, permissive, permissive);
    if (reservedMemberName(key)) {
      throw new QAPISemError(info, `${keySource} uses reserved name`);
    }
    if (!isObj(arg)) {
      // normalizeMembers() ran on every caller's value first.
      throw new Error(`internal error: ${keySource} not normalized`);
    }
    checkKeys(arg, info, keySource, TYPE, IF_FEATURES);
    checkIf(arg, info, keySource);
    checkFeatures(arg.get("features"), info);
    checkMemberType(arg.get("type"), keySource);
  });
}

/**
 * check_type_implicit(): absent, or an object defining an implicit struct
 * type.  Members of a type named in pragma member-name-exceptions
 * (`parentName`) may break the case rules.
 */
export function checkTypeImplicit(
  value: MaybeValue,
  info: QAPISourceInfo,
  source: Source,
  parentName: string | null,
): void {
  if (value === undefined) {
    return;
  }
  if (!isObj(value)) {
    throw new QAPISemError(info, `${source} should be an object or type name`);
  }
  const permissive = parentName !== null && info.pragma.memberNameExceptions.includes(parentName);
  checkImplicitMembers(value, info, source, permissive, (type, keySource) =>
    checkTypeNameOrArray(type, info, keySource),
  );
}

/** check_type_name_or_implicit(): absent, a type name, or an implicit type. */
export function checkTypeNameOrImplicit(
  value: MaybeValue,
  info: QAPISourceInfo,
  source: Source,
  parentName: string | null,
): void {
  if (value === undefined || isStr(value)) {
    return;
  }
  checkTypeImplicit(value, info, source, parentName);
}

/**
 * QEMU 7.2's check_type(): a type name is always fine; an array only with
 * `allowArray`; an implicit type only with `allowDict`, which when a string
 * names the parent type for pragma member-name-exceptions.
 */
export function legacyCheckType(
  value: MaybeValue,
  info: QAPISourceInfo,
  source: Source,
  allowArray = false,
  allowDict: boolean | string = false,
): void {
  if (value === undefined || isStr(value)) {
    return;
  }
  if (isList(value)) {
    if (!allowArray) {
      throw new QAPISemError(info, `${source} cannot be an array`);
    }
    checkArrayOfOne(value, info, source);
    return;
  }
  if (allowDict === false || allowDict === "") {
    throw new QAPISemError(info, `${source} should be a type name`);
  }
  if (!isObj(value)) {
    throw new QAPISemError(info, `${source} should be an object or type name`);
  }
  const permissive =
    typeof allowDict === "string" && info.pragma.memberNameExceptions.includes(allowDict);
  checkImplicitMembers(value, info, source, permissive, (type, keySource) =>
    legacyCheckType(type, info, keySource, true),
  );
}

/**
 * check_features(): an array whose string elements are normalized in place
 * to `{'name': ...}`; each feature has a lower-case name and maybe an 'if'.
 */
export function checkFeatures(features: MaybeValue, info: QAPISourceInfo): void {
  if (features === undefined) {
    return;
  }
  if (!isList(features)) {
    throw new QAPISemError(info, "'features' must be an array");
  }
  for (let i = 0; i < features.length; i++) {
    const f = features[i]!;
    if (!isObj(f)) {
      features[i] = new Map().set("name", f);
    }
  }
  for (const feat of features as QAPIObject[]) {
    const source = "'features' member";
    checkKeys(feat, info, source, NAME, IF);
    const name = feat.get("name");
    checkNameIsStr(name, info, source);
    const nameSource = new MemberSource("'features'", name);
    checkNameLower(name, info, nameSource);
    checkIf(feat, info, nameSource);
  }
}
