// QEMU's recursive-descent expression parser (QAPISchemaParser.get_expr(),
// get_members(), get_values() and accept()), run over the token stream of
// an item the grammar could not parse.  Its only job is to throw the error
// QEMU throws there, with QEMU's message, line and column.

import { QAPIParseError } from "../error.js";
import { MAX_DEPTH } from "./limits.js";
import type { SourceText } from "./source-text.js";
import { TokenStream, type Token } from "./tokens.js";

/** The message of a lexer error token. */
export function lexErrorMessage(src: string, tok: Token & { t: "!" }): string {
  switch (tok.err) {
    case "eol":
      return "missing terminating \"'\"";
    case "escape":
      return `unknown escape \\${String.fromCodePoint(src.codePointAt(tok.at)!)}`;
    case "funny":
      return "funny character in string";
    case "stray":
      return `stray '${tok.text}'`;
  }
}

/** The token QEMU's lexer reads at `pos`, or the error it raises there. */
export function lexAt(text: SourceText, pos: number, legacy: boolean): Token | QAPIParseError {
  const tok = new TokenStream(text.src, pos, legacy).get();
  if (tok.t === "!") {
    return text.parseError(tok.pos, lexErrorMessage(text.src, tok));
  }
  return tok;
}

/**
 * Parse one expression starting at `pos` as QEMU would and throw QEMU's
 * error.  Returns normally only if the expression is well-formed, which the
 * caller treats as an internal error.
 */
export function diagnoseExpr(text: SourceText, pos: number, legacy: boolean): void {
  new Diagnoser(text, pos, legacy).run();
}

class Diagnoser {
  private readonly text: SourceText;
  private readonly tokens: TokenStream;
  private tok!: Token;

  constructor(text: SourceText, pos: number, legacy: boolean) {
    this.text = text;
    this.tokens = new TokenStream(text.src, pos, legacy);
  }

  run(): void {
    this.accept();
    this.getExpr(0);
  }

  private accept(): void {
    const tok = this.tokens.get();
    if (tok.t === "!") {
      throw this.text.parseError(tok.pos, lexErrorMessage(this.text.src, tok));
    }
    this.tok = tok;
  }

  /** Is the current token of type `t`?  (A method: accept() changes it.) */
  private is(t: Token["t"]): boolean {
    return this.tok.t === t;
  }

  private error(msg: string): QAPIParseError {
    return this.text.parseError(this.tok.pos, msg);
  }

  // get_members(): after '{'; duplicate keys are found after the ':'.
  private getMembers(depth: number): void {
    if (this.is("}")) {
      this.accept();
      return;
    }
    if (!this.is("'")) {
      throw this.error("expected string or '}'");
    }
    const keys = new Set<string>();
    for (;;) {
      const key = (this.tok as Token & { t: "'" }).val;
      this.accept();
      if (!this.is(":")) {
        throw this.error("expected ':'");
      }
      this.accept();
      if (keys.has(key)) {
        throw this.error(`duplicate key '${key}'`);
      }
      keys.add(key);
      this.getExpr(depth);
      if (this.is("}")) {
        this.accept();
        return;
      }
      if (!this.is(",")) {
        throw this.error("expected ',' or '}'");
      }
      this.accept();
      if (!this.is("'")) {
        throw this.error("expected string");
      }
    }
  }

  // get_values(): after '['.
  private getValues(depth: number): void {
    if (this.is("]")) {
      this.accept();
      return;
    }
    if (!isValueStart(this.tok)) {
      throw this.error("expected '{', '[', ']', string, or boolean");
    }
    for (;;) {
      this.getExpr(depth);
      if (this.is("]")) {
        this.accept();
        return;
      }
      if (!this.is(",")) {
        throw this.error("expected ',' or ']'");
      }
      this.accept();
    }
  }

  // get_expr(); `depth` counts the enclosing brackets.
  private getExpr(depth: number): void {
    const t = this.tok.t;
    if (t === "{" || t === "[") {
      if (depth >= MAX_DEPTH) {
        throw this.error(`nesting too deep (more than ${MAX_DEPTH} levels of '{' and '[')`);
      }
      this.accept();
      if (t === "{") this.getMembers(depth + 1);
      else this.getValues(depth + 1);
    } else if (t === "'" || t === "t" || t === "f") {
      this.accept();
    } else {
      throw this.error("expected '{', '[', string, or boolean");
    }
  }
}

function isValueStart(tok: Token): boolean {
  return tok.t === "{" || tok.t === "[" || tok.t === "'" || tok.t === "t" || tok.t === "f";
}
