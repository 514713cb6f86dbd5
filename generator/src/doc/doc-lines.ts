// The raw shape of a `##` documentation block, handed from the parser
// (syntax/) to the doc-comment parser (doc/).
//
// QEMU reads doc comments token by token through its lexer (parser.py
// get_doc).  Our grammar collects the comment lines of a block up front; the
// doc parser then walks them in the same order QEMU would, so errors come out
// in QEMU's order.

import type { QAPIParseError } from "../error.js";
import type { QAPISourceInfo } from "../source.js";

export interface DocLine {
  /** The whole comment text from '#' to the end of the line (no newline). */
  readonly text: string;
  /** Location of the line (QEMU's self.info while this token is current). */
  readonly info: QAPISourceInfo;
  /** 1-based column of the '#', by QEMU's tab rule (error.ts columnOf). */
  readonly col: number;
}

export interface RawDocBlock {
  /**
   * lines[0] is the opening `##...` line; when the block is terminated, the
   * last line is the closing `##...` line.  Lines in between are every
   * comment token QEMU's accept(False) would return.
   */
  readonly lines: readonly DocLine[];
  /**
   * null when the last line closes the block.  Otherwise the error QEMU
   * raises when get_doc_line() meets the token after the last comment line:
   * "documentation comment must end with '##'" at that token, or the lexer
   * error found there.  The doc parser throws it only when it gets there.
   */
  readonly unterminated: QAPIParseError | null;
}

/**
 * A block's lines as the schema parser hands them over: a line's text,
 * info and column are made only when the doc parser asks for them, so a
 * block costs no object per line (QEMU's schema has 20,000 doc lines).
 * Index 0 is the opening line, as in RawDocBlock.lines.
 */
export interface DocLineSource {
  readonly count: number;
  /** Text holding every line, each followed by '\n'. */
  readonly src: string;
  /** Offset in `src` where the line (its '#') starts. */
  start(index: number): number;
  text(index: number): string;
  info(index: number): QAPISourceInfo;
  col(index: number): number;
}

/** A RawDocBlock whose lines come from a DocLineSource. */
export interface LazyDocBlock {
  readonly source: DocLineSource;
  readonly unterminated: QAPIParseError | null;
}

/** What the doc parsers accept. */
export type AnyDocBlock = RawDocBlock | LazyDocBlock;
