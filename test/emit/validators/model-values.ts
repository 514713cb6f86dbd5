// Random valid values for a QAPI type, derived from the model, and single
// mutations of them with the message QEMU's input visitor gives for each.
//
// This is an independent oracle for the generated validators: it knows the
// visitor's naming rules (full names "a.b", "a[0]" for missing/type errors;
// bare names, or "null" inside lists, for enum values, alternates and
// int8..uint32 ranges) but none of the generated code.  Values use the wire
// representation (runtime/src/support/qfloat.ts): integers number, or
// bigint (always beyond 2^53, sometimes below, as callers may build them);
// floats number, or a QFloat box when integral.

import { QFloat } from "../../../runtime/src/support/qfloat.js";
import type {
  QAPISchemaAlternateType,
  QAPISchemaEnumType,
  QAPISchemaObjectType,
  QAPISchemaType,
} from "../../../generator/src/model/entities.js";

/** Deterministic PRNG (mulberry32), seeded by fast-check. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Present = (x: {
  readonly ifcond: import("../../../generator/src/model/ifcond.js").QAPISchemaIfCond;
}) => boolean;

/** A place in a generated value where a mutation can be made. */
export interface Site {
  /** Type of the value at this place. */
  type: QAPISchemaType;
  /** Full name as full_name() prints it; null at the root. */
  full: string | null;
  /** Bare name (the member key; null for list elements and the root). */
  bare: string | null;
  /** Container and key/index holding the value (undefined at the root). */
  holder?: Record<string, unknown> | unknown[];
  key?: string | number;
  /** For object members: is it required? */
  required?: boolean;
  /** For object values: the member names that are known in this branch. */
  known?: ReadonlySet<string>;
  /** Set when the value is an alternative of this alternate. */
  alternateOf?: QAPISchemaAlternateType;
}

export interface Generated {
  value: unknown;
  sites: Site[];
}

const STRINGS = [
  "",
  "a",
  "job0",
  "snap-1",
  "ü ß",
  "with space",
  "__proto__",
  "constructor",
];

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int: [-(2n ** 63n), 2n ** 63n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  size: [0n, 2n ** 64n - 1n],
};

function joinName(full: string | null, key: string): string {
  return full === null ? key : `${full}.${key}`;
}

export class ValueGen {
  constructor(
    private readonly rnd: () => number,
    private readonly present: Present,
    private readonly maxDepth = 4,
  ) {}

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)]!;
  }

  private int(lo: bigint, hi: bigint): bigint | number {
    const choices = [lo, hi, 0n, 1n, lo + (hi - lo) / 2n].filter(
      (x) => x >= lo && x <= hi,
    );
    const n =
      this.rnd() < 0.5
        ? this.pick(choices)
        : lo +
          BigInt(
            Math.floor(this.rnd() * Number(hi - lo > 1000n ? 1000n : hi - lo)),
          );
    return this.rnd() < 0.8 ? wireInt(n) : n;
  }

  generate(
    t: QAPISchemaType,
    full: string | null = null,
    bare: string | null = null,
    depth = 0,
  ): Generated {
    const sites: Site[] = [];
    const value = this.value(t, full, bare, depth, sites);
    return { value, sites };
  }

  private value(
    t: QAPISchemaType,
    full: string | null,
    bare: string | null,
    depth: number,
    sites: Site[],
  ): unknown {
    const site: Site = { type: t, full, bare };
    // An alternate's value is recorded as its alternative's (marked).
    if (t.kind !== "alternate") sites.push(site);
    switch (t.kind) {
      case "builtin":
        return this.builtin(t.name);
      case "enum": {
        const ms = (t as QAPISchemaEnumType).members.filter((m) =>
          this.present(m),
        );
        return this.pick(ms).name;
      }
      case "array": {
        const n = depth >= this.maxDepth ? 0 : Math.floor(this.rnd() * 3);
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) {
          const before = sites.length;
          out.push(
            this.value(
              t.elementType,
              `${full ?? ""}[${i}]`,
              null,
              depth + 1,
              sites,
            ),
          );
          sites[before]!.holder = out;
          sites[before]!.key = i;
        }
        return out;
      }
      case "alternate": {
        const alts = (
          t as QAPISchemaAlternateType
        ).alternatives.variants.filter((v) => this.present(v));
        const alt = this.pick(alts);
        // The alternative's value has the same names; its site replaces ours
        // for type-specific mutations, ours stays for "wrong JSON type".
        const before = sites.length;
        const v = this.value(alt.type, full, bare, depth, sites);
        sites[before]!.alternateOf = t as QAPISchemaAlternateType;
        return v;
      }
      case "object":
        return this.object(t, full, depth, sites, site);
    }
  }

  private object(
    t: QAPISchemaObjectType,
    full: string | null,
    depth: number,
    sites: Site[],
    site: Site,
  ): unknown {
    const o: Record<string, unknown> = Object.create(null) as Record<
      string,
      unknown
    >;
    const known = new Set<string>();
    site.known = known;
    // Members, then branch members, recursively for unions of unions.
    const fill = (ty: QAPISchemaObjectType) => {
      let tag: string | undefined;
      for (const m of ty.members) {
        if (!this.present(m) || known.has(m.name)) continue;
        known.add(m.name);
        if (m.optional && (depth >= this.maxDepth || this.rnd() < 0.5))
          continue;
        const isTag =
          ty.branches !== null && m.name === ty.branches.tagMember.name;
        const before = sites.length;
        let v: unknown;
        if (isTag) {
          const tags = ty.branches!.variants.filter((b) => this.present(b));
          tag = this.pick(tags).name;
          v = tag;
          sites.push({
            type: m.type,
            full: joinName(full, m.name),
            bare: m.name,
          });
        } else {
          v = this.value(
            m.type,
            joinName(full, m.name),
            m.name,
            depth + 1,
            sites,
          );
        }
        o[m.name] = v;
        sites[before]!.holder = o;
        sites[before]!.key = m.name;
        sites[before]!.required = !m.optional;
      }
      if (ty.branches && tag !== undefined) {
        const b = ty.branches.variants.find((x) => x.name === tag)!;
        if (b.type.kind === "object") fill(b.type);
      }
    };
    fill(t);
    // Members go into the JSON text in random order (it only matters for
    // which unexpected member is reported first).
    const keys = Object.keys(o);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(this.rnd() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const shuffled: Record<string, unknown> = Object.create(null) as Record<
      string,
      unknown
    >;
    for (const k of keys) shuffled[k] = o[k];
    for (const s of sites) if (s.holder === o) s.holder = shuffled;
    return shuffled;
  }

  private builtin(name: string): unknown {
    switch (name) {
      case "str":
        return this.pick(STRINGS);
      case "bool":
        return this.rnd() < 0.5;
      case "number":
        return this.rnd() < 0.5
          ? this.pick([0.5, -2.25, new QFloat(1e300), new QFloat(3)])
          : this.int(-5n, 5n);
      case "null":
        return null;
      case "any":
        return this.pick([
          null,
          "x",
          1,
          2n ** 60n,
          2.5,
          new QFloat(2),
          true,
          [],
          { a: [1] },
        ]);
    }
    const r = INT_RANGES[name];
    if (r) return this.int(r[0], r[1]);
    throw new Error(`builtin ${name}`);
  }
}

export interface Mutation {
  kind: string;
  value: unknown;
  message: string;
}

/** An integer as the wire parser gives it: a number while exact, else the bigint. */
export function wireInt(n: bigint): number | bigint {
  return n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A wire integer: an integral number or a bigint (a QFloat is a float). */
function isWireInt(v: unknown): boolean {
  return typeof v === "bigint" || Number.isInteger(v);
}

/** Deep copy of a wire value, keeping null prototypes (QFloat boxes are shared: immutable). */
export function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (v instanceof QFloat) return v;
  if (v !== null && typeof v === "object") {
    const o = Object.create(
      Object.getPrototypeOf(v) === null ? null : Object.prototype,
    ) as Record<string, unknown>;
    for (const k of Object.keys(v))
      o[k] = clone((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

function qtypeOf(v: unknown): string {
  if (v === null) return "QTYPE_QNULL";
  if (typeof v === "string") return "QTYPE_QSTRING";
  if (typeof v === "bigint" || typeof v === "number" || v instanceof QFloat)
    return "QTYPE_QNUM";
  if (typeof v === "boolean") return "QTYPE_QBOOL";
  if (Array.isArray(v)) return "QTYPE_QLIST";
  return "QTYPE_QDICT";
}

const WRONG_VALUES: unknown[] = [
  null,
  7,
  2n ** 62n,
  2.5,
  new QFloat(4),
  "s",
  true,
  [],
  {},
];

/** The expected type error for a value of `t` replaced by `w` (a wrong JSON type). */
function typeErrorFor(
  t: QAPISchemaType,
  site: Site,
  w: unknown,
): string | null {
  const full = site.full ?? "<anonymous>";
  const expected = (what: string) =>
    `Invalid parameter type for '${full}', expected: ${what}`;
  const q = qtypeOf(w);
  switch (t.kind) {
    case "enum":
      return q === "QTYPE_QSTRING" ? null : expected("string");
    case "array":
      return q === "QTYPE_QLIST" ? null : expected("array");
    case "object":
      return q === "QTYPE_QDICT" ? null : expected("object");
    case "alternate":
      return null;
    case "builtin":
      switch (t.name) {
        case "str":
          return q === "QTYPE_QSTRING" ? null : expected("string");
        case "bool":
          return q === "QTYPE_QBOOL" ? null : expected("boolean");
        case "number":
          return q === "QTYPE_QNUM" ? null : expected("number");
        case "null":
          return q === "QTYPE_QNULL" ? null : expected("null");
        case "any":
          return null;
        case "uint8":
        case "uint16":
        case "uint32":
        case "uint64":
        case "size":
          return isWireInt(w) ? null : `Parameter '${full}' expects uint64`;
        default:
          return isWireInt(w) ? null : expected("integer");
      }
  }
}

/** All single mutations of `g` applicable at random site choices. */
export function mutate(
  g: Generated,
  rnd: () => number,
  unknownKeys: readonly string[],
): Mutation | null {
  const site = g.sites[Math.floor(rnd() * g.sites.length)]!;
  const kinds = ["wrong-type", "missing", "unknown", "bad-enum", "range"];
  const kind = kinds[Math.floor(rnd() * kinds.length)]!;
  const root = clone(g.value);
  // Find the copy of the holder: walk by names is complex; instead we mutate
  // through a path recorded from the site's holder identity.
  const path = pathOf(g.value, site);
  if (path === null) return null;
  const set = (v: unknown) => setAt(root, path, v);
  const bare = site.bare ?? "null";
  const full = site.full ?? "<anonymous>";
  switch (kind) {
    case "wrong-type": {
      if (site.alternateOf) {
        const alt = site.alternateOf;
        const qts = new Set(
          alt.alternatives.variants.map((v) => v.type.alternateQtype()),
        );
        const w = WRONG_VALUES.find((x) => !qts.has(qtypeOf(x)));
        if (w === undefined || path.length === 0) return null;
        set(clone(w));
        return {
          kind,
          value: root,
          message: `Invalid parameter type for '${bare}', expected: ${alt.name}`,
        };
      }
      if (path.length === 0) return null;
      const candidates = WRONG_VALUES.map(
        (w) => [w, typeErrorFor(site.type, site, w)] as const,
      ).filter(([, m]) => m);
      if (candidates.length === 0) return null;
      const [w, message] = candidates[Math.floor(rnd() * candidates.length)]!;
      set(clone(w));
      return { kind, value: root, message: message! };
    }
    case "missing": {
      if (!site.required || path.length === 0) return null;
      deleteAt(root, path);
      return { kind, value: root, message: `Parameter '${full}' is missing` };
    }
    case "unknown": {
      if (!site.known || site.type.kind !== "object") return null;
      const key = unknownKeys.find((k) => !site.known!.has(k));
      if (key === undefined) return null;
      const target = getAt(root, path) as Record<string, unknown>;
      target[key] = 1n;
      return {
        kind,
        value: root,
        message: `Parameter '${joinName(site.full, key)}' is unexpected`,
      };
    }
    case "bad-enum": {
      if (site.type.kind !== "enum" || path.length === 0) return null;
      set("no-such-value");
      return {
        kind,
        value: root,
        message: `Parameter '${bare}' does not accept value 'no-such-value'`,
      };
    }
    case "range": {
      if (site.type.kind !== "builtin" || path.length === 0) return null;
      const r = INT_RANGES[site.type.name];
      if (!r) return null;
      const small = [
        "int8",
        "int16",
        "int32",
        "uint8",
        "uint16",
        "uint32",
      ].includes(site.type.name);
      if (small) {
        set(
          rnd() < 0.5
            ? r[1] + 1n
            : site.type.name.startsWith("u")
              ? -1n
              : r[0] - 1n,
        );
        return {
          kind,
          value: root,
          message: `Parameter '${bare}' expects ${site.type.name}_t`,
        };
      }
      if (site.type.name === "uint64" || site.type.name === "size") {
        set(-(2n ** 63n) - 1n);
        return {
          kind,
          value: root,
          message: `Parameter '${full}' expects uint64`,
        };
      }
      set(rnd() < 0.5 ? 2n ** 63n : new QFloat(1));
      return {
        kind,
        value: root,
        message: `Invalid parameter type for '${full}', expected: integer`,
      };
    }
  }
  return null;
}

type Path = (string | number)[];

/** The path from `root` to the site's value (by holder identity). */
function pathOf(root: unknown, site: Site): Path | null {
  if (site.holder === undefined) return [];
  const found = (function search(v: unknown, path: Path): Path | null {
    if (v === site.holder) return [...path, site.key!];
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const p = search(v[i], [...path, i]);
        if (p) return p;
      }
    } else if (v !== null && typeof v === "object") {
      for (const k of Object.keys(v)) {
        const p = search((v as Record<string, unknown>)[k], [...path, k]);
        if (p) return p;
      }
    }
    return null;
  })(root, []);
  return found;
}

function getAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v;
}

function setAt(root: unknown, path: Path, value: unknown): void {
  const holder = getAt(root, path.slice(0, -1)) as Record<
    string | number,
    unknown
  >;
  holder[path.at(-1)!] = value;
}

function deleteAt(root: unknown, path: Path): void {
  const holder = getAt(root, path.slice(0, -1)) as Record<
    string | number,
    unknown
  >;
  delete holder[path.at(-1)!];
}

/** JSON text of a wire value, members in insertion order, floats with a '.'. */
export function wireJson(v: unknown): string {
  if (v === null) return "null";
  if (v instanceof QFloat) {
    const s = String(v.value);
    return /[.eE]/u.test(s) ? s : `${s}.0`;
  }
  switch (typeof v) {
    case "bigint":
    case "number":
      return String(v);
    case "string":
      return JSON.stringify(v);
    case "boolean":
      return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(wireJson).join(", ")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .map((k) => `${JSON.stringify(k)}: ${wireJson(o[k])}`)
    .join(", ")}}`;
}
