import { describe, expect, it } from "vitest";
import { errors, parseJson, readMessages } from "./helpers.js";
import { toJson } from "../../../runtime/src/qmp/json-writer.js";
import { parseTokens } from "../../../runtime/src/qmp/json-parser.js";
import { Tok } from "../../../runtime/src/qmp/json-lexer.js";
import { QFloat } from "../../../runtime/src/support/qfloat.js";

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((p) =>
      typeof p === "string" ? [...new TextEncoder().encode(p)] : p,
    ),
  );

describe("values", () => {
  it("integers: numbers while exact, bigint up to the int64/uint64 range, else a float", () => {
    expect(parseJson("0")).toBe(0);
    expect(Object.is(parseJson("-0"), 0)).toBe(true);
    expect(parseJson("123456789012345")).toBe(123456789012345);
    expect(parseJson("9007199254740991")).toBe(9007199254740991);
    expect(parseJson("-9007199254740991")).toBe(-9007199254740991);
    expect(parseJson("9007199254740992")).toBe(9007199254740992n);
    expect(parseJson("9223372036854775807")).toBe(9223372036854775807n);
    expect(parseJson("-9223372036854775808")).toBe(-9223372036854775808n);
    expect(parseJson("9223372036854775808")).toBe(9223372036854775808n); // QNUM_U64
    expect(parseJson("18446744073709551615")).toBe(18446744073709551615n);
    // Beyond both, QEMU reads a double: a float, boxed as it is integral.
    expect(parseJson("18446744073709551616")).toEqual(
      new QFloat(18446744073709551616),
    );
    expect(parseJson("-9223372036854775809")).toEqual(
      new QFloat(-9223372036854775808),
    );
  });
  it("floats: numbers, boxed in a QFloat when integral", () => {
    expect(parseJson("1.0")).toEqual(new QFloat(1));
    expect(parseJson("1e3")).toEqual(new QFloat(1000));
    expect(parseJson("-0.0")).toEqual(new QFloat(-0));
    expect(parseJson("-2.5E-3")).toBe(-0.0025);
    expect(parseJson("1.5")).toBe(1.5);
    expect(parseJson("1e400")).toBe(Infinity);
  });
  it("a QFloat prints as the double it holds", () => {
    expect(toJson(parseJson("[1.0, 1e3, 2.5, 1]"))).toBe("[1, 1000, 2.5, 1]");
  });
  it("keywords, arrays, objects", () => {
    expect(parseJson("[true, false, null]")).toEqual([true, false, null]);
    expect(parseJson('{"a": {"b": []}}')).toEqual({ a: { b: [] } });
  });
  it("objects are null-prototype; __proto__ is data", () => {
    const o = parseJson('{"__proto__": 1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBeNull();
    expect(Object.keys(o)).toEqual(["__proto__"]);
  });
  it("strings: escapes, single quotes, surrogate pairs, modified UTF-8", () => {
    expect(parseJson(String.raw`"\"\\\/\b\f\n\r\t\'"`)).toBe(
      "\"\\/\b\f\n\r\t'",
    );
    expect(parseJson(`'it"s'`)).toBe('it"s');
    expect(parseJson(String.raw`"\u00e9\u20AC\ud83d\ude00"`)).toBe("é€😀");
    expect(parseJson(String.raw`"\u0000"`)).toBe("\0");
    expect(readMessages(bytes('"a', [0xc0, 0x80], 'b"'))).toEqual([
      { value: "a\0b" },
    ]);
    expect(parseJson('"\u007f"')).toBe("\u007f");
  });
  it("several values per line, newlines meaningless", () => {
    expect(readMessages('{"a":1}{"b":2} 3\n[\n4\n]')).toEqual([
      { value: { a: 1 } },
      { value: { b: 2 } },
      { value: 3 },
      { value: [4] },
    ]);
  });
  it("a number at top level ends with the next token", () => {
    expect(readMessages("12")).toEqual([]);
    expect(readMessages("12 ")).toEqual([{ value: 12 }]);
  });
});

describe("parser errors (JSON parse error, ...)", () => {
  const cases: Array<[string, string]> = [
    ['{"a":1,}', "expecting value"],
    ['{"a" 1}', "missing : in object pair"],
    ['{"a":}', "expecting value"],
    ["{1:2}", "key is not a string in object"],
    ["{[]:1}", "key is not a string in object"],
    ["[1 2]", "expected separator in list"],
    ['{"a":1 "b":2}', "expected separator in dict"],
    ['{"a":1,"a":2}', "duplicate key"],
    ["nul ", "invalid keyword 'nul'"],
    ["[1,]", "expecting value"],
    ["[,1]", "expecting value"],
    ["}", "expecting value"],
    ["]", "expecting value"],
    [":", "expecting value"],
    ['{"a":1]', "expected separator in dict"],
    ["[1}", "expected separator in list"],
    [String.raw`"\a"`, "invalid escape sequence in string"],
    [String.raw`"\x41"`, "invalid escape sequence in string"],
    [String.raw`"\u12G4"`, String.raw`\u12G4 is not a valid Unicode character`],
    [String.raw`"\u12"`, String.raw`\u12" is not a valid Unicode character`],
    [String.raw`'\u1'`, String.raw`\u1' is not a valid Unicode character`],
    [String.raw`"\ud800"`, String.raw`\ud800 is not a valid Unicode character`],
    [String.raw`"\udc00"`, String.raw`\udc00 is not a valid Unicode character`],
    [
      String.raw`"\ud800\u0041"`,
      String.raw`\ud800 is not a valid Unicode character`,
    ],
    [String.raw`"\ufffe"`, String.raw`\ufffe is not a valid Unicode character`],
    [String.raw`"\ufdd0"`, String.raw`\ufdd0 is not a valid Unicode character`],
    [
      String.raw`"\ud83f\udffe"`,
      String.raw`\ud83f\udffe is not a valid Unicode character`,
    ],
  ];
  it.each(cases)("%s", (input, detail) => {
    expect(errors(input)).toEqual([`JSON parse error, ${detail}`]);
  });

  const utf8: Array<[string, number[]]> = [
    ["lead without continuation", [0xc3, 0x28]],
    ["stray continuation", [0x80]],
    ["overlong", [0xc1, 0xbf]],
    ["surrogate", [0xed, 0xa0, 0x80]],
    ["noncharacter", [0xef, 0xbf, 0xbe]],
    ["5-byte", [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ];
  it.each(utf8)("invalid UTF-8: %s", (_n, seq) => {
    expect(errors(bytes('"', seq, '"'))).toEqual([
      "JSON parse error, invalid UTF-8 sequence in string",
    ]);
  });

  it("premature EOI (only reachable at end of input or directly)", () => {
    expect(readMessages('{"a": [1', undefined, true)).toEqual([
      { error: "JSON parse error, premature EOI" },
    ]);
    const t = (type: number, str: string) => ({ type, str });
    expect(parseTokens([t(Tok.LCURLY, "{")])[1]?.desc).toBe(
      "JSON parse error, premature EOI",
    );
    expect(
      parseTokens([t(Tok.LSQUARE, "["), t(Tok.INTEGER, "1")])[1]?.desc,
    ).toBe("JSON parse error, premature EOI");
    expect(
      parseTokens([t(Tok.LCURLY, "{"), t(Tok.STRING, '"a"')])[1]?.desc,
    ).toBe("JSON parse error, premature EOI");
  });
});

describe("lexer errors and recovery", () => {
  it("stray characters, then resynchronisation at a structural character", () => {
    expect(errors('@@@{"a":1}')).toEqual([
      "JSON parse error, stray '@'",
      "<value>",
    ]);
    expect(errors("True ")).toEqual(["JSON parse error, stray 'T'"]);
    expect(errors('abc def{"a":1}')).toEqual([
      "JSON parse error, invalid keyword 'abc'",
      "JSON parse error, invalid keyword 'def'",
      "<value>",
    ]);
    expect(errors("01 ")).toEqual(["JSON parse error, stray '01'"]);
    expect(errors("-a ")).toEqual(["JSON parse error, stray '-a'"]);
    expect(errors("1.x ")).toEqual(["JSON parse error, stray '1.x'"]);
    // the byte that no state accepts is part of the error token
    expect(errors("1e, ")).toEqual(["JSON parse error, stray '1e,'"]);
  });
  it("the error drops the message being built", () => {
    expect(errors('{"a": @ , "b": 1}{"c":1}')).toEqual([
      "JSON parse error, stray '@'",
      "JSON parse error, expecting value", // ',' (recovery stops at it)
      "<value>", // "b" is a message of its own
      "JSON parse error, expecting value", // ':'
      "<value>", // 1
      "JSON parse error, expecting value", // the unmatched '}'
      "<value>",
    ]);
  });
  it("a control character inside a string ends it as an error, newline resynchronises", () => {
    expect(errors('"abc\n{"a":1}')).toEqual([
      "JSON parse error, stray '\"abc\n'",
      "<value>",
    ]);
    expect(errors(bytes([0], '{"a":1}'))).toEqual([
      "JSON parse error, stray ''",
      "<value>",
    ]);
    expect(errors(bytes([0xff], '{"a":1}'))).toEqual([
      "JSON parse error, stray '\uFFFD'",
      "<value>",
    ]);
  });
  it("recovery skips to the next structural or control byte", () => {
    expect(errors('xyz:{"a":1}')).toEqual([
      "JSON parse error, invalid keyword 'xyz'",
      "JSON parse error, expecting value",
      "<value>",
    ]);
    // after a stray byte the rest up to a structural character is skipped
    expect(errors('X yz:{"a":1}')).toEqual([
      "JSON parse error, stray 'X'",
      "JSON parse error, expecting value",
      "<value>",
    ]);
  });
});

describe("streamer limits", () => {
  it("nesting depth", () => {
    expect(errors("[".repeat(1024) + "]".repeat(1024))).toEqual(["<value>"]);
    const r = errors("[".repeat(1025) + "]".repeat(1025) + "{}");
    expect(r[0]).toBe("JSON nesting depth limit exceeded");
    expect(r.at(-1)).toBe("<value>");
  });
  it("token count", () => {
    expect(errors("[1,1,1,1]", { maxTokenCount: 9 })).toEqual(["<value>"]);
    expect(errors("[1,1,1,1,1]{}", { maxTokenCount: 9 })).toEqual([
      "JSON token count limit exceeded", // at the 10th token; the counts restart
      "JSON parse error, expecting value", // so ']' is unmatched
      "<value>",
    ]);
  });
  it("token size (accumulated per message, +1 per token)", () => {
    expect(errors('["abcdef"]', { maxTokenSize: 12 })).toEqual(["<value>"]);
    expect(errors('["abcdefgh"]', { maxTokenSize: 12 })[0]).toBe(
      "JSON token size limit exceeded",
    );
  });
  it("a single oversized token (lexer limit)", () => {
    const r = errors('"' + "a".repeat(40) + '"', { maxTokenSize: 16 });
    expect(r[0]).toBe("JSON token size limit exceeded");
  });
  // seconds of CPU: run with QMP_SLOW=1 (the QEMU fixture has the same cases)
  it.runIf(process.env["QMP_SLOW"] === "1")(
    "real QEMU limits: 2M tokens",
    () => {
      const ok = "[" + "1,".repeat(1048574) + "1]";
      expect(errors(ok)).toEqual(["<value>"]);
      const over = "[" + "1,".repeat(1048576) + "1]";
      expect(errors(over)[0]).toBe("JSON token count limit exceeded");
    },
  );
});

describe("round trip through the writer", () => {
  it("prints parsed values as QEMU echoes them", () => {
    expect(toJson(parseJson(String.raw`'\u00e9'`))).toBe(String.raw`"\u00E9"`);
    expect(toJson(parseJson("[1.0, 0.1, 1e3, -0.0]"))).toBe(
      "[1, 0.10000000000000001, 1000, -0]",
    );
  });
});
