// QAPI doc comments -> JSDoc text, shared by every backend that documents
// generated declarations.
//
// QAPI doc text is loosely reStructuredText (10.0) or QEMU 7.2's own
// markup; JSDoc is read as Markdown by editors.  The conversion is
// deliberately small:
// - `@name` references become `name` code spans (a line starting with
//   `@name` would otherwise be taken for a JSDoc tag);
// - examples (7.2's `Example:` sections, 10.0's `.. qmp-example::`
//   directives) become fenced code blocks;
// - continuation lines of member and tagged sections lose the indentation
//   10.0 asks for (QEMU's own doc generator dedents them too);
// - characters that would end or corrupt a comment are neutralised here
//   (line separators, control characters) or by the printer's jsDoc()
//   (the `*` `/` pair).
// The order of a block: description paragraphs, features, condition, then
// tags (@since, @experimental, @deprecated), since JSDoc tags run to the
// next tag or the end of the comment.

import type { QAPIDoc, Section } from "../doc/qapidoc.js";
import { Kind } from "../doc/qapidoc.js";
import type { QAPISchemaDefinition } from "../model/entities.js";
import type { QAPISchemaFeature } from "../model/members.js";
import type { QAPISchemaIfCond } from "../model/ifcond.js";
import type { GenContext } from "./backend.js";
import { jsDoc, raw, type JsDocBlock, type Literal } from "./printer.js";
import { dedent, leading, trimBlank } from "./text-lines.js";

/** What a documented thing needs to expose: features and condition. */
export interface Documented {
  readonly ifcond: QAPISchemaIfCond;
  readonly features?: readonly QAPISchemaFeature[];
}

/** Collects the parts of one JSDoc block; build() puts them in order. */
export class JsDocBuilder {
  private readonly paragraphs: string[][] = [];
  private readonly tags: string[][] = [];

  /** A description paragraph (empty or blank-only input is ignored). */
  paragraph(lines: readonly string[] | string): this {
    const ls = typeof lines === "string" ? lines.split("\n") : [...lines];
    if (ls.some((l) => l.trim() !== "")) this.paragraphs.push(ls);
    return this;
  }

  /** A QAPI doc text, converted (see docTextLines). */
  text(text: string | null | undefined, dedent = false): this {
    if (text) this.paragraph(docTextLines(text, { dedent }));
    return this;
  }

  /** A block tag such as `@since 2.12` (text may span lines). */
  tag(name: string, text = ""): this {
    const lines = text === "" ? [] : text.split("\n");
    const first = lines.length > 0 ? `@${name} ${lines[0]}` : `@${name}`;
    this.tags.push([first, ...lines.slice(1)]);
    return this;
  }

  /** Features, the recorded condition and the feature tags of `x`. */
  annotations(x: Documented, doc: QAPIDoc | null, ctx: GenContext): this {
    const features = (x.features ?? []).filter((f) => ctx.present(f));
    const others: string[] = [];
    let unstable: QAPISchemaFeature | undefined;
    let deprecated: QAPISchemaFeature | undefined;
    for (const f of features) {
      if (f.name === "deprecated") deprecated = f;
      else if (f.name === "unstable") unstable = f;
      else others.push(featureItem(f, doc, ctx));
    }
    if (unstable) {
      const desc = featureText(unstable, doc);
      this.paragraph(desc ? ["Unstable: " + desc[0], ...desc.slice(1)] : ["Unstable (feature `unstable`)."]);
    }
    if (others.length > 0) this.paragraph(["Features:", ...others]);
    const cond = ctx.recordedCondition(x);
    if (cond) this.paragraph(`Only if: \`${cond}\``);
    if (unstable) this.tag("experimental");
    if (deprecated) {
      const dcond = ctx.recordedCondition(deprecated);
      const text = (featureText(deprecated, doc) ?? []).join("\n");
      this.tag("deprecated", dcond ? `(only if \`${dcond}\`) ${text}`.trimEnd() : text);
    }
    return this;
  }

  isEmpty(): boolean {
    return this.paragraphs.length === 0 && this.tags.length === 0;
  }

  lines(): string[] {
    const out: string[] = [];
    for (const p of this.paragraphs) {
      if (out.length > 0) out.push("");
      out.push(...p);
    }
    if (this.tags.length > 0 && out.length > 0) out.push("");
    for (const t of this.tags) out.push(...t);
    return out;
  }

  build(): JsDocBlock | Literal {
    return compactJsDoc(this.lines());
  }
}

/** A JSDoc block from lines; a single line prints as `/** text *\/`. */
export function compactJsDoc(lines: readonly string[]): JsDocBlock | Literal {
  const block = jsDoc(lines);
  if (block.lines.length !== 1) return block;
  return raw(`/** ${block.lines[0]} */`);
}

function featureText(f: QAPISchemaFeature, doc: QAPIDoc | null): string[] | null {
  const text = doc?.features.get(f.name)?.text;
  return text ? docTextLines(text, { dedent: true }) : null;
}

function featureItem(f: QAPISchemaFeature, doc: QAPIDoc | null, ctx: GenContext): string {
  const desc = featureText(f, doc);
  const cond = ctx.recordedCondition(f);
  const head = `- \`${f.name}\`` + (cond ? ` (only if \`${cond}\`)` : "");
  if (!desc) return head;
  return [`${head}: ${desc[0]}`, ...desc.slice(1).map((l) => (l === "" ? "" : "  " + l))].join("\n");
}

/**
 * JSDoc for a definition: its doc's description, notes, returns, errors and
 * examples (member and feature descriptions are left to the members), then
 * features, condition, @since and @deprecated.  `lead` lines come first
 * (e.g. "Arguments of command `x`." for implicit types).
 */
export function definitionJsDoc(
  defn: QAPISchemaDefinition,
  ctx: GenContext,
  options: { doc?: QAPIDoc | null; lead?: string; sections?: boolean } = {},
): JsDocBuilder {
  const b = new JsDocBuilder();
  if (options.lead) b.paragraph(options.lead);
  const doc = options.doc === undefined ? defn.doc : options.doc;
  if (doc && options.sections !== false) addSections(b, doc);
  if (doc?.since && options.sections !== false) b.tag("since", oneLine(doc.since.text));
  b.annotations(defn, doc, ctx);
  return b;
}

/** The text sections of a doc, in order, except members, features, since. */
function addSections(b: JsDocBuilder, doc: QAPIDoc): void {
  for (const s of doc.allSections) {
    switch (s.kind) {
      case Kind.PLAIN:
        b.text(s.text);
        break;
      case Kind.RETURNS:
      case Kind.ERRORS:
      case Kind.NOTE:
        b.paragraph(headed(s.tag ?? s.kind, s));
        break;
      case Kind.EXAMPLE:
        b.paragraph([`${s.tag ?? "Example"}:`, ...codeBlock(s.text.split("\n"))]);
        break;
      case Kind.MEMBER:
      case Kind.FEATURE:
      case Kind.SINCE:
      case Kind.TODO:
        break;
    }
  }
}

/** "Returns: first line" then the rest, or "Errors:" then the list. */
function headed(tag: string, s: Section): string[] {
  const lines = docTextLines(s.text, { dedent: true });
  const first = lines[0] ?? "";
  // A list (10.0's Errors sections) reads better below its heading.
  if (/^\s*[-*] /u.test(first)) return [`${tag}:`, ...lines];
  return [`${tag}: ${first}`, ...lines.slice(1)];
}

/** JSDoc of one member, enum value or branch from its definition's doc. */
export function memberJsDoc(
  member: Documented & { readonly name: string },
  doc: QAPIDoc | null,
  ctx: GenContext,
): JsDocBuilder {
  const b = new JsDocBuilder();
  b.text(doc?.args.get(member.name)?.text, true);
  b.annotations(member, doc, ctx);
  return b;
}

/**
 * A Markdown list of enum values with their descriptions, conditions and
 * features, for the JSDoc of the enum type (union members cannot carry
 * their own documentation).
 */
export function enumValueList(
  values: readonly (Documented & { readonly name: string })[],
  doc: QAPIDoc | null,
  ctx: GenContext,
): string[] {
  const out: string[] = [];
  for (const v of values) {
    const desc = docTextLines(doc?.args.get(v.name)?.text ?? "", { dedent: true });
    const notes: string[] = [];
    const cond = ctx.recordedCondition(v);
    if (cond) notes.push(`only if \`${cond}\``);
    for (const f of v.features ?? []) {
      if (!ctx.present(f)) continue;
      notes.push(f.name === "deprecated" ? "**deprecated**" : f.name === "unstable" ? "**unstable**" : `feature \`${f.name}\``);
    }
    let head = `- \`${escapeCodeSpan(v.name)}\``;
    if (notes.length > 0) head += ` (${notes.join("; ")})`;
    const first = desc[0] ?? "";
    out.push(first === "" ? head : `${head}: ${first}`);
    for (const l of desc.slice(1)) out.push(l === "" ? "" : "  " + l);
  }
  return out;
}

// --- text conversion ------------------------------------------------------

// Characters that end a line in JavaScript but not in QAPI's reading of the
// text, and control characters: replaced by a space.
const HOSTILE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/gu;
const QMP_EXAMPLE = /^(\s*)\.\. qmp-example::\s*$/u;
const ADMONITION = /^(\s*)\.\. (note|caution|warning|important|tip|hint|attention|danger|admonition)::(.*)$/u;
const DIRECTIVE_OPTION = /^\s+:([\w-]+):\s*(.*)$/u;
// QEMU's doc generator marks up '@name' the same way (scripts/qapi/parser.py).
const AT_REFERENCE = /(^|[^\w`@])@([A-Za-z0-9_][\w.-]*[A-Za-z0-9_]|[A-Za-z0-9_])/gu;

/**
 * Markdown lines for a QAPI doc text.  `dedent`: remove the common
 * indentation of the lines after the first (member and tagged sections).
 */
export function docTextLines(text: string, options: { dedent?: boolean } = {}): string[] {
  let lines = clean(text).split("\n");
  if (options.dedent && lines.length > 1) lines = [lines[0]!, ...dedent(lines.slice(1))];
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    // Most lines are plain text: test for directives only when one may start
    if (!lines[i]!.includes(".. ")) {
      out.push(markupReferences(lines[i]!.trimEnd()));
      continue;
    }
    const m = QMP_EXAMPLE.exec(lines[i]!);
    if (m) {
      i = exampleDirective(lines, i, m[1]!.length, out);
      continue;
    }
    const a = ADMONITION.exec(lines[i]!);
    if (a) {
      i = admonition(lines, i, a, out);
      continue;
    }
    out.push(markupReferences(lines[i]!.trimEnd()));
  }
  return trimBlank(out);
}

/**
 * `.. note:: text` and its indented continuation -> "Note: text" and the
 * continuation dedented; `.. admonition:: Title` -> "Title:".
 */
function admonition(lines: readonly string[], start: number, m: RegExpExecArray, out: string[]): number {
  const indent = m[1]!.length;
  const kind = m[2]!;
  const rest = m[3]!.trim();
  let head: string;
  if (kind === "admonition") head = rest ? `${rest}:` : "Note:";
  else head = kind.charAt(0).toUpperCase() + kind.slice(1) + ":" + (rest ? ` ${rest}` : "");
  let i = start + 1;
  const body: string[] = [];
  while (i < lines.length && (lines[i]!.trim() === "" || leading(lines[i]!) > indent)) {
    body.push(lines[i]!);
    i++;
  }
  // Trailing blank lines belong to the text after the directive
  let end = body.length;
  while (end > 0 && body[end - 1]!.trim() === "") end--;
  out.push(markupReferences(head));
  for (const l of dedent(body.slice(0, end))) out.push(markupReferences(l.trimEnd()));
  return start + end;
}

// Line breaks normalised, hostile characters replaced (cheap when absent).
function clean(text: string): string {
  const t = text.includes("\r") ? text.replace(/\r\n?/gu, "\n") : text;
  HOSTILE_CHARS.lastIndex = 0;
  return HOSTILE_CHARS.test(t) ? t.replace(HOSTILE_CHARS, " ") : t;
}

/** A 10.0 `.. qmp-example::` directive at lines[start]; returns its last line. */
function exampleDirective(lines: readonly string[], start: number, indent: number, out: string[]): number {
  let i = start + 1;
  let title = "";
  while (i < lines.length && DIRECTIVE_OPTION.test(lines[i]!)) {
    const [, name, value] = DIRECTIVE_OPTION.exec(lines[i]!)!;
    if (name === "title") title = value!.trim();
    i++;
  }
  const body: string[] = [];
  while (i < lines.length && (lines[i]!.trim() === "" || leading(lines[i]!) > indent)) {
    body.push(lines[i]!);
    i++;
  }
  out.push(title ? `Example: ${markupReferences(title)}` : "Example:");
  out.push(...codeBlock(dedent(trimBlank(body))));
  if (i < lines.length) out.push("");
  return i - 1;
}

/** A fenced code block whose fence no line of `lines` can close. */
export function codeBlock(lines: readonly string[]): string[] {
  const body = trimBlank(lines.map((l) => l.replace(HOSTILE_CHARS, " ").trimEnd()));
  let longest = 0;
  for (const l of body) {
    for (const run of l.match(/`+/gu) ?? []) longest = Math.max(longest, run.length);
  }
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [fence, ...body, fence];
}

/** `@name` -> `name` code span, outside existing code spans. */
function markupReferences(line: string): string {
  if (!line.includes("@")) return line;
  return line.replace(AT_REFERENCE, (_m, pre: string, name: string) => `${pre}\`${name}\``);
}

function escapeCodeSpan(s: string): string {
  return s.replace(/`/gu, "'");
}

function oneLine(text: string): string {
  return text.replace(HOSTILE_CHARS, " ").split("\n").map((l) => l.trim()).filter((l) => l !== "").join(" ");
}
