/**
 * The error a failed fast check (check.ts) returns: the failure record,
 * captured when the check fails, and QEMU's message, built from it the
 * first time `desc` or `message` is read.
 *
 * Why lazily: building the message (three or four string concatenations)
 * costs as much as the whole check of a small value, and a caller that only
 * tests whether a value is valid, or tries several types, never reads it.
 * The record is a copy, so the message does not depend on what happens to
 * the checked value afterwards (the one case that needs the value, an
 * unexpected member, has its name worked out before the check returns).
 *
 * Instances are QmpErrors (instanceof, errorClass "GenericError", desc,
 * message, name "QmpError"), as validate.ts's eagerly built errors are;
 * serialized (toJSON) one is {errorClass, desc}.
 */

import { QmpError } from "./qmp-error.js";
import { DEPRECATED } from "./validate.js";

// Failure codes (the record's `code`).
export const MISSING = 1;
export const TYPE = 2;
export const U64 = 3;
export const RANGE = 4;
export const ENUM = 5;
export const ALT = 6;
export const UNEXPECTED = 7;
export const DEPTH = 8;
export const POLICY = 9;


// The record's fields are plain properties set in the constructor and only
// declared to TypeScript: class fields (private or not) would make V8 call
// a field initializer on every failure, and symbol-keyed properties make
// the constructor several times slower.

/** A failed check's QmpError; see the header. */
class CheckError {
  /** "GenericError", on the prototype: one store less per failure. */
  declare readonly errorClass: string;
  /** The message, once built (absent until then: one store less per failure). */
  declare private _text?: string;
  declare private readonly _code: number;
  /** TYPE: expected type; RANGE: C type; ENUM: the value; ALT: the alternate; POLICY: the name; UNEXPECTED: the member. */
  declare private readonly _aux: string;
  /** POLICY: the features that reject, and VALUE for an enum value; DEPTH: the limit. */
  declare private readonly _auxN: number;
  /** The root's name (null: none). */
  declare private readonly _root: string | null;
  /**
   * Keys and indices from the failing value up to the root (leaf first):
   * how many, the first two, the rest (null: none), so that an error with
   * a short path is one allocation.
   */
  declare private readonly _len: number;
  declare private readonly _p0: string | number;
  declare private readonly _p1: string | number;
  declare private readonly _rest: readonly (string | number)[] | null;

  constructor(
    code: number,
    aux: string,
    auxN: number,
    name: string | null,
    len: number,
    p0: string | number,
    p1: string | number,
    rest: readonly (string | number)[] | null,
  ) {
    this._code = code;
    this._aux = aux;
    this._auxN = auxN;
    this._root = name;
    this._len = len;
    this._p0 = p0;
    this._p1 = p1;
    this._rest = rest;
  }

  /** QEMU's message, built on first use. */
  get desc(): string {
    return (this._text ??= this.render());
  }

  get message(): string {
    return this.desc;
  }

  /** No stack trace is captured: it would only point into generated code. */
  get stack(): string {
    return `QmpError: ${this.desc}`;
  }

  toJSON(): { errorClass: string; desc: string } {
    return { errorClass: this.errorClass, desc: this.desc };
  }

  private render(): string {
    const aux = this._aux;
    switch (this._code) {
      case MISSING:
        return `${this.fullName(PARAMETER, null)}' is missing`;
      case TYPE:
        return `Invalid parameter type for '${this.fullName("", null)}${expectedTail(aux)}`;
      case U64:
        return `${this.fullName(PARAMETER, null)}' expects uint64`;
      case RANGE:
        return `Parameter '${this.bareName()}' expects ${aux}`;
      case ENUM:
        return `Parameter '${this.bareName()}' does not accept value '${aux}'`;
      case ALT:
        return `Invalid parameter type for '${this.bareName()}', expected: ${aux}`;
      case UNEXPECTED:
        return `${this.fullName(PARAMETER, aux)}' is unexpected`;
      case DEPTH:
        return `${this.fullName(PARAMETER, null)}' exceeds the nesting depth limit of ${this._auxN}`;
      default:
        return `${this._auxN & DEPRECATED ? "Deprecated" : "Unstable"} ${this._auxN & VALUE ? "value" : "parameter"} ${aux} disabled by policy`;
    }
  }

  /**
   * `head` and full_name_nth() of the failing value (`extra`: a
   * member of it): "a.b", "devices[3]", the root's own name first if it
   * has one.
   */
  private fullName(head: string, extra: string | null): string {
    const path = this.path();
    let i = path.length - 1;
    let s = head;
    if (this._root !== null) s += this._root;
    else if (i >= 0) s += segment(path[i--]!, "");
    else return s + (extra ?? "<anonymous>");
    for (; i >= 0; i--) s += segment(path[i]!, ".");
    return extra === null ? s : `${s}.${extra}`;
  }

  /** The failing value's own name: "null" in a list. */
  private bareName(): string {
    if (this._len === 0) return this._root ?? "null";
    const k = this._p0;
    return typeof k === "number" ? "null" : k;
  }

  private path(): (string | number)[] {
    const path = [this._p0, this._p1, ...(this._rest ?? [])];
    path.length = this._len;
    return path;
  }
}
Object.setPrototypeOf(CheckError.prototype, QmpError.prototype);
Object.defineProperty(CheckError.prototype, "errorClass", { value: "GenericError", writable: true, configurable: true });
Object.defineProperty(CheckError.prototype, "name", { value: "QmpError", writable: true, configurable: true });

const PARAMETER = "Parameter '";

/** Bit of a POLICY record's auxN: an enum value (else a member) was refused. */
const VALUE = 1 << 8;

/** One step of a name: "[3]" for an index, `dot` and the key for a member. */
function segment(k: string | number, dot: string): string {
  return typeof k === "string" ? dot + k : `[${k}]`;
}

/** The end of a wrong-type message. */
function expectedTail(t: string): string {
  return `', expected: ${t}`;
}

/** The QmpError for a failure record (`path`: the first `len` entries are the failure's). */
export function checkError(
  code: number,
  aux: string,
  auxN: number,
  auxKind: string,
  name: string | null,
  path: readonly (string | number)[],
  len: number,
): QmpError {
  const rest = len > 2 ? path.slice(2, len) : null;
  const n = auxKind === "value" ? auxN | VALUE : auxN;
  return new CheckError(code, aux, n, name, len, len > 0 ? path[0]! : 0, len > 1 ? path[1]! : 0, rest) as unknown as QmpError;
}
