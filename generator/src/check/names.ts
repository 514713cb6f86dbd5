// Name rules for definitions and members, mirroring the check_name_*()
// family of scripts/qapi/expr.py (identical in QEMU 7.2 and 10.0).

import { QAPISemError } from "../error.js";
import type { QAPISourceInfo } from "../source.js";

// An optional downstream prefix __RFQDN_, an optional 'x-', then the stem.
// Schema strings are printable ASCII (the lexer rejects anything else), so
// ASCII case-insensitivity is exactly Python's re.IGNORECASE here.
const VALID_NAME = /^(__[a-z0-9.-]+_)?(x-)?([a-z][a-z0-9_-]*)$/i;

/** check_name_is_str(): the name must be a string. */
export function checkNameIsStr(
  name: unknown,
  info: QAPISourceInfo,
  source: string,
): asserts name is string {
  if (typeof name !== "string") {
    throw new QAPISemError(info, `${source} requires a string name`);
  }
}

/**
 * check_name_str(): a valid QAPI name, not in the 'q_' namespace reserved
 * for generated names.  Returns the stem without prefixes.
 */
export function checkNameStr(name: string, info: QAPISourceInfo, source: string): string {
  const match = VALID_NAME.exec(name);
  if (!match || reservedQ(name)) {
    throw new QAPISemError(info, `${source} has an invalid name`);
  }
  return match[3]!;
}

/**
 * cName(name, false).startsWith("q_") without mapping the name: c_name()
 * turns every character outside [A-Za-z0-9_] (and '_' itself) into '_'.
 */
function reservedQ(name: string): boolean {
  if (name.length < 2 || name.charCodeAt(0) !== 113 /* q */) {
    return false;
  }
  const c = name.charCodeAt(1);
  return !((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57));
}

/** check_name_upper(): event names, no lowercase and no '-' in the stem. */
export function checkNameUpper(name: string, info: QAPISourceInfo, source: string): void {
  const stem = checkNameStr(name, info, source);
  if (/[a-z-]/.test(stem)) {
    throw new QAPISemError(info, `name of ${source} must not use lowercase or '-'`);
  }
}

/** check_name_lower(): command and member names, no uppercase or '_'. */
export function checkNameLower(
  name: string,
  info: QAPISourceInfo,
  source: string,
  permitUpper = false,
  permitUnderscore = false,
): void {
  const stem = checkNameStr(name, info, source);
  if ((!permitUpper && /[A-Z]/.test(stem)) || (!permitUnderscore && stem.includes("_"))) {
    throw new QAPISemError(info, `name of ${source} must not use uppercase or '_'`);
  }
}

/** check_name_camel(): type names in CamelCase. */
export function checkNameCamel(name: string, info: QAPISourceInfo, source: string): void {
  const stem = checkNameStr(name, info, source);
  if (!/^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/.test(stem)) {
    throw new QAPISemError(info, `name of ${source} must use CamelCase`);
  }
}

/**
 * check_defn_name_str(): events are upper case, commands lower case
 * (with '_' allowed by pragma command-name-exceptions), types CamelCase
 * and not ending in 'List' (reserved for array types).
 */
export function checkDefnNameStr(name: string, info: QAPISourceInfo, meta: string): void {
  if (meta === "event") {
    checkNameUpper(name, info, meta);
  } else if (meta === "command") {
    const permitUnderscore = info.pragma.commandNameExceptions.includes(name);
    checkNameLower(name, info, meta, false, permitUnderscore);
  } else {
    checkNameCamel(name, info, meta);
    if (name.endsWith("List")) {
      throw new QAPISemError(info, `${meta} name should not end in 'List'`);
    }
  }
}
