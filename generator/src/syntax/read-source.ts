// Reading a schema file the way QEMU's parser does:
//   open(fname, 'r', encoding='utf-8').read()
// which decodes strict UTF-8 (a BOM is kept as U+FEFF) and translates
// '\r\n' and a lone '\r' to '\n' (Python's universal newlines).  QEMU
// then appends a '\n' if the text does not end with one.
//
// Bytes that are not UTF-8 make Python raise UnicodeDecodeError, a crash
// in QEMU; here they are a QAPIParseError at the line of the first bad
// byte.

import { isUtf8 } from "node:buffer";
import { readFileSync } from "node:fs";
import type { QAPIParseError } from "../error.js";
import type { QAPISourceInfo } from "../source.js";
import { SourceText } from "./source-text.js";

/** Text-or-bytes reader; the default reads bytes from the file system. */
export type ReadFile = (path: string) => string | Uint8Array;

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Python's universal newlines and QEMU's final '\n'. */
export function normalizeSource(text: string): string {
  let src = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  if (!src.endsWith("\n")) {
    src += "\n";
  }
  return src;
}

/**
 * Read and decode `fname`.  Errors from `read` (an OSError in QEMU)
 * propagate unchanged; undecodable bytes throw a QAPIParseError.
 */
export function readSource(
  fname: string,
  parent: QAPISourceInfo | null,
  read: ReadFile = readFileSync,
): SourceText {
  const data = read(fname);
  let text: string;
  if (typeof data === "string") {
    text = data;
  } else if (Buffer.isBuffer(data) && isUtf8(data)) {
    // The common case: validated by simdutf, decoded by V8's fast path
    // (a BOM is kept, as with ignoreBOM).
    text = data.toString("utf8");
  } else {
    try {
      text = decoder.decode(data);
    } catch {
      throw decodeError(fname, parent, data);
    }
  }
  return new SourceText(normalizeSource(text), fname, parent);
}

function decodeError(fname: string, parent: QAPISourceInfo | null, data: Uint8Array): QAPIParseError {
  const bad = firstInvalidUtf8(data);
  // Everything before the bad byte decodes; locate it in that text.
  const before = normalizeSource(decoder.decode(data.subarray(0, bad)) + "x");
  const pos = before.length - 2;
  const where = new SourceText(before, fname, parent);
  const byte = data[bad]!.toString(16).padStart(2, "0");
  return where.parseError(pos, `invalid UTF-8 (can't decode byte 0x${byte})`);
}

/** Offset of the first byte that does not start a valid UTF-8 sequence. */
export function firstInvalidUtf8(data: Uint8Array): number {
  let i = 0;
  while (i < data.length) {
    const len = sequenceLength(data, i);
    if (len === 0) {
      return i;
    }
    i += len;
  }
  return data.length;
}

// Length of the well-formed UTF-8 sequence at data[i], 0 if there is none
// (Unicode's table 3-7: no overlong forms, no surrogates, at most U+10FFFF).
function sequenceLength(data: Uint8Array, i: number): number {
  const b = data[i]!;
  if (b < 0x80) return 1;
  let len: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) {
    len = 2;
  } else if (b >= 0xe0 && b <= 0xef) {
    len = 3;
    if (b === 0xe0) lo = 0xa0;
    if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    len = 4;
    if (b === 0xf0) lo = 0x90;
    if (b === 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  for (let k = 1; k < len; k++) {
    const c = data[i + k];
    if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) {
      return 0;
    }
  }
  return len;
}
