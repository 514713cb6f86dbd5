/**
 * QEMU's JSON lexer (mirrors qobject/json-lexer.c, QEMU 7.2).
 *
 * A byte-driven state machine: RFC 8259 tokens plus QEMU's extensions
 * (single-quoted strings, `\'` escape).  Keywords are any [a-z]+ (the parser
 * rejects unknown ones); string contents are only checked by the parser.  A
 * byte no state accepts ends the token as an error; the lexer then skips
 * input until a structural character or a control character (newline),
 * which lets a client resynchronise.  Interpolation (%d etc.) is not
 * supported: QMP never enables it.
 */

/** Token types (json-parser-int.h JSONTokenType), same numbers as QEMU. */
export enum Tok {
  ERROR = 0,
  LCURLY = 100,
  RCURLY,
  LSQUARE,
  RSQUARE,
  COLON,
  COMMA,
  INTEGER,
  FLOAT,
  KEYWORD,
  STRING,
  INTERP,
  END_OF_INPUT,
}

/** Lexer states (enum json_lexer_state). */
const IN_RECOVERY = 1;
const IN_DQ_STRING_ESCAPE = 2;
const IN_DQ_STRING = 3;
const IN_SQ_STRING_ESCAPE = 4;
const IN_SQ_STRING = 5;
const IN_ZERO = 6;
const IN_EXP_DIGITS = 7;
const IN_EXP_SIGN = 8;
const IN_EXP_E = 9;
const IN_MANTISSA = 10;
const IN_MANTISSA_DIGITS = 11;
const IN_DIGITS = 12;
const IN_SIGN = 13;
const IN_KEYWORD = 14;
const IN_START = 16; // IN_INTERP (15) and IN_START_INTERP (17) are unused
const N_STATES = 18;

const LOOKAHEAD = 0x80;

/** json-lexer.c MAX_TOKEN_SIZE: 64 MiB. */
export const MAX_TOKEN_SIZE = 64 * 1024 * 1024;

type Row = Uint8Array;

function fill(row: Row, from: number, to: number, v: number): void {
  row.fill(v, from, to + 1);
}
const c = (ch: string): number => ch.charCodeAt(0);

/** The transition table json_lexer[][256]; unlisted entries are Tok.ERROR (0). */
function buildTable(): Row[] {
  const t = Array.from({ length: N_STATES }, () => new Uint8Array(256));
  const terminal = (s: number, tok: number): void => fill(t[s]!, 0, 255, tok | LOOKAHEAD);

  const rec = t[IN_RECOVERY]!;
  fill(rec, 0, 0x1f, IN_START | LOOKAHEAD);
  fill(rec, 0x20, 0xfd, IN_RECOVERY);
  fill(rec, 0xfe, 0xff, IN_START | LOOKAHEAD);
  rec[c("\t")] = IN_RECOVERY;
  for (const ch of "[]{}:,") rec[c(ch)] = IN_START | LOOKAHEAD;

  fill(t[IN_DQ_STRING_ESCAPE]!, 0x20, 0xfd, IN_DQ_STRING);
  fill(t[IN_DQ_STRING]!, 0x20, 0xfd, IN_DQ_STRING);
  t[IN_DQ_STRING]![c("\\")] = IN_DQ_STRING_ESCAPE;
  t[IN_DQ_STRING]![c('"')] = Tok.STRING;
  fill(t[IN_SQ_STRING_ESCAPE]!, 0x20, 0xfd, IN_SQ_STRING);
  fill(t[IN_SQ_STRING]!, 0x20, 0xfd, IN_SQ_STRING);
  t[IN_SQ_STRING]![c("\\")] = IN_SQ_STRING_ESCAPE;
  t[IN_SQ_STRING]![c("'")] = Tok.STRING;

  terminal(IN_ZERO, Tok.INTEGER);
  fill(t[IN_ZERO]!, c("0"), c("9"), Tok.ERROR);
  t[IN_ZERO]![c(".")] = IN_MANTISSA;

  terminal(IN_EXP_DIGITS, Tok.FLOAT);
  fill(t[IN_EXP_DIGITS]!, c("0"), c("9"), IN_EXP_DIGITS);
  fill(t[IN_EXP_SIGN]!, c("0"), c("9"), IN_EXP_DIGITS);
  t[IN_EXP_E]![c("-")] = IN_EXP_SIGN;
  t[IN_EXP_E]![c("+")] = IN_EXP_SIGN;
  fill(t[IN_EXP_E]!, c("0"), c("9"), IN_EXP_DIGITS);

  terminal(IN_MANTISSA_DIGITS, Tok.FLOAT);
  fill(t[IN_MANTISSA_DIGITS]!, c("0"), c("9"), IN_MANTISSA_DIGITS);
  t[IN_MANTISSA_DIGITS]![c("e")] = IN_EXP_E;
  t[IN_MANTISSA_DIGITS]![c("E")] = IN_EXP_E;
  fill(t[IN_MANTISSA]!, c("0"), c("9"), IN_MANTISSA_DIGITS);

  terminal(IN_DIGITS, Tok.INTEGER);
  fill(t[IN_DIGITS]!, c("0"), c("9"), IN_DIGITS);
  t[IN_DIGITS]![c("e")] = IN_EXP_E;
  t[IN_DIGITS]![c("E")] = IN_EXP_E;
  t[IN_DIGITS]![c(".")] = IN_MANTISSA;

  t[IN_SIGN]![c("0")] = IN_ZERO;
  fill(t[IN_SIGN]!, c("1"), c("9"), IN_DIGITS);

  terminal(IN_KEYWORD, Tok.KEYWORD);
  fill(t[IN_KEYWORD]!, c("a"), c("z"), IN_KEYWORD);

  const st = t[IN_START]!;
  st[c('"')] = IN_DQ_STRING;
  st[c("'")] = IN_SQ_STRING;
  st[c("0")] = IN_ZERO;
  fill(st, c("1"), c("9"), IN_DIGITS);
  st[c("-")] = IN_SIGN;
  st[c("{")] = Tok.LCURLY;
  st[c("}")] = Tok.RCURLY;
  st[c("[")] = Tok.LSQUARE;
  st[c("]")] = Tok.RSQUARE;
  st[c(",")] = Tok.COMMA;
  st[c(":")] = Tok.COLON;
  fill(st, c("a"), c("z"), IN_KEYWORD);
  for (const ch of " \t\r\n") st[c(ch)] = IN_START;
  return t;
}

const TABLE = buildTable();

/**
 * Receives every token (json_message_process_token).  The token text is a
 * "binary string": one char per input byte (char code = byte value), which
 * is much cheaper than a Uint8Array per token.  `type` may be a lexer state
 * (oversized token).
 */
export type TokenSink = (token: string, type: number) => void;

/** Single-byte tokens are by far the most common: share their strings. */
const ONE_BYTE = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b));

/** Growable byte buffer for the token being built (GString). */
class ByteBuf {
  private buf = new Uint8Array(16);
  len = 0;
  push(b: number): void {
    if (this.len === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.len++] = b;
  }
  /** The bytes as a binary string. */
  take(): string {
    if (this.len === 1) return ONE_BYTE[this.buf[0]!]!;
    if (this.len < 1024) return String.fromCharCode.apply(null, this.buf.subarray(0, this.len) as unknown as number[]);
    return binaryString(this.buf.subarray(0, this.len));
  }
  clear(): void {
    this.len = 0;
    if (this.buf.length > 4096) this.buf = new Uint8Array(16);
  }
}

/** Bytes -> binary string (one char per byte). */
export function binaryString(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]));
  }
  return parts.join("");
}

export class JsonLexer {
  private state = IN_START;
  private readonly token = new ByteBuf();

  constructor(
    private readonly sink: TokenSink,
    private readonly maxTokenSize = MAX_TOKEN_SIZE,
  ) {}

  /** json_lexer_feed(). */
  feed(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.feedChar(bytes[i]!, false);
  }

  /** json_lexer_feed_char(): one byte (exported for byte-at-a-time readers). */
  feedByte(b: number): void {
    this.feedChar(b, false);
  }

  /** json_lexer_flush(): finish the pending token, then report end of input. */
  flush(): void {
    this.feedChar(0, true);
    this.sink(this.token.take(), Tok.END_OF_INPUT);
  }

  private feedChar(ch: number, flush: boolean): void {
    let consumed = false;
    while (flush ? this.state !== IN_START : !consumed) {
      const entry = TABLE[this.state]![ch]!;
      consumed = !flush && !(entry & LOOKAHEAD);
      let next = entry & ~LOOKAHEAD;
      if (consumed) this.token.push(ch);
      if (next >= Tok.LCURLY || next === IN_START) {
        if (next !== IN_START) this.sink(this.token.take(), next);
        this.token.clear();
        next = IN_START;
      } else if (next === Tok.ERROR) {
        this.sink(this.token.take(), Tok.ERROR);
        this.token.clear();
        next = IN_RECOVERY;
      } else if (next === IN_RECOVERY) {
        this.token.clear();
      }
      this.state = next;
    }
    // A single token must not grow without bound (a security limit in QEMU).
    if (this.token.len > this.maxTokenSize) {
      this.sink(this.token.take(), this.state);
      this.token.clear();
      this.state = IN_START;
    }
  }
}
