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
// That exact visitor ($visitT, $membersT, $keysT; primitives in the runtime
// module "validate", runtime/src/support/validate.ts) is the fallback.  What
// runs first is a fast path per type (runtime module "check",
// runtime/src/support/check.ts):
//   $isT(v, c, d)  -> the same checks in the same order, answering
//                     true/false without allocating; structs, lists and
//                     str/bool/null/any tests written out, members counted
//                     with for-in; a failure is recorded (code, key path)
//                     and check.ts turns it into QEMU's message;
//   $inT(o, c, d)  -> the members (and union branch) of T: count or -1;
//   $numT(v)       -> only for types that can hold integers: replaces a
//                     valid value's bigints, QFloat boxes and negative
//                     uint64 by numbers in place (run only when a check
//                     noted one).
// Public entry points (names from schemaNames): checkT(value, name?, opts?)
// returns the value itself or the QmpError, validateT(...) throws it; each
// type has its own pair calling its own $isT (entryBody(); a shared entry
// would make that call polymorphic); and argsValidator() tells the
// dispatch backend which one checks a command's arguments.

import type {
  QAPISchemaAlternateType,
  QAPISchemaCommand,
  QAPISchemaEnumType,
  QAPISchemaObjectType,
  QAPISchemaType,
} from "../../model/entities.js";
import type { QAPISchemaFeature, QAPISchemaObjectTypeMember, QAPISchemaVariant } from "../../model/members.js";
import type { QAPISchema, QAPISchemaModule } from "../../model/schema.js";
import type { Backend, GenContext } from "../backend.js";
import type { OutputSet } from "../output-set.js";
import { GeneratedFile, type Printable } from "../printer.js";
import { importDecl, typeRef } from "../type-ref.js";
import { schemaNames, type DeclRef, type SchemaNames } from "../schema-names.js";
import { isInheritedName, propertyAccess, quoteString } from "../ts-names.js";
import { convertibleTypes } from "./validators/convert.js";
import type { QAPISchemaIfCond } from "../../model/ifcond.js";
import {
  assignCall,
  callStatement,
  fitsWidth,
  functionHead,
  ifReturn,
} from "./validators/layout.js";


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

/** Fast check of each builtin type (check.ts exports, all CheckFn). */
const BUILTIN_CHECKS: Readonly<Record<string, string>> = {
  str: "$str",
  bool: "$bool",
  number: "$num",
  null: "$nul",
  any: "$any",
  int: "$int",
  int8: "$int8",
  int16: "$int16",
  int32: "$int32",
  int64: "$int",
  uint8: "$uint8",
  uint16: "$uint16",
  uint32: "$uint32",
  uint64: "$u64",
  size: "$u64",
};

/** Builtins tested inline: the failing condition for a value, and the expected JSON type. */
const INLINE_CHECKS: Readonly<Record<string, readonly [(v: string) => string, string]>> = {
  str: [(v) => `typeof ${v} !== "string"`, "string"],
  bool: [(v) => `typeof ${v} !== "boolean"`, "boolean"],
  null: [(v) => `${v} !== null`, "null"],
  any: [(v) => `${v} === undefined`, ""],
};

/** In-place conversion of each builtin that can hold an integer (check.ts exports). */
const BUILTIN_CONVS: Readonly<Record<string, string>> = {
  number: "$nn",
  int: "$ni",
  int8: "$ni",
  int16: "$ni",
  int32: "$ni",
  int64: "$ni",
  uint8: "$nu",
  uint16: "$nu",
  uint32: "$nu",
  uint64: "$nu",
  size: "$nu",
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
  if (m) return m[2] === "arg" ? `the arguments of \`${m[1]}\`` : `the base of union \`${m[1]}\``;
  return `${t.kind === "enum" ? "a value of enum" : t.kind === "alternate" ? "a value of alternate" : "a"} \`${t.name}\``;
}

class ModuleValidators {
  private readonly f: GeneratedFile;
  private readonly source: string;
  private readonly rt: string;
  private readonly ck: string;
  /** The file's text, as lines; marked names become symbols in finish(). */
  private readonly lines: string[] = [];
  /** Symbols by marker key (see ref()). */
  private readonly syms = new Map<string, Printable>();
  /** The name each marker key prints as (when not aliased). */
  private readonly symNames = new Map<string, string>();

  constructor(
    private readonly ctx: GenContext,
    private readonly names: SchemaNames,
    /** Types that get an integer conversion pass (convertibleTypes()). */
    private readonly conv: ReadonlySet<string>,
    /** Also emit the exact visitor (see ValidatorsOptions). */
    private readonly exact: boolean,
    module: QAPISchemaModule,
    /** Local names the printer gave to imports whose name was taken (by key). */
    private readonly aliases: ReadonlyMap<string, string> = new Map(),
  ) {
    this.source = module.name;
    this.f = new GeneratedFile(ctx.modulePath("validators", module), { source: module.name });
    this.rt = ctx.runtimeModule("validate");
    this.ck = ctx.runtimeModule("check");
  }

  /**
   * `name` as written in text lines, registering the symbol under `key`
   * so finish() imports it.  The first emission assumes no import alias;
   * when the printer gives one (a type name clashing with a runtime type),
   * finish() asks for a second emission with the local names (`aliases`),
   * so widths and line breaks are right.
   */
  private ref(key: string, name: string, sym: () => Printable): string {
    const local = this.aliases.get(key) ?? name;
    if (!this.syms.has(key)) {
      this.syms.set(key, sym());
      this.symNames.set(key, local);
    }
    return local;
  }

  /** A runtime export used in text lines. */
  private rt$(name: string, typeOnly = false): string {
    return this.ref(`rt:${name}`, name, () => this.f.import(name, this.rt, { typeOnly }));
  }

  /** A fast-path runtime export (check.ts) used in text lines. */
  private ck$(name: string, typeOnly = false): string {
    return this.ref(`ck:${name}`, name, () => this.f.import(name, this.ck, { typeOnly }));
  }

  /** The TypeScript type of a named QAPI type, as text. */
  private type$(t: QAPISchemaType): string {
    return this.ref(`type:${t.name}`, this.names.type(t).name, () => typeRef(this.f, this.ctx, this.names, t)[0]!);
  }

  private validatorRef(t: QAPISchemaType, prefix: string): string {
    const v = this.names.validator(t);
    const name = internalName(prefix, v.name);
    if (v.module === this.moduleBase) return name;
    return this.ref(`v:${name}`, name, () => importDecl(this.f, this.ctx, "validators", { module: v.module, name }, false));
  }

  private get moduleBase(): string {
    return this.f.path.slice(this.f.path.indexOf("validators/") + "validators/".length, -3);
  }

  /** Callee and extra arguments visiting a value of type t: `callee(v, f, ...extra)`. */
  private visitCall(t: QAPISchemaType): { callee: string; extra: string[] } {
    if (t.kind === "array") return { callee: this.rt$("list"), extra: [this.visitorOf(t.elementType)] };
    return { callee: this.visitorOf(t), extra: [] };
  }

  private visitorOf(t: QAPISchemaType): string {
    if (t.kind === "builtin") return this.rt$(BUILTIN_VISITORS[t.name]!);
    if (t.kind === "array") throw new Error("arrays have no visitor of their own");
    return this.validatorRef(t, "$visit");
  }

  /** The fast check of `v` (a CheckFn call) for type t. */
  private checkCall(t: QAPISchemaType, v: string): string {
    if (t.kind === "array") return `${this.ck$("$list")}(${v}, c, d, ${this.checkFn(t.elementType)})`;
    return `${this.checkFn(t)}(${v}, c, d)`;
  }

  private checkFn(t: QAPISchemaType): string {
    if (t.kind === "builtin") return this.ck$(BUILTIN_CHECKS[t.name]!);
    if (t.kind === "array") throw new Error("arrays have no check of their own");
    return this.validatorRef(t, "$is");
  }

  /** Whether a valid value of type t may hold integers to convert. */
  private needsConv(t: QAPISchemaType): boolean {
    if (t.kind === "builtin") return t.name in BUILTIN_CONVS;
    if (t.kind === "array") return this.needsConv(t.elementType);
    return this.conv.has(t.name);
  }

  /** The conversion of valid value `e` of type t (needsConv(t)). */
  private convCall(t: QAPISchemaType, e: string): string {
    if (t.kind === "array") return `${this.ck$("$nl")}(${e}, ${this.convFn(t.elementType)})`;
    return `${this.convFn(t)}(${e})`;
  }

  private convFn(t: QAPISchemaType): string {
    if (t.kind === "builtin") return this.ck$(BUILTIN_CONVS[t.name]!);
    if (t.kind === "array") throw new Error("arrays have no conversion of their own");
    return this.validatorRef(t, "$num");
  }

  /** `m = <member m of o>;` (own members only for names Object.prototype has). */
  private readMember(name: string, indent: string): string[] {
    if (!isInheritedName(name)) return [`${indent}m = ${propertyAccess("o", name)};`];
    return assignCall(indent, "m", this.ck$("$own"), ["o", quoteString(name)]);
  }

  /** The value of a union's discriminator in `o` (valid by then). */
  private tagOf(t: QAPISchemaObjectType): string {
    const tag = t.branches!.tagMember.name;
    return isInheritedName(tag) ? `${this.ck$("$own")}(o, ${quoteString(tag)})` : propertyAccess("o", tag);
  }

  private fastHead(name: string, params: string[], ret: string): void {
    this.lines.push(...functionHead(name, params, ret));
  }

  private conditionComment(x: { readonly ifcond: QAPISchemaIfCond }, indent: string): string[] {
    const cond = this.ctx.recordedCondition(x);
    return cond ? [`${indent}// Only if ${cond.replace(/\s+/gu, " ")}`] : [];
  }

  private publicValidator(t: QAPISchemaType): void {
    const v = this.names.validator(t);
    const cond = this.ctx.recordedCondition(t);
    const out = this.lines;
    const onlyIf = cond ? [" *", ` * Only if: ${cond.replace(/\s+/gu, " ").replaceAll("*/", "*\\/")}`] : [];
    const params = ["value: unknown", "name: string | null = null", `opts?: ${this.rt$("ValidateOptions", true)}`];
    out.push(
      "/**",
      ` * Checks that \`value\` is ${describeType(t)} as QEMU's QMP input`,
      " * visitor does: returns the value itself (integers as numbers, replaced",
      " * in place) or the QmpError with QEMU's message for the first problem.",
      ...onlyIf,
      " */",
    );
    const checkName = internalName("check", v.name);
    out.push(...functionHead(checkName, params, `${this.type$(t)} | ${this.ck$("QmpError", true)}`));
    out.push(...this.entryBody(t), "}", "");
    out.push(`/** As \`${checkName}\`, throwing the QmpError. */`);
    out.push(...functionHead(v.name, params, this.type$(t)));
    out.push(...this.throwingBody(checkName), "}", "");
  }

  /** validateT's body: checkT's result, thrown if the check failed. */
  private throwingBody(checkName: string): string[] {
    const orThrow = this.ck$("$orThrow");
    const args = ["value", "name", "opts"];
    const inner = `${checkName}(${args.join(", ")})`;
    // A check call too long for a line of its own is given a name first.
    if (fitsWidth(`    ${inner},`)) return callStatement("  ", `return ${orThrow}`, [inner]);
    return [...assignCall("  ", "const r", checkName, args), `  return ${orThrow}(r);`];
  }

  /**
   * The body of checkT: the type's own $isT called directly
   * (see check.ts's entry points), the end of the check by the runtime.
   */
  private entryBody(t: QAPISchemaType): string[] {
    const v = this.names.validator(t);
    const conv = this.needsConv(t) ? internalName("$num", v.name) : "null";
    const visit = this.exact ? internalName("$visit", v.name) : "null";
    const is = `${internalName("$is", v.name)}(value, c, ${this.ck$("$depth")}(opts))`;
    const done = `${this.ck$("$done")}(value, c, ${conv})`;
    // A check call too long for one condition line is given a name first.
    const test = fitsWidth(`    if (${is})`)
      ? ifReturn("    ", is, done)
      : [...assignCall("    ", "const ok", is.slice(0, is.indexOf("(")), ["value", "c", `${this.ck$("$depth")}(opts)`]), ...ifReturn("    ", "ok", done)];
    return [
      `  const c = ${this.ck$("$enter")}(opts);`,
      "  try {",
      ...test,
      "  } catch (e) {",
      ...callStatement("    ", `return ${this.ck$("$thrown")}`, ["e", "value", "name", "opts", "c", visit]),
      "  }",
      ...callStatement("  ", `return ${this.ck$("$failed")}`, ["name", "opts", "c"]),
    ];
  }

  private visitHead(t: QAPISchemaType): void {
    const v = this.names.validator(t);
    const params = ["v: unknown", `up: ${this.rt$("Frame", true)}`, "name: string | null"];
    this.lines.push(...functionHead(internalName("$visit", v.name), params, this.type$(t)));
  }

  enumType(t: QAPISchemaEnumType): void {
    const v = this.names.validator(t);
    const values = internalName("$values", v.name);
    const members = t.members.filter((m) => this.ctx.present(m));
    this.lines.push(...arrayConst(values, "new Set(", members.map((m) => quoteString(m.name)), ")"));
    const featured = members.filter((m) => featureBits(m.features) !== 0);
    const args = ["v", "up", "name", values];
    if (featured.length > 0) {
      const features = internalName("$features", v.name);
      const flat = featured.flatMap((m) => [quoteString(m.name), String(featureBits(m.features))]);
      this.lines.push(...arrayConst(features, `${this.rt$("features")}(`, flat, ")"));
      args.push(features);
    }
    this.lines.push("");
    this.publicValidator(t);
    if (this.exact) {
      this.visitHead(t);
      this.lines.push(...callStatement("  ", `return ${this.rt$("enm")}`, args), "}", "");
    }
    this.fastHead(internalName("$is", v.name), ["v: unknown", "c: number", "d: number"], "boolean");
    const fargs = ["v", "c", values, ...args.slice(4)];
    this.lines.push(...callStatement("  ", `return ${this.ck$("$enum")}`, fargs), "}", "");
  }

  objectType(t: QAPISchemaObjectType): void {
    const v = this.names.validator(t);
    const members = internalName("$members", v.name);
    const keys = internalName("$keys", v.name);
    const obj = this.rt$("Obj", true);
    this.publicValidator(t);
    if (this.exact) {
      this.visitHead(t);
      this.lines.push(
        "  const f = up.struct(v, name);",
        `  const r: ${obj} = {};`,
        ...callStatement("  ", "f.end", [`${members}(f.o, f, r)`, "r", keys]),
        `  return r as unknown as ${this.type$(t)};`,
        "}",
        "",
      );
      const params = [`o: ${obj}`, `f: ${this.rt$("Frame", true)}`, `r: ${obj}`];
      this.lines.push(...functionHead(members, params, "number"), ...this.memberLines(t), "}", "");
    }
    this.lines.push(...functionHead(keys, [`r: ${obj}`], "string[]"), ...this.keyLines(t), "}", "");
    this.fastObject(t);
  }

  /** $isT (visit_type_T), $inT (its members) and $numT (conversion) of an object type. */
  private fastObject(t: QAPISchemaObjectType): void {
    const v = this.names.validator(t);
    const inName = internalName("$in", v.name);
    const lines = this.lines;
    const present = t.members.filter((m) => this.ctx.present(m));
    this.fastHead(internalName("$is", v.name), ["v: unknown", "c: number", "d: number"], "boolean");
    // The hot path is written out here (typeof tests, builtins V8 inlines)
    // rather than calls into the runtime: V8 then compiles each type's
    // check on its own, whatever other types the program checks.  Only a
    // plain object is a JSON object: tested in $inT right after its first
    // member read, where V8 knows the object's shape (then the prototype
    // test costs nothing), or here when there is no member.
    const dict = 'typeof v !== "object" || v === null || Array.isArray(v) || d < 1';
    lines.push(...ifReturn("  ", dict, `${this.ck$("$notDict")}(v, d)`));
    if (present.length === 0) lines.push(...ifReturn("  ", `!${this.ck$("$plain")}(v)`, "false"));
    const obj = this.rt$("Obj", true);
    // visit_check_struct(): count the members (for-in allocates nothing).
    lines.push(...assignCall("  ", "const n", inName, [`v as ${obj}`, "c", "d - 1"]), "  if (n < 0) return false;");
    lines.push("  let k = 0;", "  for (const _ in v) k++;", "  if (k === n) return true;");
    lines.push(...callStatement("  ", `return ${this.ck$("$unexpected")}`, [`v as ${obj}`, "n", internalName("$keys", v.name)]));
    lines.push("}", "");
    this.fastHead(inName, [`o: ${obj}`, "c: number", "d: number"], "number");
    lines.push(`  let n = ${present.filter((m) => !m.optional).length};`);
    if (present.length > 0) lines.push("  let m: unknown;");
    for (const m of present) {
      lines.push(...this.conditionComment(m, "  "), ...this.readMember(m.name, "  "));
      if (m === present[0]) {
        lines.push("  const p: unknown = Object.getPrototypeOf(o);");
        lines.push(`  if (p !== null && p !== Object.prototype) return ${this.ck$("$notPlain")}();`);
      }
      const key = quoteString(m.name);
      const bits = featureBits(m.features);
      const body = (ind: string): string[] => [
        ...(bits ? ifReturn(ind, `c & ${bits << 1}`, `${this.ck$("$policy")}(c, ${bits}, ${key})`) : []),
        ...this.memberCheck(m.type, key, ind),
      ];
      if (!m.optional) lines.push(...body("  "));
      else lines.push("  if (m !== undefined) {", "    n++;", ...body("    "), "  }");
    }
    const cases = this.presentBranches(t);
    if (cases.length > 0) {
      lines.push(`  switch (${this.tagOf(t)}) {`);
      for (const b of cases) {
        lines.push(...this.conditionComment(b, "    "), `    case ${quoteString(b.name)}:`);
        const inB = this.validatorRef(b.type, "$in");
        lines.push(...callStatement("      ", `return ${this.ck$("$plus")}`, ["n", `${inB}(o, c, d)`]));
      }
      lines.push("  }");
    }
    lines.push("  return n;", "}", "");
    if (this.needsConv(t)) this.convObject(t, present, cases);
  }

  /** Checks member `m` called `key` (quoted) of type t; a list's elements in a loop here. */
  private memberCheck(t: QAPISchemaType, key: string, ind: string): string[] {
    if (t.kind !== "array") {
      const inline = INLINE_CHECKS[t.kind === "builtin" ? t.name : ""];
      if (inline) return ifReturn(ind, inline[0]("m"), `${this.ck$("$bad")}(m, ${quoteString(inline[1])}, ${key})`);
      if (t.kind === "builtin" && (t.name === "int" || t.name === "int64")) {
        // Common values through $i64 (builtins only), the rest through $int.
        return ifReturn(ind, `!${this.ck$("$i64")}(m) && !${this.ck$("$int")}(m, c, d)`, `${this.ck$("$at")}(${key})`);
      }
      return ifReturn(ind, `!${this.checkCall(t, "m")}`, `${this.ck$("$at")}(${key})`);
    }
    const elem = t.elementType;
    const inline = INLINE_CHECKS[elem.kind === "builtin" ? elem.name : ""];
    const inner = `${ind}  `;
    return [
      ...ifReturn(ind, "!Array.isArray(m) || d < 1", `${this.ck$("$badList")}(m, ${key})`),
      `${ind}for (let i = 0; i < m.length; i++) {`,
      ...(inline
        ? ifReturn(inner, inline[0]("m[i]"), `${this.ck$("$badAt")}(m[i], ${quoteString(inline[1])}, ${key}, i)`)
        : ifReturn(inner, `!${this.checkFn(elem)}(m[i], c, d - 1)`, `${this.ck$("$atList")}(${key}, i)`)),
      `${ind}}`,
    ];
  }

  /**
   * Converts member value `m` (valid, maybe absent) of type t stored at
   * `lhs`: objects and lists in place (list loops written out here), other
   * values stored back.
   */
  private convMember(t: QAPISchemaType, lhs: string): string[] {
    if (t.kind === "object") return [`  if (m !== undefined) ${this.convFn(t)}(m);`];
    if (t.kind === "array") {
      const elem = t.elementType;
      const body =
        elem.kind === "object"
          ? `    for (const e of m) ${this.convFn(elem)}(e);`
          : `    for (let i = 0; i < m.length; i++) m[i] = ${this.convFn(elem)}(m[i]);`;
      if (!fitsWidth(body)) throw new Error(`validators: no layout for ${body}`);
      return ["  if (Array.isArray(m)) {", body, "  }"];
    }
    const call = this.convCall(t, "m");
    const flat = `  if (m !== undefined) ${lhs} = ${call};`;
    if (fitsWidth(flat)) return [flat];
    return ["  if (m !== undefined)", ...assignCall("    ", lhs, call.slice(0, call.indexOf("(")), splitTop(call))];
  }

  private convObject(t: QAPISchemaObjectType, members: QAPISchemaObjectTypeMember[], cases: QAPISchemaVariant[]): void {
    const v = this.names.validator(t);
    const lines = this.lines;
    this.fastHead(internalName("$num", v.name), ["v: unknown"], "unknown");
    lines.push(`  const o = v as ${this.rt$("Obj", true)};`);
    const conv = members.filter((m) => this.needsConv(m.type));
    if (conv.length > 0) lines.push("  let m: unknown;");
    for (const m of conv) {
      lines.push(...this.conditionComment(m, "  "), ...this.readMember(m.name, "  "));
      lines.push(...this.convMember(m.type, propertyAccess("o", m.name)));
    }
    const branches = cases.filter((b) => this.needsConv(b.type));
    if (branches.length > 0) {
      lines.push(`  switch (${this.tagOf(t)}) {`);
      for (const b of branches) {
        lines.push(...this.conditionComment(b, "    "), `    case ${quoteString(b.name)}:`);
        lines.push(...callStatement("      ", this.convFn(b.type), ["o"]), "      break;");
      }
      lines.push("  }");
    }
    lines.push("  return o;", "}", "");
  }

  private presentBranches(t: QAPISchemaObjectType): QAPISchemaVariant[] {
    if (!t.branches) return [];
    return t.branches.variants.filter(
      (b) => this.ctx.present(b) && !(b.type.kind === "object" && b.type.name === "q_empty"),
    );
  }

  /**
   * The body of visit_type_T_members (indent 2): reads each member directly
   * (a property access per member keeps V8's inline caches monomorphic),
   * and returns how many members it read.
   */
  private memberLines(t: QAPISchemaObjectType): string[] {
    const present = t.members.filter((m) => this.ctx.present(m));
    const required = present.filter((m) => !m.optional).length;
    const out = [`  let n = ${required};`];
    if (present.length > 0) out.push("  let m: unknown;");
    for (const m of present) out.push(...this.memberVisit(m, "  "));
    const cases = this.presentBranches(t);
    if (cases.length > 0) {
      out.push(`  switch (${propertyAccess("r", t.branches!.tagMember.name)}) {`);
      for (const b of cases) {
        out.push(...this.conditionComment(b, "    "));
        out.push(`    case ${quoteString(b.name)}:`);
        out.push(...assignCall("      ", "n", this.validatorRef(b.type, "$members"), ["o", "f", "r"], "+="));
        out.push("      break;");
      }
      out.push("  }");
    }
    out.push("  return n;");
    return out;
  }

  /** The body of the $keys function: member names in visit order. */
  private keyLines(t: QAPISchemaObjectType): string[] {
    const names = t.members.filter((m) => this.ctx.present(m)).map((m) => quoteString(m.name));
    const cases = this.presentBranches(t);
    if (cases.length === 0) return arrayStatement("  ", "return ", names, "");
    const out = arrayStatement("  ", "const k: string[] = ", names, "");
    out.push(`  switch (${propertyAccess("r", t.branches!.tagMember.name)}) {`);
    for (const b of cases) {
      out.push(...this.conditionComment(b, "    "));
      out.push(`    case ${quoteString(b.name)}:`);
      out.push(...callStatement("      ", "k.push", [`...${this.validatorRef(b.type, "$keys")}(r)`]));
      out.push("      break;");
    }
    out.push("  }", "  return k;");
    return out;
  }

  private memberVisit(m: QAPISchemaObjectTypeMember, indent: string): string[] {
    const out: string[] = [...this.conditionComment(m, indent)];
    const key = quoteString(m.name);
    const inherited = isInheritedName(m.name);
    out.push(
      ...(inherited ? assignCall(indent, "m", this.rt$("own"), ["o", key]) : [`${indent}m = ${propertyAccess("o", m.name)};`]),
    );
    const bits = featureBits(m.features);
    const { callee, extra } = this.visitCall(m.type);
    const args = ["m", "f", key, ...extra];
    const store = (ind: string): string[] =>
      inherited
        ? callStatement(ind, this.rt$("setOwn"), ["r", key, `${callee}(${args.join(", ")})`])
        : assignCall(ind, propertyAccess("r", m.name), callee, args);
    if (!m.optional) {
      if (bits) out.push(...callStatement(indent, "f.policy", [String(bits), key]));
      out.push(...store(indent));
    } else {
      const inner = indent + "  ";
      out.push(`${indent}if (m !== undefined) {`, `${inner}n++;`);
      if (bits) out.push(...callStatement(inner, "f.policy", [String(bits), key]));
      out.push(...store(inner));
      out.push(`${indent}}`);
    }
    return out;
  }

  alternateType(t: QAPISchemaAlternateType): void {
    this.publicValidator(t);
    if (this.exact) this.exactAlternate(t);
    this.fastAlternate(t);
  }

  private exactAlternate(t: QAPISchemaAlternateType): void {
    this.visitHead(t);
    const lines = this.lines;
    lines.push(`  switch (${this.rt$("qtype")}(v, up, name)) {`);
    for (const alt of t.alternatives.variants) {
      if (!this.ctx.present(alt)) continue;
      lines.push(...this.conditionComment(alt, "    "));
      lines.push(`    case ${this.rt$(QTYPE_CONSTS[alt.type.alternateQtype()!]!)}:`);
      const { callee, extra } = this.visitCall(alt.type);
      lines.push(...callStatement("      ", `return ${callee}`, ["v", "up", "name", ...extra]));
    }
    lines.push("    default:");
    lines.push(...callStatement("      ", `return ${this.rt$("noAlternative")}`, ["name", quoteString(t.name)]));
    lines.push("  }", "}", "");
  }

  private fastAlternate(t: QAPISchemaAlternateType): void {
    const v = this.names.validator(t);
    const lines = this.lines;
    const typeName = quoteString(t.name);
    const alts = t.alternatives.variants.filter((a) => this.ctx.present(a));
    this.fastHead(internalName("$is", v.name), ["v: unknown", "c: number", "d: number"], "boolean");
    lines.push(`  switch (${this.ck$("$qtype")}(v)) {`);
    for (const alt of alts) {
      const q = alt.type.alternateQtype()!;
      lines.push(...this.conditionComment(alt, "    "), `    case ${this.rt$(QTYPE_CONSTS[q]!)}:`);
      const call = this.checkCall(alt.type, "v");
      if (q === "QTYPE_QDICT") lines.push(...callStatement("      ", `return ${this.ck$("$altDict")}`, [call, "v", typeName]));
      else lines.push(...callStatement("      ", `return ${call.slice(0, call.indexOf("("))}`, splitTop(call)));
    }
    lines.push("    default:");
    lines.push(...callStatement("      ", `return ${this.ck$("$noAlt")}`, ["v", typeName]));
    lines.push("  }", "}", "");
    if (!this.needsConv(t)) return;
    const conv = (q: string): string => {
      const a = alts.find((x) => x.type.alternateQtype() === q);
      if (!a || !this.needsConv(a.type)) return "null";
      return a.type.kind === "array" ? `(l) => ${this.convCall(a.type, "l")}` : this.convFn(a.type);
    };
    this.fastHead(internalName("$num", v.name), ["v: unknown"], "unknown");
    const args = ["v", conv("QTYPE_QNUM"), conv("QTYPE_QDICT"), conv("QTYPE_QLIST")];
    lines.push(...callStatement("  ", `return ${this.ck$("$na")}`, args), "}", "");
  }

  /**
   * The file text: the printer only sees the imported symbols (one probe
   * line, to get the import statements and learn the local names); the body
   * is the text lines with marked names replaced.  Returns the local names
   * instead when the printer aliased an import: the caller then emits the
   * file again with those names (so line widths are right).
   */
  finish(): { path: string; content(): string } | Map<string, string> {
    const keys = [...this.syms.keys()];
    const probe = new GeneratedFile(this.f.path, { source: this.source });
    if (keys.length > 0) {
      const parts: Printable[] = [];
      keys.forEach((k, i) => parts.push(...(i > 0 ? [","] : []), this.syms.get(k)!));
      probe.print(...parts);
    }
    const probed = probe.content();
    if (keys.length === 0) {
      const text = probed + "\n" + this.lines.join("\n").trimEnd() + "\n";
      return { path: this.f.path, content: () => text };
    }
    const lastNl = probed.lastIndexOf("\n", probed.length - 2);
    const locals = probed.slice(lastNl + 1, -1).split(",");
    if (locals.some((l, i) => l !== this.symNames.get(keys[i]!))) {
      return new Map(keys.map((k, i) => [k, locals[i]!]));
    }
    const text = probed.slice(0, lastNl + 1) + this.lines.join("\n").trimEnd() + "\n";
    return { path: this.f.path, content: () => text };
  }
}

/** The top-level arguments of a call's text `f(a, g(b), c)`. */
function splitTop(call: string): string[] {
  const inner = call.slice(call.indexOf("(") + 1, -1);
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      out.push(inner.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(inner.slice(from).trim());
  return out;
}

/** `const name = open[items]close;` as prettier lays out a hugged array argument. */
function arrayConst(name: string, open: string, items: readonly string[], close: string): string[] {
  return arrayStatement("", `const ${name} = ${open}`, items, close);
}

/** `head[items]tail;` at `indent`: flat, or one item per line. */
function arrayStatement(indent: string, head: string, items: readonly string[], tail: string): string[] {
  const flat = `${indent}${head}[${items.join(", ")}]${tail};`;
  if (fitsWidth(flat) || items.length === 0) return [flat];
  return [`${indent}${head}[`, ...items.map((i) => `${indent}  ${i},`), `${indent}]${tail};`];
}

export interface ValidatorsOptions {
  /**
   * Also emit the exact visitor ($visitT, $membersT: a port of QEMU's
   * visitor building a fresh result) and use it for values that throw
   * while being read.  Off in normal output (half its size); tests turn it
   * on to check the fast path against it.
   */
  readonly exact?: boolean;
}

/** The validators backend; `validatorsBackend` is the one `generate` runs. */
export function makeValidatorsBackend(options: ValidatorsOptions = {}): Backend {
  const exact = options.exact ?? false;
  return {
    name: "validators",
    generate(schema: QAPISchema, out: OutputSet, ctx: GenContext): void {
      const names = schemaNames(schema);
      const conv = convertibleTypes(schema, ctx);
      const byModule = new Map<QAPISchemaModule, QAPISchemaType[]>();
      for (const { module, entity } of schema.walk()) {
        const wanted =
          (entity.kind === "enum" || entity.kind === "alternate" || (entity.kind === "object" && entity.name !== "q_empty")) &&
          ctx.present(entity);
        if (!wanted) continue;
        let list = byModule.get(module);
        if (!list) byModule.set(module, (list = []));
        list.push(entity);
      }
      for (const [module, types] of byModule) {
        let file = emitModule(new ModuleValidators(ctx, names, conv, exact, module), types).finish();
        if (file instanceof Map) file = emitModule(new ModuleValidators(ctx, names, conv, exact, module, file), types).finish();
        if (file instanceof Map) throw new Error(`validators: unstable import names in ${module.name}`);
        out.addFile(file);
      }
    },
  };
}

export const validatorsBackend: Backend = makeValidatorsBackend();

function emitModule(mv: ModuleValidators, types: readonly QAPISchemaType[]): ModuleValidators {
  for (const t of types) {
    if (t.kind === "enum") mv.enumType(t);
    else if (t.kind === "object") mv.objectType(t);
    else if (t.kind === "alternate") mv.alternateType(t);
  }
  return mv;
}
