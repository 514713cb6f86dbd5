// Layout for the printer (printer.ts): the elements a GeneratedFile
// records, and how content() turns them into text.  Union types and
// bracketed lists are decided here, at the end, once the local names of
// imported symbols (and so the line widths) are known; they follow
// prettier 3's layouts at printWidth 80 (see the printer tests, which
// compare against prettier).

import type { ExportDecl, ImportSymbol, JsDocBlock, ListGroup, Literal, Printable, UnionType } from "./printer.js";

export interface UnionEl {
  readonly kind: "union";
  readonly members: readonly (readonly El[])[];
}

export interface ListEl {
  readonly kind: "list";
  readonly open: string;
  readonly items: readonly (readonly El[])[];
  readonly close: string;
  readonly separator: "," | ";";
}

export type El = string | ImportSymbol | ExportDecl | UnionEl | ListEl;

/** One indentation level (prettier's default tabWidth 2). */
export const INDENT = "  ";

/** A number literal as prettier prints it (1e+21 -> 1e21). */
export function numberText(value: number): string {
  return Object.is(value, -0) ? "-0" : String(value).replace("e+", "e");
}

/**
 * Elements of a union member or list item: no line breaks of their own.
 * Symbols and exports met on the way are appended to `refs`.
 */
export function inlineEls(p: Printable, refs: (ImportSymbol | ExportDecl)[]): El[] {
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
      return [numberText(p)];
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

export function renderBody(el: readonly El[], idents: ReadonlyMap<string, string>): string {
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
