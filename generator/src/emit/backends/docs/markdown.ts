// Markdown rendering of the docs model: docs/<module>.md.
//
// The text must be exactly what prettier 3 prints (parser "markdown",
// default options), so `prettier --check generated/` passes without a
// format pass.  We get there by only emitting constructs whose printing we
// know: ATX headings, paragraphs keeping their line breaks (proseWrap
// "preserve"), `-` and `1.` lists (loose when an item has several blocks),
// fenced code, `>` quotes, and tables padded the way prettier aligns them.
// Doc text is escaped with backslashes, which prettier keeps: every
// character that could start markup anywhere, and those that only matter
// at the start of a line when they stand there.

import { posix } from "node:path";
import type { Block, Inline } from "./doc-tree.js";
import type { DefView, DocsModel, Page, Part, Row, Table, TypeLink } from "./model.js";

/** docs/<base>.md for one page. */
export function renderMarkdownPage(page: Page, model: DocsModel, header: string): string {
  const r = new MarkdownRenderer(page, model);
  return r.render(header);
}

class MarkdownRenderer {
  private readonly out: string[] = [];

  constructor(
    private readonly page: Page,
    private readonly model: DocsModel,
  ) {}

  render(header: string): string {
    this.block([`<!-- ${htmlCommentText(header)} -->`]);
    this.block([`# Module ${codeSpan(this.page.base)}`]);
    let level = 1;
    for (const item of this.page.items) {
      switch (item.t) {
        case "heading":
          level = Math.min(item.level + 1, 5);
          this.block([anchor(item.id), "", `${"#".repeat(level)} ${headingText(inlines(item.c, this.link, false))}`]);
          break;
        case "prose":
          for (const b of item.blocks) this.block(blockLines(b, this.link));
          break;
        case "def":
          this.definition(item.def, Math.min(level + 1, 6));
          break;
      }
    }
    return this.out.join("\n\n") + "\n";
  }

  private block(lines: readonly string[]): void {
    if (lines.length > 0) this.out.push(lines.join("\n"));
  }

  /** Href of a definition's section as seen from this page, or null. */
  private readonly link = (name: string): string | null => {
    const home = this.model.homes.get(name);
    if (home === undefined) return null;
    const id = `#def-${name}`;
    if (home === this.page.base) return id;
    let file = this.files.get(home);
    if (file === undefined) {
      file = posix.relative(posix.dirname(`${this.page.base}.md`), `${home}.md`);
      this.files.set(home, file);
    }
    return file + id;
  };
  private readonly files = new Map<string, string>();

  private definition(def: DefView, level: number): void {
    this.block([anchor(def.id), "", `${"#".repeat(level)} ${codeSpan(def.name)}`]);
    const meta: string[] = [def.kind];
    if (def.since) meta.push(`since ${escapeText(def.since)}`);
    if (def.cond) meta.push(`only if ${codeSpan(def.cond)}`);
    this.block([`_${meta.join(" · ")}_`]);
    if (def.deprecated) this.block(flagLines("Deprecated", def.deprecated, this.link));
    if (def.unstable) this.block(flagLines("Unstable", def.unstable, this.link));
    for (const part of def.parts) this.part(part);
  }

  private part(part: Part): void {
    switch (part.t) {
      case "blocks":
        for (const b of part.blocks) this.block(blockLines(b, this.link));
        break;
      case "table":
        this.block([`**${part.table.title}:**`]);
        this.block(tableLines(part.table, this.link));
        break;
      case "section": {
        const lead = [`**${escapeText(part.title)}:**`];
        if (part.type) lead.push(typeLink(part.type, this.link, false));
        this.block(headedLines(lead.join(" "), part.blocks, this.link));
        break;
      }
      case "example": {
        const title = part.title.length > 0 ? ` ${inlines(part.title, this.link, false)}` : "";
        this.block([`**Example:**${title}`]);
        for (const b of part.blocks) this.block(blockLines(b, this.link));
        break;
      }
    }
  }
}

type Linker = (name: string) => string | null;

function anchor(id: string): string {
  return `<a id="${escapeAttr(id)}"></a>`;
}

function flagLines(title: string, blocks: readonly Block[], link: Linker): string[] {
  return headedLines(`**${title}.**`, blocks, link);
}

/** `lead` followed by the first paragraph on the same line, then the rest. */
function headedLines(lead: string, blocks: readonly Block[], link: Linker): string[] {
  const first = blocks[0];
  let rest = blocks;
  let lines = [lead];
  if (first && first.t === "p") {
    const p = paragraphLines(first.c, link);
    lines = [`${lead} ${p[0]}`, ...p.slice(1)];
    rest = blocks.slice(1);
  }
  const body = joinBlocks(rest, link);
  return body.length > 0 ? [...lines, "", ...body] : lines;
}

// --- blocks -----------------------------------------------------------------

export function blockLines(b: Block, link: Linker): string[] {
  switch (b.t) {
    case "p":
      return paragraphLines(b.c, link);
    case "heading":
      // Headings inside a definition's text: shown as strong paragraphs,
      // the page outline is QEMU's free-form headings.
      return [`**${inlines(b.c, link, false)}**`];
    case "list":
      return listLines(b, link);
    case "code":
      return codeBlock(b.lines);
    case "example": {
      const title = b.title.length > 0 ? ` ${inlines(b.title, link, false)}` : "";
      const body = joinBlocks(b.c, link);
      return body.length > 0 ? [`**Example:**${title}`, "", ...body] : [`**Example:**${title}`];
    }
    case "note":
      return quote(headedLines(`**${escapeText(b.title)}:**`, b.c, link));
    case "quote":
      return quote(joinBlocks(b.c, link));
    case "lines": {
      const rows = b.lines.map((l) => lineStart(inlines(l, link, false).trim())).filter((l) => l !== "");
      return rows.map((l, i) => (i < rows.length - 1 ? `${l}\\` : l));
    }
  }
}

function joinBlocks(blocks: readonly Block[], link: Linker): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    const lines = blockLines(b, link);
    if (lines.length === 0) continue;
    if (out.length > 0) out.push("");
    out.push(...lines);
  }
  return out;
}

function quote(lines: readonly string[]): string[] {
  return lines.map((l) => (l === "" ? ">" : `> ${l}`));
}

function paragraphLines(c: readonly Inline[], link: Linker): string[] {
  return inlines(c, link, false)
    .split("\n")
    .map((l) => lineStart(l.trim()))
    .filter((l) => l !== "");
}

function listLines(b: Extract<Block, { t: "list" }>, link: Linker): string[] {
  const bodies = b.items.map((item) => joinBlocks(item, link));
  // An item with a blank line inside makes the whole list loose.
  const loose = bodies.some((body) => body.includes(""));
  const out: string[] = [];
  bodies.forEach((body, i) => {
    const marker = b.ordered ? `${i + 1}. ` : "- ";
    const pad = " ".repeat(marker.length);
    if (body.length === 0) body.push("");
    if (loose && i > 0) out.push("");
    out.push(marker + body[0], ...body.slice(1).map((l) => (l === "" ? "" : pad + l)));
  });
  return out.map((l) => l.trimEnd());
}

/** A fenced code block; the fence is longer than any backtick run inside. */
export function codeBlock(lines: readonly string[]): string[] {
  if (lines.length === 0) return [];
  let longest = 0;
  for (const l of lines) for (const run of l.match(/`+/gu) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [fence, ...lines.map((l) => l.trimEnd()), fence];
}

// --- tables -----------------------------------------------------------------

export function tableLines(table: Table, link: Linker): string[] {
  const head =
    table.kind === "members" ? ["Name", "Type", "Description"] : [table.kind === "values" ? "Value" : "Feature", "Description"];
  const rows = table.rows.map((r) => rowCells(r, table, link));
  return alignTable([head, ...rows]);
}

function rowCells(r: Row, table: Table, link: Linker): string[] {
  let name = r.name !== null ? codeSpan(r.name, true) : inlines(r.lead, link, true);
  if (r.optional) name += " (optional)";
  const desc = cellText(r.desc, link);
  const notes: string[] = [];
  if (r.cond) notes.push(`Only if ${codeSpan(r.cond, true)}.`);
  if (r.features.length > 0) notes.push(`Features: ${r.features.map(featureName).join(", ")}.`);
  const description = [desc, ...notes].filter((x) => x !== "").join(" ");
  if (table.kind !== "members") return [cell(name), cell(description)];
  return [cell(name), r.type ? typeLink(r.type, link, true) : "", cell(description)];
}

/** Prettier trims cells and prints single spaces. */
function cell(s: string): string {
  return s.replace(/\n/gu, " ").replace(/ {2,}/gu, " ").trim();
}

function featureName(f: string): string {
  return f === "deprecated" || f === "unstable" ? `**${f}**` : codeSpan(f, true);
}

/** Blocks squeezed into one table cell: paragraphs and items split by <br>. */
function cellText(blocks: readonly Block[], link: Linker): string {
  const parts: string[] = [];
  for (const b of blocks) {
    switch (b.t) {
      case "p":
      case "heading":
        parts.push(inlines(b.c, link, true).replace(/\n/gu, " "));
        break;
      case "list":
        // Plain ASCII on purpose: one non-Latin-1 character makes V8 store
        // the whole page as two-byte text, slowing every later step.
        b.items.forEach((item, i) => parts.push(`${b.ordered ? `${i + 1}.` : "-"} ${cellText(item, link)}`));
        break;
      case "code":
        parts.push(b.lines.filter((l) => l.trim() !== "").map((l) => codeSpan(l, true)).join("<br>"));
        break;
      case "example":
        parts.push(`Example: ${cellText(b.c, link)}`);
        break;
      case "note":
        parts.push(`**${escapeText(b.title)}:** ${cellText(b.c, link)}`);
        break;
      case "quote":
        parts.push(cellText(b.c, link));
        break;
      case "lines":
        parts.push(b.lines.map((l) => inlines(l, link, true)).join("<br>"));
        break;
    }
  }
  return parts
    .map((p) => p.replace(/ {2,}/gu, " ").trim())
    .filter((p) => p !== "")
    .join("<br>");
}

/** Prettier's aligned table: columns padded to the widest cell (at least 3). */
function alignTable(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((r) => stringWidth(r[i]!))));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c + " ".repeat(widths[i]! - stringWidth(c))).join(" | ")} |`;
  return [line(rows[0]!), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)];
}

// Columns as prettier's getStringWidth() counts them: wide East Asian
// characters and emoji take two, combining marks and controls none.
function stringWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x20-\x7e]/u.test(s)) return s.length;
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) continue;
    if (c >= 0x300 && c <= 0x36f) continue;
    w += isWide(c) ? 2 : 1;
  }
  return w;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0x303e) ||
    (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1f9ff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

// --- inlines ----------------------------------------------------------------

function typeLink(t: TypeLink, link: Linker, inTable: boolean): string {
  const href = t.target !== null ? link(t.target) : null;
  const label = href !== null ? `[${codeSpan(t.name, inTable)}](${href})` : codeSpan(t.name, inTable);
  return t.array ? `array of ${label}` : label;
}

/** Inline Markdown; `inTable` also escapes `|` (inside code spans too). */
export function inlines(c: readonly Inline[], link: Linker, inTable: boolean): string {
  let s = "";
  for (const x of c) {
    switch (x.t) {
      case "text":
        s += escapeText(x.v);
        break;
      case "code":
        s += codeSpan(x.v, inTable);
        break;
      case "em":
        s += emphasis("_", x.c, link, inTable);
        break;
      case "strong":
        s += emphasis("**", x.c, link, inTable);
        break;
      case "ref": {
        const href = link(x.name);
        s += href !== null ? `[${codeSpan(x.name, inTable)}](${href})` : codeSpan(x.name, inTable);
        break;
      }
      case "url":
        s += `<${x.href}>`;
        break;
    }
  }
  return s;
}

// Emphasis is kept only where prettier prints it back the same: content
// starting and ending with a word character, on one line, no nesting (the
// parser already keeps it apart from surrounding words).
function emphasis(mark: string, c: readonly Inline[], link: Linker, inTable: boolean): string {
  const flat = c.every((x) => x.t === "text" || x.t === "code");
  const inner = inlines(c, link, inTable);
  if (flat && /^\w/u.test(inner) && /\w$/u.test(inner) && !inner.includes("\n")) return `${mark}${inner}${mark}`;
  // Keep the author's asterisks, as literal text.
  const literal = mark === "_" ? "\\*" : "\\*\\*";
  return `${literal}${inner}${literal}`;
}

/** A code span as prettier prints it (shortest fence not used inside). */
export function codeSpan(v: string, inTable = false): string {
  if (PLAIN_CODE.test(v)) return `\`${v}\``;
  let text = v.replace(/\s+/gu, " ").trim();
  if (text === "") return "";
  // A backslash right before a pipe cannot be written in a table's code
  // span: GFM's cell splitter and prettier read `\\|` differently.  Inline
  // HTML is left alone by both.
  if (inTable && /\\\|/u.test(text)) return `<code>${htmlCode(text)}</code>`;
  if (inTable) text = text.replace(/\|/gu, "\\|");
  const runs = new Set((text.match(/`+/gu) ?? []).map((r) => r.length));
  let n = 1;
  while (runs.has(n)) n++;
  const fence = "`".repeat(n);
  const gap = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${gap}${text}${gap}${fence}`;
}

/** Code text as inline HTML, for the cases Markdown code spans can't carry. */
function htmlCode(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;").replace(/\|/gu, "&#124;").replace(/`/gu, "&#96;");
}

// Code that needs no care: no backtick, pipe or space at either end.
const PLAIN_CODE = /^[^\s`|](?:[^`|\s]| (?=[^\s`|]))*$/u;
// Characters that may start markup anywhere in a line.
const INLINE_SPECIAL = /[\\`*_[\]<>&$~|!]/gu;
const NEEDS_ESCAPE = /[\\`*_[\]<>&$~|!]| {2}|\t/u;

/** Plain text: markup characters escaped, runs of spaces collapsed as prettier does. */
export function escapeText(v: string): string {
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/[ \t]{2,}/gu, " ").replace(INLINE_SPECIAL, (ch) => `\\${ch}`);
}

/** Escape what would start a block at the beginning of a line. */
function lineStart(l: string): string {
  const m = /^(\d{1,9})([.)])(\s|$)/u.exec(l);
  if (m) return `${m[1]}\\${l.slice(m[1]!.length)}`;
  if (/^[#>+=-]/u.test(l)) return `\\${l}`;
  return l;
}

/** A closing `#` sequence would be dropped from an ATX heading. */
function headingText(s: string): string {
  return s.replace(/(^|\s)(#+)$/u, (_m, pre: string, hashes: string) => pre + hashes.replace(/#/gu, "\\#"));
}

function escapeAttr(v: string): string {
  return v.replace(/&/gu, "&amp;").replace(/"/gu, "&quot;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");
}

/** Text safe inside an HTML comment (no `--`, no `>` right after `<!--`). */
function htmlCommentText(v: string): string {
  return v.replace(/--+/gu, "-").replace(/[<>]/gu, "");
}
