// Introspection data: the value of `query-qmp-schema`, mirroring QEMU's
// scripts/qapi/introspect.py.
//
// QEMU builds the tree once for all builds and lets the C preprocessor drop
// entries whose condition is false.  Type names are masked as numbers in the
// order they are first used while generating, conditions ignored, so a
// build's reply can have gaps in the numbering.  We do the same: build the
// whole tree (numbering included) first, then evaluate conditions against
// --define.  Without --define everything is kept and the conditions are
// recorded in introspect.ts.

import type {
  QAPISchemaAlternateType,
  QAPISchemaCommand,
  QAPISchemaEntity,
  QAPISchemaEnumType,
  QAPISchemaEvent,
  QAPISchemaObjectType,
  QAPISchemaType,
} from "../../model/entities.js";
import { QAPISchemaIfCond } from "../../model/ifcond.js";
import type { QAPISchemaFeature } from "../../model/members.js";
import type { QAPISchema } from "../../model/schema.js";
import type { Backend, GenContext } from "../backend.js";
import { printJson } from "../json-print.js";
import type { OutputSet } from "../output-set.js";
import { GeneratedFile, list, str } from "../printer.js";

type Tree = null | boolean | string | Annotated | Tree[] | { [key: string]: Tree };

/** A value with a condition (QEMU's Annotated); only list elements have one. */
class Annotated {
  constructor(
    readonly value: Tree,
    readonly ifcond: QAPISchemaIfCond,
  ) {}
}

/** Builds the SchemaInfo list exactly as introspect.py's visitor does. */
class IntrospectBuilder {
  readonly trees: Annotated[] = [];
  private readonly usedTypes: QAPISchemaType[] = [];
  private readonly used = new Set<QAPISchemaType>();
  private readonly nameMap = new Map<string, string>();

  constructor(
    private readonly schema: QAPISchema,
    private readonly unmask: boolean,
  ) {}

  build(): Annotated[] {
    this.schema.visit({
      visitNeeded: (e: QAPISchemaEntity) => e.kind === "command" || e.kind === "event" || e.kind === "include",
      visitCommand: (c) => this.command(c),
      visitEvent: (e) => this.event(e),
    });
    // visit_end: the types actually used, in order of first use; the queue
    // grows while we walk it.
    for (let i = 0; i < this.usedTypes.length; i++) this.type(this.usedTypes[i]!);
    return this.trees;
  }

  private name(name: string): string {
    if (this.unmask) return name;
    let n = this.nameMap.get(name);
    if (n === undefined) {
      n = String(this.nameMap.size);
      this.nameMap.set(name, n);
    }
    return n;
  }

  private useType(typ: QAPISchemaType): string {
    // The integer types all introspect as plain 'int'.
    if (typ.jsonType() === "int") {
      typ = this.schema.lookupType("int")!;
    } else if (typ.kind === "array" && typ.elementType.jsonType() === "int") {
      typ = this.schema.lookupType("intList")!;
    }
    if (!this.used.has(typ)) {
      this.used.add(typ);
      this.usedTypes.push(typ);
    }
    if (typ.kind === "builtin") return typ.name;
    if (typ.kind === "array") return `[${this.useType(typ.elementType)}]`;
    return this.name(typ.name);
  }

  private features(features: readonly QAPISchemaFeature[]): Annotated[] {
    return features.map((f) => new Annotated(f.name, f.ifcond));
  }

  private tree(
    name: string,
    mtype: string,
    obj: { [key: string]: Tree },
    ifcond: QAPISchemaIfCond | null,
    features: readonly QAPISchemaFeature[] = [],
  ): void {
    if (!["command", "event", "builtin", "array"].includes(mtype)) {
      name = this.name(name);
    }
    obj["name"] = name;
    obj["meta-type"] = mtype;
    if (features.length > 0) obj["features"] = this.features(features);
    this.trees.push(new Annotated(obj, ifcond ?? QAPISchemaIfCond.NONE));
  }

  private type(t: QAPISchemaType): void {
    switch (t.kind) {
      case "builtin":
        return this.tree(t.name, "builtin", { "json-type": t.jsonType() }, t.ifcond);
      case "enum":
        return this.enumType(t);
      case "array": {
        const element = this.useType(t.elementType);
        return this.tree(`[${element}]`, "array", { "element-type": element }, t.ifcond);
      }
      case "object":
        return this.objectType(t);
      case "alternate":
        return this.alternateType(t);
    }
  }

  private enumType(t: QAPISchemaEnumType): void {
    const members = t.members.map((m) => {
      const obj: { [key: string]: Tree } = { name: m.name };
      if (m.features.length > 0) obj["features"] = this.features(m.features);
      return new Annotated(obj, m.ifcond);
    });
    const values = t.members.map((m) => new Annotated(m.name, m.ifcond));
    this.tree(t.name, "enum", { members, values }, t.ifcond, t.features);
  }

  private objectType(t: QAPISchemaObjectType): void {
    const members = t.members.map((m) => {
      const obj: { [key: string]: Tree } = { name: m.name, type: this.useType(m.type) };
      if (m.optional) obj["default"] = null;
      if (m.features.length > 0) obj["features"] = this.features(m.features);
      return new Annotated(obj, m.ifcond);
    });
    const obj: { [key: string]: Tree } = { members };
    if (t.branches) {
      obj["tag"] = t.branches.tagMember.name;
      obj["variants"] = t.branches.variants.map(
        (v) => new Annotated({ case: v.name, type: this.useType(v.type) }, v.ifcond),
      );
    }
    this.tree(t.name, "object", obj, t.ifcond, t.features);
  }

  private alternateType(t: QAPISchemaAlternateType): void {
    const members = t.alternatives.variants.map((v) => new Annotated({ type: this.useType(v.type) }, v.ifcond));
    this.tree(t.name, "alternate", { members }, t.ifcond, t.features);
  }

  private command(c: QAPISchemaCommand): void {
    const obj: { [key: string]: Tree } = {
      "arg-type": this.useType(c.argType ?? this.schema.theEmptyObjectType),
      "ret-type": this.useType(c.retType ?? this.schema.theEmptyObjectType),
    };
    if (c.allowOob) obj["allow-oob"] = true;
    this.tree(c.name, "command", obj, c.ifcond, c.features);
  }

  private event(e: QAPISchemaEvent): void {
    this.tree(e.name, "event", { "arg-type": this.useType(e.argType ?? this.schema.theEmptyObjectType) }, e.ifcond, e.features);
  }
}

type Json = null | boolean | string | Json[] | { [key: string]: Json };

/** Drops what --define switches off (the C preprocessor's job in QEMU). */
function materialize(tree: Tree, ctx: GenContext): Json {
  if (tree instanceof Annotated) return materialize(tree.value, ctx);
  if (Array.isArray(tree)) {
    return tree.filter((t) => !(t instanceof Annotated) || ctx.present(t)).map((t) => materialize(t, ctx));
  }
  if (tree !== null && typeof tree === "object") {
    // Keys sorted, as in QEMU's generated QLIT initializers.
    const out: { [key: string]: Json } = {};
    for (const k of Object.keys(tree).sort()) out[k] = materialize(tree[k]!, ctx);
    return out;
  }
  return tree;
}

export const introspectBackend: Backend = {
  name: "introspect",
  generate(schema: QAPISchema, out: OutputSet, ctx: GenContext): void {
    const trees = new IntrospectBuilder(schema, ctx.opts.unmask).build();
    const kept = trees.filter((t) => ctx.present(t));
    out.add(ctx.topPath("introspect.json"), printJson(kept.map((t) => materialize(t, ctx))));
    out.addFile(introspectModule(ctx, kept));
  },
};

/** introspect.ts: the data with its type, and the recorded conditions. */
function introspectModule(ctx: GenContext, kept: readonly Annotated[]): GeneratedFile {
  const f = new GeneratedFile(ctx.topPath("introspect.ts"), { source: ctx.opts.schemaPath });
  const schemaInfo = f.import("SchemaInfo", ctx.runtimeModule("introspection"), { typeOnly: true });
  f.print(`import data from ${str(`./${ctx.topPath("introspect.json")}`)} with { type: "json" };`);
  f.print();
  f.print("/** The value of `query-qmp-schema`, as a QEMU build of this schema answers it. */");
  f.print`export const qmpSchema: readonly ${schemaInfo}[] = data as readonly ${schemaInfo}[];`;
  const conditional = kept
    .map((t, index) => ({ index, cond: ctx.recordedCondition(t) }))
    .filter((c): c is { index: number; cond: string } => c.cond !== null);
  f.print();
  f.print("/**");
  f.print(" * Conditions of entries (by index in qmpSchema) that a build only has when");
  f.print(" * its condition holds; empty when generated with --define.");
  f.print(" */");
  if (conditional.length === 0) {
    f.print("export const qmpSchemaConditions: ReadonlyMap<number, string> = new Map();");
  } else {
    f.print("export const qmpSchemaConditions: ReadonlyMap<number, string> = new Map([");
    f.indent(() => {
      for (const c of conditional) f.print(list("[", [String(c.index), str(c.cond)], "]"), ",");
    });
    f.print("]);");
  }
  return f;
}
