// Structural comparison of two query-qmp-schema replies.
//
// Type names in a reply are opaque numbers that differ between schemas, so
// a command or event is compared through the types it reaches: each type
// name is replaced by what it describes (members, variants, enum values,
// alternatives), recursively.  Our schema keeps some QEMU types only in
// part (qapi/README.md lists them), so besides equality there is a subset
// check: everything ours has, QEMU has in the same shape.

export interface SchemaEntry {
  name: string;
  "meta-type": string;
  [key: string]: unknown;
}

interface Member {
  name: string;
  type: string;
  default?: unknown;
  features?: string[];
}

/** A resolved type: builtin name, or a structure. */
export type Shape =
  | { kind: "builtin"; name: string }
  | { kind: "array"; of: Shape }
  | {
      kind: "enum";
      values: Array<{ name: string; features: string[] }>;
      features: string[];
    }
  | { kind: "alternate"; members: Shape[]; features: string[] }
  | {
      kind: "object";
      members: Array<{
        name: string;
        optional: boolean;
        type: Shape;
        features: string[];
      }>;
      tag: string | undefined;
      variants: Array<{ case: string; type: Shape }>;
      features: string[];
    }
  | { kind: "recursive"; depth: number };

export interface EntityShape {
  meta: "command" | "event";
  args: Shape;
  ret?: Shape;
  allowOob: boolean;
  features: string[];
}

export class SchemaIndex {
  private readonly byName = new Map<string, SchemaEntry>();

  constructor(entries: SchemaEntry[]) {
    for (const e of entries) this.byName.set(e.name, e);
  }

  get(name: string): SchemaEntry | undefined {
    return this.byName.get(name);
  }

  /** Names of all commands and events, in reply order. */
  entities(): string[] {
    return [...this.byName.values()]
      .filter((e) => e["meta-type"] === "command" || e["meta-type"] === "event")
      .map((e) => e.name);
  }

  entity(name: string): EntityShape | undefined {
    const e = this.byName.get(name);
    if (!e) return undefined;
    const features = (e["features"] as string[] | undefined) ?? [];
    if (e["meta-type"] === "command") {
      return {
        meta: "command",
        args: this.shape(e["arg-type"] as string, []),
        ret: this.shape(e["ret-type"] as string, []),
        allowOob: e["allow-oob"] === true,
        features,
      };
    }
    if (e["meta-type"] === "event") {
      return {
        meta: "event",
        args: this.shape(e["arg-type"] as string, []),
        allowOob: false,
        features,
      };
    }
    return undefined;
  }

  /** Resolves a type name; `path` holds the names being resolved (recursion guard). */
  shape(name: string, path: string[]): Shape {
    if (name.startsWith("[") && name.endsWith("]")) {
      return { kind: "array", of: this.shape(name.slice(1, -1), path) };
    }
    const depth = path.indexOf(name);
    if (depth >= 0) return { kind: "recursive", depth: path.length - depth };
    const e = this.byName.get(name);
    if (!e) throw new Error(`type '${name}' is not in the schema reply`);
    const features = (e["features"] as string[] | undefined) ?? [];
    const inner = [...path, name];
    switch (e["meta-type"]) {
      case "builtin":
        return { kind: "builtin", name };
      case "array":
        return {
          kind: "array",
          of: this.shape(e["element-type"] as string, inner),
        };
      case "enum": {
        const members = e["members"] as Array<{
          name: string;
          features?: string[];
        }>;
        return {
          kind: "enum",
          values: members.map((m) => ({
            name: m.name,
            features: m.features ?? [],
          })),
          features,
        };
      }
      case "alternate": {
        const members = e["members"] as Array<{ type: string }>;
        return {
          kind: "alternate",
          members: members.map((m) => this.shape(m.type, inner)),
          features,
        };
      }
      case "object": {
        const members = e["members"] as Member[];
        const variants =
          (e["variants"] as
            Array<{ case: string; type: string }> | undefined) ?? [];
        return {
          kind: "object",
          members: members.map((m) => ({
            name: m.name,
            optional: "default" in m,
            type: this.shape(m.type, inner),
            features: m.features ?? [],
          })),
          tag: e["tag"] as string | undefined,
          variants: variants.map((v) => ({
            case: v.case,
            type: this.shape(v.type, inner),
          })),
          features,
        };
      }
      default:
        throw new Error(`'${name}' is a ${e["meta-type"]}, not a type`);
    }
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The first place where `ours` is not part of `theirs`, or undefined.  With
 * `exact`, `ours` must also have everything `theirs` has.  Members and enum
 * values are matched by name, so order is checked only with `exact`.
 */
export function shapeDifference(
  ours: Shape,
  theirs: Shape,
  exact: boolean,
  at = "$",
): string | undefined {
  if (ours.kind !== theirs.kind) return `${at}: ${ours.kind} vs ${theirs.kind}`;
  switch (ours.kind) {
    case "builtin":
    case "recursive": {
      const t = theirs as typeof ours;
      return JSON.stringify(ours) === JSON.stringify(t)
        ? undefined
        : `${at}: ${JSON.stringify(ours)} vs ${JSON.stringify(t)}`;
    }
    case "array":
      return shapeDifference(
        ours.of,
        (theirs as typeof ours).of,
        exact,
        `${at}[]`,
      );
    case "enum": {
      const t = theirs as typeof ours;
      if (!sameList(ours.features, t.features))
        return `${at}: features ${ours.features} vs ${t.features}`;
      for (const v of ours.values) {
        const tv = t.values.find((x) => x.name === v.name);
        if (!tv) return `${at}: enum value '${v.name}' not in QEMU`;
        if (!sameList(v.features, tv.features))
          return `${at}: features of '${v.name}' differ`;
      }
      if (
        exact &&
        !sameList(
          ours.values.map((v) => v.name),
          t.values.map((v) => v.name),
        )
      ) {
        return `${at}: enum values [${ours.values.map((v) => v.name)}] vs [${t.values.map((v) => v.name)}]`;
      }
      return undefined;
    }
    case "alternate": {
      const t = theirs as typeof ours;
      if (ours.members.length !== t.members.length) {
        return `${at}: ${ours.members.length} alternatives vs ${t.members.length}`;
      }
      for (let i = 0; i < ours.members.length; i++) {
        const d = shapeDifference(
          ours.members[i]!,
          t.members[i]!,
          exact,
          `${at}|${i}`,
        );
        if (d) return d;
      }
      return undefined;
    }
    case "object": {
      const t = theirs as typeof ours;
      if (!sameList(ours.features, t.features))
        return `${at}: features [${ours.features}] vs [${t.features}]`;
      if (ours.tag !== t.tag) return `${at}: tag ${ours.tag} vs ${t.tag}`;
      for (const m of ours.members) {
        const tm = t.members.find((x) => x.name === m.name);
        if (!tm) return `${at}.${m.name}: not in QEMU`;
        if (m.optional !== tm.optional)
          return `${at}.${m.name}: optional ${m.optional} vs ${tm.optional}`;
        if (!sameList(m.features, tm.features))
          return `${at}.${m.name}: features [${m.features}] vs [${tm.features}]`;
        const d = shapeDifference(m.type, tm.type, exact, `${at}.${m.name}`);
        if (d) return d;
      }
      // A member QEMU requires cannot be left out, even in a subset.
      for (const tm of t.members) {
        if (
          !ours.members.some((m) => m.name === tm.name) &&
          (exact || !tm.optional)
        ) {
          return `${at}.${tm.name}: missing (QEMU has it${tm.optional ? "" : " as mandatory"})`;
        }
      }
      if (
        exact &&
        !sameList(
          ours.members.map((m) => m.name),
          t.members.map((m) => m.name),
        )
      ) {
        return `${at}: member order differs`;
      }
      for (const v of ours.variants) {
        const tv = t.variants.find((x) => x.case === v.case);
        if (!tv) return `${at}: variant '${v.case}' not in QEMU`;
        const d = shapeDifference(v.type, tv.type, exact, `${at}{${v.case}}`);
        if (d) return d;
      }
      if (exact && ours.variants.length !== t.variants.length) {
        return `${at}: ${ours.variants.length} variants vs ${t.variants.length}`;
      }
      return undefined;
    }
  }
}

export function entityDifference(
  ours: EntityShape,
  theirs: EntityShape,
  exact: boolean,
): string | undefined {
  if (ours.meta !== theirs.meta) return `${ours.meta} vs ${theirs.meta}`;
  if (ours.allowOob !== theirs.allowOob)
    return `allow-oob ${ours.allowOob} vs ${theirs.allowOob}`;
  if (!sameList(ours.features, theirs.features))
    return `features [${ours.features}] vs [${theirs.features}]`;
  const a = shapeDifference(ours.args, theirs.args, exact, "args");
  if (a) return a;
  if (ours.ret && theirs.ret)
    return shapeDifference(ours.ret, theirs.ret, exact, "ret");
  return undefined;
}

/**
 * Commands whose types our schema keeps only in part (see qapi/README.md):
 * for these the subset check applies, for everything else equality.
 */
export const SUBSET_ENTITIES = new Set([
  "query-block",
  "query-named-block-nodes",
  "blockdev-add",
]);

/** Every command and event of `ours` checked against `theirs`; one line per problem. */
export function compareSchemas(
  ours: SchemaEntry[],
  theirs: SchemaEntry[],
): string[] {
  const o = new SchemaIndex(ours);
  const t = new SchemaIndex(theirs);
  const problems: string[] = [];
  for (const name of o.entities()) {
    const te = t.entity(name);
    if (!te) {
      problems.push(`${name}: not in QEMU 7.2`);
      continue;
    }
    const d = entityDifference(o.entity(name)!, te, !SUBSET_ENTITIES.has(name));
    if (d) problems.push(`${name}: ${d}`);
  }
  return problems;
}
