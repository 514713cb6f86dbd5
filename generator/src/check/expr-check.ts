// Entry point of the context-free checks: mirrors check_exprs() of
// scripts/qapi/expr.py.  Validates every definition's shape and names, and
// normalizes it in place (members, features and enum values become
// objects) so the schema builder sees one canonical form.

import { QAPISemError } from "../error.js";
import type { QAPIExpression } from "../syntax/expression.js";
import {
  checkAlternate,
  checkCommand,
  checkEnum,
  checkEvent,
  checkStruct,
  checkUnion,
  type DefnContext,
} from "./defs.js";
import { checkIf } from "./if-cond.js";
import { checkFlags, checkKeys } from "./keys.js";
import { checkDefnNameStr, checkNameIsStr } from "./names.js";
import { checkFeatures, normalizeMembers } from "./types.js";
import { pyStr } from "./values.js";

export interface CheckExprsOptions {
  /** Apply QEMU 7.2's rules and messages instead of 10.0's. */
  legacy?: boolean;
}

const METAS = ["enum", "struct", "union", "alternate", "command", "event"] as const;
type Meta = (typeof METAS)[number];

const COMMAND_OPTIONAL = [
  "data",
  "returns",
  "boxed",
  "if",
  "features",
  "gen",
  "success-response",
  "allow-oob",
  "allow-preconfig",
  "coroutine",
];

// check_keys() lists per meta, made once (not per definition).
const KEYS = {
  enum: [["enum", "data"], ["if", "features", "prefix"]],
  union: [["union", "base", "discriminator", "data"], ["if", "features"]],
  alternate: [["alternate", "data"], ["if", "features"]],
  struct: [["struct", "data"], ["base", "if", "features"]],
  command: [["command"], COMMAND_OPTIONAL],
  event: [["event"], ["data", "boxed", "if", "features"]],
} as const satisfies Record<Meta, readonly [readonly string[], readonly string[]]>;

/** check_keys(), normalization and the meta-specific check, as QEMU orders them. */
function checkDefinition(meta: Meta, ctx: DefnContext): void {
  const { expr, info } = ctx;
  const [required, optional] = KEYS[meta];
  switch (meta) {
    case "enum":
      checkKeys(expr, info, meta, required, optional);
      checkEnum(ctx);
      break;
    case "union":
      checkKeys(expr, info, meta, required, optional);
      normalizeMembers(expr.get("base"));
      normalizeMembers(expr.get("data"));
      checkUnion(ctx);
      break;
    case "alternate":
      checkKeys(expr, info, meta, required, optional);
      normalizeMembers(expr.get("data"));
      checkAlternate(ctx);
      break;
    case "struct":
      checkKeys(expr, info, meta, required, optional);
      normalizeMembers(expr.get("data"));
      checkStruct(ctx);
      break;
    case "command":
      checkKeys(expr, info, meta, required, optional);
      normalizeMembers(expr.get("data"));
      checkCommand(ctx);
      break;
    case "event":
      checkKeys(expr, info, meta, required, optional);
      normalizeMembers(expr.get("data"));
      checkEvent(ctx);
      break;
  }
}

/**
 * check_exprs(): validate and normalize parsed expressions in place and
 * return the same array.  Throws QAPISemError at the first problem, in
 * QEMU's order: meta key, name, doc comment, keys, meta checks, 'if',
 * features, flags.  Also records each definition on its info (setDefn) so
 * later errors say "In <meta> '<name>':".
 */
export function checkExprs(
  exprs: QAPIExpression[],
  opts: CheckExprsOptions = {},
): QAPIExpression[] {
  const legacy = opts.legacy ?? false;
  for (const qexpr of exprs) {
    const { expr, info, doc } = qexpr;
    if (expr.has("include")) {
      continue;
    }
    let meta: Meta | undefined;
    let metaCount = 0;
    for (const m of METAS) {
      if (expr.has(m)) {
        meta = m;
        metaCount++;
      }
    }
    if (metaCount !== 1) {
      throw new QAPISemError(
        info,
        "expression must have exactly one key 'enum', 'struct', 'union'," +
          " 'alternate', 'command', 'event'",
      );
    }
    meta = meta!;
    const name = expr.get(meta);
    checkNameIsStr(name, info, `'${meta}'`);
    info.setDefn(meta, name);
    checkDefnNameStr(name, info, meta);

    if (doc) {
      if (doc.symbol !== name) {
        throw new QAPISemError(info, `documentation comment is for '${pyStr(doc.symbol)}'`);
      }
      doc.checkExpr(qexpr);
    } else if (info.pragma.docRequired) {
      throw new QAPISemError(info, "documentation comment required");
    }

    checkDefinition(meta, { expr, info, legacy });
    checkIf(expr, info, meta);
    checkFeatures(expr.get("features"), info);
    checkFlags(expr, info);
  }
  return exprs;
}
