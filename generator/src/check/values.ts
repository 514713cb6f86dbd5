// Small predicates over parser values, standing in for the isinstance()
// and truthiness tests scripts/qapi/expr.py makes on its dicts and lists.
//
// An absent key is `undefined` here where QEMU sees None (dict.get()).

import type { QAPIObject, QAPIValue } from "../syntax/expression.js";

/** A parser value, or undefined for a missing key. */
export type MaybeValue = QAPIValue | undefined;

export function isStr(v: unknown): v is string {
  return typeof v === "string";
}

export function isList(v: unknown): v is QAPIValue[] {
  return Array.isArray(v);
}

export function isObj(v: unknown): v is QAPIObject {
  return v instanceof Map;
}

/** Python's bool(v) for the values a schema can hold. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === "") {
    return false;
  }
  if (Array.isArray(v)) {
    return v.length > 0;
  }
  if (v instanceof Map) {
    return v.size > 0;
  }
  return true;
}

/** Python's '%s' of a value that may be None. */
export function pyStr(v: string | null | undefined): string {
  return v === null || v === undefined ? "None" : v;
}

/**
 * What a message calls a member being checked ("'data' member 'foo'"),
 * made into text only when a message is: the checks pass every member's
 * description down, and almost never use it.  (Messages interpolate it,
 * which calls toString().)
 */
export class MemberSource {
  declare readonly parent: Source;
  declare readonly key: string;

  constructor(parent: Source, key: string) {
    this.parent = parent;
    this.key = key;
  }

  toString(): string {
    return `${this.parent} member '${this.key}'`;
  }
}

/** The thing a check names in its messages. */
export type Source = string | MemberSource;
