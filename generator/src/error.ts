// Error classes, mirroring scripts/qapi/error.py.
//
// Every error a schema author can cause is a QAPIError subclass; anything
// else thrown while compiling is a bug in qapi-ts.  The CLI prints
// `String(err)` for QAPIErrors, which is exactly QEMU's text:
// include chain, "In <meta> '<name>':" context, `file:line[:col]: message`.

import type { QAPISourceInfo } from "./source.js";

export class QAPIError extends Error {
  constructor(message = "") {
    super(message);
    this.name = "QAPIError";
  }

  /** QEMU prints the bare message (Python's str(err)), no class name. */
  override toString(): string {
    return this.message;
  }
}

/** An error tied to a source location (and, for syntax errors, a column). */
export class QAPISourceError extends QAPIError {
  readonly info: QAPISourceInfo | null;
  readonly msg: string;
  readonly col: number | null;

  constructor(info: QAPISourceInfo | null, msg: string, col: number | null = null) {
    super(msg);
    this.name = "QAPISourceError";
    this.info = info;
    this.msg = msg;
    this.col = col;
  }

  override toString(): string {
    if (!this.info) {
      return this.msg;
    }
    let loc = this.info.toString();
    if (this.col !== null) {
      loc += `:${this.col}`;
    }
    return `${loc}: ${this.msg}`;
  }
}

/** A semantic error: the text parses, but breaks a rule of the language. */
export class QAPISemError extends QAPISourceError {
  constructor(info: QAPISourceInfo | null, msg: string) {
    super(info, msg);
    this.name = "QAPISemError";
  }
}

/** A syntax error at a line and column (QEMU's QAPIParseError). */
export class QAPIParseError extends QAPISourceError {
  constructor(info: QAPISourceInfo, msg: string, col: number) {
    super(info, msg, col);
    this.name = "QAPIParseError";
  }
}

/**
 * QEMU's column rule: columns count from 1 and a tab advances to the next
 * multiple of 8 (plus one).
 */
export function columnOf(src: string, lineStart: number, pos: number): number {
  let col = 1;
  for (let i = lineStart; i < pos; i++) {
    col = src.charCodeAt(i) === 9 ? ((col + 7) % 8) + 1 : col + 1;
  }
  return col;
}
