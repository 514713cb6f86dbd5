/**
 * The primitives generated validators (validators/*.ts) are made of: a port
 * of QEMU's qobject-input-visitor (qapi/qobject-input-visitor.c) and the
 * checks of qapi/qapi-visit-core.c, with QEMU's exact error texts.
 *
 * Generated code mirrors QEMU's generated visit_type_*() functions
 * (scripts/qapi/visit.py): members in schema order (base first), optional
 * members only when present, union branches by the discriminator's value,
 * alternates by the JSON type of the input, and unexpected members only after
 * all known ones (qobject_input_check_struct).  The first problem wins.
 *
 * A Frame is QEMU's StackObject: a dict or list being visited.  It records
 * the name of the member being visited inside it (`key`; null for list
 * elements), so errors can be named exactly as full_name_nth() names them
 * ("devices[0]", "a.b"), and it counts the members read, so that a struct
 * with no unknown members is accepted without building GLib's hash table
 * (only an error path computes which unexpected member QEMU would name).
 *
 * Input values (see dispatch-types.ts): with `wire: true` (the default, the
 * QMP server's representation) JSON integers are bigint and every `number`
 * is a JSON float, so `1.0` is not an integer, as in QEMU.  With
 * `wire: false` (values written by JavaScript callers) a `number` for which
 * Number.isInteger() holds is an integer too.  Integer members come back as
 * `number`: int64/uint64/size values beyond 2^53 lose precision; uint64 and
 * size accept negative integers and wrap them modulo 2^64, as QEMU does.
 *
 * Objects are read with own-property semantics only: '__proto__',
 * 'constructor', 'toString' are ordinary member names; results are fresh
 * objects whose inherited-looking members are defined as own properties.
 * Anything thrown is a QmpError (GenericError).
 *
 * Dependency-free on purpose (besides its siblings): generated code imports it.
 */

import { firstUnvisitedKey } from "./ghash.js";
import { QmpError } from "./qmp-error.js";

/** A JSON object being built or read. */
export type Obj = Record<string, unknown>;

/** What the -compat policy does with deprecated/unstable input. */
export type InputPolicy = "accept" | "reject";

export interface ValidateOptions {
  /**
   * true (default): values as the QMP server parses them (integers bigint,
   * floats number).  false: any integral `number` is an integer as well.
   */
  readonly wire?: boolean;
  /**
   * QEMU's -compat deprecated-input=... and unstable-input=...: "reject"
   * refuses members and enum values with the deprecated/unstable feature
   * ("Deprecated parameter x disabled by policy").  Default: accept.
   */
  readonly policy?: {
    readonly deprecatedInput?: InputPolicy;
    readonly unstableInput?: InputPolicy;
  };
  /**
   * The keys of an input object in the order they were inserted into it
   * (the JSON text's order).  Only used to name the unexpected member QEMU
   * would name when there are several; defaults to Object.keys(), which
   * differs only for integer-like keys ("1", "42").
   */
  readonly keyOrder?: (obj: object) => readonly string[];
  /** Deepest nesting of objects and arrays accepted (default 1024, QEMU's JSON parser limit). */
  readonly maxDepth?: number;
}

/** Feature bits (QEMU's QAPI_DEPRECATED / QAPI_UNSTABLE). */
export const DEPRECATED = 1;
export const UNSTABLE = 2;

/** QType codes for alternates (qobject_type()). */
export const QNULL = 1;
export const QNUM = 2;
export const QSTRING = 3;
export const QDICT = 4;
export const QLIST = 5;
export const QBOOL = 6;

const MAX_DEPTH = 1024;

class Ctx {
  readonly wire: boolean;
  readonly rejectDeprecated: boolean;
  readonly rejectUnstable: boolean;
  readonly keyOrder: ((obj: object) => readonly string[]) | undefined;
  readonly maxDepth: number;

  constructor(opts: ValidateOptions) {
    this.wire = opts.wire ?? true;
    this.rejectDeprecated = opts.policy?.deprecatedInput === "reject";
    this.rejectUnstable = opts.policy?.unstableInput === "reject";
    this.keyOrder = opts.keyOrder;
    this.maxDepth = opts.maxDepth ?? MAX_DEPTH;
  }
}

const DEFAULT_CTX = new Ctx({});

const ROOT = 0;
const DICT = 1;
const LIST = 2;

function fail(desc: string): QmpError {
  return new QmpError("GenericError", desc);
}

/** Visits the members of a struct into `r` (generated $members* functions). */
export type MembersFn = (o: Obj, f: Frame, r: Obj) => void;

/** A value visitor: `v` is the value named `up.key` inside container `up`. */
export type VisitFn<T> = (v: unknown, up: Frame) => T;

/** A container being visited (QEMU's StackObject), or the root. */
export class Frame {
  /** Name of what is being visited inside this container (null in lists). */
  key: string | null = null;
  /** List frames: index of the element being visited. */
  index = 0;
  /** Dict frames: members read so far. */
  n = 0;
  /** Dict frames, error path only: the members read, in order. */
  seen: string[] | null = null;

  constructor(
    /** The enclosing container; null for the root. */
    readonly up: Frame | null,
    /** This container's name in its parent (null for list elements and the root). */
    readonly name: string | null,
    readonly kind: number,
    readonly ctx: Ctx,
    readonly depth: number,
    /** The dict (DICT) or array (LIST); null for the root. */
    readonly o: Obj,
    readonly a: readonly unknown[],
  ) {}

  /** Reads member `k` of this dict for visiting (qobject_input_get_object). */
  m(o: Obj, k: string): unknown {
    this.key = k;
    const v = o[k];
    if (v !== undefined) {
      this.n++;
      if (this.seen !== null) this.seen.push(k);
    }
    return v;
  }

  /** m() for names Object.prototype also has ('constructor', '__proto__', ...). */
  own(o: Obj, k: string): unknown {
    this.key = k;
    if (!Object.hasOwn(o, k)) return undefined;
    const v = o[k];
    if (v !== undefined) {
      this.n++;
      if (this.seen !== null) this.seen.push(k);
    }
    return v;
  }

  /** visit_policy_reject() for a member with special features. */
  policy(features: number, name: string): void {
    checkPolicy(this.ctx, features, "parameter", name);
  }

  /** visit_start_struct() of value `v` (named this.key): the struct's frame. */
  struct(v: unknown): Frame {
    if (v === undefined) throw missing(this);
    if (!isDict(v)) throw typeError(this, "object");
    return this.push(DICT, v, EMPTY);
  }

  /** visit_start_list() of value `v` (named this.key): the list's frame. */
  list(v: unknown): Frame {
    if (v === undefined) throw missing(this);
    if (!Array.isArray(v)) throw typeError(this, "array");
    return this.push(LIST, EMPTY_OBJ, v);
  }

  private push(kind: number, o: Obj, a: readonly unknown[]): Frame {
    const depth = this.depth + 1;
    if (depth > this.ctx.maxDepth) {
      throw fail(`Parameter '${fullName(this, this.key)}' exceeds the nesting depth limit of ${this.ctx.maxDepth}`);
    }
    return new Frame(this, this.key, kind, this.ctx, depth, o, a);
  }

  /**
   * visit_check_struct(): every member of the dict must have been read.
   * `members` is re-run on the error path to learn the reading order.
   */
  end(members: MembersFn): void {
    let count = 0;
    for (const k in this.o) if (this.o[k] !== undefined) count++;
    if (count !== this.n) this.unexpected(members);
  }

  private unexpected(members: MembersFn): void {
    const o = this.o;
    const replay = new Frame(this.up, this.name, DICT, this.ctx, this.depth, o, EMPTY);
    replay.seen = [];
    members(o, replay, {});
    const order = this.ctx.keyOrder?.(o) ?? Object.keys(o);
    const keys = order.filter((k) => Object.hasOwn(o, k) && o[k] !== undefined);
    const key = firstUnvisitedKey(keys, replay.seen);
    if (key !== undefined) throw fail(`Parameter '${fullName(this, key)}' is unexpected`);
  }
}

const EMPTY: readonly unknown[] = Object.freeze([]);
const EMPTY_OBJ: Obj = Object.freeze(Object.create(null) as Obj);

/** A plain JSON object: not null, not an array, prototype null or Object.prototype. */
export function isDict(v: unknown): v is Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const p: unknown = Object.getPrototypeOf(v);
  return p === null || p === Object.prototype;
}

/**
 * full_name_nth(qiv, name, 0): the name of `name` inside container `up`,
 * e.g. "devices[0]", "a.b"; "<anonymous>" when nothing names it.
 */
export function fullName(up: Frame, name: string | null): string {
  let s = "";
  let nm = name;
  for (let so: Frame = up; so.up !== null; so = so.up) {
    s = so.kind === DICT ? `.${nm ?? "<anonymous>"}${s}` : `[${so.index}]${s}`;
    nm = so.name;
  }
  if (nm !== null) return nm + s;
  if (s.startsWith(".")) return s.slice(1);
  return s === "" ? "<anonymous>" : s;
}

function missing(up: Frame): QmpError {
  return fail(`Parameter '${fullName(up, up.key)}' is missing`);
}

function typeError(up: Frame, expected: string): QmpError {
  return fail(`Invalid parameter type for '${fullName(up, up.key)}', expected: ${expected}`);
}

// Range errors (visit_type_intN/uintN) and enum errors print the bare name.
function bareName(up: Frame): string {
  return up.key ?? "null";
}

function checkPolicy(ctx: Ctx, features: number, kind: string, name: string): void {
  if (features & DEPRECATED && ctx.rejectDeprecated) throw fail(`Deprecated ${kind} ${name} disabled by policy`);
  if (features & UNSTABLE && ctx.rejectUnstable) throw fail(`Unstable ${kind} ${name} disabled by policy`);
}

/** 'str' */
export function str(v: unknown, up: Frame): string {
  if (typeof v === "string") return v;
  if (v === undefined) throw missing(up);
  throw typeError(up, "string");
}

/** 'bool' */
export function bool(v: unknown, up: Frame): boolean {
  if (typeof v === "boolean") return v;
  if (v === undefined) throw missing(up);
  throw typeError(up, "boolean");
}

/** 'number': any JSON number (qnum_get_double). */
export function num(v: unknown, up: Frame): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v === undefined) throw missing(up);
  throw typeError(up, "number");
}

/** 'null' */
export function nul(v: unknown, up: Frame): null {
  if (v === null) return null;
  if (v === undefined) throw missing(up);
  throw typeError(up, "null");
}

/** 'any': every JSON value, returned as is. */
export function any<T = unknown>(v: unknown, up: Frame): T {
  if (v === undefined) throw missing(up);
  return v as T;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

/** 'int' / 'int64' (qobject_input_type_int64 + qnum_get_try_int). */
export function int(v: unknown, up: Frame): number {
  if (typeof v === "bigint") {
    const n = Number(v);
    // Exact bigint comparison only where the double may have rounded.
    if ((n > -9e18 && n < 9e18) || (v >= I64_MIN && v <= I64_MAX)) return n;
  } else if (typeof v === "number") {
    if (!up.ctx.wire && Number.isInteger(v) && v >= -TWO_63 && v < TWO_63) return v;
  } else if (v === undefined) {
    throw missing(up);
  }
  throw typeError(up, "integer");
}

/** 'uint64' / 'size' (qobject_input_type_uint64: negative int64 wraps). */
export function u64(v: unknown, up: Frame): number {
  if (typeof v === "bigint") {
    if (v >= 0n) {
      if (v <= U64_MAX) return Number(v);
    } else if (v >= I64_MIN) {
      return Number(v + 2n ** 64n);
    }
  } else if (typeof v === "number") {
    if (!up.ctx.wire && Number.isInteger(v) && v >= -TWO_63 && v < TWO_64) return v < 0 ? v + TWO_64 : v;
  } else if (v === undefined) {
    throw missing(up);
  }
  throw fail(`Parameter '${fullName(up, up.key)}' expects uint64`);
}

export const size = u64;
export const int64 = int;
export const uint64 = u64;

function intN(v: unknown, up: Frame, min: number, max: number, type: string): number {
  const n = int(v, up);
  if (n < min || n > max) throw fail(`Parameter '${bareName(up)}' expects ${type}`);
  return n;
}

function uintN(v: unknown, up: Frame, max: number, type: string): number {
  const n = u64(v, up);
  if (n > max) throw fail(`Parameter '${bareName(up)}' expects ${type}`);
  return n;
}

/** 'int8' */
export function int8(v: unknown, up: Frame): number {
  return intN(v, up, -128, 127, "int8_t");
}

/** 'int16' */
export function int16(v: unknown, up: Frame): number {
  return intN(v, up, -32768, 32767, "int16_t");
}

/** 'int32' */
export function int32(v: unknown, up: Frame): number {
  return intN(v, up, -2147483648, 2147483647, "int32_t");
}

/** 'uint8' */
export function uint8(v: unknown, up: Frame): number {
  return uintN(v, up, 255, "uint8_t");
}

/** 'uint16' */
export function uint16(v: unknown, up: Frame): number {
  return uintN(v, up, 65535, "uint16_t");
}

/** 'uint32' */
export function uint32(v: unknown, up: Frame): number {
  return uintN(v, up, 4294967295, "uint32_t");
}

/**
 * An enum (input_type_enum): a string among `values`; values with special
 * features (`features`: value -> bits) are subject to the input policy.
 */
export function enm<T extends string>(
  v: unknown,
  up: Frame,
  values: ReadonlySet<string>,
  features?: ReadonlyMap<string, number>,
): T {
  const s = str(v, up);
  if (!values.has(s)) throw fail(`Parameter '${bareName(up)}' does not accept value '${s}'`);
  if (features !== undefined) {
    const bits = features.get(s);
    if (bits !== undefined) checkPolicy(up.ctx, bits, "value", s);
  }
  return s as T;
}

/** An array of elements checked by `elem` (visit_type_*List). */
export function list<T>(v: unknown, up: Frame, elem: VisitFn<T>): T[] {
  const f = up.list(v);
  const a = f.a;
  const r: T[] = [];
  for (let i = 0; i < a.length; i++) {
    f.index = i;
    r.push(elem(a[i], f));
  }
  return r;
}

/** visit_start_alternate(): the QType of `v` (0 for non-JSON values). */
export function qtype(v: unknown, up: Frame): number {
  switch (typeof v) {
    case "string":
      return QSTRING;
    case "number":
    case "bigint":
      return QNUM;
    case "boolean":
      return QBOOL;
    case "object":
      return v === null ? QNULL : Array.isArray(v) ? QLIST : isDict(v) ? QDICT : 0;
    case "undefined":
      throw missing(up);
  }
  return 0;
}

/** An alternate got a value of none of its JSON types. */
export function noAlternative(up: Frame, typeName: string): never {
  throw fail(`Invalid parameter type for '${bareName(up)}', expected: ${typeName}`);
}

/** Builds a struct visitor's result: own properties even for '__proto__'. */
export function setOwn(r: Obj, k: string, v: unknown): void {
  Object.defineProperty(r, k, { value: v, writable: true, enumerable: true, configurable: true });
}

function ctxOf(opts: ValidateOptions | undefined): Ctx {
  return opts === undefined ? DEFAULT_CTX : new Ctx(opts);
}

/**
 * Runs a visitor on a root value named `name` (null: QMP arguments, which
 * QEMU visits with a NULL name).  Whatever goes wrong is a QmpError.
 */
export function run<T>(value: unknown, name: string | null, opts: ValidateOptions | undefined, visit: VisitFn<T>): T {
  const root = new Frame(null, null, ROOT, ctxOf(opts), 0, EMPTY_OBJ, EMPTY);
  root.key = name;
  try {
    return visit(value, root);
  } catch (e) {
    if (e instanceof QmpError) throw e;
    // A stack overflow or a throwing getter/proxy in an in-process value.
    throw fail(`Parameter '${name ?? "<anonymous>"}' cannot be validated: ${describe(e)}`);
  }
}

function describe(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : "unreadable value";
  } catch {
    return "unreadable value";
  }
}

const noMembers: MembersFn = () => {};

function visitNoArgs(v: unknown, up: Frame): Record<string, never> {
  const f = up.struct(v);
  f.end(noMembers);
  return {};
}

/**
 * The arguments of a command without arguments: an object with no members
 * (qmp_marshal_*: visit_start_struct + visit_check_struct).
 */
export function validateNoArgs(value: unknown, name: string | null = null, opts?: ValidateOptions): Record<string, never> {
  return run(value, name, opts, visitNoArgs);
}

/** An enum's feature table from a flat [value, bits, value, bits, ...] list. */
export function features(flat: readonly (string | number)[]): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(String(flat[i]), Number(flat[i + 1]));
  return map;
}
