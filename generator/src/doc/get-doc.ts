// Parse a documentation comment block, mirroring QEMU 10.0's
// QAPISchemaParser.get_doc() and its helpers get_doc_line(),
// get_doc_indented() and get_doc_paragraph() (scripts/qapi/parser.py).
//
// With { legacy: true } the block is parsed by QEMU 7.2's rules instead
// (legacy.ts); both produce the QAPIDoc model of qapidoc.ts.

import { DocCursor } from "./doc-cursor.js";
import type { AnyDocBlock } from "./doc-lines.js";
import { getLegacyDocs } from "./legacy.js";
import { isPySpace, leadingSpace } from "./pytext.js";
import { QAPIDoc, kindFromString } from "./qapidoc.js";

export interface GetDocOptions {
  /** Parse with QEMU 7.2's rules. */
  readonly legacy: boolean;
  /**
   * Called where QEMU reads the token after the closing '##' (its
   * `self.accept()` in get_doc): in 10.0 before the doc's final checks
   * (QAPIDoc.end()), in 7.2 after them.  A parser whose next token is a
   * lexer error throws it from here to keep QEMU's error order.
   */
  readonly onClose?: () => void;
}

/**
 * QEMU 10.0's _match_at_name_colon(), the regex `@([^:]*): *` at the start
 * of `line`: the offset after the match (the description text starts
 * there), or -1.  The name is line.slice(1, line.indexOf(":")).  A scan
 * rather than RegExp.exec(): no match array for every description.
 */
function atNameColonEnd(line: string): number {
  if (line.charCodeAt(0) !== 64 /* @ */) {
    return -1;
  }
  const colon = line.indexOf(":", 1);
  if (colon < 0) {
    return -1;
  }
  let end = colon + 1;
  while (end < line.length && line.charCodeAt(end) === 32) {
    end++;
  }
  return end;
}

/** The name in a line atNameColonEnd() matched. */
function atName(line: string): string {
  return line.slice(1, line.indexOf(":", 1));
}
// A tagged section's first line: QEMU's regex
// `(Returns|Errors|Since|Notes?|Examples?|TODO)(?!::): *` at the start of
// the line ("Tag::" is rST markup, not a tag).  The longer of Note/Notes
// and Example/Examples comes first, as the regex's greedy '?' tries it
// first.
const SECTION_TAGS = ["Returns", "Errors", "Since", "Notes", "Note", "Examples", "Example", "TODO"];

/**
 * The section tag `line` starts with, or null.  The text starts after
 * the ':' and any spaces (sectionTextStart()).  A scan rather than
 * RegExp.exec(): no match array for each tagged section.
 */
function sectionTag(line: string): string | null {
  for (const tag of SECTION_TAGS) {
    const n = tag.length;
    if (line.startsWith(tag) && line.charCodeAt(n) === 58 /* : */ && line.charCodeAt(n + 1) !== 58) {
      return tag;
    }
  }
  return null;
}

/** Where the text after `tag` (from sectionTag(line)) begins. */
function sectionTextStart(line: string, tag: string): number {
  let end = tag.length + 1;
  while (line.charCodeAt(end) === 32) {
    end++;
  }
  return end;
}

/**
 * Parse one doc comment block into one QAPIDoc.  In legacy mode QEMU 7.2
 * may split a free-form block at '=' headings: the docs after the first
 * are then in `doc.following` (and `doc.parts()` lists them all).
 */
export function getDoc(block: AnyDocBlock, opts: GetDocOptions): QAPIDoc {
  const [first, ...rest] = getDocs(block, opts);
  first!.following.push(...rest);
  return first!;
}

/**
 * Parse one doc comment block into the docs QEMU makes of it (QEMU 10.0:
 * always one; 7.2: several when split), as a flat list: like QEMU's
 * schema.docs, nothing is left in `following`.
 */
export function getDocs(block: AnyDocBlock, opts: GetDocOptions): QAPIDoc[] {
  if (opts.legacy) {
    return getLegacyDocs(block, opts.onClose);
  }
  return [new DocParser(block).parse(opts.onClose)];
}

class DocParser {
  private readonly cur: DocCursor;

  constructor(block: AnyDocBlock) {
    this.cur = new DocCursor(block);
  }

  /**
   * accept(False) + get_doc_line(): the next line's text, null at '##'.
   * The comment token is read in place, src[pos, eol): only the text
   * returned is sliced (this runs for each of 20,000 lines).
   */
  private nextLine(): string | null {
    const cur = this.cur;
    cur.advance();
    const src = cur.src;
    const pos = cur.start;
    const eol = src.indexOf("\n", pos);
    const hash = src.charCodeAt(pos) === 35; /* # */
    if (hash && src.charCodeAt(pos + 1) === 35) {
      if (eol !== pos + 2) {
        throw cur.error("junk after '##' at end of documentation comment");
      }
      return null;
    }
    if (hash && eol === pos + 1) {
      return "";
    }
    if (eol === pos + 1 || src.charCodeAt(pos + 1) !== 32) {
      throw cur.error("missing space after #");
    }
    // pyRstrip(token.slice(2))
    let end = eol;
    while (end > pos + 2 && isPySpace(src.charCodeAt(end - 1))) {
      end--;
    }
    return src.slice(pos + 2, end);
  }

  /** Skip blank lines (QEMU's `while line == ''` loops in get_doc). */
  private skipBlank(line: string | null): string | null {
    while (line === "") {
      line = this.nextLine();
    }
    return line;
  }

  /** get_doc_indented(): the rest of a section whose first line is read. */
  private getDocIndented(doc: QAPIDoc): string | null {
    let line = this.nextLine();
    while (line === "") {
      doc.appendLine(line);
      line = this.nextLine();
    }
    if (line === null) {
      return line;
    }
    const indent = leadingSpace(line);
    if (!indent) {
      return line;
    }
    doc.appendLine(line);
    // QEMU sets this after every appended line, blank or not, so only the
    // line right after the first indented one can be a de-indent error.
    let prevLineBlank = false;
    for (;;) {
      line = this.nextLine();
      if (line === null || atNameColonEnd(line) >= 0) {
        return line;
      }
      if (line !== "" && leadingSpace(line) < indent) {
        if (prevLineBlank) {
          return line;
        }
        throw this.cur.error(`unexpected de-indent (expected at least ${indent} spaces)`);
      }
      doc.appendLine(line);
      prevLineBlank = true;
    }
  }

  /** get_doc_paragraph(): lines up to a blank line or the end. */
  private getDocParagraph(doc: QAPIDoc): string | null {
    for (;;) {
      const line = this.nextLine();
      if (line === null || line === "") {
        return line;
      }
      doc.appendLine(line);
    }
  }

  parse(onClose: (() => void) | undefined): QAPIDoc {
    if (this.cur.text !== "##") {
      throw this.cur.error("junk after '##' at start of documentation comment");
    }
    const info = this.cur.info;
    const line = this.nextLine();
    const doc =
      line !== null && line.startsWith("@")
        ? this.definitionDoc(info, line)
        : this.freeformDoc(info, line);
    onClose?.();
    doc.end();
    return doc;
  }

  private definitionDoc(info: QAPIDoc["info"], first: string): QAPIDoc {
    if (!first.endsWith(":")) {
      throw this.cur.error("line should end with ':'");
    }
    // Whether the name is valid and matches the definition is checked
    // later, with the definition (expr.py in QEMU).
    const symbol = first.slice(1, -1);
    if (!symbol) {
      throw this.cur.error("name required after '@'");
    }
    const doc = new QAPIDoc(info, symbol);
    let line = this.nextLine();
    let noMoreArgs = false;
    while (line !== null) {
      line = this.skipBlank(line);
      if (line === null) {
        break;
      }
      let tag: string | null;
      if (line === "Features:") {
        line = this.featuresSection(doc);
        noMoreArgs = true;
      } else if (atNameColonEnd(line) >= 0) {
        if (noMoreArgs) {
          throw this.cur.error(`description of '@${atName(line)}:' follows a section`);
        }
        line = this.descriptions(doc, line, false);
        noMoreArgs = true;
      } else if ((tag = sectionTag(line)) !== null) {
        line = this.taggedSection(doc, line, tag);
        noMoreArgs = true;
      } else if (line.startsWith("=")) {
        throw this.cur.error("unexpected '=' markup in definition documentation");
      } else {
        doc.ensureUntaggedSection(this.cur.info);
        doc.appendLine(line);
        line = this.getDocParagraph(doc);
      }
    }
    return doc;
  }

  private featuresSection(doc: QAPIDoc): string | null {
    if (doc.features.size) {
      throw this.cur.error("duplicated 'Features:' line");
    }
    const line = this.descriptions(doc, this.skipBlank(this.nextLine()), true);
    if (!doc.features.size) {
      throw this.cur.error("feature descriptions expected");
    }
    return line;
  }

  /** A run of '@name: text' descriptions of members or features. */
  private descriptions(doc: QAPIDoc, line: string | null, features: boolean): string | null {
    let end: number;
    while (line !== null && (end = atNameColonEnd(line)) >= 0) {
      if (features) {
        doc.newFeature(this.cur.info, atName(line));
      } else {
        doc.newArgument(this.cur.info, atName(line));
      }
      if (end < line.length) {
        doc.appendLine(line.slice(end));
      }
      line = this.getDocIndented(doc);
    }
    return line;
  }

  private taggedSection(doc: QAPIDoc, line: string, tag: string): string | null {
    // QEMU 10.0 turned these 7.2 section tags into errors.
    if (tag.includes("Note")) {
      throw this.cur.error(
        `The '${tag}' section is no longer supported. Please use rST's '.. note::' or ` +
          "'.. admonition:: notes' directives, or another suitable admonition instead.",
      );
    }
    if (tag.includes("Example")) {
      throw this.cur.error(
        `The '${tag}' section is no longer supported. Please use the '.. qmp-example::' ` +
          "directive, or other suitable markup instead.",
      );
    }
    doc.newTaggedSection(this.cur.info, kindFromString(tag));
    const text = line.slice(sectionTextStart(line, tag));
    if (text) {
      doc.appendLine(text);
    }
    return this.getDocIndented(doc);
  }

  private freeformDoc(info: QAPIDoc["info"], first: string | null): QAPIDoc {
    const doc = new QAPIDoc(info);
    doc.ensureUntaggedSection(this.cur.info);
    let line = first;
    let isFirst = true;
    while (line !== null) {
      if (atNameColonEnd(line) >= 0) {
        throw this.cur.error(`'@${atName(line)}:' not allowed in free-form documentation`);
      }
      if (line.startsWith("=") && !isFirst) {
        throw this.cur.error("'=' heading must come first in a comment block");
      }
      doc.appendLine(line);
      line = this.nextLine();
      isFirst = false;
    }
    return doc;
  }
}
