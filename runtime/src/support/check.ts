/**
 * The fast path of generated validators (validators/*.ts): allocation-free
 * checks that answer true/false, remember why a value failed, and QEMU's
 * exact message built from that record.
 *
 * Each generated type gets `$isT(v, c, d): boolean` (c: option flags, d:
 * how many more containers may be entered) that tests exactly what the
 * exact visitor in validate.ts tests, in the same order (members in schema
 * order, base first, then the branch the discriminator picks, unexpected
 * members last), so the first problem it finds is the one QEMU reports.  On
 * a problem the leaf records a code (missing, wrong type, range, enum value,
 * alternate, unexpected member, depth, policy) and returns false; every
 * container on the way back up pushes the failing child's key or index
 * (only then: a valid value pushes nothing), and failure() turns the record
 * into QEMU's message (full_name_nth()'s "a.b[1]" names, bare names for
 * ranges, enum values and alternates).
 *
 * Contract of the entry points (checkT / validateT): a valid value is
 * returned itself, not copied.  Numbers come back as numbers: where the
 * value holds a bigint (an integer beyond 2^53), a QFloat box (an integral
 * float off the wire, see qfloat.ts) where a 'number' is due, or a negative
 * uint64/size, the generated `$numT` pass replaces it in place after the
 * whole value passed, so a value that fails is left untouched.  Values off
 * the wire and JSON.parse() values are checked alike.  A value that throws while being read
 * (getters, proxies) or nests deeper than the stack allows gets run()'s
 * "cannot be validated" message, from the exact visitor of validate.ts when
 * it was generated (tests generate it to compare both paths).
 *
 * Dependency-free on purpose (besides its siblings): generated code imports it.
 */

import { firstUnvisitedKey } from "./ghash.js";
import { ALT, DEPTH, ENUM, MISSING, POLICY, RANGE, TYPE, U64, UNEXPECTED, checkError } from "./check-error.js";
import { QFloat } from "./qfloat.js";
import type { QmpError } from "./qmp-error.js";
import { DEPRECATED, UNSTABLE, presentOnly, run, unreadable, type KeysFn, type Obj, type ValidateOptions, type VisitFn } from "./validate.js";

export type { QmpError };

/** A generated fast check: `v` is valid (else the failure is recorded). */
export type CheckFn = (v: unknown, c: number, d: number) => boolean;
/** A generated in-place conversion of a valid value's integers to numbers. */
export type ConvFn = (v: unknown) => unknown;

/** Option flags (`c`): bit 0 unused (it was the JavaScript mode), reject deprecated, reject unstable. */
const MAX_DEPTH = 1024;

// The failure record (module state: a check allocates nothing until it fails).
let code = 0;
/** TYPE: expected type; RANGE: C type; ENUM: the value; ALT: the alternate; POLICY: the name. */
let aux = "";
/** POLICY: the features that reject; UNEXPECTED: members read. */
let auxN = 0;
/** UNEXPECTED: the struct and its $keys function. */
let auxObj: Obj | null = null;
let auxKeys: KeysFn | null = null;
/** POLICY: "parameter" or "value". */
let auxKind = "";
/** Keys and indices from the failing value up to the root (leaf first). */
const path: (string | number)[] = [];
/** How many entries of `path` are in use (no Array length setter on the hot path). */
let pathLen = 0;
/** Set by every number that needs converting (bigints, QFloat boxes, negative uint64). */
let converts = false;

function record(c: number, a: string): false {
  code = c;
  aux = a;
  return false;
}

/** `v` is undefined (missing) or of the wrong JSON type. */
function typeFail(v: unknown, expected: string): false {
  return v === undefined ? record(MISSING, "") : record(TYPE, expected);
}

/** A member called `key` failed: name it, and fail the container (-1). */
export function $at(key: string): -1 {
  path[pathLen++] = key;
  return -1;
}

/** Element `i` of the list member called `key` failed (-1). */
export function $atList(key: string, i: number): -1 {
  path[pathLen++] = i;
  path[pathLen++] = key;
  return -1;
}

/** Member `key` is missing or not of JSON type `expected` (-1). */
export function $bad(v: unknown, expected: string, key: string): -1 {
  typeFail(v, expected);
  path[pathLen++] = key;
  return -1;
}

/** Element `i` of list member `key` is missing or not of JSON type `expected` (-1). */
export function $badAt(v: unknown, expected: string, key: string, i: number): -1 {
  typeFail(v, expected);
  path[pathLen++] = i;
  path[pathLen++] = key;
  return -1;
}

/** List member `key` is no list, or one too many containers deep (-1). */
export function $badList(v: unknown, key: string): -1 {
  arrFail(v);
  path[pathLen++] = key;
  return -1;
}

/** visit_start_struct() failed: no JSON object, or one too many containers deep. */
export function $notDict(v: unknown, _d: number): false {
  return dictFail(v);
}

/** The object whose first member was just read is no plain object (-1). */
export function $notPlain(): -1 {
  pathLen = 0;
  record(TYPE, "object");
  return -1;
}

/** Members read by a union branch added to those before it (-1: failed). */
export function $plus(n: number, k: number): number {
  return k < 0 ? k : n + k;
}

/** Member `k` of `o` if it is an own property ('constructor', '__proto__', ...). */
export function $own(o: Obj, k: string): unknown {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}

// Scalars: every check has the CheckFn signature so arrays and alternates
// can take any of them.

/** 'str' */
export function $str(v: unknown, _c: number, _d: number): boolean {
  return typeof v === "string" || typeFail(v, "string");
}

/** 'bool' */
export function $bool(v: unknown, _c: number, _d: number): boolean {
  return typeof v === "boolean" || typeFail(v, "boolean");
}

/** 'number': any JSON number (bigints and QFloat boxes become numbers). */
export function $num(v: unknown, _c: number, _d: number): boolean {
  if (typeof v === "number") return true;
  if (typeof v === "bigint" || v instanceof QFloat) {
    converts = true;
    return true;
  }
  return typeFail(v, "number");
}

/** 'null' */
export function $nul(v: unknown, _c: number, _d: number): boolean {
  return v === null || typeFail(v, "null");
}

/** 'any' */
export function $any(v: unknown, _c: number, _d: number): boolean {
  return v !== undefined || record(MISSING, "");
}

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

// bigint -> number without Number(bigint) (a slow runtime call in V8): the
// 64-bit pattern read back as two 32-bit halves, summed with one rounding
// (so the result is Number(v) exactly).
const I64 = new BigInt64Array(1);
const U64A = new BigUint64Array(I64.buffer);
const HALF = new Int32Array(I64.buffer);
const UHALF = new Uint32Array(I64.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LE ? 0 : 1;
const HI = LE ? 1 : 0;

/** An int64 bigint as a number. */
function i64(v: bigint): number {
  I64[0] = v;
  return HALF[HI]! * 4294967296 + UHALF[LO]!;
}

/** A uint64 bigint (negative int64 wraps modulo 2^64) as a number. */
function u64(v: bigint): number {
  U64A[0] = v;
  return UHALF[HI]! * 4294967296 + UHALF[LO]!;
}

// The checks generated code calls for every member are kept under V8's
// "small function" size (27 bytes of bytecode), which it inlines whatever
// its inlining budget: the common case inline, the rest out of line.
// Builtins are called as Number.isInteger(...) etc., never through a
// local alias, so that V8 recognizes and inlines them.


/** An int64 value as a number (NaN: not one), noting bigints to convert. */
function int64Of(v: unknown): number {
  if (typeof v === "bigint") {
    if (BigInt.asIntN(64, v) !== v) return NaN;
    converts = true;
    return i64(v);
  }
  return isInt64(v) ? (v as number) : NaN;
}

/** A uint64 value (negative wraps) as a number (NaN: not one). */
function uint64Of(v: unknown): number {
  if (typeof v === "bigint") {
    if (BigInt.asUintN(64, v) !== v && BigInt.asIntN(64, v) !== v) return NaN;
    converts = true;
    return u64(v);
  }
  if (Number.isInteger(v) && (v as number) >= -TWO_63 && (v as number) < TWO_64) {
    if ((v as number) >= 0) return v as number;
    converts = true;
    return (v as number) + TWO_64;
  }
  return NaN;
}

function isInt64(v: unknown): boolean {
  return Number.isInteger(v) && inInt64(v as number);
}

function inInt64(n: number): boolean {
  return n >= -9223372036854775808 && n < 9223372036854775808;
}

function intFail(v: unknown): false {
  return typeFail(v, "integer");
}

/** An integer beyond 2^53 within int64. */
function bigInt(v: bigint): boolean {
  return BigInt.asIntN(64, v) === v ? (converts = true) : intFail(v);
}

/** A number that is an integer within int64. */
function numInt(v: unknown): boolean {
  return isInt64(v) || intFail(v);
}

/**
 * The common 'int' / 'int64' values, with a builtin only (V8 inlines it
 * whole): a safe integer, as the wire parser and JSON.parse() make them.
 * False says nothing: generated code asks $int() then.
 */
export function $i64(v: unknown): boolean {
  return Number.isSafeInteger(v);
}

/** 'int' / 'int64' */
export function $int(v: unknown, _c: number, _d: number): boolean {
  return typeof v === "bigint" ? bigInt(v) : numInt(v);
}

function intN(v: unknown, c: number, min: number, max: number, type: string): boolean {
  const n = int64Of(v);
  if (n !== n) return typeFail(v, "integer");
  return (n >= min && n <= max) || record(RANGE, type);
}

function uintN(v: unknown, c: number, max: number, type: string): boolean {
  const n = uint64Of(v);
  if (n !== n) return v === undefined ? record(MISSING, "") : record(U64, "");
  return n <= max || record(RANGE, type);
}

function u64Fail(v: unknown): false {
  return v === undefined ? record(MISSING, "") : record(U64, "");
}

/** 'uint64' / 'size' */
export function $u64(v: unknown, c: number, _d: number): boolean {
  return uint64Of(v) >= 0 || u64Fail(v);
}

/** 'int8' */
export function $int8(v: unknown, c: number, _d: number): boolean {
  return intN(v, c, -128, 127, "int8_t");
}

/** 'int16' */
export function $int16(v: unknown, c: number, _d: number): boolean {
  return intN(v, c, -32768, 32767, "int16_t");
}

/** 'int32' */
export function $int32(v: unknown, c: number, _d: number): boolean {
  return intN(v, c, -2147483648, 2147483647, "int32_t");
}

/** 'uint8' */
export function $uint8(v: unknown, c: number, _d: number): boolean {
  return uintN(v, c, 255, "uint8_t");
}

/** 'uint16' */
export function $uint16(v: unknown, c: number, _d: number): boolean {
  return uintN(v, c, 65535, "uint16_t");
}

/** 'uint32' */
export function $uint32(v: unknown, c: number, _d: number): boolean {
  return uintN(v, c, 4294967295, "uint32_t");
}

/** An enum value among `values`; `features`: value -> feature bits, for the input policy. */
export function $enum(v: unknown, c: number, values: ReadonlySet<string>, features?: ReadonlyMap<string, number>): boolean {
  return (features === undefined && isIn(v, values)) || enumSlow(v, c, values, features);
}

function isIn(v: unknown, values: ReadonlySet<string>): boolean {
  return typeof v === "string" && values.has(v);
}

function enumSlow(v: unknown, c: number, values: ReadonlySet<string>, features?: ReadonlyMap<string, number>): boolean {
  if (typeof v !== "string") return typeFail(v, "string");
  if (!values.has(v)) return record(ENUM, v);
  const bits = features?.get(v);
  if (bits !== undefined && (c >> 1) & bits) return policy(c, bits, "value", v);
  return true;
}

function policy(c: number, bits: number, kind: string, name: string): false {
  auxN = (c >> 1) & bits;
  auxKind = kind;
  return record(POLICY, name);
}

/** A member with special features is present and the input policy rejects them (-1). */
export function $policy(c: number, bits: number, name: string): -1 {
  policy(c, bits, "parameter", name);
  return -1;
}

/** visit_start_struct() before the members: a JSON object, not too deep. */
export function $dict(v: unknown, d: number): v is Obj {
  return (d > 0 && isObject(v)) || dictFail(v);
}

function isObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function dictFail(v: unknown): false {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return typeFail(v, "object");
  return plain(v) ? record(DEPTH, "") : record(TYPE, "object");
}


function plain(o: object): boolean {
  return plainProto(Object.getPrototypeOf(o));
}

/**
 * Only a plain object (prototype null or Object.prototype) is a JSON
 * object; generated code asks right after reading the first member, where
 * V8 knows the object's shape and the test is free.
 */
export function $plain(o: object): boolean {
  return plainProto(Object.getPrototypeOf(o)) || notPlain();
}

function plainProto(p: unknown): boolean {
  return p === null || p === Object.prototype;
}

function notPlain(): false {
  return record(TYPE, "object");
}

/**
 * visit_check_struct() when `o` has more enumerable members than the `n`
 * the generated code read (it counts them with for-in, which allocates
 * nothing): inherited ones or members set to undefined are no members.
 */
export function $unexpected(o: Obj, n: number, keys: KeysFn): boolean {
  const own = Object.keys(o);
  let present = 0;
  for (let i = 0; i < own.length; i++) if (o[own[i]!] !== undefined) present++;
  if (present === n) return true;
  auxObj = o;
  auxKeys = keys;
  auxN = n;
  return record(UNEXPECTED, "");
}

/** visit_start_list(): a list, not too deep (generated code checks the elements). */
export function $arr(v: unknown, d: number): v is unknown[] {
  return (d > 0 && Array.isArray(v)) || arrFail(v);
}

function arrFail(v: unknown): false {
  return Array.isArray(v) ? record(DEPTH, "") : typeFail(v, "array");
}

/** A list of elements checked by `elem` (visit_type_*List). */
export function $list(v: unknown, c: number, d: number, elem: CheckFn): boolean {
  if (!Array.isArray(v)) return typeFail(v, "array");
  if (d < 1) return record(DEPTH, "");
  for (let i = 0; i < v.length; i++) {
    if (!elem(v[i], c, d - 1)) {
      path[pathLen++] = i;
      return false;
    }
  }
  return true;
}

/** visit_start_alternate()'s QType of `v` (QDICT also for non-plain objects, see $alt). */
export function $qtype(v: unknown): number {
  switch (typeof v) {
    case "string":
      return 3;
    case "number":
    case "bigint":
      return 2;
    case "boolean":
      return 6;
    case "object":
      return v === null ? 1 : Array.isArray(v) ? 5 : v instanceof QFloat ? 2 : 4;
  }
  return 0;
}

/**
 * An alternate's object branch answered `ok` for `v`: an object that is no
 * JSON object (a class instance, a Map) has none of the alternate's types.
 */
export function $altDict(ok: boolean, v: unknown, typeName: string): boolean {
  if (ok || plain(v as object)) return ok;
  pathLen = 0;
  return record(ALT, typeName);
}

/** No branch of the alternate `typeName` takes `v`'s JSON type. */
export function $noAlt(v: unknown, typeName: string): false {
  return v === undefined ? record(MISSING, "") : record(ALT, typeName);
}

// Conversion of a valid value's integers (the generated $num* passes).

/** int types: bigint -> number. */
export function $ni(v: unknown): unknown {
  return typeof v === "bigint" ? i64(v) : v;
}

/** uint64/size: bigint -> number, negative wraps modulo 2^64. */
export function $nu(v: unknown): unknown {
  if (typeof v === "bigint") return u64(v);
  return typeof v === "number" && v < 0 ? v + TWO_64 : v;
}

/** 'number': bigint or QFloat -> number. */
export function $nn(v: unknown): unknown {
  return typeof v === "bigint" ? Number(v) : v instanceof QFloat ? v.value : v;
}

/** Each element of a list converted in place. */
export function $nl(a: unknown, conv: ConvFn): unknown {
  const l = a as unknown[];
  for (let i = 0; i < l.length; i++) l[i] = conv(l[i]);
  return l;
}

/** An alternate's value converted by the conversion of its branch (null: none). */
export function $na(v: unknown, num: ConvFn | null, dict: ConvFn | null, list: ConvFn | null): unknown {
  if (v instanceof QFloat) return num === null ? v : num(v);
  if (typeof v === "object" && v !== null) {
    const conv = Array.isArray(v) ? list : dict;
    return conv === null ? v : conv(v);
  }
  return num === null || (typeof v !== "number" && typeof v !== "bigint") ? v : num(v);
}

// Entry points.  Each generated type has its own checkT and validateT
// that call its $isT directly (a shared entry taking the check as an
// argument makes that call polymorphic, which costs a small check a fifth
// of its time):
//
//   const c = $enter(opts);
//   try {
//     if ($isT(value, c, $depth(opts))) return $done(value, c, $numT);
//   } catch (e) {
//     return $thrown(e, value, name, opts, c, visit);
//   }
//   return $failed(name, opts, c);
//
// and validateT(value, name, opts) is $orThrow(checkT(value, name, opts)).

/** Bit of `c` saying that `converts` was set when the check began (restored when it ends). */
const OUTER = 1 << 30;

/**
 * Whether the check that ended last failed.  $orThrow() asks it of what
 * checkT returned, as the result's type cannot tell ('any' takes any
 * object, a QmpError too).  Every end of a check sets it, so a check run
 * by a getter meanwhile has ended before the one $orThrow() asks about.
 */
let lastFailed = false;

/** `c` for `opts` (read afresh: callers may mutate their options). */
function flagsOf(opts: ValidateOptions): number {
  let c = 0;
  if (opts.policy?.deprecatedInput === "reject") c |= DEPRECATED << 1;
  if (opts.policy?.unstableInput === "reject") c |= UNSTABLE << 1;
  return c;
}

/**
 * Begins a check: its option flags `c`.  A getter may validate another
 * value while a check runs: `converts` is the running check's, so it is
 * kept in `c` and given back when this one ends.
 */
export function $enter(opts: ValidateOptions | undefined): number {
  const c = (opts === undefined ? 0 : flagsOf(opts)) | (converts ? OUTER : 0);
  converts = false;
  return c;
}

/** How many containers the check may enter. */
export function $depth(opts: ValidateOptions | undefined): number {
  return opts === undefined ? MAX_DEPTH : (opts.maxDepth ?? MAX_DEPTH);
}

/** Ends a check that passed: the value, its integers converted by `conv` when needed. */
export function $done<T>(value: unknown, c: number, conv: ConvFn | null): T {
  const convert = converts;
  converts = (c & OUTER) !== 0;
  lastFailed = false;
  // Only where a check noted a bigint, a QFloat or a negative uint64.
  return (convert && conv !== null ? conv(value) : value) as T;
}

/** Ends a check that failed: the QmpError for the recorded failure. */
export function $failed(name: string | null, opts: ValidateOptions | undefined, c: number): QmpError {
  converts = (c & OUTER) !== 0;
  lastFailed = true;
  return failure(name, opts, $depth(opts));
}

/**
 * Ends a check that threw (a getter or proxy threw, or the stack ran
 * out): the exact visitor (when generated) says what QEMU would, else
 * run()'s "cannot be validated" message.  The value if the visitor takes
 * it, else the QmpError.
 */
export function $thrown<T>(
  e: unknown,
  value: unknown,
  name: string | null,
  opts: ValidateOptions | undefined,
  c: number,
  visit: VisitFn<T> | null,
): T | QmpError {
  converts = (c & OUTER) !== 0;
  clearRecord();
  // lastFailed is set last: the visitor's getters may run checks meanwhile.
  if (visit === null) {
    lastFailed = true;
    return unreadable(name, e);
  }
  try {
    const ok = run(value, name, opts, visit);
    lastFailed = false;
    return ok;
  } catch (e2) {
    lastFailed = true;
    return e2 as QmpError;
  }
}

/** validateT(): what checkT returned, or throws it if the check failed. */
export function $orThrow<T>(r: T | QmpError): T {
  if (!lastFailed) return r as T;
  lastFailed = false;
  throw r;
}

/** The error for the recorded failure (its message is built when read); resets the record. */
function failure(name: string | null, opts: ValidateOptions | undefined, maxDepth: number): QmpError {
  const c = code;
  let a = aux;
  let n = auxN;
  if (c === UNEXPECTED) a = unexpectedKey(opts);
  else if (c === DEPTH) n = maxDepth;
  const e = checkError(c, a, n, auxKind, name, path, pathLen);
  clearRecord();
  return e;
}

function clearRecord(): void {
  pathLen = 0;
  code = 0;
  auxObj = null;
  auxKeys = null;
}

/** The unexpected member QEMU names (GLib's hash order when there are several). */
function unexpectedKey(opts: ValidateOptions | undefined): string {
  const o = auxObj!;
  const read = auxKeys!(o);
  const own = presentOnly(o, Object.keys(o));
  if (own.length === auxN + 1) {
    // One unexpected member: no need for GLib's order.
    for (const k of own) if (!read.includes(k)) return k;
  }
  const order = opts?.keyOrder ? presentOnly(o, opts.keyOrder(o)) : own;
  return firstUnvisitedKey(order, presentOnly(o, read))!;
}

