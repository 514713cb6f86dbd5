// Doc comments by QEMU 7.2's rules: a port of 7.2's get_doc() and the
// QAPIDoc line-by-line state machine (scripts/qapi/parser.py of 7.2.0),
// filling the same QAPIDoc model as the 10.0 parser.
//
// How 7.2 differs from 10.0, in short:
// - `Note:`/`Notes:`/`Example:`/`Examples:` are section tags (kinds NOTE,
//   EXAMPLE; the tag as written is kept in Section.tag); there is no
//   `Errors:` tag.
// - A section's text is de-indented by the indentation of its first line
//   ("@arg:   text" sets it to the column of "text"); a less indented line
//   is an error, and text is stripped with Python's strip().
// - An empty member/tagged section is an error ("empty doc section").
// - After the member descriptions, an unindented line that follows a blank
//   line starts an untagged section.
// - A free-form block is split into several docs at each `# =` heading
//   that follows some text (the extra docs go to QAPIDoc.following).
// - Errors that 10.0 reports as semantic errors without a column (duplicate
//   sections or names) are syntax errors at the current line in 7.2.

import { DocCursor } from "./doc-cursor.js";
import type { AnyDocBlock } from "./doc-lines.js";
import { PY_WS, firstWord, isPySpace, leadingSpace, pyRstrip, pyStrip } from "./pytext.js";
import { ArgSection, Kind, QAPIDoc, Section } from "./qapidoc.js";

// Which of 7.2's _append_*_line methods handles the next line.
type Mode = "body" | "args" | "features" | "various";

const SECTION_TAGS = new Set([
  "Returns:",
  "Since:",
  "Note:",
  "Notes:",
  "Example:",
  "Examples:",
  "TODO:",
]);

const TAG_KINDS: ReadonlyMap<string, Kind> = new Map([
  ["Returns", Kind.RETURNS],
  ["Since", Kind.SINCE],
  ["Note", Kind.NOTE],
  ["Notes", Kind.NOTE],
  ["Example", Kind.EXAMPLE],
  ["Examples", Kind.EXAMPLE],
  ["TODO", Kind.TODO],
]);

const ARG_HEAD = new RegExp(`^@[^${PY_WS}]*:[${PY_WS}]*`);
const TAG_HEAD = new RegExp(`^[^${PY_WS}]*:[${PY_WS}]*`);
const FREEFORM_AT = new RegExp(`^(@[^${PY_WS}]+:)`);

/** The end of the first word (split at ' ') and the whitespace after it. */
function afterWord(line: string): number {
  let end = firstWord(line).length;
  while (end < line.length && isPySpace(line.charCodeAt(end))) {
    end++;
  }
  return end;
}

function isArgName(name: string): boolean {
  return name.startsWith("@") && name.endsWith(":");
}

/** QEMU 7.2's get_doc(): the docs of one block (several when split). */
export function getLegacyDocs(block: AnyDocBlock, onClose?: () => void): QAPIDoc[] {
  const cur = new DocCursor(block);
  if (cur.text !== "##") {
    throw cur.error("junk after '##' at start of documentation comment");
  }
  const info = cur.info;
  const docs: QAPIDoc[] = [];
  let state = new LegacyDocState(cur, new QAPIDoc(info, null, true));
  for (;;) {
    const val = cur.next();
    if (val.startsWith("##")) {
      if (val !== "##") {
        throw cur.error("junk after '##' at end of documentation comment");
      }
      state.endComment();
      docs.push(state.doc);
      onClose?.();
      return docs;
    }
    if (val.startsWith("# =")) {
      if (state.doc.symbol) {
        throw cur.error("unexpected '=' markup in definition documentation");
      }
      if (state.doc.body.text) {
        state.endComment();
        docs.push(state.doc);
        state = new LegacyDocState(cur, new QAPIDoc(info, null, true));
      }
    }
    state.append(val);
  }
}

/** One doc under construction: 7.2's QAPIDoc parsing state. */
class LegacyDocState {
  readonly doc: QAPIDoc;
  private readonly cur: DocCursor;
  private mode: Mode = "body";
  /** The section receiving text; null once the comment has ended. */
  private section: Section | null;
  /** Indentation expected (and removed) in the current section. */
  private indent = 0;
  /**
   * Lines in the current section, and whether the last was blank: so we
   * know if its text ends with "\n\n" without flattening the string.
   */
  private lineCount = 0;
  private lastBlank = false;

  constructor(cur: DocCursor, doc: QAPIDoc) {
    this.cur = cur;
    this.doc = doc;
    this.section = doc.body;
  }

  /** QAPIDoc.append(): one raw comment line, '#' included. */
  append(val: string): void {
    if (val.length === 1) {
      this.appendFreeform("");
      return;
    }
    if (val.charCodeAt(1) !== 32) {
      throw this.cur.error("missing space after #");
    }
    const line = val.slice(2);
    switch (this.mode) {
      case "body":
        return this.appendBodyLine(line);
      case "args":
        return this.appendArgsLine(line);
      case "features":
        return this.appendFeaturesLine(line);
      case "various":
        return this.appendVariousLine(line);
    }
  }

  endComment(): void {
    this.switchSection(null, 0);
  }

  private appendBodyLine(line: string): void {
    const doc = this.doc;
    if (!doc.symbol && !doc.body.text && line.startsWith("@")) {
      if (!line.endsWith(":")) {
        throw this.cur.error("line should end with ':'");
      }
      doc.symbol = line.slice(1, -1);
      if (!doc.symbol) {
        throw this.cur.error("name required after '@'");
      }
    } else if (doc.symbol) {
      const name = firstWord(line);
      if (isArgName(name)) {
        this.mode = "args";
        this.appendArgsLine(line);
      } else if (line === "Features:") {
        this.mode = "features";
      } else if (SECTION_TAGS.has(name)) {
        this.mode = "various";
        this.appendVariousLine(line);
      } else {
        this.appendFreeform(line);
      }
    } else {
      this.appendFreeform(line);
    }
  }

  private appendArgsLine(line: string): void {
    this.appendDescriptionLine(line, this.doc.args, Kind.MEMBER, true);
  }

  private appendFeaturesLine(line: string): void {
    this.appendDescriptionLine(line, this.doc.features, Kind.FEATURE, false);
  }

  /** 7.2's _append_args_line() / _append_features_line(). */
  private appendDescriptionLine(
    line: string,
    dict: Map<string, ArgSection>,
    kind: Kind,
    featuresMayFollow: boolean,
  ): void {
    const name = firstWord(line);
    if (isArgName(name)) {
      const [rest, indent] = this.splitHead(line, ARG_HEAD);
      this.startSymbolSection(dict, kind, name.slice(1, -1), indent);
      this.appendText(rest);
      return;
    }
    if (SECTION_TAGS.has(name)) {
      this.mode = "various";
      this.appendVariousLine(line);
      return;
    }
    const endsWithBlankLine = this.lineCount >= 2 && this.lastBlank;
    if (endsWithBlankLine && line && !isPySpace(line.charCodeAt(0))) {
      // An unindented line after a blank line ends the descriptions.
      if (featuresMayFollow && line === "Features:") {
        this.mode = "features";
      } else {
        this.startSection(null, 0);
        this.mode = "various";
        this.appendVariousLine(line);
      }
      return;
    }
    this.appendFreeform(line);
  }

  /** 7.2's _append_various_line(): lines after the descriptions. */
  private appendVariousLine(line: string): void {
    const name = firstWord(line);
    if (isArgName(name)) {
      const first = this.doc.sections[0];
      throw this.cur.error(`'${name}' can't follow '${first?.tag ?? "None"}' section`);
    }
    if (SECTION_TAGS.has(name)) {
      const [rest, indent] = this.splitHead(line, TAG_HEAD);
      this.startSection(name.slice(0, -1), indent);
      this.appendText(rest);
      return;
    }
    this.appendFreeform(line);
  }

  /**
   * Remove "@name:" or "Tag:" and the blanks after it.  The column of the
   * text after it becomes the section's indentation; a bare head sets none.
   * (7.2 pads the text back to that column and appends it like any other
   * line, which always passes the checks and de-indents to the text itself,
   * so the caller appends the text directly.)
   */
  private splitHead(line: string, head: RegExp): [string, number] {
    // QEMU 7.2 asserts that the head matches, and crashes when the first
    // word (split at ' ' only) holds other whitespace, e.g. "@a\tb:".
    // Here the head is then that word and the whitespace after it.
    const match = head.exec(line);
    const indent = match ? match[0].length : afterWord(line);
    const rest = line.slice(indent);
    return [rest, rest ? indent : 0];
  }

  private startSymbolSection(
    dict: Map<string, ArgSection>,
    kind: Kind,
    name: string,
    indent: number,
  ): void {
    if (!name) {
      throw this.cur.error("invalid parameter name");
    }
    if (dict.has(name)) {
      throw this.cur.error(`'${name}' parameter name duplicated`);
    }
    const section = new ArgSection(this.cur.info, kind, name);
    this.switchSection(section, indent);
    this.doc.allSections.push(section);
    dict.set(name, section);
  }

  /** Start a tagged section, or an untagged one (tag null). */
  private startSection(tag: string | null, indent: number): void {
    const doc = this.doc;
    if ((tag === "Returns" && doc.returns) || (tag === "Since" && doc.since)) {
      throw this.cur.error(`duplicated '${tag}' section`);
    }
    const kind = tag === null ? Kind.PLAIN : TAG_KINDS.get(tag)!;
    const section = new Section(this.cur.info, kind, tag);
    this.switchSection(section, indent);
    if (kind === Kind.RETURNS) {
      doc.returns = section;
    } else if (kind === Kind.SINCE) {
      doc.since = section;
    }
    doc.sections.push(section);
    doc.allSections.push(section);
  }

  /** Finish the current section: strip it; only the body may be empty. */
  private switchSection(next: Section | null, indent: number): void {
    const section = this.section!;
    const text = (section.text = pyStrip(section.text));
    if (section !== this.doc.body && !text) {
      const name = section instanceof ArgSection ? section.name : section.tag;
      throw this.cur.error(`empty doc section '${name}'`);
    }
    this.section = next;
    this.indent = indent;
    this.lineCount = 0;
    this.lastBlank = false;
  }

  /** 7.2's _append_freeform() and Section.append(). */
  private appendFreeform(line: string): void {
    const match = line.charCodeAt(0) === 64 /* @ */ ? FREEFORM_AT.exec(line) : null;
    if (match) {
      throw this.cur.error(`'${match[1]}' not allowed in free-form documentation`);
    }
    if (line) {
      if (leadingSpace(line) < this.indent) {
        throw this.cur.error(`unexpected de-indent (expected at least ${this.indent} spaces)`);
      }
      line = line.slice(this.indent);
    }
    this.appendText(line);
  }

  /** Add a line, already de-indented, to the current section. */
  private appendText(line: string): void {
    const text = pyRstrip(line);
    this.section!.text += text + "\n";
    this.lineCount++;
    this.lastBlank = !text;
  }
}
