// Key-set and flag checks, mirroring check_keys() and check_flags() of
// scripts/qapi/expr.py.

import { QAPISemError } from "../error.js";
import type { QAPIObject } from "../syntax/expression.js";
import type { QAPISourceInfo } from "../source.js";
import type { Source } from "./values.js";

/** Python's sorted() on strings: code point order (ASCII here). */
function pprint(elems: Iterable<string>): string {
  return [...elems]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((e) => `'${e}'`)
    .join(", ");
}

/**
 * check_keys(): every required key present (checked first), and no key
 * outside required + optional.  Both lists are printed sorted.
 */
export function checkKeys(
  value: QAPIObject,
  info: QAPISourceInfo,
  source: Source,
  required: readonly string[],
  optional: readonly string[],
): void {
  // Fast path without allocation: most definitions are fine.
  let bad = false;
  for (const k of required) {
    if (!value.has(k)) bad = true;
  }
  for (const k of value.keys()) {
    if (!required.includes(k) && !optional.includes(k)) bad = true;
  }
  if (!bad) {
    return;
  }
  const missing = new Set(required.filter((k) => !value.has(k)));
  if (missing.size > 0) {
    throw new QAPISemError(
      info,
      `${source} misses key${missing.size > 1 ? "s" : ""} ${pprint(missing)}`,
    );
  }
  const allowed = new Set([...required, ...optional]);
  const unknown = new Set([...value.keys()].filter((k) => !allowed.has(k)));
  throw new QAPISemError(
    info,
    `${source} has unknown key${unknown.size > 1 ? "s" : ""} ${pprint(unknown)}\n` +
      `Valid keys are ${pprint(allowed)}.`,
  );
}

const FALSE_FLAGS = ["gen", "success-response"];
const TRUE_FLAGS = ["boxed", "allow-oob", "allow-preconfig", "coroutine"];

/**
 * check_flags(): 'gen' and 'success-response' may only be false; 'boxed',
 * 'allow-oob', 'allow-preconfig' and 'coroutine' only true; 'allow-oob'
 * and 'coroutine' exclude each other.
 */
export function checkFlags(expr: QAPIObject, info: QAPISourceInfo): void {
  for (const key of FALSE_FLAGS) {
    if (expr.has(key) && expr.get(key) !== false) {
      throw new QAPISemError(info, `flag '${key}' may only use false value`);
    }
  }
  for (const key of TRUE_FLAGS) {
    if (expr.has(key) && expr.get(key) !== true) {
      throw new QAPISemError(info, `flag '${key}' may only use true value`);
    }
  }
  if (expr.has("allow-oob") && expr.has("coroutine")) {
    // QEMU forbids the combination until someone needs it.
    throw new QAPISemError(info, "flags 'allow-oob' and 'coroutine' are incompatible");
  }
}
