// QAPI doc text -> a small document tree that both docs renderers
// (Markdown and HTML) print.
//
// QAPI doc comments are reStructuredText in QEMU 10.0 (rendered by QEMU's
// Sphinx extension, docs/sphinx/qapidoc.py) and a lighter, rST-like markup
// in QEMU 7.2.  We read the subset the real schemas use: paragraphs,
// bullet and numbered lists, `= Heading` lines of free-form blocks,
// literal blocks after `::`, line blocks (`| text`), and the directives
// `.. qmp-example::` (plain or `:annotated:`), `.. note::`,
// `.. admonition::` and friends; anything else indented is kept as a
// quotation.  Inline: ``literal``, `interpreted`, :role:`text`, *emphasis*,
// **strong**, @references and URLs.  Nothing here escapes: that is the
// renderers' job.

import { dedent, leading, trimBlank } from "../../text-lines.js";

export type Inline =
  | { readonly t: "text"; readonly v: string }
  | { readonly t: "code"; readonly v: string }
  | { readonly t: "em"; readonly c: readonly Inline[] }
  | { readonly t: "strong"; readonly c: readonly Inline[] }
  /** `@name`: a definition (linked when it has a section) or a member. */
  | { readonly t: "ref"; readonly name: string }
  | { readonly t: "url"; readonly href: string };

export type Block =
  | { readonly t: "p"; readonly c: readonly Inline[] }
  | { readonly t: "heading"; readonly level: number; readonly c: readonly Inline[] }
  | { readonly t: "list"; readonly ordered: boolean; readonly items: readonly (readonly Block[])[] }
  | { readonly t: "code"; readonly lines: readonly string[] }
  | { readonly t: "example"; readonly title: readonly Inline[]; readonly c: readonly Block[] }
  | { readonly t: "note"; readonly title: string; readonly c: readonly Block[] }
  | { readonly t: "quote"; readonly c: readonly Block[] }
  | { readonly t: "lines"; readonly lines: readonly (readonly Inline[])[] };

// Characters that end a line in JavaScript or are invisible controls: read
// as a space, as jsdoc.ts does.
const HOSTILE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/gu;

const ODD_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]/u;

/** CR LF and CR as LF, tabs as spaces, hostile characters as a space. */
function cleanText(text: string): string {
  return text.replace(/\r\n?/gu, "\n").replace(/\t/gu, "        ").replace(HOSTILE_CHARS, " ");
}

/** Blocks of a doc section text; `dedent`: continuation lines are indented. */
export function parseDocText(text: string, options: { dedent?: boolean } = {}): Block[] {
  if (text === "") return [];
  // Most member descriptions: one line of plain prose.
  if (!text.includes("\n") && SIMPLE_LINE.test(text) && !text.endsWith("::")) return [{ t: "p", c: parseInline(text.trim()) }];
  let lines = (ODD_CHARS.test(text) ? cleanText(text) : text).split("\n").map((l) => l.trimEnd());
  if (options.dedent && lines.length > 1) lines = [lines[0]!.trimStart(), ...dedent(lines.slice(1))];
  return parseBlocks(dedent(lines));
}

/** Example lines (a legacy `Example:` section) as one code block. */
export function codeLines(text: string): string[] {
  const lines = (ODD_CHARS.test(text) ? cleanText(text) : text).split("\n");
  return trimBlank(dedent(lines.map((l) => l.trimEnd())));
}

// A line that can only be a paragraph (no list, heading, directive, line
// block, literal-block marker or special character).
const SIMPLE_LINE = /^ *[A-Za-z(][^\t\u0000-\u001f\u007f\u2028\u2029]*$/u;
const DIRECTIVE = /^\.\. ([\w-]+)::(?: +(.*))?$/u;
const OPTION = /^:([\w-]+):(?: +(.*))?$/u;
const BULLET = /^([-*+•]) +(\S.*)$/u;
const ENUMERATED = /^(\d+|#)([.)]) +(\S.*)$/u;
const HEADING = /^(=+) +(\S.*)$/u;

function parseBlocks(lines: readonly string[]): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === "") {
      i++;
    } else if (leading(line) > 0) {
      const end = indentedEnd(lines, i, 1);
      const body = parseBlocks(dedent(lines.slice(i, end)));
      if (body.length > 0) out.push({ t: "quote", c: body });
      i = end;
    } else if (DIRECTIVE.test(line)) {
      i = directive(lines, i, out);
    } else if (HEADING.test(line)) {
      const m = HEADING.exec(line)!;
      out.push({ t: "heading", level: m[1]!.length, c: parseInline(m[2]!) });
      i++;
    } else if (BULLET.test(line) || ENUMERATED.test(line)) {
      i = list(lines, i, out);
    } else if (line.startsWith("| ") || line === "|") {
      const rows: Inline[][] = [];
      while (i < lines.length && (lines[i]!.startsWith("| ") || lines[i] === "|")) {
        rows.push(parseInline(lines[i]!.slice(2)));
        i++;
      }
      out.push({ t: "lines", lines: rows });
    } else {
      i = paragraph(lines, i, out);
    }
  }
  return out;
}

/** A paragraph; one ending in `::` introduces the literal block after it. */
function paragraph(lines: readonly string[], start: number, out: Block[]): number {
  let i = start;
  const text: string[] = [];
  while (i < lines.length && lines[i]!.trim() !== "" && leading(lines[i]!) === 0) {
    text.push(lines[i]!);
    i++;
  }
  // Indented lines right below a paragraph line: an rST definition list
  // item or a hanging indent; read them as part of the paragraph.
  while (i < lines.length && lines[i]!.trim() !== "" && leading(lines[i]!) > 0) {
    text.push(lines[i]!.trim());
    i++;
  }
  let joined = text.map((l) => l.trim()).join("\n");
  const literal = joined.endsWith("::");
  if (literal) joined = joined === "::" ? "" : joined.replace(/ *::$/u, (m) => (m.length > 2 ? "" : ":"));
  if (joined !== "") out.push({ t: "p", c: parseInline(joined) });
  if (!literal) return i;
  let j = i;
  while (j < lines.length && lines[j]!.trim() === "") j++;
  if (j >= lines.length || leading(lines[j]!) === 0) return i;
  const end = indentedEnd(lines, j, 1);
  out.push({ t: "code", lines: trimBlank(dedent(lines.slice(j, end))) });
  return end;
}

function list(lines: readonly string[], start: number, out: Block[]): number {
  const ordered = !BULLET.test(lines[start]!);
  const items: Block[][] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const m = ordered ? ENUMERATED.exec(line) : BULLET.exec(line);
    if (!m) break;
    const first = ordered ? m[3]! : m[2]!;
    const indent = line.length - first.length;
    const end = indentedEnd(lines, i + 1, indent);
    items.push(parseBlocks(dedent([" ".repeat(indent) + first, ...lines.slice(i + 1, end)])));
    i = end;
    // Blank lines between items belong to the list.
    let j = i;
    while (j < lines.length && lines[j]!.trim() === "") j++;
    if (j < lines.length && (ordered ? ENUMERATED : BULLET).test(lines[j]!)) i = j;
    else break;
  }
  out.push({ t: "list", ordered, items });
  return i;
}

/** `.. name:: argument` with options and an indented body. */
function directive(lines: readonly string[], start: number, out: Block[]): number {
  const [, name, arg = ""] = DIRECTIVE.exec(lines[start]!)!;
  let i = start + 1;
  const options = new Map<string, string>();
  while (i < lines.length && leading(lines[i]!) > 0 && OPTION.test(lines[i]!.trim())) {
    const [, key, value = ""] = OPTION.exec(lines[i]!.trim())!;
    options.set(key!, value.trim());
    i++;
  }
  const end = indentedEnd(lines, i, 1);
  const body = trimBlank(dedent(lines.slice(i, end)));
  switch (name) {
    case "qmp-example": {
      const title = parseInline(options.get("title") ?? "");
      const c: Block[] = options.has("annotated") ? parseBlocks(body) : [{ t: "code", lines: body }];
      out.push({ t: "example", title, c });
      break;
    }
    case "admonition":
      out.push({ t: "note", title: arg.trim() || "Note", c: parseBlocks(body) });
      break;
    case "note":
    case "caution":
    case "warning":
    case "important":
    case "tip":
    case "hint":
    case "danger":
    case "attention":
    case "error": {
      const c = parseBlocks(arg.trim() ? [arg.trim(), ...body] : body);
      out.push({ t: "note", title: name[0]!.toUpperCase() + name.slice(1), c });
      break;
    }
    default: {
      // e.g. `.. table:: Title`: keep its text as preformatted lines.
      const c: Block[] = arg.trim() ? [{ t: "p", c: parseInline(arg.trim()) }] : [];
      if (body.length > 0) c.push({ t: "code", lines: body });
      if (c.length > 0) out.push({ t: "quote", c });
    }
  }
  return end;
}

/**
 * The end of the block indented by at least `indent` from `start` on
 * (blank lines inside it included, trailing ones not).
 */
function indentedEnd(lines: readonly string[], start: number, indent: number): number {
  let i = start;
  let end = start;
  while (i < lines.length) {
    const l = lines[i]!;
    if (l.trim() === "") {
      i++;
      continue;
    }
    if (leading(l) < indent) break;
    i++;
    end = i;
  }
  return end;
}

// --- inline markup ----------------------------------------------------------

// One alternation, tried left to right at each position:
//   ``literal``, :role:`text`, `interpreted`, **strong**, *emphasis*,
//   @reference, URL
// Emphasis follows rST's rule loosely: not glued to a word outside, no
// space or `*` just inside, no `*` within.
const INLINE =
  /``(.+?)``|:[\w:-]+:`([^`]+)`|`([^`]+)`|(?<![\w*\\])\*\*([^\s*](?:[^*]*?[^\s*])?)\*\*(?![\w*])|(?<![\w*\\])\*([^\s*](?:[^*]*?[^\s*])?)\*(?![\w*])|(?<![\w@`])@([A-Za-z0-9_][\w.-]*[A-Za-z0-9_]|[A-Za-z0-9_])|(https?:\/\/[^\s<>"'`|\\{}^[\]]*[^\s<>"'`|\\{}^[\].,;:!?)])/gsu;

// Anything parseInline() could take for markup.
const MAYBE_MARKUP = /[`*@]|https?:/u;

export function parseInline(text: string): Inline[] {
  if (!MAYBE_MARKUP.test(text)) return text === "" ? [] : [{ t: "text", v: text }];
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) pushText(out, text.slice(last, m.index));
    if (m[1] !== undefined) out.push({ t: "code", v: m[1] });
    else if (m[2] !== undefined) out.push({ t: "code", v: roleText(m[2]) });
    else if (m[3] !== undefined) out.push({ t: "code", v: m[3] });
    else if (m[4] !== undefined) out.push({ t: "strong", c: parseInline(m[4]) });
    else if (m[5] !== undefined) out.push({ t: "em", c: parseInline(m[5]) });
    else if (m[6] !== undefined) out.push({ t: "ref", name: m[6] });
    else out.push({ t: "url", href: m[7]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) pushText(out, text.slice(last));
  return out;
}

function pushText(out: Inline[], v: string): void {
  const prev = out[out.length - 1];
  if (prev && prev.t === "text") out[out.length - 1] = { t: "text", v: prev.v + v };
  else out.push({ t: "text", v });
}

/** `title <target>` -> title (rST cross-reference roles). */
function roleText(s: string): string {
  const m = /^(.*?)\s*<[^<>]*>$/su.exec(s);
  return m && m[1] ? m[1] : s;
}

/** The text of inlines without markup (search keys, summaries). */
export function plainText(c: readonly Inline[]): string {
  return c
    .map((x) => (x.t === "text" || x.t === "code" ? x.v : x.t === "ref" ? x.name : x.t === "url" ? x.href : plainText(x.c)))
    .join("");
}
