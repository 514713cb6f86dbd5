/**
 * Splits the token stream into JSON messages (mirrors qobject/json-streamer.c).
 *
 * Counts braces and brackets; a message is complete when both counts are back
 * at zero (or one went negative: a stray closer is a message of its own, and
 * the parser then reports it).  So newlines mean nothing, several values on
 * one line are several messages, and a scalar at top level is a message by
 * itself.  On a lexical error or a limit the pending tokens are dropped and
 * an error is emitted; the next token starts a fresh message.
 */
import { QmpError } from "../support/qmp-error.js";
import type { JsonValue } from "../support/dispatch-types.js";
import { JsonLexer, MAX_TOKEN_SIZE, Tok } from "./json-lexer.js";
import { decodeLossy } from "./utf8.js";
import { parseTokens, type Token } from "./json-parser.js";

/** json-streamer.c MAX_TOKEN_COUNT. */
export const MAX_TOKEN_COUNT = 2 * 1024 * 1024;
/** json-streamer.c MAX_NESTING. */
export const MAX_NESTING = 1024;

/** Exactly one of value / error is set (QEMU's emit(opaque, json, err)). */
export type MessageSink = (value: JsonValue | undefined, error: QmpError | undefined) => void;

export interface StreamerLimits {
  maxTokenSize?: number;
  maxTokenCount?: number;
  maxNesting?: number;
}

export class JsonMessageParser {
  private readonly lexer: JsonLexer;
  private braceCount = 0;
  private bracketCount = 0;
  private tokens: Token[] = [];
  private tokenSize = 0;
  private readonly maxTokenSize: number;
  private readonly maxTokenCount: number;
  private readonly maxNesting: number;

  constructor(
    private readonly emit: MessageSink,
    limits: StreamerLimits = {},
  ) {
    this.maxTokenSize = limits.maxTokenSize ?? MAX_TOKEN_SIZE;
    this.maxTokenCount = limits.maxTokenCount ?? MAX_TOKEN_COUNT;
    this.maxNesting = limits.maxNesting ?? MAX_NESTING;
    this.lexer = new JsonLexer((tok, type) => this.processToken(tok, type), this.maxTokenSize);
  }

  /** json_message_parser_feed(). */
  feed(bytes: Uint8Array): void {
    this.lexer.feed(bytes);
  }

  /** Feed one byte (QEMU's monitor reads one byte at a time). */
  feedByte(b: number): void {
    this.lexer.feedByte(b);
  }

  /** json_message_parser_flush(): end of input (parses what is pending). */
  flush(): void {
    this.lexer.flush();
  }

  /** json_message_process_token(). */
  private processToken(input: string, type: number): void {
    switch (type) {
      case Tok.LCURLY:
        this.braceCount++;
        break;
      case Tok.RCURLY:
        this.braceCount--;
        break;
      case Tok.LSQUARE:
        this.bracketCount++;
        break;
      case Tok.RSQUARE:
        this.bracketCount--;
        break;
      case Tok.ERROR:
        return this.finish(undefined, QmpError.generic(`JSON parse error, stray '${decodeLossy(input)}'`));
      case Tok.END_OF_INPUT:
        if (this.tokens.length === 0) return;
        return this.finish(...parseTokens(this.tokens));
      default:
        break;
    }
    // Security limits: memory per message and recursion depth.
    if (this.tokenSize + input.length + 1 > this.maxTokenSize) {
      return this.finish(undefined, QmpError.generic("JSON token size limit exceeded"));
    }
    if (this.tokens.length + 1 > this.maxTokenCount) {
      return this.finish(undefined, QmpError.generic("JSON token count limit exceeded"));
    }
    if (this.bracketCount + this.braceCount > this.maxNesting) {
      return this.finish(undefined, QmpError.generic("JSON nesting depth limit exceeded"));
    }
    this.tokens.push({ type, str: input });
    this.tokenSize += input.length;
    if ((this.braceCount > 0 || this.bracketCount > 0) && this.braceCount >= 0 && this.bracketCount >= 0) {
      return;
    }
    this.finish(...parseTokens(this.tokens));
  }

  /** The out_emit path: reset, then hand the result on. */
  private finish(value: JsonValue | undefined, error: QmpError | undefined): void {
    this.braceCount = 0;
    this.bracketCount = 0;
    this.tokens = [];
    this.tokenSize = 0;
    this.emit(value, error);
  }
}
