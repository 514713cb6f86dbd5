/**
 * Recursive-descent JSON parser over a token list (mirrors
 * qobject/json-parser.c, QEMU 7.2).
 *
 * Error texts are QEMU's ("JSON parse error, <detail>"); only the first error
 * counts, later ones are ignored as in parse_error().  Integers that fit
 * int64 or uint64 (QNUM_I64/QNUM_U64) become numbers (bigint beyond 2^53),
 * else a double, like parse_literal(); floats (QNUM_DOUBLE) become numbers,
 * boxed in a QFloat when integral (support/qfloat.ts).
 */
import { QmpError } from "../support/qmp-error.js";
import { qfloat } from "../support/qfloat.js";
import type { JsonObject, JsonValue } from "../support/dispatch-types.js";
import { Tok } from "./json-lexer.js";
import { isValidCodepoint, modUtf8Codepoint, decodeLossy } from "./utf8.js";
import { recordKeyOrder } from "./qdict.js";

export interface Token {
  type: number;
  /** The token's bytes as a binary string (one char per byte). */
  str: string;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Marks a failed parse step (QEMU's NULL return). */
const FAIL = Symbol("fail");
type Result = JsonValue | typeof FAIL;

class ParserContext {
  err: string | undefined;
  private pos = 0;
  constructor(private readonly buf: readonly Token[]) {}

  /** parse_error(): keep the first message only. */
  error(msg: string): void {
    if (this.err === undefined) this.err = `JSON parse error, ${msg}`;
  }
  pop(): Token | undefined {
    return this.buf[this.pos++];
  }
  peek(): Token | undefined {
    return this.buf[this.pos];
  }
}

/** json_parser_parse(): parse one message; [value, undefined] or [undefined, error]. */
export function parseTokens(tokens: readonly Token[]): [JsonValue | undefined, QmpError | undefined] {
  const ctxt = new ParserContext(tokens);
  const result = parseValue(ctxt);
  if (ctxt.err !== undefined) return [undefined, QmpError.generic(ctxt.err)];
  return [result === FAIL ? undefined : result, undefined];
}

function parseValue(ctxt: ParserContext): Result {
  const token = ctxt.peek();
  if (!token) {
    ctxt.error("premature EOI");
    return FAIL;
  }
  switch (token.type) {
    case Tok.LCURLY:
      return parseObject(ctxt);
    case Tok.LSQUARE:
      return parseArray(ctxt);
    case Tok.INTEGER:
    case Tok.FLOAT:
    case Tok.STRING:
      return parseLiteral(ctxt);
    case Tok.KEYWORD:
      return parseKeyword(ctxt);
    default:
      ctxt.error("expecting value");
      return FAIL;
  }
}

/** parse_pair(): returns false on error. */
function parsePair(ctxt: ParserContext, dict: JsonObject, keys: string[]): boolean {
  if (!ctxt.peek()) {
    ctxt.error("premature EOI");
    return false;
  }
  const key = parseValue(ctxt);
  if (typeof key !== "string") {
    ctxt.error("key is not a string in object");
    return false;
  }
  const token = ctxt.pop();
  if (!token) {
    ctxt.error("premature EOI");
    return false;
  }
  if (token.type !== Tok.COLON) {
    ctxt.error("missing : in object pair");
    return false;
  }
  const value = parseValue(ctxt);
  if (value === FAIL) {
    ctxt.error("Missing value in dict");
    return false;
  }
  if (Object.prototype.hasOwnProperty.call(dict, key)) {
    ctxt.error("duplicate key");
    return false;
  }
  dict[key] = value;
  keys.push(key);
  return true;
}

/**
 * An empty null-prototype object (as newJsonObject() makes) that V8 keeps in
 * fast mode: Object.create(null) starts in dictionary mode, where every
 * member read (validators, handlers) is a hash lookup.  Without a prototype,
 * '__proto__' is still an ordinary own data member when assigned.
 */
function newDict(): JsonObject {
  const dict = {};
  Object.setPrototypeOf(dict, null);
  return dict as JsonObject;
}

function parseObject(ctxt: ParserContext): Result {
  ctxt.pop(); // the '{'
  const dict = newDict();
  const keys: string[] = [];
  recordKeyOrder(dict, keys);
  const peek = ctxt.peek();
  if (!peek) {
    ctxt.error("premature EOI");
    return FAIL;
  }
  if (peek.type === Tok.RCURLY) {
    ctxt.pop();
    return dict;
  }
  if (!parsePair(ctxt, dict, keys)) return FAIL;
  let token = ctxt.pop();
  for (;;) {
    if (!token) {
      ctxt.error("premature EOI");
      return FAIL;
    }
    if (token.type === Tok.RCURLY) return dict;
    if (token.type !== Tok.COMMA) {
      ctxt.error("expected separator in dict");
      return FAIL;
    }
    if (!parsePair(ctxt, dict, keys)) return FAIL;
    token = ctxt.pop();
  }
}

function parseArray(ctxt: ParserContext): Result {
  ctxt.pop(); // the '['
  const list: JsonValue[] = [];
  const peek = ctxt.peek();
  if (!peek) {
    ctxt.error("premature EOI");
    return FAIL;
  }
  if (peek.type === Tok.RSQUARE) {
    ctxt.pop();
    return list;
  }
  for (;;) {
    const obj = parseValue(ctxt);
    if (obj === FAIL) {
      ctxt.error("expecting value");
      return FAIL;
    }
    list.push(obj);
    const token = ctxt.pop();
    if (!token) {
      ctxt.error("premature EOI");
      return FAIL;
    }
    if (token.type === Tok.RSQUARE) return list;
    if (token.type !== Tok.COMMA) {
      ctxt.error("expected separator in list");
      return FAIL;
    }
  }
}

function parseKeyword(ctxt: ParserContext): Result {
  const token = ctxt.pop()!;
  const word = token.str;
  if (word === "true") return true;
  if (word === "false") return false;
  if (word === "null") return null;
  ctxt.error(`invalid keyword '${word}'`);
  return FAIL;
}

function parseLiteral(ctxt: ParserContext): Result {
  const token = ctxt.pop()!;
  if (token.type === Tok.STRING) return parseString(ctxt, token);
  const text = token.str;
  if (token.type === Tok.INTEGER) {
    // qemu_strtoi64, then qemu_strtou64 (not for negative numbers), else
    // strtod.  Up to 15 characters the value is a safe integer; more than
    // 21 cannot fit (skip BigInt then: a huge digit string would make it
    // slow).  See qfloat.ts for the representation.
    if (text.length <= 15) return Number(text) + 0; // + 0: "-0" is 0
    if (text.length <= 21) {
      const n = BigInt(text);
      if (n >= INT64_MIN && n <= INT64_MAX) return safe(n);
      if (text[0] !== "-" && n <= UINT64_MAX) return safe(n);
    }
  }
  return qfloat(Number(text));
}

/** An integer as a number when that is exact, else as the bigint. */
function safe(n: bigint): number | bigint {
  return n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** cvt4hex(): four hex digits, or -1. */
function cvt4hex(s: string, at: number): number {
  let cp = 0;
  for (let i = 0; i < 4; i++) {
    const ch = at + i < s.length ? s.charCodeAt(at + i) : 0;
    let d: number;
    if (ch >= 0x30 && ch <= 0x39) d = ch - 0x30;
    else if (ch >= 0x61 && ch <= 0x66) d = ch - 0x61 + 10;
    else if (ch >= 0x41 && ch <= 0x46) d = ch - 0x41 + 10;
    else return -1;
    cp = (cp << 4) | d;
  }
  return cp;
}

const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '"',
  0x27: "'",
  0x5c: "\\",
  0x2f: "/",
  0x62: "\b",
  0x66: "\f",
  0x6e: "\n",
  0x72: "\r",
  0x74: "\t",
};

/** End of the run of plain printable ASCII at s[from..] (fast path, same result). */
function asciiRun(s: string, from: number, quote: number): number {
  let i = from;
  while (i < s.length) {
    const b = s.charCodeAt(i);
    if (b < 0x20 || b >= 0x80 || b === 0x5c || b === quote) break;
    i++;
  }
  return i;
}

/** parse_string(): decode escapes, validate (modified) UTF-8. */
function parseString(ctxt: ParserContext, token: Token): Result {
  const s = token.str;
  const quote = s.charCodeAt(0);
  const out: string[] = [];
  let ptr = 1;
  while (s.charCodeAt(ptr) !== quote) {
    const run = asciiRun(s, ptr, quote);
    if (run > ptr) {
      out.push(s.slice(ptr, run)); // printable ASCII: bytes and chars coincide
      ptr = run;
      continue;
    }
    if (s.charCodeAt(ptr) === 0x5c) {
      const beg = ptr++;
      const esc = s.charCodeAt(ptr++);
      const simple = SIMPLE_ESCAPES[esc];
      if (simple !== undefined) {
        out.push(simple);
        continue;
      }
      if (esc !== 0x75) {
        ctxt.error("invalid escape sequence in string");
        return FAIL;
      }
      let cp = cvt4hex(s, ptr);
      ptr += 4;
      if (cp >= 0xd800 && cp <= 0xdbff && s.charCodeAt(ptr) === 0x5c && s.charCodeAt(ptr + 1) === 0x75) {
        // a leading surrogate followed by \u: needs a trailing surrogate
        cp = 0x10000 + ((cp & 0x3ff) << 10);
        const trailing = cvt4hex(s, ptr + 2);
        if (trailing >= 0xdc00 && trailing <= 0xdfff) {
          cp |= trailing & 0x3ff;
          ptr += 6;
        } else {
          cp = -1;
        }
      }
      if (!isValidCodepoint(cp)) {
        // "%.*s": the escape as written, cut at the token's end (its NUL)
        ctxt.error(`${decodeLossy(s, beg, Math.min(ptr, s.length))} is not a valid Unicode character`);
        return FAIL;
      }
      out.push(String.fromCodePoint(cp));
      continue;
    }
    const d = modUtf8Codepoint(s, ptr, 6);
    if (d.cp < 0) {
      ctxt.error("invalid UTF-8 sequence in string");
      return FAIL;
    }
    ptr = d.end;
    out.push(String.fromCodePoint(d.cp));
  }
  return out.join("");
}
