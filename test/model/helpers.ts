// Build checked schemas from in-memory definitions, bypassing the parser
// and expr-check, so model tests exercise exactly generator/src/model.
// Definitions must already be in normalized form (as checkExprs leaves them).

import { QAPISchema } from "../../generator/src/model/schema.js";
import { QAPISourceInfo } from "../../generator/src/source.js";
import type { QAPIExpression, QAPIValue } from "../../generator/src/syntax/expression.js";

export type Plain = string | boolean | Plain[] | { [key: string]: Plain };

function toValue(v: Plain): QAPIValue {
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(toValue);
  return new Map(Object.entries(v).map(([k, x]) => [k, toValue(x)]));
}

export type Def = Record<string, Plain>;

const METAS = ["enum", "struct", "union", "alternate", "command", "event"];

/** One expression per definition, on consecutive lines of `fname`. */
export function exprsOf(defs: Record<string, Plain>[], fname = "test.json"): QAPIExpression[] {
  const root = new QAPISourceInfo(fname, null);
  return defs.map((def, i) => {
    const info = root.atLine(i + 1);
    const meta = METAS.find((m) => m in def);
    if (meta) info.setDefn(meta, def[meta] as string);
    return { expr: toValue(def) as Map<string, QAPIValue>, info, doc: null };
  });
}

export function schemaOf(defs: Record<string, Plain>[], legacy = false): QAPISchema {
  return new QAPISchema("test.json", { exprs: exprsOf(defs), docs: [] }, { legacy });
}

/** String(err) of what building the schema throws. */
export function errorOf(defs: Record<string, Plain>[], legacy = false): string {
  try {
    schemaOf(defs, legacy);
  } catch (err) {
    return String(err);
  }
  throw new Error("schema was accepted");
}

/** Shorthand for a normalized member map: {a: 'int'} -> {a: {type: 'int'}}. */
export function members(m: Record<string, Plain>): Record<string, Plain> {
  return Object.fromEntries(Object.entries(m).map(([k, t]) => [k, { type: t }]));
}
