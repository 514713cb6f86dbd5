// The values the parser produces, mirroring scripts/qapi/parser.py's
// _ExprValue and QAPIExpression.
//
// QAPI objects are Maps, not plain JS objects: a Map keeps the source order of
// every key (plain objects move integer-like keys first) and a key such as
// `__proto__` or `constructor` is just data.

import type { QAPIDoc } from "../doc/qapidoc.js";
import type { QAPISourceInfo } from "../source.js";

export type QAPIValue = string | boolean | QAPIValue[] | QAPIObject;
export type QAPIObject = Map<string, QAPIValue>;

/** One top-level definition (or directive) with its location and doc. */
export interface QAPIExpression {
  /** The definition's members, e.g. `struct`, `data`, `if`, `features`. */
  readonly expr: QAPIObject;
  readonly info: QAPISourceInfo;
  readonly doc: QAPIDoc | null;
}

export function isQAPIObject(v: unknown): v is QAPIObject {
  return v instanceof Map;
}
