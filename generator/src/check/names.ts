// Name rules for definitions and members, mirroring the check_name_*()
// family of scripts/qapi/expr.py (identical in QEMU 7.2 and 10.0).

import { QAPISemError } from "../error.js";
import type { QAPISourceInfo } from "../source.js";
import type { Source } from "./values.js";

// QEMU's valid_name regex, /^(__[a-z0-9.-]+_)?(x-)?([a-z][a-z0-9_-]*)$/i:
// an optional downstream prefix __RFQDN_, an optional 'x-', then the stem.
// Schema strings are printable ASCII (the lexer rejects anything else), so
// ASCII case-insensitivity is exactly Python's re.IGNORECASE here.  It is
// matched by the scan below (every name of the schema is checked; a
// RegExp match allocates an array and three strings each time).

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Does name.slice(i) match [a-z][a-z0-9_-]* (ignoring case) to the end? */
function isStemAt(name: string, i: number): boolean {
  if (i >= name.length || !isLetter(name.charCodeAt(i))) {
    return false;
  }
  for (let k = i + 1; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (!(isLetter(c) || isDigit(c) || c === 95 /* _ */ || c === 45) /* - */) {
      return false;
    }
  }
  return true;
}

/** Where valid_name's stem group starts in `name`, or -1 if no match. */
function stemStart(name: string): number {
  let i = 0;
  if (name.charCodeAt(0) === 95 && name.charCodeAt(1) === 95) {
    // '__' can only start the prefix: [a-z0-9.-]+ then '_' (the class
    // excludes '_', so there is nothing to backtrack into).
    let k = 2;
    for (; k < name.length; k++) {
      const c = name.charCodeAt(k);
      if (!(isLetter(c) || isDigit(c) || c === 46 /* . */ || c === 45)) break;
    }
    if (k === 2 || name.charCodeAt(k) !== 95) {
      return -1;
    }
    i = k + 1;
  }
  // 'x-' belongs to the optional group when what follows is a stem;
  // otherwise the regex backtracks and the stem starts with the 'x'.
  const c = name.charCodeAt(i);
  if ((c === 120 || c === 88) && name.charCodeAt(i + 1) === 45 && isStemAt(name, i + 2)) {
    return i + 2;
  }
  return isStemAt(name, i) ? i : -1;
}

/** check_name_is_str(): the name must be a string. */
export function checkNameIsStr(
  name: unknown,
  info: QAPISourceInfo,
  source: Source,
): asserts name is string {
  if (typeof name !== "string") {
    throw new QAPISemError(info, `${source} requires a string name`);
  }
}

/**
 * check_name_str(): a valid QAPI name, not in the 'q_' namespace reserved
 * for generated names.  Returns the stem without prefixes.
 */
export function checkNameStr(name: string, info: QAPISourceInfo, source: Source): string {
  const start = stemStart(name);
  if (start < 0 || reservedQ(name)) {
    throw new QAPISemError(info, `${source} has an invalid name`);
  }
  return start === 0 ? name : name.slice(start);
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
export function checkNameUpper(name: string, info: QAPISourceInfo, source: Source): void {
  const stem = checkNameStr(name, info, source);
  if (/[a-z-]/.test(stem)) {
    throw new QAPISemError(info, `name of ${source} must not use lowercase or '-'`);
  }
}

/** check_name_lower(): command and member names, no uppercase or '_'. */
export function checkNameLower(
  name: string,
  info: QAPISourceInfo,
  source: Source,
  permitUpper = false,
  permitUnderscore = false,
): void {
  const stem = checkNameStr(name, info, source);
  if ((!permitUpper && /[A-Z]/.test(stem)) || (!permitUnderscore && stem.includes("_"))) {
    throw new QAPISemError(info, `name of ${source} must not use uppercase or '_'`);
  }
}

/** check_name_camel(): type names in CamelCase. */
export function checkNameCamel(name: string, info: QAPISourceInfo, source: Source): void {
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
