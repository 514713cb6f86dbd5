// One schema file's text, and QEMU's line numbers, columns and
// QAPISourceInfo objects for offsets in it.
//
// QEMU's lexer keeps one QAPISourceInfo per line (next_line() copies it when
// it passes a '\n'), and every expression and doc line on that line shares
// it.  infoAt() keeps that sharing: later stages mutate an info with
// set_defn(), and QEMU's messages depend on which objects are shared.  Infos
// are made on demand (most doc comment lines never need theirs), and asked
// for in source order, so remembering the last one is enough.  Errors get
// an info of their own.
//
// Lines are found by counting newlines from the last offset looked up (in
// either direction): the parser looks up offsets in source order, so a file
// is scanned about once, and no table of line starts is kept (a 50 MB file
// of blank lines would need a big one).

import { QAPIParseError } from "../error.js";
import { QAPISourceInfo } from "../source.js";

export class SourceText {
  readonly src: string;
  readonly fname: string;
  private readonly baseInfo: QAPISourceInfo;
  private infoIndex = 0;
  private info: QAPISourceInfo;
  // The line of the last lookup: its 0-based index and start offset.
  private line = 0;
  private lineStart = 0;

  constructor(src: string, fname: string, parent: QAPISourceInfo | null) {
    this.src = src;
    this.fname = fname;
    this.baseInfo = new QAPISourceInfo(fname, parent);
    this.info = this.baseInfo;
  }

  /** Move the line cursor to the line containing offset `pos`. */
  private seek(pos: number): void {
    const src = this.src;
    // Backwards (rare: a doc line's info asked for after an error past the
    // block was located): one line at a time, as far as needed.
    while (pos < this.lineStart) {
      // (lastIndexOf() treats a negative start as 0: guard the first lines)
      this.lineStart = this.lineStart >= 2 ? src.lastIndexOf("\n", this.lineStart - 2) + 1 : 0;
      this.line--;
    }
    for (let nl = src.indexOf("\n", this.lineStart); nl >= 0 && nl < pos; nl = src.indexOf("\n", nl + 1)) {
      this.line++;
      this.lineStart = nl + 1;
    }
  }

  /** 1-based line number of offset `pos`. */
  lineOf(pos: number): number {
    this.seek(pos);
    return this.line + 1;
  }

  /** The info of the line containing `pos` (shared per line, as in QEMU). */
  infoAt(pos: number): QAPISourceInfo {
    this.seek(pos);
    return this.lineInfo(this.line);
  }

  /** The info of the line with 0-based index `index`. */
  lineInfo(index: number): QAPISourceInfo {
    if (index !== this.infoIndex) {
      this.infoIndex = index;
      this.info = this.newInfo(index);
    }
    return this.info;
  }

  private newInfo(index: number): QAPISourceInfo {
    return index === 0 ? this.baseInfo : this.baseInfo.atLine(index + 1);
  }

  /** 0-based index of the line containing offset `pos`. */
  lineIndex(pos: number): number {
    this.seek(pos);
    return this.line;
  }

  /** QEMU's column of offset `pos` (see qemuColumn). */
  colOf(pos: number): number {
    this.seek(pos);
    const start = this.lineStart;
    return pos === start ? 1 : qemuColumn(this.src, start, pos);
  }

  /** QEMU's QAPIParseError(self, msg) with the lexer at offset `pos`. */
  parseError(pos: number, msg: string): QAPIParseError {
    const col = this.colOf(pos);
    return new QAPIParseError(this.newInfo(this.line), msg, col);
  }
}

/**
 * The column QEMU's QAPIParseError computes: it counts Python characters
 * (code points) from the start of the line, and a tab moves to the next
 * multiple of 8, plus one.  A surrogate pair is one code point.
 */
export function qemuColumn(src: string, lineStart: number, pos: number): number {
  let col = 1;
  for (let i = lineStart; i < pos; i++) {
    const c = src.charCodeAt(i);
    if (c === 9) {
      col = ((col + 7) % 8) + 1;
    } else if (c >= 0xdc00 && c <= 0xdfff && i > lineStart && isHighSurrogate(src.charCodeAt(i - 1))) {
      // second half of a code point already counted
    } else {
      col++;
    }
  }
  return col;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
