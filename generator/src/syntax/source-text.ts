// One schema file's text with its line table: offsets to QEMU's line
// numbers, columns and QAPISourceInfo objects.
//
// QEMU's lexer keeps one QAPISourceInfo per line (next_line() copies it when
// it passes a '\n'), and every expression and doc line on that line shares
// it.  infoAt() keeps that sharing: later stages mutate an info with
// set_defn(), and QEMU's messages depend on which objects are shared.

import { QAPIParseError } from "../error.js";
import { QAPISourceInfo } from "../source.js";

export class SourceText {
  readonly src: string;
  readonly fname: string;
  /** Offset of the first character of each line; lineStarts[0] = 0. */
  private readonly lineStarts: number[];
  private readonly baseInfo: QAPISourceInfo;
  private readonly infos: (QAPISourceInfo | undefined)[] = [];

  constructor(src: string, fname: string, parent: QAPISourceInfo | null) {
    this.src = src;
    this.fname = fname;
    this.baseInfo = new QAPISourceInfo(fname, parent);
    this.lineStarts = [0];
    for (let i = src.indexOf("\n"); i >= 0; i = src.indexOf("\n", i + 1)) {
      this.lineStarts.push(i + 1);
    }
  }

  /**
   * 0-based index of the line containing offset `pos`.  `from` is a line
   * known to start at or before `pos`: a doc block's lines are looked up
   * one after the other.
   */
  lineIndex(pos: number, from = 0): number {
    const starts = this.lineStarts;
    if (from + 1 >= starts.length || starts[from + 1]! > pos) {
      return from;
    }
    let lo = from + 1;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 1-based line number of offset `pos`. */
  lineOf(pos: number): number {
    return this.lineIndex(pos) + 1;
  }

  /** The info of the line containing `pos` (shared per line, as in QEMU). */
  infoAt(pos: number): QAPISourceInfo {
    return this.lineInfo(this.lineIndex(pos));
  }

  /** The info of the line with 0-based index `index`. */
  lineInfo(index: number): QAPISourceInfo {
    let info = this.infos[index];
    if (!info) {
      info = index === 0 ? this.baseInfo : this.baseInfo.atLine(index + 1);
      this.infos[index] = info;
    }
    return info;
  }

  /** QEMU's column of offset `pos` (see qemuColumn). */
  colOf(pos: number, index = this.lineIndex(pos)): number {
    const start = this.lineStarts[index]!;
    return pos === start ? 1 : qemuColumn(this.src, start, pos);
  }

  /** QEMU's QAPIParseError(self, msg) with the lexer at offset `pos`. */
  parseError(pos: number, msg: string): QAPIParseError {
    return new QAPIParseError(this.infoAt(pos), msg, this.colOf(pos));
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
