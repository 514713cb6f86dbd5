// QAPI names -> TypeScript names.  This is the only place where that mapping
// is decided (architecture.md section 4, "Decide names once"); backends never
// build identifiers from QAPI names themselves.
//
// Two layers:
// - pure functions that propose a name for one QAPI name (typeName,
//   camelName, constName, propertyKey, ...).  They play the role of QEMU's
//   c_name() (scripts/qapi/common.py) for a TypeScript target.
// - NameTable, a naming pass over every name of a schema, in the style of
//   quicktype's setUpNaming/assignNames: all proposals are registered first,
//   then assign() settles collisions in one place, deterministically.
//
// Nothing here depends on the model: callers pass plain strings.
//
// Escape character: '$'.  QAPI names can never contain '$' (QEMU's
// check_name_str allows only letters, digits, '-', '_' and '.'), so a name
// with a '$' suffix can never collide with a name derived from the schema.

/** ECMAScript reserved words, strict-mode reserved words and unbindable names. */
const JS_RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger",
  "default", "delete", "do", "else", "enum", "export", "extends", "false",
  "finally", "for", "function", "if", "import", "in", "instanceof", "new",
  "null", "return", "super", "switch", "this", "throw", "true", "try",
  "typeof", "var", "void", "while", "with", "yield",
  // strict mode and module code
  "let", "static", "implements", "interface", "package", "private",
  "protected", "public", "await", "arguments", "eval",
]);

/** TypeScript's predefined type names: invalid as a type alias/interface name. */
const TS_TYPE_KEYWORDS = new Set([
  "any", "unknown", "never", "number", "bigint", "boolean", "string",
  "symbol", "void", "object", "undefined", "null", "intrinsic",
]);

/**
 * Globals that generated code (or code using it) refers to.  A module-level
 * declaration with one of these names would shadow the global inside that
 * module, so `Array<T>` or `new Error()` would silently mean the QAPI type.
 * QEMU's own schema has a struct named 'String' (common.json).
 */
const TS_GLOBALS = new Set([
  "Object", "String", "Number", "Boolean", "Symbol", "BigInt", "Function",
  "Array", "ReadonlyArray", "Map", "ReadonlyMap", "Set", "ReadonlySet",
  "WeakMap", "WeakSet", "Promise", "PromiseLike", "Error", "TypeError",
  "RangeError", "Date", "RegExp", "JSON", "Math", "Reflect", "Proxy",
  "Uint8Array", "ArrayBuffer", "DataView", "Iterable", "Iterator",
  "IterableIterator", "AsyncIterable", "AsyncIterator", "Generator",
  "Record", "Partial", "Required", "Readonly", "Pick", "Omit", "Exclude",
  "Extract", "NonNullable", "ReturnType", "Parameters", "InstanceType",
  "Awaited", "AbortSignal", "AbortController", "globalThis", "undefined",
  "NaN", "Infinity", "console", "Buffer",
]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/u;

/** True if `s` is an IdentifierName (ASCII is enough: QAPI names are ASCII). */
export function isIdentifierName(s: string): boolean {
  return IDENTIFIER.test(s);
}

/** True if `s` cannot be declared as a value (const, function, parameter). */
export function isReservedValueName(s: string): boolean {
  return JS_RESERVED.has(s) || TS_TYPE_KEYWORDS.has(s) || TS_GLOBALS.has(s);
}

/** True if `s` cannot (or must not) be declared as a type name. */
export function isReservedTypeName(s: string): boolean {
  return JS_RESERVED.has(s) || TS_TYPE_KEYWORDS.has(s) || TS_GLOBALS.has(s);
}

/** Escape a reserved identifier by appending '$' (protobuf-es safeIdentifier). */
export function safeValueName(s: string): string {
  return isReservedValueName(s) ? s + "$" : s;
}

/** Like safeValueName, for type declarations. */
export function safeTypeName(s: string): string {
  return isReservedTypeName(s) ? s + "$" : s;
}

/**
 * Split a QAPI name into words at '-', '_' and '.'.  Downstream prefixes
 * ('__com.redhat_') and QEMU's implicit-type prefix 'q_obj_' contribute
 * words like any other part; empty words are dropped.
 */
export function splitWords(name: string): string[] {
  return name.split(/[-_.]+/u).filter((w) => w !== "");
}

/** 'BLOCK' -> 'Block', 'qcow2' -> 'Qcow2', 'BlockdevOptions' unchanged. */
function capitalizeWord(word: string): string {
  const isShout = word.length > 1 && /^[A-Z0-9]+$/u.test(word) && /[A-Z]/u.test(word);
  const rest = isShout ? word.slice(1).toLowerCase() : word.slice(1);
  return word.charAt(0).toUpperCase() + rest;
}

/** Guarantee a valid identifier start: QAPI words may begin with a digit. */
function fixStart(s: string, prefix: string): string {
  if (s === "") {
    return prefix;
  }
  return /^[0-9]/u.test(s) ? prefix + s : s;
}

/**
 * Raw PascalCase for a QAPI name, without reserved-word escaping:
 * 'BlockdevOptionsQcow2' -> 'BlockdevOptionsQcow2', 'job-info' -> 'JobInfo',
 * 'JOB_STATUS_CHANGE' -> 'JobStatusChange', '__org.qemu_x-Enum' -> 'OrgQemuXEnum'.
 */
export function pascalCase(name: string): string {
  return fixStart(splitWords(name).map(capitalizeWord).join(""), "Q");
}

/**
 * Raw camelCase: 'query-jobs' -> 'queryJobs', 'job-id' -> 'jobId',
 * 'x-debug-query-block-graph' -> 'xDebugQueryBlockGraph'.
 */
export function camelCase(name: string): string {
  const words = splitWords(name);
  if (words.length === 0) {
    return "q";
  }
  const first = words[0]!;
  const head = /^[A-Z0-9]+$/u.test(first) ? first.toLowerCase() : first.charAt(0).toLowerCase() + first.slice(1);
  return fixStart(head + words.slice(1).map(capitalizeWord).join(""), "q");
}

/**
 * Proposed TypeScript type identifier for a QAPI type name.
 *
 * Implicit object types lose QEMU's 'q_obj_' prefix:
 * 'q_obj_query-jobs-arg' -> 'QueryJobsArg'.  Names that clash with
 * TypeScript keywords or globals get a '$' suffix: 'String' -> 'String$'.
 */
export function typeName(qapiName: string): string {
  const stripped = qapiName.startsWith("q_obj_") ? qapiName.slice(6) : qapiName;
  return safeTypeName(pascalCase(stripped));
}

/** Proposed value identifier (variable, method): camelCase, escaped. */
export function valueName(qapiName: string): string {
  return safeValueName(camelCase(qapiName));
}

/**
 * Function name built from a verb and a QAPI type name:
 * functionName("validate", "JobInfo") -> 'validateJobInfo'.
 * The prefix keeps it clear of reserved words.
 */
export function functionName(prefix: string, qapiName: string): string {
  const stripped = qapiName.startsWith("q_obj_") ? qapiName.slice(6) : qapiName;
  return prefix + pascalCase(stripped);
}

/**
 * UPPER_SNAKE constant name, e.g. for events:
 * 'JOB_STATUS_CHANGE' -> 'JOB_STATUS_CHANGE', '__ORG.QEMU_X-EVENT' -> '__ORG_QEMU_X_EVENT'.
 * Mirrors c_name(name).upper(); a leading digit gets a '_' prefix.
 */
export function constName(qapiName: string): string {
  const mapped = qapiName.replace(/[^A-Za-z0-9_]/gu, "_").toUpperCase();
  return /^[0-9]/u.test(mapped) || mapped === "" ? "_" + mapped : mapped;
}

/**
 * A string literal as prettier 3 prints it by default: double quotes unless
 * the text contains more double than single quotes (prettier's
 * getPreferredQuote).  Only escapes prettier keeps are produced.
 */
export function quoteString(value: string): string {
  if (!/["'\\\x00-\x1f\x7f\u2028\u2029]/u.test(value)) {
    return `"${value}"`; // the common case: nothing to escape
  }
  const doubles = (value.match(/"/gu) ?? []).length;
  const singles = (value.match(/'/gu) ?? []).length;
  const quote = doubles > singles ? "'" : '"';
  let out = quote;
  for (const ch of value) {
    out += escapeChar(ch, quote);
  }
  return out + quote;
}

function escapeChar(ch: string, quote: string): string {
  switch (ch) {
    case "\\":
      return "\\\\";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    case "\b":
      return "\\b";
    case "\f":
      return "\\f";
    case "\v":
      return "\\v";
    case "\u2028":
      return "\\u2028";
    case "\u2029":
      return "\\u2029";
  }
  if (ch === quote) {
    return "\\" + ch;
  }
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) {
    return "\\x" + code.toString(16).padStart(2, "0");
  }
  return ch;
}

/**
 * Property key for a member in a type position (interface, type literal):
 * the wire name unchanged, quoted when it is not an identifier.
 * 'job-id' -> '"job-id"', 'status' -> 'status', '__proto__' -> '__proto__'
 * (in a type, __proto__ is an ordinary property name).
 */
export function propertyKey(wireName: string): string {
  return isIdentifierName(wireName) ? wireName : quoteString(wireName);
}

/**
 * Property key for a member of a generated object *literal* (a value).
 * In `{ __proto__: x }` and `{ "__proto__": x }` the key sets the prototype
 * instead of creating a property, so '__proto__' becomes the computed key
 * `["__proto__"]`, which defines a real own property.  'constructor' and
 * 'toString' are fine as literal keys (they become own properties); code
 * that *looks up* wire names must still use Object.hasOwn or a Map, see
 * isInheritedName.
 */
export function objectLiteralKey(wireName: string): string {
  if (wireName === "__proto__") {
    return '["__proto__"]';
  }
  return propertyKey(wireName);
}

/**
 * Property access expression `obj.key` or `obj["key"]` for a wire name.
 * Reading `obj.__proto__` reads the prototype; use Object.hasOwn first.
 */
export function propertyAccess(obj: string, wireName: string): string {
  return isIdentifierName(wireName) ? `${obj}.${wireName}` : `${obj}[${quoteString(wireName)}]`;
}

/**
 * True if `obj[name]` on an ordinary object finds something even when
 * `name` is not an own property ('__proto__', 'constructor', 'toString',
 * 'hasOwnProperty', ...).  Generated lookups keyed by wire names must use
 * Object.hasOwn, a Map, or an Object.create(null) table for these.
 */
export function isInheritedName(name: string): boolean {
  return name in Object.prototype;
}

/**
 * TypeScript keeps types and values in separate namespaces (`type JobStatus`
 * and `const JobStatus` may coexist), so collisions are settled per space.
 */
export type NameSpace = "type" | "value";

interface NameEntry {
  readonly space: NameSpace;
  readonly key: string;
  readonly candidates: readonly string[];
  assigned: string | undefined;
}

/**
 * The naming pass for one schema (quicktype's assignNames, reduced).
 *
 * Backends register every name they will declare, under a key of their
 * choosing (e.g. "type:JobInfo", "validator:JobInfo", "event:JOB_STATUS_CHANGE"),
 * with one or more proposed names in order of preference.  assign() then
 * gives each entry a unique name within its space:
 * 1. every entry claims its first proposal; among entries proposing the
 *    same name, the first registered (schema order) wins;
 * 2. losers try their further proposals, still in registration order;
 * 3. the remaining ones get the first proposal plus '$2', '$3', ...
 * Because first choices are settled before any fallback is taken, adding a
 * clashing name never renames an entry whose first choice was unique.
 * Reserved names (runtime symbols imported by generated code) are never
 * assigned.
 */
export class NameTable {
  private readonly entries: NameEntry[] = [];
  private readonly byKey = new Map<string, NameEntry>();
  private readonly reserved: Record<NameSpace, Set<string>> = { type: new Set(), value: new Set() };
  private assigned = false;

  /** Keep `name` free in `space`, e.g. for an imported runtime symbol. */
  reserve(space: NameSpace, name: string): void {
    this.assertOpen();
    this.reserved[space].add(name);
  }

  /** Register an entry; proposals must be valid, already escaped identifiers. */
  add(space: NameSpace, key: string, ...candidates: string[]): void {
    this.assertOpen();
    const id = `${space}\0${key}`;
    if (this.byKey.has(id)) {
      throw new Error(`NameTable: duplicate key ${space}:${key}`);
    }
    if (candidates.length === 0 || !candidates.every(isIdentifierName)) {
      throw new Error(`NameTable: bad proposals for ${key}: ${candidates.join(", ")}`);
    }
    const entry: NameEntry = { space, key, candidates, assigned: undefined };
    this.entries.push(entry);
    this.byKey.set(id, entry);
  }

  /** Register a type declaration named after a QAPI type (see typeName). */
  addType(key: string, qapiName: string): void {
    this.add("type", key, typeName(qapiName));
  }

  /** True if `key` was registered in `space`. */
  has(space: NameSpace, key: string): boolean {
    return this.byKey.has(`${space}\0${key}`);
  }

  /** Settle all names.  Called implicitly by the first get(). */
  assign(): void {
    if (this.assigned) {
      return;
    }
    this.assigned = true;
    const taken: Record<NameSpace, Set<string>> = {
      type: new Set(this.reserved.type),
      value: new Set(this.reserved.value),
    };
    const losers: NameEntry[] = [];
    for (const e of this.entries) {
      const first = e.candidates[0]!;
      if (taken[e.space].has(first)) {
        losers.push(e);
      } else {
        taken[e.space].add(first);
        e.assigned = first;
      }
    }
    for (const e of losers) {
      e.assigned = pickFallback(e, taken[e.space]);
      taken[e.space].add(e.assigned);
    }
  }

  /** The assigned name of a registered entry. */
  get(space: NameSpace, key: string): string {
    this.assign();
    const entry = this.byKey.get(`${space}\0${key}`);
    if (!entry) {
      throw new Error(`NameTable: unknown key ${space}:${key}`);
    }
    return entry.assigned!;
  }

  /** All entries of a space as key -> name, in registration order. */
  names(space: NameSpace): Map<string, string> {
    this.assign();
    const out = new Map<string, string>();
    for (const e of this.entries) {
      if (e.space === space) {
        out.set(e.key, e.assigned!);
      }
    }
    return out;
  }

  private assertOpen(): void {
    if (this.assigned) {
      throw new Error("NameTable: names were already assigned");
    }
  }
}

function pickFallback(e: NameEntry, taken: Set<string>): string {
  for (const c of e.candidates.slice(1)) {
    if (!taken.has(c)) {
      return c;
    }
  }
  const base = e.candidates[0]!;
  for (let n = 2; ; n++) {
    const c = `${base}$${n}`;
    if (!taken.has(c)) {
      return c;
    }
  }
}
