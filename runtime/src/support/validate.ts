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
 * A Frame is QEMU's StackObject: a dict or list being visited, so errors
 * can be named exactly as full_name_nth() names them ("devices[0]", "a.b").
 * Visitors get the value, the frame of its container and its name (null
 * for list elements), as QEMU's visit_type_*(v, name, ...) do.  Generated
 * member visitors count the members they read, so a struct without unknown
 * members is accepted without building GLib's hash table; only the error
 * path works out which unexpected member QEMU would name.
 *
 * Input values (see qfloat.ts): an integral `number` or a `bigint` is a
 * JSON integer, any other `number` or a QFloat box is a JSON float, so the
 * wire parser's `1.0` (a QFloat) is not an integer, as in QEMU; values
 * written by JavaScript (JSON.parse()) are read the same way.  Integer
 * members come back as `number`: int64/uint64/size values beyond 2^53 lose
 * precision; uint64 and size accept negative integers and wrap them modulo
 * 2^64, as QEMU does.
 *
 * Objects are read with own-property semantics only: '__proto__',
 * 'constructor', 'toString' are ordinary member names; results are fresh
 * objects whose inherited-looking members are defined as own properties.
 * Anything thrown is a QmpError (GenericError).
 *
 * This is the exact visitor.  Generated checkT()/validateT() run the fast
 * path in check.ts first (same verdicts and messages, no allocation, the
 * valid value itself returned with its integers converted in place) and
 * come here only for values that throw while being read or nest deeper
 * than the stack allows; tests compare the two on random values.
 *
 * Dependency-free on purpose (besides its siblings): generated code imports it.
 */

import { firstUnvisitedKey } from "./ghash.js";
import { QFloat } from "./qfloat.js";
import { QmpError } from "./qmp-error.js";

/** A JSON object being built or read. */
export type Obj = Record<string, unknown>;

/** What the -compat policy does with deprecated/unstable input. */
export type InputPolicy = "accept" | "reject";

export interface ValidateOptions {
  /**
   * Where the value comes from: true (default) the QMP server's parser,
   * false JavaScript.  Both are read alike now (see qfloat.ts); kept so
   * that callers that pass it keep working.
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
  readonly rejectDeprecated: boolean;
  readonly rejectUnstable: boolean;
  readonly keyOrder: ((obj: object) => readonly string[]) | undefined;
  readonly maxDepth: number;
  /**
   * Frames by depth, reused from one visit to the next: a visit is depth
   * first, so the frame at depth d is only live while its container is
   * visited, and a valid input costs no Frame allocation at all.
   */
  readonly frames: Frame[] = [];
  /** A run() is using `frames` (a nested run() from a getter gets its own Ctx). */
  busy = false;

  constructor(opts: ValidateOptions) {
    this.rejectDeprecated = opts.policy?.deprecatedInput === "reject";
    this.rejectUnstable = opts.policy?.unstableInput === "reject";
    this.keyOrder = opts.keyOrder;
    this.maxDepth = opts.maxDepth ?? MAX_DEPTH;
  }

  /** Whether this context is what `opts` asks for (read afresh: callers may mutate opts). */
  matches(opts: ValidateOptions): boolean {
    return (
      (opts.policy?.deprecatedInput === "reject") === this.rejectDeprecated &&
      (opts.policy?.unstableInput === "reject") === this.rejectUnstable &&
      opts.keyOrder === this.keyOrder &&
      (opts.maxDepth ?? MAX_DEPTH) === this.maxDepth
    );
  }
}

const DEFAULT_CTX = new Ctx({});

const ROOT = 0;
const DICT = 1;
const LIST = 2;

/**
 * A GenericError QmpError made without running the Error constructor:
 * capturing a stack trace costs far more than a whole validation and would
 * only point into generated code.  Instances are QmpErrors (instanceof,
 * errorClass, desc, message); `stack` is just "QmpError: <desc>".
 */
class ValidationError {
  // Declared, set in the constructor: class fields would make V8 call a
  // field initializer on every failure.
  declare readonly errorClass: string;
  declare readonly message: string;
  declare readonly desc: string;

  constructor(desc: string) {
    this.errorClass = "GenericError";
    this.message = desc;
    this.desc = desc;
  }

  /** Computed when asked: most errors only ever have their desc read. */
  get stack(): string {
    return `QmpError: ${this.desc}`;
  }
}
Object.setPrototypeOf(ValidationError.prototype, QmpError.prototype);
Object.defineProperty(ValidationError.prototype, "name", { value: "QmpError", writable: true, configurable: true });

export function fail(desc: string): QmpError {
  return new ValidationError(desc) as unknown as QmpError;
}

/**
 * The members a struct visit reads, in visit order, for the result `r`
 * (whose discriminators tell which branches were taken): generated $keys*
 * functions, used only to name an unexpected member.
 */
export type KeysFn = (r: Obj) => string[];

/** A value visitor: `v` is the value called `name` inside container `up`. */
export type VisitFn<T> = (v: unknown, up: Frame, name: string | null) => T;

/** A container being visited (QEMU's StackObject), or the root. */
export class Frame {
  /** List frames: index of the element being visited. */
  index = 0;
  /** This container's name in its parent (null for list elements and the root). */
  name: string | null = null;
  kind = ROOT;
  /** The dict (DICT) or array (LIST); empty for the root. */
  o: Obj = EMPTY_OBJ;
  a: readonly unknown[] = EMPTY;

  constructor(
    /** The enclosing container; null for the root. */
    readonly up: Frame | null,
    readonly ctx: Ctx,
    readonly depth: number,
  ) {}

  /** visit_policy_reject() for a member with special features. */
  policy(features: number, name: string): void {
    checkPolicy(this.ctx, features, "parameter", name);
  }

  /** visit_start_struct() of value `v` called `name`: the struct's frame. */
  struct(v: unknown, name: string | null): Frame {
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      if (v === undefined) throw missing(this, name);
      throw typeError(this, name, "object");
    }
    const p: unknown = Object.getPrototypeOf(v);
    if (p !== null && p !== Object.prototype) throw typeError(this, name, "object");
    return this.push(DICT, name, v as Obj, EMPTY);
  }

  /** visit_start_list() of value `v` called `name`: the list's frame. */
  list(v: unknown, name: string | null): Frame {
    if (!Array.isArray(v)) {
      if (v === undefined) throw missing(this, name);
      throw typeError(this, name, "array");
    }
    return this.push(LIST, name, EMPTY_OBJ, v);
  }

  private push(kind: number, name: string | null, o: Obj, a: readonly unknown[]): Frame {
    const depth = this.depth + 1;
    if (depth > this.ctx.maxDepth) {
      throw fail(`Parameter '${fullName(this, name)}' exceeds the nesting depth limit of ${this.ctx.maxDepth}`);
    }
    const frames = this.ctx.frames;
    let f = frames[depth];
    if (f === undefined) {
      f = new Frame(this, this.ctx, depth);
      frames[depth] = f;
    }
    f.name = name;
    f.kind = kind;
    f.o = o;
    f.a = a;
    f.index = 0;
    return f;
  }

  /**
   * visit_check_struct(): `n` members were read; if the dict has more, name
   * the one QEMU would (`keys` lists what was read, for result `r`).
   */
  end(n: number, r: Obj, keys: KeysFn): void {
    // Counting with for-in allocates nothing on fast-mode objects (both
    // JSON.parse()'s and the wire parser's null-prototype dicts).  Members
    // set to undefined (absent in JavaScript callers' objects) and inherited
    // enumerable properties are sorted out on a mismatch only.
    const o = this.o;
    let count = 0;
    for (const _ in o) count++;
    if (count !== n) this.unexpected(n, r, keys);
  }

  private unexpected(n: number, r: Obj, keys: KeysFn): void {
    const o = this.o;
    const own = Object.keys(o);
    if (presentOnly(o, own).length === n) return;
    const order = presentOnly(o, this.ctx.keyOrder?.(o) ?? own);
    const key = firstUnvisitedKey(order, presentOnly(o, keys(r)));
    if (key !== undefined) throw fail(`Parameter '${fullName(this, key)}' is unexpected`);
  }
}

/** The keys of `ks` that are own members of `o` with a value (not undefined), in order. */
export function presentOnly(o: Obj, ks: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i]!;
    if (Object.hasOwn(o, k) && o[k] !== undefined) out.push(k);
  }
  return out;
}

/** Member `k` of `o` if it is an own property ('constructor', '__proto__', ...). */
export function own(o: Obj, k: string): unknown {
  return Object.hasOwn(o, k) ? o[k] : undefined;
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

function missing(up: Frame, name: string | null): QmpError {
  return fail(`Parameter '${fullName(up, name)}' is missing`);
}

function typeError(up: Frame, name: string | null, expected: string): QmpError {
  return fail(`Invalid parameter type for '${fullName(up, name)}', expected: ${expected}`);
}

// Range errors (visit_type_intN/uintN), enum and alternate errors print the
// bare name ("null" for list elements).
function bareName(name: string | null): string {
  return name ?? "null";
}

function checkPolicy(ctx: Ctx, features: number, kind: string, name: string): void {
  if (features & DEPRECATED && ctx.rejectDeprecated) throw fail(`Deprecated ${kind} ${name} disabled by policy`);
  if (features & UNSTABLE && ctx.rejectUnstable) throw fail(`Unstable ${kind} ${name} disabled by policy`);
}

/** 'str' */
export function str(v: unknown, up: Frame, name: string | null): string {
  if (typeof v === "string") return v;
  if (v === undefined) throw missing(up, name);
  throw typeError(up, name, "string");
}

/** 'bool' */
export function bool(v: unknown, up: Frame, name: string | null): boolean {
  if (typeof v === "boolean") return v;
  if (v === undefined) throw missing(up, name);
  throw typeError(up, name, "boolean");
}

/** 'number': any JSON number (qnum_get_double). */
export function num(v: unknown, up: Frame, name: string | null): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof QFloat) return v.value;
  if (v === undefined) throw missing(up, name);
  throw typeError(up, name, "number");
}

/** 'null' */
export function nul(v: unknown, up: Frame, name: string | null): null {
  if (v === null) return null;
  if (v === undefined) throw missing(up, name);
  throw typeError(up, name, "null");
}

/** 'any': every JSON value, returned as is. */
export function any<T = unknown>(v: unknown, up: Frame, name: string | null): T {
  if (v === undefined) throw missing(up, name);
  return v as T;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

/** 'int' / 'int64' (qobject_input_type_int64 + qnum_get_try_int). */
export function int(v: unknown, up: Frame, name: string | null): number {
  if (typeof v === "bigint") {
    const n = Number(v);
    // Exact bigint comparison only where the double may have rounded.
    if ((n > -9e18 && n < 9e18) || (v >= I64_MIN && v <= I64_MAX)) return n;
  } else if (typeof v === "number") {
    if (Number.isInteger(v) && v >= -TWO_63 && v < TWO_63) return v;
  } else if (v === undefined) {
    throw missing(up, name);
  }
  throw typeError(up, name, "integer");
}

/** 'uint64' / 'size' (qobject_input_type_uint64: negative int64 wraps). */
export function u64(v: unknown, up: Frame, name: string | null): number {
  if (typeof v === "bigint") {
    if (v >= 0n) {
      if (v <= U64_MAX) return Number(v);
    } else if (v >= I64_MIN) {
      return Number(v + 2n ** 64n);
    }
  } else if (typeof v === "number") {
    if (Number.isInteger(v) && v >= -TWO_63 && v < TWO_64) return v < 0 ? v + TWO_64 : v;
  } else if (v === undefined) {
    throw missing(up, name);
  }
  throw fail(`Parameter '${fullName(up, name)}' expects uint64`);
}

export const size = u64;
export const int64 = int;
export const uint64 = u64;

function intN(v: unknown, up: Frame, name: string | null, min: number, max: number, type: string): number {
  const n = int(v, up, name);
  if (n < min || n > max) throw fail(`Parameter '${bareName(name)}' expects ${type}`);
  return n;
}

function uintN(v: unknown, up: Frame, name: string | null, max: number, type: string): number {
  const n = u64(v, up, name);
  if (n > max) throw fail(`Parameter '${bareName(name)}' expects ${type}`);
  return n;
}

/** 'int8' */
export function int8(v: unknown, up: Frame, name: string | null): number {
  return intN(v, up, name, -128, 127, "int8_t");
}

/** 'int16' */
export function int16(v: unknown, up: Frame, name: string | null): number {
  return intN(v, up, name, -32768, 32767, "int16_t");
}

/** 'int32' */
export function int32(v: unknown, up: Frame, name: string | null): number {
  return intN(v, up, name, -2147483648, 2147483647, "int32_t");
}

/** 'uint8' */
export function uint8(v: unknown, up: Frame, name: string | null): number {
  return uintN(v, up, name, 255, "uint8_t");
}

/** 'uint16' */
export function uint16(v: unknown, up: Frame, name: string | null): number {
  return uintN(v, up, name, 65535, "uint16_t");
}

/** 'uint32' */
export function uint32(v: unknown, up: Frame, name: string | null): number {
  return uintN(v, up, name, 4294967295, "uint32_t");
}

/**
 * An enum (input_type_enum): a string among `values`; values with special
 * features (`features`: value -> bits) are subject to the input policy.
 */
export function enm<T extends string>(
  v: unknown,
  up: Frame,
  name: string | null,
  values: ReadonlySet<string>,
  features?: ReadonlyMap<string, number>,
): T {
  const s = str(v, up, name);
  if (!values.has(s)) throw fail(`Parameter '${bareName(name)}' does not accept value '${s}'`);
  if (features !== undefined) {
    const bits = features.get(s);
    if (bits !== undefined) checkPolicy(up.ctx, bits, "value", s);
  }
  return s as T;
}

/** An array of elements checked by `elem` (visit_type_*List). */
export function list<T>(v: unknown, up: Frame, name: string | null, elem: VisitFn<T>): T[] {
  const f = up.list(v, name);
  const a = f.a;
  const r: T[] = [];
  for (let i = 0; i < a.length; i++) {
    f.index = i;
    r.push(elem(a[i], f, null));
  }
  return r;
}

/** visit_start_alternate(): the QType of `v` (0 for non-JSON values). */
export function qtype(v: unknown, up: Frame, name: string | null): number {
  switch (typeof v) {
    case "string":
      return QSTRING;
    case "number":
    case "bigint":
      return QNUM;
    case "boolean":
      return QBOOL;
    case "object":
      return v === null ? QNULL : Array.isArray(v) ? QLIST : v instanceof QFloat ? QNUM : isDict(v) ? QDICT : 0;
    case "undefined":
      throw missing(up, name);
  }
  return 0;
}

/** An alternate got a value of none of its JSON types. */
export function noAlternative(name: string | null, typeName: string): never {
  throw fail(`Invalid parameter type for '${bareName(name)}', expected: ${typeName}`);
}

/** Builds a struct visitor's result: own properties even for '__proto__'. */
export function setOwn(r: Obj, k: string, v: unknown): void {
  Object.defineProperty(r, k, { value: v, writable: true, enumerable: true, configurable: true });
}

let lastCtx: Ctx = DEFAULT_CTX;

/** The context for `opts`: the last one again when nothing changed (no allocation per call). */
function ctxOf(opts: ValidateOptions | undefined): Ctx {
  let ctx = DEFAULT_CTX;
  if (opts !== undefined) {
    ctx = lastCtx.matches(opts) ? lastCtx : (lastCtx = new Ctx(opts));
  }
  return ctx.busy ? new Ctx(opts ?? {}) : ctx;
}

/** The error for a value that threw `e` while read (or overflowed the stack). */
export function unreadable(name: string | null, e: unknown): QmpError {
  return fail(`Parameter '${name ?? "<anonymous>"}' cannot be validated: ${describe(e)}`);
}

/**
 * Runs a visitor on a root value named `name` (null: QMP arguments, which
 * QEMU visits with a NULL name).  Whatever goes wrong is a QmpError.
 */
export function run<T>(value: unknown, name: string | null, opts: ValidateOptions | undefined, visit: VisitFn<T>): T {
  const ctx = ctxOf(opts);
  let root = ctx.frames[0];
  if (root === undefined) {
    root = new Frame(null, ctx, 0);
    ctx.frames[0] = root;
  }
  ctx.busy = true;
  try {
    return visit(value, root, name);
  } catch (e) {
    if (e instanceof QmpError) throw e;
    // A stack overflow or a throwing getter/proxy in an in-process value.
    throw unreadable(name, e);
  } finally {
    ctx.busy = false;
  }
}

export function describe(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : "unreadable value";
  } catch {
    return "unreadable value";
  }
}

const noKeys: KeysFn = () => [];

function visitNoArgs(v: unknown, up: Frame, name: string | null): Record<string, never> {
  const f = up.struct(v, name);
  const r = {};
  f.end(0, r, noKeys);
  return r;
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
