// The types backend: types/M.ts per schema module (and maps.ts, see
// index-file.ts).
//
// What a QAPI type becomes (codegen.md, issue 3):
// - enum: a union of string literals plus `XValues`, a frozen array of the
//   values in schema order;
// - struct (and implicit q_obj_* types): an interface; the base by
//   `extends`, optional members as `?:`, wire names as keys;
// - union: a discriminated union of one named interface per branch,
//   `U_Branch extends UBase, BranchType { tag: "branch" }`, so narrowing on
//   the tag yields the branch's members (values without a branch of their
//   own get q_empty from the model: just the base and the tag);
// - alternate: a union of its alternatives' types;
// - arrays: `T[]` where used; builtins: see builtin.ts.
// Under --define, whatever is false is left out; without it, conditions are
// recorded in the JSDoc (ctx.recordedCondition).

import type { QAPIDoc } from "../../doc/qapidoc.js";
import type {
  QAPISchemaAlternateType,
  QAPISchemaEnumType,
  QAPISchemaObjectType,
  QAPISchemaType,
} from "../../model/entities.js";
import type { QAPISchemaVariant } from "../../model/members.js";
import type { QAPISchema, QAPISchemaModule } from "../../model/schema.js";
import type { Backend, GenContext } from "../backend.js";
import { definitionJsDoc, enumValueList, memberJsDoc, type JsDocBuilder } from "../jsdoc.js";
import type { OutputSet } from "../output-set.js";
import { GeneratedFile, str, union, type Printable } from "../printer.js";
import { schemaNames, type SchemaNames } from "../schema-names.js";
import { pascalCase, propertyKey } from "../ts-names.js";
import { importDecl, typeRef } from "../type-ref.js";
import { builtinDeclarations, qtypeLead } from "./types/builtin.js";
import { frozenArrayConst, interfaceHeader, intersectionAlias, type Measured } from "./types/layout.js";
import { generateMaps } from "./index-file.js";

export const typesBackend: Backend = {
  name: "types",
  generate(schema: QAPISchema, out: OutputSet, ctx: GenContext): void {
    const gen = new TypesGenerator(schema, ctx);
    for (const module of schema.modules) {
      const f = gen.moduleFile(module);
      if (!f.isEmpty()) out.addFile(f);
    }
    out.addFile(generateMaps(schema, ctx));
  },
};

/** Members of TypeScript's `Object` interface: every object type has them. */
const OBJECT_MEMBERS: ReadonlySet<string> = new Set([
  "constructor",
  "toString",
  "toLocaleString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
]);

const INHERITED_NOTE = (name: string) => [
  `When absent, \`${name}\` reads as the inherited \`Object.prototype\` member;`,
  "test for the wire member with `Object.hasOwn`.",
];

/** The owner of an implicit type: 'q_obj_NAME-arg' / 'q_obj_NAME-base'. */
const IMPLICIT = /^q_obj_(.*)-(arg|base)$/u;

class TypesGenerator {
  private readonly names: SchemaNames;

  constructor(
    private readonly schema: QAPISchema,
    private readonly ctx: GenContext,
  ) {
    this.names = schemaNames(schema);
  }

  moduleFile(module: QAPISchemaModule): GeneratedFile {
    const f = new GeneratedFile(this.ctx.modulePath("types", module), { source: module.name });
    const builtin = module.name === "./builtin";
    if (builtin) builtinDeclarations(f, this.names, module);
    for (const ent of module.entities) {
      if (ent.kind === "include" || ent.kind === "command" || ent.kind === "event") continue;
      if (!this.ctx.present(ent)) continue;
      switch (ent.kind) {
        case "enum":
          this.enumType(f, ent, builtin ? qtypeLead() : undefined);
          break;
        case "object":
          if (ent.name === "q_empty") break;
          if (ent.branches) this.unionType(f, ent);
          else this.structType(f, ent);
          break;
        case "alternate":
          this.alternateType(f, ent);
          break;
        case "array":
        case "builtin":
          break; // arrays are written inline, builtins by builtinDeclarations
      }
    }
    return f;
  }

  /** A named type declared in some types file, with its name for measuring. */
  private named(f: GeneratedFile, t: QAPISchemaType): Measured {
    const ref = this.names.type(t);
    return { print: importDecl(f, this.ctx, "types", ref, true), text: ref.name };
  }

  private ref(f: GeneratedFile, t: QAPISchemaType): Printable[] {
    return typeRef(f, this.ctx, this.names, t);
  }

  /** The doc describing a type's members: its own, or its owner's. */
  private memberDoc(t: QAPISchemaObjectType): QAPIDoc | null {
    if (t.doc) return t.doc;
    const m = IMPLICIT.exec(t.name);
    return m ? (this.schema.lookupEntity(m[1]!)?.doc ?? null) : null;
  }

  private typeJsDoc(t: QAPISchemaType): JsDocBuilder {
    const m = t.isImplicit() ? IMPLICIT.exec(t.name) : null;
    if (!m) return definitionJsDoc(t, this.ctx);
    const owner = this.schema.lookupEntity(m[1]!);
    let lead: string;
    if (m[2] === "base") lead = `Members shared by every branch of union \`${m[1]}\`.`;
    else if (owner?.kind === "event") lead = `Data of event \`${m[1]}\`.`;
    else lead = `Arguments of command \`${m[1]}\`.`;
    return definitionJsDoc(t, this.ctx, { doc: null, lead });
  }

  private enumType(f: GeneratedFile, t: QAPISchemaEnumType, lead?: string): void {
    const values = t.members.filter((m) => this.ctx.present(m));
    const doc = this.typeJsDoc(t);
    if (lead) doc.paragraph(lead);
    const items = enumValueList(values, t.doc, this.ctx);
    if (items.length > 0) doc.paragraph(["Values:", ...items]);
    const name = this.names.type(t).name;
    f.print();
    f.print(doc.build());
    const literals = values.map((v) => str(v.name));
    if (literals.length === 0) f.print(f.export("type", name), " = never;");
    else f.print(f.export("type", name), " =", union(literals), ";");
    f.print();
    f.print(`/** Every value of {@link ${name}}, in schema order. */`);
    const valuesName = this.names.enumValues(t).name;
    frozenArrayConst(f, f.export("const", valuesName), valuesName, literals);
  }

  private structType(f: GeneratedFile, t: QAPISchemaObjectType): void {
    const heritage = t.base ? [this.named(f, t.base)] : [];
    const members = t.localMembers.filter((m) => this.ctx.present(m));
    const body = () => {
      const doc = this.memberDoc(t);
      for (const m of members) {
        const jsdoc = memberJsDoc(m, doc, this.ctx);
        f.print();
        if (m.optional && OBJECT_MEMBERS.has(m.name)) {
          // TypeScript gives an object literal without this member the
          // inherited Object.prototype one, which must then be allowed
          jsdoc.paragraph(INHERITED_NOTE(m.name));
          const inherited = `Object[${str(m.name).text}]`;
          f.print(jsdoc.build());
          f.print(propertyKey(m.name), "?:", union([this.ref(f, m.type), inherited]), ";");
          continue;
        }
        f.print(jsdoc.build());
        f.print(propertyKey(m.name), m.optional ? "?: " : ": ", this.ref(f, m.type), ";");
      }
    };
    this.interfaceDecl(f, this.names.type(t).name, heritage, this.typeJsDoc(t), members.length > 0 ? body : null);
  }

  /** `export interface N extends H1, H2 { body }`, laid out as prettier does. */
  private interfaceDecl(
    f: GeneratedFile,
    name: string,
    heritage: readonly Measured[],
    doc: JsDocBuilder,
    body: (() => void) | null,
  ): void {
    f.print();
    f.print(doc.build());
    const head = interfaceHeader(f.export("interface", name), name, heritage, body === null);
    if (body === null) f.print(head, "{}");
    else f.block([head, "{"], body);
  }

  private unionType(f: GeneratedFile, t: QAPISchemaObjectType): void {
    const name = this.names.type(t).name;
    const variants = t.branches!.variants.filter((v) => this.ctx.present(v));
    const branchNames = branchTypeNames(name, variants);
    f.print();
    f.print(this.typeJsDoc(t).build());
    if (variants.length === 0) f.print(f.export("type", name), " = never;");
    else f.print(f.export("type", name), " =", union(branchNames), ";");
    const base = this.named(f, t.base!);
    const tag = t.branches!.tagName;
    variants.forEach((v, i) => this.branchType(f, t, v, branchNames[i]!, base, tag));
  }

  private branchType(
    f: GeneratedFile,
    t: QAPISchemaObjectType,
    v: QAPISchemaVariant,
    branchName: string,
    base: Measured,
    tag: string,
  ): void {
    const unionName = this.names.type(t).name;
    const doc = memberJsDoc(v, null, this.ctx);
    doc.paragraph(`Branch of {@link ${unionName}} with \`${tag}: ${str(v.name).text}\`.`);
    const tagLine = [propertyKey(tag), ": ", str(v.name), ";"];
    const vt = v.type as QAPISchemaObjectType;
    if (vt.name === "q_empty") {
      this.interfaceDecl(f, branchName, [base], doc, () => f.print(tagLine));
      return;
    }
    const branchRef = this.named(f, vt);
    if (!vt.branches) {
      this.interfaceDecl(f, branchName, [base, branchRef], doc, () => f.print(tagLine));
      return;
    }
    // A union as a branch (QEMU 9.1+): interfaces cannot extend a union type
    const tagText = `Record<${str(tag).text}, ${str(v.name).text}>`;
    const operands = [base, { print: tagText, text: tagText }, branchRef];
    f.print();
    f.print(doc.build());
    f.print(f.export("type", branchName), " =", intersectionAlias(`export type ${branchName} =`, operands), ";");
  }

  private alternateType(f: GeneratedFile, t: QAPISchemaAlternateType): void {
    const alts = t.alternatives.variants.filter((v) => this.ctx.present(v));
    const doc = this.typeJsDoc(t);
    const items = enumValueList(alts, t.doc, this.ctx);
    if (items.length > 0) doc.paragraph(["Alternatives:", ...items]);
    const name = this.names.type(t).name;
    f.print();
    f.print(doc.build());
    const members = alts.map((v) => this.ref(f, v.type));
    if (members.length === 0) f.print(f.export("type", name), " = never;");
    else f.print(f.export("type", name), " =", union(members), ";");
  }
}

/** `U_Branch` per branch: '_' never occurs in names derived from QAPI names. */
function branchTypeNames(unionName: string, variants: readonly QAPISchemaVariant[]): string[] {
  const used = new Set<string>();
  return variants.map((v) => {
    const base = `${unionName}_${pascalCase(v.name)}`;
    let n = base;
    for (let i = 2; used.has(n); i++) n = `${base}$${i}`;
    used.add(n);
    return n;
  });
}
