// Conditions ('if'), mirroring scripts/qapi/schema.py QAPISchemaIfCond and
// the gen_ifcond() helpers of scripts/qapi/common.py.
//
// A condition is kept as the value expr.py validated: a config symbol
// (string) or a one-key object {'all': [...]} | {'any': [...]} | {'not': c}.
// Backends choose what to do with it; the textual forms below are the ones
// QEMU's generators print (C preprocessor, documentation, and the Python
// repr that test-qapi.py dumps).

import type { QAPIValue } from "../syntax/expression.js";
import { isQAPIObject } from "../syntax/expression.js";

/** A condition expression as written in the schema (after expr-check). */
export type IfCondExpr = QAPIValue;

interface IfCondFormat {
  cond: (sym: string) => string;
  not: (operand: string) => string;
  all: string;
  any: string;
}

const C_FORMAT: IfCondFormat = {
  cond: (s) => `defined(${s})`,
  not: (o) => `!${o}`,
  all: " && ",
  any: " || ",
};

const DOC_FORMAT: IfCondFormat = {
  cond: (s) => s,
  not: (o) => `not ${o}`,
  all: " and ",
  any: " or ",
};

// common.py gen_ifcond(): operands of an infix operator are parenthesised,
// the outermost expression is not.
function genIfcond(cond: IfCondExpr, fmt: IfCondFormat, needParens: boolean): string {
  if (typeof cond === "string") {
    return fmt.cond(cond);
  }
  if (!isQAPIObject(cond) || cond.size !== 1) {
    throw new Error("malformed 'if' condition reached the model");
  }
  const not = cond.get("not");
  if (not !== undefined) {
    return fmt.not(genIfcond(not, fmt, true));
  }
  const all = cond.get("all");
  const operands = (all ?? cond.get("any")) as QAPIValue[];
  const op = all !== undefined ? fmt.all : fmt.any;
  const gen = operands.map((o) => genIfcond(o, fmt, true)).join(op);
  return needParens ? `(${gen})` : gen;
}

/** Python's repr() of a str: single quotes unless the text has ' and no ". */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of a JSON-like value (dicts keep insertion order). */
export function pyRepr(v: QAPIValue): string {
  if (typeof v === "string") return pyStrRepr(v);
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Array.isArray(v)) return "[" + v.map(pyRepr).join(", ") + "]";
  const items = [...v].map(([k, val]) => `${pyStrRepr(k)}: ${pyRepr(val)}`);
  return "{" + items.join(", ") + "}";
}

export class QAPISchemaIfCond {
  /** The shared "no condition" (conditions are immutable). */
  static readonly NONE = new QAPISchemaIfCond();

  /** The condition as written, or null when unconditional. */
  readonly ifcond: IfCondExpr | null;

  constructor(ifcond: IfCondExpr | null | undefined = null) {
    this.ifcond = ifcond ?? null;
  }

  /** QEMU's is_present(): is there a condition at all? */
  isPresent(): boolean {
    if (this.ifcond === null) return false;
    // Python truthiness: '' and an empty dict are "absent".
    if (typeof this.ifcond === "string") return this.ifcond !== "";
    if (isQAPIObject(this.ifcond)) return this.ifcond.size > 0;
    if (Array.isArray(this.ifcond)) return this.ifcond.length > 0;
    return this.ifcond;
  }

  /** C preprocessor expression, e.g. `defined(A) && !defined(B)` (QEMU _cgen). */
  cgen(): string {
    return this.isPresent() ? genIfcond(this.ifcond!, C_FORMAT, false) : "";
  }

  /** Human-readable form for documentation, e.g. `A and not B` (QEMU docgen). */
  docgen(): string {
    return this.isPresent() ? genIfcond(this.ifcond!, DOC_FORMAT, false) : "";
  }

  /** `#if ...` line (with newline) as QEMU's gen_if prints, or "". */
  genIf(): string {
    const cond = this.cgen();
    return cond ? `#if ${cond}\n` : "";
  }

  /** `#endif /* ... *\/` line as QEMU's gen_endif prints, or "". */
  genEndif(): string {
    const cond = this.cgen();
    return cond ? `#endif /* ${cond} */\n` : "";
  }

  /**
   * The text test-qapi.py prints after "if ": Python's str() of the raw
   * condition (a bare symbol, or the dict's repr).
   */
  pythonStr(): string {
    if (this.ifcond === null) return "None";
    return typeof this.ifcond === "string" ? this.ifcond : pyRepr(this.ifcond);
  }
}
