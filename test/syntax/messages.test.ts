// Every message QEMU's parser (parser.py, outside the doc-comment parser)
// can give, with its line and column, and which error wins when there are
// several.  The expectations were produced by running QEMU's own
// QAPISchemaParser (10.0.13 and 7.2.0) on each input; a third column is
// QEMU 7.2's text where it differs (null: 7.2 crashes with an
// AssertionError, and qapi-ts reports the stray character instead).
//
// The include targets here do not exist: reading them fails with ENOENT.

import { describe, expect, it } from "vitest";
import { errorOf } from "./helpers.js";

type Row = [input: string, qemu10: string, qemu72?: string | null];

const rows: Row[] = [
  ["{ 'a': 'b\n", "root.json:1:8: missing terminating \"'\""],
  ["{ 'a': 'b\\\n", "root.json:1:8: missing terminating \"'\""],
  ["{ 'a': 'b\\n' }", "root.json:1:8: unknown escape \\n"],
  ["{ 'a': 'b\\'' }", "root.json:1:8: unknown escape \\'"],
  ["{ 'a': '\u00e9' }", "root.json:1:8: funny character in string"],
  ["{ 'a': '\u0000' }", "root.json:1:8: funny character in string"],
  ["{ 'a': '\t' }", "root.json:1:8: funny character in string"],
  ["{ 'a': 'x\u007f' }", "root.json:1:8: funny character in string"],
  ["{ 'a': 1 }", "root.json:1:8: stray '1'"],
  ["{ 'a': null }", "root.json:1:8: stray 'null'"],
  ["{ 'a': \"b\" }", "root.json:1:8: stray '\"b\"'", null],
  ["{ 'a': trueX }", "root.json:1:12: stray 'X'"],
  ["{ 'a': tru }", "root.json:1:8: stray 'tru'"],
  ["{ 'a': b#c }", "root.json:1:8: stray 'b#c'"],
  ["{ 'a': x;y:z }", "root.json:1:8: stray 'x;y'"],
  ["\ufeff{ 'a': 'b' }", "root.json:1:1: stray '\ufeff'"],
  ["{ 'a': '\ud83d\ude00', 'b': x }", "root.json:1:8: funny character in string"],
  ["\t{ 'a':\tx }", "root.json:1:7: stray 'x'"],
  ["  \t \t{ 'a': x }", "root.json:1:11: stray 'x'"],
  ["{ 'a' }", "root.json:1:7: expected ':'"],
  ["{ 'a', 'b' }", "root.json:1:6: expected ':'"],
  ["{ , }", "root.json:1:3: expected string or '}'"],
  ["{ 'a': 'b' 'c': 'd' }", "root.json:1:12: expected ',' or '}'"],
  ["{ 'a': 'b', }", "root.json:1:13: expected string"],
  ["{ 'a': 'b', 'a': 'c' }", "root.json:1:18: duplicate key 'a'"],
  ["{ 'a':\n\n  'b', 'a'  :   'c' }", "root.json:3:17: duplicate key 'a'"],
  ["[ , ]", "root.json:1:3: expected '{', '[', ']', string, or boolean"],
  ["[ 'a' 'b' ]", "root.json:1:7: expected ',' or ']'"],
  ["[ 'a', ]", "root.json:1:8: expected '{', '[', string, or boolean"],
  ["{ 'a': }", "root.json:1:8: expected '{', '[', string, or boolean"],
  ["{ 'a': : }", "root.json:1:8: expected '{', '[', string, or boolean"],
  ["{ 'a': [ } ]", "root.json:1:10: expected '{', '[', ']', string, or boolean"],
  ["{ 'a': ## doc\n'b' }", "root.json:1:8: expected '{', '[', string, or boolean"],
  ["[ 'a' ## x\n]", "root.json:1:7: expected ',' or ']'"],
  ["'str'", "root.json:1: top-level expression must be an object"],
  ["true", "root.json:1: top-level expression must be an object"],
  ["[]", "root.json:1: top-level expression must be an object"],
  ["{ 'a': 'b' } ]", "root.json:1:14: expected '{', '[', string, or boolean"],
  ["{ 'a': 'b' } :", "root.json:1:14: expected '{', '[', string, or boolean"],
  ["{ 'a': 'b'", "root.json:1:11: expected ',' or '}'"],
  ["{ 'a': [", "root.json:1:9: expected '{', '[', ']', string, or boolean"],
  ["{", "root.json:1:2: expected string or '}'"],
  ["[", "root.json:1:2: expected '{', '[', ']', string, or boolean"],
  ["{ 'a': 'b' }\n'x' stray", "root.json:2:5: stray 'stray'"],
  ["{ 'a': 'b' } x", "root.json:1:14: stray 'x'"],
  ["##\n# @foo:\n", "root.json:2:8: documentation comment must end with '##'"],
  ["##\n# @foo:\n{ 'a': 'b' }", "root.json:3:1: documentation comment must end with '##'"],
  ["##\n# @foo:\n  stray", "root.json:3:3: stray 'stray'"],
  ["##\n# @foo:\n'unterminated", "root.json:3:1: missing terminating \"'\""],
  ["##\n# @foo:\n##\n", "root.json:1: documentation for 'foo' is not followed by the definition"],
  ["##\n# @foo:\n##\n##\n# @bar:\n##\n{ 'struct': 'bar' }", "root.json:1: documentation for 'foo' is not followed by the definition"],
  ["##\n# text\n##\n{ 'struct': 'x' }", "root.json:1: definition documentation required"],
  ["##\n# @foo:\n##\n{ 'include': 'x.json' }", "root.json:1: documentation for 'foo' is not followed by the definition"],
  ["##\n# @foo:\n##\n{ 'pragma': {} }", "root.json:1: documentation for 'foo' is not followed by the definition"],
  ["##\n# @foo:\n#\n# Returns:\n##\nx", "root.json:6:1: stray 'x'", "root.json:5:1: empty doc section 'Returns'"],
  ["##\n# @foo:\n#\n# Returns:\n##\n{ 'command': 'foo' }", "root.json:4: text required after 'Returns:'", "root.json:5:1: empty doc section 'Returns'"],
  ["##\n# @foo:\n#\n# Returns: x\n##\nx", "root.json:6:1: stray 'x'"],
  ["{ 'a': 'b' }\n## x\n", "root.json:2:1: junk after '##' at start of documentation comment"],
  ["{ 'a': 'b' }\n##\n#x\n##\n", "root.json:3:1: missing space after #"],
  ["{ 'pragma': 'x' }", "root.json:1: value of 'pragma' must be an object"],
  ["{ 'pragma': {}, 'x': 1 }", "root.json:1:22: stray '1'"],
  ["{ 'pragma': { 'doc-required': 'yes' } }", "root.json:1: pragma 'doc-required' must be boolean"],
  ["{ 'pragma': { 'command-name-exceptions': 'x' } }", "root.json:1: pragma command-name-exceptions must be a list of strings"],
  ["{ 'pragma': { 'member-name-exceptions': [ 'a', true ] } }", "root.json:1: pragma member-name-exceptions must be a list of strings"],
  ["{ 'pragma': { 'foo': true } }", "root.json:1: unknown pragma 'foo'"],
  ["{ 'pragma': { 'documentation-exceptions': [ 'x' ] } }", "OK", "root.json:1: unknown pragma 'documentation-exceptions'"],
  ["{ 'include': true }", "root.json:1: value of 'include' must be a string"],
  ["{ 'include': 'a', 'b': 'c' }", "root.json:1: invalid 'include' directive"],
  ["{ 'include': 'nope.json' }", "root.json:1: can't read include file 'nope.json': No such file or directory"],
  ["{ 'include': 'root.json' }", "root.json:1: inclusion loop for root.json"],
  ["{ 'a': 'b', 'include': 'nope.json' }", "root.json:1: invalid 'include' directive"],
  ["{ 'include': 'nope.json', 'pragma': {} }", "root.json:1: invalid 'include' directive"],
  ["{ 'pragma': {}, 'include': 'nope.json' }", "root.json:1: invalid 'include' directive"],
  ["true x", "root.json:1:6: stray 'x'"],
  ["{ 'a': 'b' } trueX", "root.json:1:18: stray 'X'"],
  ["'x' 'y", "root.json:1:5: missing terminating \"'\""],
  ["{ 'include': 'nope.json' }\n{ 'a' }", "root.json:1: can't read include file 'nope.json': No such file or directory"],
  ["{ 'include': 'nope.json' } x", "root.json:1:28: stray 'x'"],
  ["[ 'x' ]\n{ 'a' }", "root.json:1: top-level expression must be an object"],
  ["##\n# @foo:\n##\n{ 'a' }", "root.json:4:7: expected ':'"],
  ["##\n# @foo:\n##\n'x' x", "root.json:4:5: stray 'x'"],
  ["{ 'a': 'b' }\n\n\n##\n# @foo:\n##\n", "root.json:4: documentation for 'foo' is not followed by the definition"],
];

for (const [legacy, version] of [[false, "10.0"], [true, "7.2"]] as const) {
  describe(`parser messages as QEMU ${version}`, () => {
    for (const [input, qemu10, qemu72] of rows) {
      const expected = legacy && qemu72 !== undefined ? qemu72 : qemu10;
      if (expected === null) continue;
      it(`${JSON.stringify(input)} -> ${expected}`, () => {
        expect(errorOf(input, { legacy })).toBe(expected);
      });
    }
  });
}

describe("QEMU 7.2 crashes on a stray double quote", () => {
  it("reports it as a stray character instead", () => {
    expect(errorOf(`{ 'a': "b" }`, { legacy: true })).toBe(`root.json:1:8: stray '"'`);
    expect(errorOf(`{ 'a': b"c" }`, { legacy: true })).toBe(`root.json:1:8: stray 'b'`);
  });
});
