// A cursor over the lines of a RawDocBlock that plays the part of QEMU's
// lexer inside get_doc(): `next()` is accept(False) followed by reading the
// new token, and `info`/`col` are where QAPIParseError(self, ...) points.

import { QAPIParseError } from "../error.js";
import type { QAPISourceInfo } from "../source.js";
import type { DocLine, RawDocBlock } from "./doc-lines.js";

export class DocCursor {
  private readonly block: RawDocBlock;
  private index = 0;

  constructor(block: RawDocBlock) {
    if (!block.lines.length) {
      throw new Error("internal error: doc block without lines");
    }
    this.block = block;
  }

  /** The current line: the token QEMU's lexer last returned. */
  get line(): DocLine {
    return this.block.lines[this.index]!;
  }

  get info(): QAPISourceInfo {
    return this.line.info;
  }

  /**
   * Move to the next comment token and return its text.  Past the last
   * line, QEMU's lexer would meet the token after the block: throw what
   * QEMU throws there.
   */
  next(): string {
    if (this.index + 1 >= this.block.lines.length) {
      throw (
        this.block.unterminated ??
        new Error("internal error: terminated doc block read past its end")
      );
    }
    this.index++;
    return this.line.text;
  }

  /** A syntax error at the current line. */
  error(msg: string): QAPIParseError {
    return new QAPIParseError(this.line.info, msg, this.line.col);
  }
}
