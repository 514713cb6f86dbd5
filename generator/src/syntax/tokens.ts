// QEMU's lexer (QAPISchemaParser.accept() with skip_comment=True) as a
// stream of tokens, produced by the grammar's Tokens rule.
//
// It is only used where parsing stopped: to report QEMU's message for a bad
// item, and to find the lexer error (if any) right after the last good one.
// The source is lexed in windows so that a bad item near the top of a huge
// file costs little: a window ends after a '\n' when possible (no token
// spans lines), otherwise its last token may be cut short and is lexed
// again at the start of the next window.

import { parse } from "./parser.generated.js";

export type Token =
  /** "{", "}", ":", ",", "[", "]", or "#" for a comment starting with '##' */
  | { readonly t: "{" | "}" | ":" | "," | "[" | "]" | "#"; readonly pos: number }
  | { readonly t: "'"; readonly pos: number; readonly val: string }
  | { readonly t: "t" | "f"; readonly pos: number; readonly val: boolean }
  /** End of input: pos is the final '\n'. */
  | { readonly t: null; readonly pos: number }
  /** A lexer error; `at` is the offending character. */
  | {
      readonly t: "!";
      readonly pos: number;
      readonly err: "eol" | "escape" | "funny" | "stray";
      readonly at: number;
      readonly text?: string;
    };

interface TokensResult {
  tokens: Token[];
}

const FIRST_WINDOW = 4096;
const MAX_WINDOW = 1 << 20;

export class TokenStream {
  private readonly src: string;
  private readonly legacy: boolean;
  private buf: Token[] = [];
  private index = 0;
  /** Where the next window starts. */
  private next = 0;
  private size = FIRST_WINDOW;

  /** `src` must end with '\n' (see read-source.ts). */
  constructor(src: string, start: number, legacy: boolean) {
    this.src = src;
    this.next = start;
    this.legacy = legacy;
  }

  /** The next token; at the end, the end-of-input token again and again. */
  get(): Token {
    while (this.index >= this.buf.length) {
      if (this.next >= this.src.length) {
        return { t: null, pos: this.src.length - 1 };
      }
      this.fill();
    }
    return this.buf[this.index++]!;
  }

  private fill(): void {
    const src = this.src;
    const start = this.next;
    let end = Math.min(src.length, start + this.size);
    if (end < src.length) {
      // Prefer ending after a newline, if there is one not too far away.
      const nl = src.indexOf("\n", end - 1);
      if (nl >= 0 && nl < start + 2 * this.size) {
        end = nl + 1;
      }
    }
    const res = parse(src.slice(start, end), {
      startRule: "Tokens",
      legacy: this.legacy,
      base: start,
    }) as TokensResult;
    const tokens = res.tokens;
    const complete = end === src.length || src.charCodeAt(end - 1) === 10;
    if (complete) {
      this.next = end;
    } else if (tokens.length >= 2) {
      // The last token may be cut short by the window: lex it again.
      this.next = tokens.pop()!.pos;
    } else {
      // Not even one whole token: look further.
      this.size *= 2;
      return;
    }
    this.buf = tokens;
    this.index = 0;
    // A long scan gets longer windows.
    this.size = Math.min(this.size * 2, MAX_WINDOW);
  }
}
