// Validators: one generated function per enum, object and alternate type
// that checks a JSON value exactly as QEMU's QMP input visitor does and
// returns it typed (validators/<module>.ts).
//
// The generated code follows the C that scripts/qapi/visit.py generates:
//   visit_type_T_members  -> $membersT(o, f, r): members in schema order
//                            (base first), optional ones only when present,
//                            then the branch chosen by the discriminator;
//   visit_type_T          -> $visitT(v, up): start_struct, members,
//                            check_struct (unexpected members last);
//   alternates            -> switch on the QType of the input;
//   enums                 -> visit_type_enum;
//   arrays                -> runtime list() with the element's visitor.
// Public entry points: validateT(value, name?, opts?) (names from
// schemaNames), and argsValidator() tells the dispatch backend which one
// checks a command's arguments.  Primitives come from the runtime support
// module "validate" (runtime/src/support/validate.ts).

import type {
  QAPISchemaAlternateType,
  QAPISchemaCommand,
  QAPISchemaEnumType,
  QAPISchemaObjectType,
  QAPISchemaType,
} from "../../model/entities.js";
import type { QAPISchemaFeature, QAPISchemaObjectTypeMember } from "../../model/members.js";
import type { QAPISchema, QAPISchemaModule } from "../../model/schema.js";
import type { Backend, GenContext } from "../backend.js";
import type { OutputSet } from "../output-set.js";
import { GeneratedFile, jsDoc, list, type Printable } from "../printer.js";
import { importDecl, typeRef } from "../type-ref.js";
import { schemaNames, type DeclRef, type SchemaNames } from "../schema-names.js";
import { isInheritedName, propertyAccess, quoteString } from "../ts-names.js";
import { assignCall, callStatement } from "./validators/layout.js";

/** Runtime visitor for each builtin type (validate.ts exports). */
const BUILTIN_VISITORS: Readonly<Record<string, string>> = {
  str: "str",
  bool: "bool",
  number: "num",
  null: "nul",
  any: "any",
  int: "int",
  int8: "int8",
  int16: "int16",
  int32: "int32",
  int64: "int64",
  uint8: "uint8",
  uint16: "uint16",
  uint32: "uint32",
  uint64: "uint64",
  size: "size",
};

const QTYPE_CONSTS: Readonly<Record<string, string>> = {
  QTYPE_QNULL: "QNULL",
  QTYPE_QNUM: "QNUM",
  QTYPE_QSTRING: "QSTRING",
  QTYPE_QDICT: "QDICT",
  QTYPE_QLIST: "QLIST",
  QTYPE_QBOOL: "QBOOL",
};

/** Internal names derive from the (unique) public validator name. */
function internalName(prefix: string, validator: string): string {
  return prefix + validator.slice("validate".length);
}

/** The public validator of a command's arguments; null: use validateNoArgs. */
export function argsValidator(schema: QAPISchema, cmd: QAPISchemaCommand): DeclRef | null {
  const arg = cmd.argType;
  if (arg === null || (!cmd.boxed && arg.isEmpty())) return null;
  return schemaNames(schema).validator(arg);
}

/** Special feature bits of a member (QEMU's gen_special_features). */
function featureBits(features: readonly QAPISchemaFeature[]): number {
  let bits = 0;
  for (const f of features) {
    if (f.name === "deprecated") bits |= 1;
    if (f.name === "unstable") bits |= 2;
  }
  return bits;
}

/** How the doc comment of a public validator names what it checks. */
function describeType(t: QAPISchemaType): string {
  const m = /^q_obj_(.*)-(arg|base)$/u.exec(t.name);
  if (m) return m[2] === "arg" ? `the arguments of \`${m[1]}\`,` : `the base of union \`${m[1]}\`,`;
  return `${t.kind === "enum" ? "a value of enum" : t.kind === "alternate" ? "a value of alternate" : "a"} \`${t.name}\`,`;
}

class ModuleValidators {
  readonly f: GeneratedFile;
  private readonly rt: string;

  constructor(
    private readonly ctx: GenContext,
    private readonly names: SchemaNames,
    module: QAPISchemaModule,
  ) {
    this.f = new GeneratedFile(ctx.modulePath("validators", module), { source: module.name });
    this.rt = ctx.runtimeModule("validate");
  }

  private readonly rtCache = new Map<string, Printable>();

  /** A runtime export, imported into this file (symbols are cached per file). */
  private runtime(name: string, typeOnly = false): Printable {
    const key = typeOnly ? `type ${name}` : name;
    let sym = this.rtCache.get(key);
    if (sym === undefined) {
      sym = this.f.import(name, this.rt, { typeOnly });
      this.rtCache.set(key, sym);
    }
    return sym;
  }

  /**
   * Symbols that text lines refer to by name: printLines() turns those names
   * back into symbols so the printer imports them.  (Lowercase runtime
   * names and $-prefixed validator names never need an import alias.)
   */
  private readonly syms = new Map<string, Printable>();

  /** A runtime export used by name in text lines. */
  private rtName(name: string): string {
    if (!this.syms.has(name)) this.syms.set(name, this.runtime(name));
    return name;
  }

  /** Print text lines (at the current indentation), resolving symbol names. */
  private printLines(lines: readonly string[]): void {
    for (const line of lines) {
      const parts: Printable[] = [];
      // Split off string literals; replace identifiers not preceded by '.'.
      for (const piece of line.split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/u)) {
        if (piece.startsWith('"') || piece.startsWith("'")) {
          parts.push(piece);
          continue;
        }
        let last = 0;
        for (const match of piece.matchAll(/(?<![.\w$])[A-Za-z_$][\w$]*/gu)) {
          const sym = this.syms.get(match[0]);
          if (sym === undefined) continue;
          parts.push(piece.slice(last, match.index), sym);
          last = match.index + match[0].length;
        }
        parts.push(piece.slice(last));
      }
      this.f.print(...parts.filter((x) => x !== ""));
    }
  }

  private visitorOf(t: QAPISchemaType): string {
    if (t.kind === "builtin") return this.rtName(BUILTIN_VISITORS[t.name]!);
    if (t.kind === "array") throw new Error("arrays have no visitor of their own");
    const v = this.names.validator(t);
    const name = internalName("$visit", v.name);
    if (!this.syms.has(name)) {
      this.syms.set(name, importDecl(this.f, this.ctx, "validators", { module: v.module, name }, false));
    }
    return name;
  }

  private membersOf(t: QAPISchemaObjectType): string {
    const v = this.names.validator(t);
    const name = internalName("$members", v.name);
    if (!this.syms.has(name)) {
      this.syms.set(name, importDecl(this.f, this.ctx, "validators", { module: v.module, name }, false));
    }
    return name;
  }

  /** Callee and extra arguments visiting a value of type t: `callee(v, f, ...extra)`. */
  private visitCall(t: QAPISchemaType): { callee: string; extra: string[] } {
    if (t.kind === "array") return { callee: this.rtName("list"), extra: [this.elementVisitor(t.elementType)] };
    return { callee: this.visitorOf(t), extra: [] };
  }

  private elementVisitor(t: QAPISchemaType): string {
    return this.visitorOf(t);
  }

  private readonly typeCache = new Map<QAPISchemaType, Printable[]>();

  private typeText(t: QAPISchemaType): Printable[] {
    let ref = this.typeCache.get(t);
    if (ref === undefined) {
      ref = typeRef(this.f, this.ctx, this.names, t);
      this.typeCache.set(t, ref);
    }
    return ref;
  }

  private conditionComment(x: { readonly ifcond: import("../../model/ifcond.js").QAPISchemaIfCond }, indent: string): string[] {
    const cond = this.ctx.recordedCondition(x);
    return cond ? [`${indent}// Only if ${cond.replace(/\s+/gu, " ")}`] : [];
  }

  private publicValidator(t: QAPISchemaType): void {
    const v = this.names.validator(t);
    const cond = this.ctx.recordedCondition(t);
    const doc = [
      `Checks that \`value\` is ${describeType(t)}`,
      "as QEMU's QMP input visitor does, and returns it with integers as",
      "numbers.  `name` names the value in messages as QEMU would (null for",
      "command arguments).",
      "",
      "@throws QmpError (GenericError) with QEMU's message for the first problem.",
    ];
    if (cond) doc.push("", `Only if: ${cond}`);
    this.f.print(jsDoc(doc));
    this.f.print(
      this.f.export("function", v.name),
      list("(", ["value: unknown", "name: string | null = null", ["opts?: ", this.runtime("ValidateOptions", true)]], ")"),
      ": ",
      this.typeText(t),
      " {",
    );
    this.f.indent(() => {
      this.f.print("return ", this.runtime("run"), "(value, name, opts, ", internalName("$visit", v.name), ");");
    });
    this.f.print("}");
    this.f.print();
  }

  private visitHeader(t: QAPISchemaType, body: () => void, indentBody = true): void {
    const v = this.names.validator(t);
    this.f.print(
      this.f.export("function", internalName("$visit", v.name)),
      list("(", ["v: unknown", ["up: ", this.runtime("Frame", true)]], ")"),
      ": ",
      this.typeText(t),
      " {",
    );
    if (indentBody) this.f.indent(body);
    else body();
    this.f.print("}");
    this.f.print();
  }

  enumType(t: QAPISchemaEnumType): void {
    const v = this.names.validator(t);
    const values = internalName("$values", v.name);
    const members = t.members.filter((m) => this.ctx.present(m));
    this.f.print("const ", values, " = new Set(", list("[", members.map((m) => quoteString(m.name)), "]"), ");");
    const featured = members.filter((m) => featureBits(m.features) !== 0);
    let features: string | null = null;
    if (featured.length > 0) {
      features = internalName("$features", v.name);
      const flat = featured.flatMap((m) => [quoteString(m.name), String(featureBits(m.features))]);
      this.f.print("const ", features, " = ", this.runtime("features"), "(", list("[", flat, "]"), ");");
    }
    this.f.print();
    this.publicValidator(t);
    this.visitHeader(t, () => {
      const args = ["v", "up", values, ...(features ? [features] : [])];
      this.printLines(callStatement("  ", `return ${this.rtName("enm")}`, args));
    }, false);
  }

  objectType(t: QAPISchemaObjectType): void {
    const v = this.names.validator(t);
    const members = internalName("$members", v.name);
    this.publicValidator(t);
    const frame = this.runtime("Frame", true);
    const obj = this.runtime("Obj", true);
    this.visitHeader(t, () => {
      this.f.print("const f = up.struct(v);");
      this.f.print("const r: ", obj, " = {};");
      this.f.print(members, "(f.o, f, r);");
      this.f.print("f.end(", members, ");");
      this.f.print("return r as unknown as ", this.typeText(t), ";");
    });
    const lines = this.memberLines(t);
    const params = list("(", [["o: ", obj], ["f: ", frame], ["r: ", obj]], ")");
    if (lines.length === 0) {
      this.f.print(this.f.export("function", members), params, ": void {}");
    } else {
      this.f.print(this.f.export("function", members), params, ": void {");
      this.printLines(lines);
      this.f.print("}");
    }
    this.f.print();
  }

  /** The body of visit_type_T_members, as text lines (indent 0). */
  private memberLines(t: QAPISchemaObjectType): string[] {
    const out: string[] = [];
    const present = t.members.filter((m) => this.ctx.present(m));
    if (present.length > 0) out.push("  let m: unknown;");
    for (const m of present) out.push(...this.memberVisit(m, "  "));
    const branches = t.branches;
    if (branches) {
      const cases = branches.variants.filter(
        (b) => this.ctx.present(b) && !(b.type.kind === "object" && b.type.name === "q_empty"),
      );
      if (cases.length > 0) {
        out.push(`  switch (${propertyAccess("r", branches.tagMember.name)}) {`);
        for (const b of cases) {
          out.push(...this.conditionComment(b, "    "));
          out.push(`    case ${quoteString(b.name)}:`);
          out.push(...callStatement("      ", this.membersOf(b.type as QAPISchemaObjectType), ["o", "f", "r"]));
          out.push("      break;");
        }
        out.push("  }");
      }
    }
    return out;
  }

  private memberVisit(m: QAPISchemaObjectTypeMember, indent: string): string[] {
    const out: string[] = [...this.conditionComment(m, indent)];
    const key = quoteString(m.name);
    const read = isInheritedName(m.name) ? "f.own" : "f.m";
    out.push(...assignCall(indent, "m", read, ["o", key]));
    const bits = featureBits(m.features);
    const { callee, extra } = this.visitCall(m.type);
    const args = ["m", "f", ...extra];
    const store = (ind: string): string[] =>
      isInheritedName(m.name)
        ? callStatement(ind, this.rtName("setOwn"), ["r", key, `${callee}(${args.join(", ")})`])
        : assignCall(ind, propertyAccess("r", m.name), callee, args);
    if (!m.optional) {
      if (bits) out.push(...callStatement(indent, "f.policy", [String(bits), key]));
      out.push(...store(indent));
    } else {
      const inner = indent + "  ";
      out.push(`${indent}if (m !== undefined) {`);
      if (bits) out.push(...callStatement(inner, "f.policy", [String(bits), key]));
      out.push(...store(inner));
      out.push(`${indent}}`);
    }
    return out;
  }

  alternateType(t: QAPISchemaAlternateType): void {
    const v = this.names.validator(t);
    this.publicValidator(t);
    const qtype = this.rtName("qtype");
    const lines = [`  switch (${qtype}(v, up)) {`];
    for (const alt of t.alternatives.variants) {
      if (!this.ctx.present(alt)) continue;
      lines.push(...this.conditionComment(alt, "    "));
      lines.push(`    case ${this.rtName(QTYPE_CONSTS[alt.type.alternateQtype()!]!)}:`);
      const { callee, extra } = this.visitCall(alt.type);
      lines.push(...callStatement("      ", `return ${callee}`, ["v", "up", ...extra]));
    }
    lines.push("    default:");
    lines.push(...callStatement("      ", `return ${this.rtName("noAlternative")}`, ["up", quoteString(t.name)]));
    lines.push("  }");
    this.visitHeader(t, () => this.printLines(lines), false);
    void v;
  }
}

export const validatorsBackend: Backend = {
  name: "validators",
  generate(schema: QAPISchema, out: OutputSet, ctx: GenContext): void {
    const names = schemaNames(schema);
    const files = new Map<QAPISchemaModule, ModuleValidators>();
    const fileOf = (module: QAPISchemaModule): ModuleValidators => {
      let mv = files.get(module);
      if (!mv) {
        mv = new ModuleValidators(ctx, names, module);
        files.set(module, mv);
      }
      return mv;
    };
    for (const { module, entity } of schema.walk()) {
      switch (entity.kind) {
        case "enum":
          if (ctx.present(entity)) fileOf(module).enumType(entity);
          break;
        case "object":
          if (entity.name !== "q_empty" && ctx.present(entity)) fileOf(module).objectType(entity);
          break;
        case "alternate":
          if (ctx.present(entity)) fileOf(module).alternateType(entity);
          break;
        default:
          break;
      }
    }
    for (const mv of files.values()) out.addFile(mv.f);
  },
};
