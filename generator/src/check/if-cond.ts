// Validation of 'if' conditions, mirroring check_if() of
// scripts/qapi/expr.py.  A condition is a config symbol name, or an object
// with exactly one of 'all' / 'any' (non-empty arrays of conditions) or
// 'not' (one condition), nested to any depth.

import { QAPISemError } from "../error.js";
import type { QAPIObject } from "../syntax/expression.js";
import type { QAPISourceInfo } from "../source.js";
import { checkKeys } from "./keys.js";
import { isList, isObj, isStr, type Source } from "./values.js";

/** check_if(): validate `expr`'s 'if' member, if it has one. */
export function checkIf(expr: QAPIObject, info: QAPISourceInfo, source: Source): void {
  const ifcond = expr.get("if");
  if (ifcond === undefined) {
    // Most members have no 'if': don't make the closures below.
    return;
  }
  const checkCond = (cond: unknown): void => {
    if (isStr(cond)) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(cond)) {
        throw new QAPISemError(
          info,
          `'if' condition '${cond}' of ${source} is not a valid identifier`,
        );
      }
      return;
    }
    if (!isObj(cond)) {
      throw new QAPISemError(info, `'if' condition of ${source} must be a string or an object`);
    }
    checkKeys(cond, info, `'if' condition of ${source}`, [], ["all", "any", "not"]);
    if (cond.size !== 1) {
      throw new QAPISemError(info, `'if' condition of ${source} has conflicting keys`);
    }
    if (cond.has("not")) {
      checkCond(cond.get("not"));
    } else if (cond.has("all")) {
      checkInfix("all", cond.get("all"));
    } else {
      checkInfix("any", cond.get("any"));
    }
  };

  const checkInfix = (operator: string, operands: unknown): void => {
    if (!isList(operands)) {
      throw new QAPISemError(info, `'${operator}' condition of ${source} must be an array`);
    }
    if (operands.length === 0) {
      throw new QAPISemError(info, `'if' condition [] of ${source} is useless`);
    }
    for (const operand of operands) {
      checkCond(operand);
    }
  };

  checkCond(ifcond);
}
