// A cursor over the lines of a doc block that plays the part of QEMU's
// lexer inside get_doc(): `next()` is accept(False) followed by reading the
// new token, and `info`/`col` are where QAPIParseError(self, ...) points.

import { QAPIParseError } from "../error.js";
import type { QAPISourceInfo } from "../source.js";
import type { AnyDocBlock, DocLine, DocLineSource } from "./doc-lines.js";

export class DocCursor {
  private readonly lines: DocLineSource;
  private readonly unterminated: QAPIParseError | null;
  private index = 0;

  constructor(block: AnyDocBlock) {
    this.lines = "source" in block ? block.source : arraySource(block.lines);
    if (!this.lines.count) {
      throw new Error("internal error: doc block without lines");
    }
    this.unterminated = block.unterminated;
  }

  /** The current line's text: the token QEMU's lexer last returned. */
  get text(): string {
    return this.lines.text(this.index);
  }

  /** Text holding the lines (see DocLineSource). */
  get src(): string {
    return this.lines.src;
  }

  /** Offset of the current line in `src`. */
  get start(): number {
    return this.lines.start(this.index);
  }

  get info(): QAPISourceInfo {
    return this.lines.info(this.index);
  }

  /**
   * Move to the next comment token and return its text.  Past the last
   * line, QEMU's lexer would meet the token after the block: throw what
   * QEMU throws there.
   */
  next(): string {
    this.advance();
    return this.lines.text(this.index);
  }

  /** next() without making the line's text (read it from `src`). */
  advance(): void {
    if (this.index + 1 >= this.lines.count) {
      throw this.unterminated ?? new Error("internal error: terminated doc block read past its end");
    }
    this.index++;
  }

  /** A syntax error at the current line. */
  error(msg: string): QAPIParseError {
    return new QAPIParseError(this.info, msg, this.lines.col(this.index));
  }
}

/** A DocLineSource over DocLine objects (blocks made by hand, in tests). */
function arraySource(lines: readonly DocLine[]): DocLineSource {
  const starts: number[] = [];
  let src = "";
  for (const line of lines) {
    starts.push(src.length);
    src += line.text + "\n";
  }
  return {
    count: lines.length,
    src,
    start: (i) => starts[i]!,
    text: (i) => lines[i]!.text,
    info: (i) => lines[i]!.info,
    col: (i) => lines[i]!.col,
  };
}
