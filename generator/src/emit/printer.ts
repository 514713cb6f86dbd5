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
import { makeSymbol, normalizeFrom, resolveImports } from "./printer-imports.js";
import { INDENT, inlineEls, numberText, renderBody, type El } from "./printer-layout.js";
import { quoteString } from "./ts-names.js";

export { moduleSpecifier } from "./printer-imports.js";

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
  return literal(numberText(value));
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


/** A symbol that lives in another generated file, without a GeneratedFile at hand. */
export function symbol(name: string, from: string, typeOnly = false): ImportSymbol {
  return makeSymbol(name, normalizeFrom(from), typeOnly);
}

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

