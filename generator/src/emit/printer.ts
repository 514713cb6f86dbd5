// The print API shared by every backend, modelled on protobuf-es's
// GeneratedFile (@bufbuild/protoplugin generated-file.ts): a backend prints
// lines made of strings and "printables"; symbols from other files are
// requested with import() and the import statements are worked out once,
// in content().
//
// Output is meant to be what prettier 3 (default options) prints already:
// two-space indentation, double-quoted strings (prettier's quote choice),
// import statements broken at 80 columns, JSDoc lines without trailing
// blanks, no runs of blank lines.  Backends remain responsible for the
// layout of their own statements; format.ts is the fallback.

import { posix } from "node:path";
import { generatedHeader } from "./output-set.js";
import { quoteString } from "./ts-names.js";

/** A symbol imported from another file or package; prints as its local name. */
export interface ImportSymbol {
  readonly kind: "import";
  /** The exported name in the module it comes from. */
  readonly name: string;
  /** Output-root relative path ("./types/job.ts", "../runtime/...") or package. */
  readonly from: string;
  /** True if this use only needs the type (all uses type-only -> `import type`). */
  readonly typeOnly: boolean;
  /** Identity of the imported binding: same name and same module. */
  readonly id: string;
  /** The same symbol, used in a type position. */
  toTypeOnly(): ImportSymbol;
  /** The same symbol, used as a value. */
  toValue(): ImportSymbol;
  /** Throws: a symbol must be printed, not stringified (it would not be imported). */
  toString(): string;
}

/** `export <declaration> <name>`; the name counts as declared in this file. */
export interface ExportDecl {
  readonly kind: "export";
  readonly declaration: string;
  readonly name: string;
}

/** Literal code produced by str(), num() or raw(); printed verbatim. */
export interface Literal {
  readonly kind: "literal";
  readonly text: string;
  /** The code, so literals also work in untagged template strings. */
  toString(): string;
}

/** A JSDoc block; printed on its own lines at the current indentation. */
export interface JsDocBlock {
  readonly kind: "jsdoc";
  readonly lines: readonly string[];
}

/**
 * A union type at the end of an assignment (`type X =`) or property
 * (`key:`), laid out at content() time as prettier does; see union().
 */
export interface UnionType {
  readonly kind: "union";
  readonly members: readonly Printable[];
}

/**
 * A bracketed list laid out at content() time as prettier does: on one line
 * if it fits, else one item per line; see list().
 */
export interface ListGroup {
  readonly kind: "list";
  readonly open: string;
  readonly items: readonly Printable[];
  readonly close: string;
  readonly separator: "," | ";";
}

export type Printable =
  | string
  | number
  | boolean
  | ImportSymbol
  | ExportDecl
  | Literal
  | JsDocBlock
  | UnionType
  | ListGroup
  | readonly Printable[];

/**
 * Literals also work inside plain (untagged) template strings: their
 * toString() is their code.
 */
function literal(text: string): Literal {
  return { kind: "literal", text, toString: () => text };
}

/** A string literal, escaped and quoted as prettier prints it. */
export function str(value: string): Literal {
  return literal(quoteString(value));
}

/** A number literal as prettier prints it (1e+21 -> 1e21, NaN, -Infinity). */
export function num(value: number): Literal {
  if (Object.is(value, -0)) {
    return literal("-0");
  }
  return literal(String(value).replace("e+", "e"));
}

/**
 * A union type printed after `=` (type alias) or `:` (property), e.g.
 * `f.print(f.export("type", "JobStatus"), " =", union(members), ";")`.
 * It supplies its own leading space.  Once the widths of imported names are
 * known, it picks prettier's layout: all on the line if it fits; else on
 * the next line, indented, if it fits there; else one `| member` per line.
 * Members must be single-line (plain names, literals, `T[]`, generics).
 */
export function union(members: readonly Printable[]): UnionType {
  if (members.length === 0) {
    throw new Error("union() needs at least one member");
  }
  return { kind: "union", members };
}

/**
 * A bracketed, separated list: array literals `list("[", items, "]")`,
 * arguments and parameters `list("(", items, ")")`, object literals
 * `list("{", ["a: 1", ...], "}")`, type literals
 * `list("{", ["args: undefined", "ret: X"], "}", ";")`.
 * Flat when it fits in 80 columns (with `{ ` and ` }` padding for braces),
 * otherwise one item per line, each followed by the separator (prettier's
 * trailing commas "all").  Items may contain nested lists and unions.
 * Not covered (use format.ts): prettier's hugging of a last object/arrow
 * argument in calls, and its "fill" layout for arrays of numbers.
 */
export function list(open: string, items: readonly Printable[], close: string, separator: "," | ";" = ","): ListGroup {
  return { kind: "list", open, items, close, separator };
}

/** Code to print as is (mostly useful inside nested arrays). */
export function raw(text: string): Literal {
  return literal(text);
}

/**
 * A JSDoc block from text lines (or one string with line breaks).
 * `*` followed by `/` is broken up so no text can end the comment early;
 * trailing blanks and leading/trailing empty lines are dropped, as prettier
 * would.  An empty doc prints nothing.
 */
export function jsDoc(text: string | readonly string[]): JsDocBlock {
  const lines = (typeof text === "string" ? text.split("\n") : text.flatMap((l) => l.split("\n")))
    .map((l) => (l.includes("*/") ? l.replace(/\*\//gu, "*\\/") : l).trimEnd());
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === "") start++;
  while (end > start && lines[end - 1] === "") end--;
  return { kind: "jsdoc", lines: lines.slice(start, end) };
}

function renderJsDoc(block: JsDocBlock): string {
  if (block.lines.length === 0) {
    return "";
  }
  const body = block.lines.map((l) => (l === "" ? " *" : ` * ${l}`));
  return ["/**", ...body, " */"].join("\n");
}

function makeSymbol(name: string, from: string, typeOnly: boolean): ImportSymbol {
  const id = `${from}#${name}`;
  return {
    kind: "import",
    name,
    from,
    typeOnly,
    id,
    toTypeOnly: () => makeSymbol(name, from, true),
    toValue: () => makeSymbol(name, from, false),
    // An untagged template string would print the name without importing it.
    toString: () => {
      throw new Error(`import symbol ${name} used in a plain string; use f.print\`...\` (tagged) or pass it as a printable`);
    },
  };
}

/** A symbol that lives in another generated file, without a GeneratedFile at hand. */
export function symbol(name: string, from: string, typeOnly = false): ImportSymbol {
  return makeSymbol(name, normalizeFrom(from), typeOnly);
}

/** Relative specifiers are relative to the output root; keep them normalised. */
function normalizeFrom(from: string): string {
  if (!isRelative(from)) {
    return from;
  }
  const n = posix.normalize(from);
  return n.startsWith("../") ? n : `./${n}`;
}

function isRelative(from: string): boolean {
  return from.startsWith("./") || from.startsWith("../");
}

interface UnionEl {
  readonly kind: "union";
  readonly members: readonly (readonly El[])[];
}

interface ListEl {
  readonly kind: "list";
  readonly open: string;
  readonly items: readonly (readonly El[])[];
  readonly close: string;
  readonly separator: "," | ";";
}

type El = string | ImportSymbol | ExportDecl | UnionEl | ListEl;

const INDENT = "  ";

export interface GeneratedFileOptions {
  /** QAPI module this file is generated from: adds the generatedHeader() line. */
  readonly source?: string;
  /** Further lines printed first, above the imports (after the header). */
  readonly preamble?: readonly string[];
}

/**
 * One output file.  `path` is relative to the output root ("types/job.ts").
 */
export class GeneratedFile {
  readonly path: string;
  private readonly preamble: readonly string[];
  private readonly el: El[] = [];
  /** Every import/export element printed, in order (also inside groups). */
  private readonly refs: (ImportSymbol | ExportDecl)[] = [];
  private readonly reservedNames = new Set<string>();
  private depth = 0;
  private atLineStart = true;
  /** A blank line was requested; it is printed only between lines of equal depth. */
  private pendingBlank = false;
  /** Depth of the last line started, -1 before the first line. */
  private lastDepth = -1;
  /** Line breaks printed so far. */
  private lineCount = 0;

  constructor(path: string, options: GeneratedFileOptions = {}) {
    this.path = posix.normalize(path);
    const header = options.source === undefined ? [] : [generatedHeader(options.source)];
    this.preamble = [...header, ...(options.preamble ?? [])];
  }

  /**
   * Print one line (strings with '\n' make several).  Accepts printables,
   * or a tagged template: f.print`export type ${sym} = ${str("a")};`.
   * print() alone asks for a blank line; as in prettier's output, blank
   * lines never repeat and never open or close a block or the file.
   */
  print(...printables: Printable[]): void;
  print(fragments: TemplateStringsArray, ...values: Printable[]): void;
  print(first?: Printable | TemplateStringsArray, ...rest: Printable[]): void {
    const items: Printable[] = isTemplate(first) ? interleave(first, rest) : first === undefined ? rest : [first, ...rest];
    if (items.length === 0 || items.every((p) => p === "")) {
      this.blankLine();
      return;
    }
    if (isEmptyDoc(items)) {
      return;
    }
    this.emit(items);
    this.newline();
  }

  /** Print the lines of `body` one level deeper. */
  indent(body: () => void): void {
    this.depth++;
    try {
      body();
    } finally {
      this.depth--;
    }
  }

  /**
   * `open` line, indented body, `close` line:
   * f.block(["export interface ", n, " {"], () => ...).  An empty body
   * gives `open` and `close` on one line (`interface A {}`, `function f() {}`),
   * as prettier prints it, except after if/else/try/switch, which prettier
   * keeps open.
   */
  block(open: Printable, body: () => void, close: Printable = "}"): void {
    this.print(open);
    const lines = this.lineCount;
    this.indent(body);
    if (this.lineCount === lines && !keepsEmptyBlockOpen(open)) {
      this.joinLastLine();
    }
    this.print(close);
  }

  /** Import `name` from a path relative to the output root, or from a package. */
  import(name: string, from: string, options: { typeOnly?: boolean } = {}): ImportSymbol {
    return symbol(name, from, options.typeOnly ?? false);
  }

  /** `export <declaration> <name>` (declaration may be "interface", "const", "function", ...). */
  export(declaration: string, name: string): ExportDecl {
    return { kind: "export", declaration, name };
  }

  /** Same as the jsDoc() function (protobuf-es style f.jsDoc). */
  jsDoc(text: string | readonly string[]): JsDocBlock {
    return jsDoc(text);
  }

  /** Mark a non-exported top-level name as declared here, so imports avoid it. */
  reserve(name: string): void {
    this.reservedNames.add(name);
  }

  /** True if nothing but the preamble was printed. */
  isEmpty(): boolean {
    return this.el.length === 0;
  }

  /** The file text: preamble, import statements, body; ends with one '\n'. */
  content(): string {
    const { idents, imports } = resolveImports(this.refs, this.path, this.reservedNames);
    const parts: string[] = [];
    if (this.preamble.length > 0) {
      parts.push(this.preamble.join("\n") + "\n");
    }
    if (imports.length > 0) {
      parts.push(imports.join(""));
    }
    const body = renderBody(this.el, idents).replace(/\n+$/u, "");
    if (body !== "") {
      parts.push(body + "\n");
    }
    return parts.join("\n");
  }

  private emit(items: readonly Printable[]): void {
    for (const p of items) {
      this.emitOne(p);
    }
  }

  private emitOne(p: Printable): void {
    if (Array.isArray(p)) {
      this.emit(p as readonly Printable[]);
      return;
    }
    switch (typeof p) {
      case "string":
        this.text(p);
        return;
      case "number":
        this.text(num(p).text);
        return;
      case "boolean":
        this.text(String(p));
        return;
    }
    const obj = p as ImportSymbol | ExportDecl | Literal | JsDocBlock | UnionType | ListGroup;
    switch (obj.kind) {
      case "union":
      case "list":
        this.startLine();
        this.el.push(...inlineEls(obj, this.refs));
        return;
      case "literal":
        this.text(obj.text);
        return;
      case "jsdoc":
        this.text(renderJsDoc(obj));
        return;
      case "import":
      case "export":
        this.startLine();
        this.el.push(obj);
        this.refs.push(obj);
        return;
    }
  }

  /** Append text, indenting every non-empty line start. */
  private text(s: string): void {
    if (!s.includes("\n")) {
      if (s !== "") {
        this.startLine();
        this.pushText(s);
      }
      return;
    }
    const lines = s.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) {
        this.newline();
      }
      this.text(lines[i]!);
    }
  }

  private startLine(): void {
    if (!this.atLineStart) {
      return;
    }
    // Prettier keeps at most one blank line, and none at the start or end
    // of a block or file: a requested blank line only survives between two
    // lines at the same depth.
    if (this.pendingBlank && this.depth === this.lastDepth) {
      this.pushText("\n");
    }
    this.pendingBlank = false;
    this.lastDepth = this.depth;
    if (this.depth > 0) {
      this.pushText(INDENT.repeat(this.depth));
    }
    this.atLineStart = false;
  }

  /** Append text, merged into the previous string element (fewer, longer elements). */
  private pushText(s: string): void {
    const last = this.el.length - 1;
    if (last >= 0 && typeof this.el[last] === "string") {
      this.el[last] += s;
    } else {
      this.el.push(s);
    }
  }

  private newline(): void {
    this.pushText("\n");
    this.atLineStart = true;
    this.lineCount++;
  }

  /** Undo the last line break, so the next print continues that line. */
  private joinLastLine(): void {
    const last = this.el.length - 1;
    const text = this.el[last] as string;
    this.el[last] = text.slice(0, -1);
    this.atLineStart = false;
    this.pendingBlank = false;
    this.lineCount--;
  }

  private blankLine(): void {
    this.pendingBlank = true;
  }
}

/** Empty `if (x) {`, `} else {`, `try {`, `switch (x) {` blocks stay open in prettier's output. */
function keepsEmptyBlockOpen(open: Printable): boolean {
  let first: Printable = open;
  while (Array.isArray(first)) {
    first = (first as readonly Printable[])[0] ?? "";
  }
  return typeof first === "string" && /^(\}\s*)?(if|else|try|switch)\b/u.test(first.trimStart());
}

function isTemplate(x: unknown): x is TemplateStringsArray {
  return Array.isArray(x) && Object.prototype.hasOwnProperty.call(x, "raw");
}

function interleave(fragments: TemplateStringsArray, values: Printable[]): Printable[] {
  const out: Printable[] = [];
  fragments.forEach((f, i) => {
    out.push(f);
    if (i < values.length) {
      out.push(values[i]!);
    }
  });
  return out;
}

/** A print() of nothing but empty JSDoc blocks (and "") prints nothing. */
function isEmptyDoc(items: readonly Printable[]): boolean {
  let sawDoc = false;
  for (const p of items) {
    if (typeof p === "object" && !Array.isArray(p) && (p as JsDocBlock).kind === "jsdoc" && (p as JsDocBlock).lines.length === 0) {
      sawDoc = true;
    } else if (p !== "") {
      return false;
    }
  }
  return sawDoc;
}

/**
 * Elements of a union member or list item: no line breaks of their own.
 * Symbols and exports met on the way are appended to `refs`.
 */
function inlineEls(p: Printable, refs: (ImportSymbol | ExportDecl)[]): El[] {
  if (Array.isArray(p)) {
    return (p as readonly Printable[]).flatMap((x) => inlineEls(x, refs));
  }
  switch (typeof p) {
    case "string":
      if (p.includes("\n")) {
        throw new Error(`union member or list item spans lines: ${JSON.stringify(p)}`);
      }
      return [p];
    case "number":
      return [num(p).text];
    case "boolean":
      return [String(p)];
  }
  const obj = p as ImportSymbol | ExportDecl | Literal | JsDocBlock | UnionType | ListGroup;
  switch (obj.kind) {
    case "literal":
      return inlineEls(obj.text, refs);
    case "import":
    case "export":
      refs.push(obj);
      return [obj];
    case "union":
      return [{ kind: "union", members: obj.members.map((m) => inlineEls(m, refs)) }];
    case "list":
      return [{ kind: "list", open: obj.open, items: obj.items.map((it) => inlineEls(it, refs)), close: obj.close, separator: obj.separator }];
    case "jsdoc":
      throw new Error("cannot print a JSDoc block inside a union or list");
  }
}

/** An element printed flat (groups on one line). */
function elText(e: El, idents: ReadonlyMap<string, string>): string {
  if (typeof e === "string") {
    return e;
  }
  switch (e.kind) {
    case "export":
      return e.declaration === "" ? `export ${e.name}` : `export ${e.declaration} ${e.name}`;
    case "import":
      return idents.get(e.id)!;
    case "union":
      return " " + e.members.map((m) => flatText(m, idents)).join(" | ");
    case "list":
      return flatList(e, idents);
  }
}

function flatText(els: readonly El[], idents: ReadonlyMap<string, string>): string {
  return els.map((x) => elText(x, idents)).join("");
}

function flatList(l: ListEl, idents: ReadonlyMap<string, string>): string {
  if (l.items.length === 0) {
    return l.open + l.close;
  }
  const pad = l.open.endsWith("{") ? " " : "";
  return l.open + pad + l.items.map((it) => flatText(it, idents)).join(`${l.separator} `) + pad + l.close;
}

const PRINT_WIDTH = 80;

/**
 * Lay out a sequence of elements whose current output line so far is
 * `line`; `restAfter` is what follows the sequence on its last line.  Groups
 * (unions, lists) are decided outermost first, as prettier's printer does.
 */
function layoutSeq(els: readonly El[], line: string, restAfter: string, idents: ReadonlyMap<string, string>): string {
  const out: string[] = [];
  for (let i = 0; i < els.length; i++) {
    const e = els[i]!;
    if (typeof e === "string") {
      out.push(e);
    } else if (e.kind === "union" || e.kind === "list") {
      const cur = currentLine(out, line);
      const rest = restOfLine(els, i + 1, idents, restAfter);
      out.push(e.kind === "union" ? layoutUnion(e, cur, rest, idents) : layoutList(e, cur, rest, idents));
    } else {
      out.push(elText(e, idents));
    }
  }
  return out.join("");
}

/** The text of the output line being built: back to the last line break. */
function currentLine(out: readonly string[], line: string): string {
  let cur = "";
  for (let i = out.length - 1; i >= 0; i--) {
    const t = out[i]!;
    const nl = t.lastIndexOf("\n");
    if (nl >= 0) {
      return t.slice(nl + 1) + cur;
    }
    cur = t + cur;
  }
  return line + cur;
}

function renderBody(el: readonly El[], idents: ReadonlyMap<string, string>): string {
  return layoutSeq(el, "", "", idents);
}

/** Flat text from `from` to the next line break (plus `restAfter` if none). */
function restOfLine(el: readonly El[], from: number, idents: ReadonlyMap<string, string>, restAfter: string): string {
  let rest = "";
  for (let i = from; i < el.length; i++) {
    const text = elText(el[i]!, idents);
    const nl = text.indexOf("\n");
    if (nl >= 0) {
      return rest + text.slice(0, nl);
    }
    rest += text;
  }
  return rest + restAfter;
}

function indentOf(line: string): string {
  return " ".repeat(line.length - line.trimStart().length);
}

/**
 * Prettier's layouts for a union after `=` or `:` (measured against
 * prettier 3; see the printer tests): one line; the union alone on the next
 * line; or one `| member` per line.  A lone type after `=` moves to the
 * next line even if it is still too long there; after `:` it never moves.
 */
function layoutUnion(u: UnionEl, line: string, rest: string, idents: ReadonlyMap<string, string>): string {
  const members = u.members.map((m) => flatText(m, idents));
  const flat = members.join(" | ");
  if (line.length + 1 + flat.length + rest.length <= PRINT_WIDTH) {
    return " " + flat;
  }
  const isProperty = line.trimEnd().endsWith(":");
  if (members.length === 1 && isProperty) {
    return " " + flat;
  }
  const indent = indentOf(line) + INDENT;
  if (members.length === 1 || indent.length + flat.length + rest.length <= PRINT_WIDTH) {
    return `\n${indent}${flat}`;
  }
  return members.map((m) => `\n${indent}| ${m}`).join("");
}

/** Flat if it fits, else one item per line with a trailing separator. */
function layoutList(l: ListEl, line: string, rest: string, idents: ReadonlyMap<string, string>): string {
  const flat = flatList(l, idents);
  if (l.items.length === 0 || line.length + flat.length + rest.length <= PRINT_WIDTH) {
    return flat;
  }
  const outer = indentOf(line);
  const inner = outer + INDENT;
  const items = l.items.map((it) => `\n${inner}${layoutSeq(it, inner, l.separator, idents)}${l.separator}`);
  return `${l.open}${items.join("")}\n${outer}${l.close}`;
}

// ---------------------------------------------------------------------------
// Imports

interface ImportedName {
  name: string;
  alias: string;
  typeOnly: boolean;
}

/**
 * Decide the local identifier of every symbol and render import statements.
 * Declared names (exports, reserve()) and local symbols are taken first;
 * foreign symbols then claim their own name in order of first use and fall
 * back to name$1, name$2 ('$' never occurs in names derived from QAPI).
 */
function resolveImports(refs: readonly (ImportSymbol | ExportDecl)[], filePath: string, reserved: ReadonlySet<string>) {
  const taken = new Set(reserved);
  const idents = new Map<string, string>();
  const valueUse = new Set<string>();
  const foreign = new Map<string, ImportSymbol>();
  const selfFrom = normalizeFrom(`./${filePath}`);
  for (const e of refs) {
    if (e.kind === "export") {
      taken.add(e.name);
    } else if (sameModule(e.from, selfFrom)) {
      taken.add(e.name);
      idents.set(e.id, e.name);
    } else {
      if (!e.typeOnly) valueUse.add(e.id);
      if (!foreign.has(e.id)) foreign.set(e.id, e);
    }
  }
  const byModule = new Map<string, ImportedName[]>();
  for (const s of foreign.values()) {
    const alias = freeName(s.name, taken);
    taken.add(alias);
    idents.set(s.id, alias);
    const spec = moduleSpecifier(s.from, filePath);
    const list = byModule.get(spec) ?? [];
    list.push({ name: s.name, alias, typeOnly: !valueUse.has(s.id) });
    byModule.set(spec, list);
  }
  const specs = [...byModule.keys()].sort(compareSpecifiers);
  const imports = specs.map((spec) => importStatement(spec, byModule.get(spec)!));
  return { idents, imports };
}

function sameModule(from: string, selfFrom: string): boolean {
  return isRelative(from) && withJsExtension(from) === withJsExtension(selfFrom);
}

function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) {
    return name;
  }
  for (let i = 1; ; i++) {
    if (!taken.has(`${name}$${i}`)) {
      return `${name}$${i}`;
    }
  }
}

/** The specifier as written in the importing file: relative, with .js. */
export function moduleSpecifier(from: string, importerPath: string): string {
  if (!isRelative(from)) {
    return from;
  }
  const target = posix.normalize(from);
  let rel = posix.relative(posix.dirname(posix.normalize(importerPath)), target);
  if (!rel.startsWith("../")) {
    rel = `./${rel}`;
  }
  return withJsExtension(rel);
}

/** NodeNext resolution needs the emitted extension: .ts -> .js, none -> .js. */
function withJsExtension(p: string): string {
  if (p.endsWith(".ts") && !p.endsWith(".d.ts")) {
    return p.slice(0, -3) + ".js";
  }
  if (p.endsWith(".mts")) {
    return p.slice(0, -4) + ".mjs";
  }
  return /\.(m?js|json)$/u.test(p) ? p : `${p}.js`;
}

/** Packages first, then relative paths; each group in code point order. */
function compareSpecifiers(a: string, b: string): number {
  const ra = isRelative(a) ? 1 : 0;
  const rb = isRelative(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function importStatement(spec: string, names: ImportedName[]): string {
  const sorted = [...names].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const allTypes = sorted.every((n) => n.typeOnly);
  const parts = sorted.map((n) => {
    const base = n.alias === n.name ? n.name : `${n.name} as ${n.alias}`;
    return !allTypes && n.typeOnly ? `type ${base}` : base;
  });
  const keyword = allTypes ? "import type" : "import";
  const from = quoteString(spec);
  const oneLine = `${keyword} { ${parts.join(", ")} } from ${from};`;
  if (oneLine.length <= 80) {
    return oneLine + "\n";
  }
  return `${keyword} {\n${parts.map((p) => `  ${p},\n`).join("")}} from ${from};\n`;
}
