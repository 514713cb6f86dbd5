// Test helpers: build RawDocBlocks the way the schema parser would, from a
// comment block written inline or from a whole schema file.
//
// This is a small stand-in for the parser's lexer, good enough for doc
// tests: a doc block starts at a line whose first non-blank text is '##';
// blank lines inside it are skipped (QEMU's lexer skips whitespace), every
// other line must be a comment, and a line starting with '##' closes it.

import { QAPIParseError, columnOf } from "../../generator/src/error.js";
import type { DocLine, RawDocBlock } from "../../generator/src/doc/doc-lines.js";
import { QAPISourceInfo } from "../../generator/src/source.js";

export interface BlockSource {
  readonly fname?: string;
  /** Line number of the block's first line. */
  readonly line?: number;
  /** Info shared by all lines (carries the pragma). */
  readonly root?: QAPISourceInfo;
}

/** Every doc block of a whole schema file. */
export function extractBlocks(text: string, root: QAPISourceInfo): RawDocBlock[] {
  const lines = splitLines(text);
  const blocks: RawDocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trimStart().startsWith("##")) {
      const [block, end] = readBlock(lines, i, root);
      blocks.push(block);
      i = end;
    }
  }
  return blocks;
}

/**
 * One block from inline text, e.g. makeBlock("##\n# @foo:\n##").  Text
 * after the block (if any) is the token that follows it.
 */
export function makeBlock(text: string, src: BlockSource = {}): RawDocBlock {
  const root = src.root ?? new QAPISourceInfo(src.fname ?? "test.json", null);
  const first = src.line ?? 1;
  const lines = [...new Array<string>(first - 1).fill(""), ...splitLines(text)];
  return readBlock(lines, first - 1, root)[0];
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") {
    lines.pop();
  }
  return lines;
}

/** Read the block opening at lines[start]; returns it and its last index. */
function readBlock(
  lines: readonly string[],
  start: number,
  root: QAPISourceInfo,
): [RawDocBlock, number] {
  const docLines: DocLine[] = [];
  for (let i = start; i < lines.length; i++) {
    const text = lines[i]!;
    const pos = text.length - text.trimStart().length;
    if (pos === text.length) {
      continue;
    }
    const info = root.atLine(i + 1);
    const col = columnOf(text, 0, pos);
    if (text[pos] !== "#") {
      const err = new QAPIParseError(info, "documentation comment must end with '##'", col);
      return [{ lines: docLines, unterminated: err }, i - 1];
    }
    docLines.push({ text: text.slice(pos), info, col });
    if (i > start && text.startsWith("##", pos)) {
      return [{ lines: docLines, unterminated: null }, i];
    }
  }
  // End of file: QEMU's lexer stops at the last newline.
  const last = lines.length - 1;
  const info = root.atLine(last + 1);
  const col = columnOf(lines[last]!, 0, lines[last]!.length);
  const err = new QAPIParseError(info, "documentation comment must end with '##'", col);
  return [{ lines: docLines, unterminated: err }, last];
}

/** The text QEMU prints for the error `fn` throws. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return String(e);
  }
  throw new Error("expected an error");
}
