import { describe, expect, it } from "vitest";
import { formatDouble, qmpLine, quoteString, toJson } from "../../../runtime/src/qmp/json-writer.js";
import { qdictBucket, qdictKeys, tdbHash } from "../../../runtime/src/qmp/qdict.js";
import { parseJson } from "./helpers.js";

describe("formatDouble (%.17g, glibc output)", () => {
  // expected values printed by glibc printf("%.17g")
  const cases: Array<[number, string]> = [
    [1, "1"],
    [0.1, "0.10000000000000001"],
    [1e300, "1.0000000000000001e+300"],
    [1e17, "1e+17"],
    [1e16, "10000000000000000"],
    [123456789012345678, "1.2345678901234568e+17"],
    [0.0001, "0.0001"],
    [0.00001, "1.0000000000000001e-05"],
    [-2.5, "-2.5"],
    [1 / 3, "0.33333333333333331"],
    [5e-324, "4.9406564584124654e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [100, "100"],
    [1e21, "1e+21"],
    [12345.678, "12345.678"],
    [-0, "-0"],
    [0, "0"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
  ];
  it.each(cases)("%s -> %s", (v, s) => expect(formatDouble(v)).toBe(s));
});

describe("quoteString", () => {
  it("escapes like quoted_str()", () => {
    expect(quoteString('a"b\\c/d')).toBe('"a\\"b\\\\c/d"');
    expect(quoteString("\b\f\n\r\t")).toBe('"\\b\\f\\n\\r\\t"');
    expect(quoteString("\u0001\u001f\u007f")).toBe('"\\u0001\\u001F\\u007F"');
    expect(quoteString("\0")).toBe('"\\u0000"');
    expect(quoteString("é€")).toBe('"\\u00E9\\u20AC"');
    expect(quoteString("😀")).toBe('"\\uD83D\\uDE00"');
    expect(quoteString("'")).toBe(`"'"`);
  });
  it("prints invalid characters as U+FFFD", () => {
    expect(quoteString("\uD800x")).toBe('"\\uFFFDx"');
    expect(quoteString("\uDC00")).toBe('"\\uFFFD"');
    expect(quoteString("\uFFFE\uFDD0")).toBe('"\\uFFFD\\uFFFD"');
    expect(quoteString("\u{1FFFF}")).toBe('"\\uFFFD"');
  });
});

describe("tdb_hash and QDict order", () => {
  it("matches qdict.c tdb_hash for known keys", () => {
    // buckets computed with the C function
    expect(qdictBucket("return")).toBe(401);
    expect(qdictBucket("id")).toBe(486);
    expect(qdictBucket("minor")).toBe(225);
    expect(qdictBucket("micro")).toBe(225);
    expect(tdbHash("")).toBe(12345);
    // values printed by the C function
    expect(tdbHash("status")).toBe(3491783370);
    expect(tdbHash("é")).toBe(3516110948);
    expect(tdbHash("a-very-long-key-name-with-many-characters-0123456789")).toBe(405873474);
  });
  it("orders by bucket, newest first within a bucket", () => {
    expect(qdictKeys({ major: 7, minor: 2, micro: 22 })).toEqual(["micro", "minor", "major"]);
    expect(qdictKeys({ event: 1, timestamp: 2, data: 3 })).toEqual(["timestamp", "event", "data"]);
  });
});

describe("toJson: QEMU's byte-exact output", () => {
  it("spacing and empty containers", () => {
    expect(qmpLine({ return: {} })).toBe('{"return": {}}\r\n');
    expect(toJson([])).toBe("[]");
    expect(toJson([1, "a", null, true, false])).toBe('[1, "a", null, true, false]');
  });
  it("responses, errors, events, greeting in QEMU's key order", () => {
    expect(toJson({ return: {}, id: "x" })).toBe('{"return": {}, "id": "x"}');
    expect(toJson({ error: { class: "GenericError", desc: "d" }, id: 1n })).toBe(
      '{"id": 1, "error": {"class": "GenericError", "desc": "d"}}',
    );
    expect(
      toJson({
        event: "JOB_STATUS_CHANGE",
        timestamp: { seconds: 1700000000n, microseconds: 5n },
        data: { id: "j", status: "created" },
      }),
    ).toBe(
      '{"timestamp": {"seconds": 1700000000, "microseconds": 5}, "event": "JOB_STATUS_CHANGE", "data": {"status": "created", "id": "j"}}',
    );
    expect(
      toJson({
        QMP: {
          version: {
            qemu: { major: 7, minor: 2, micro: 22 },
            package: "Debian 1:7.2+dfsg-7+deb12u18+b3",
          },
          capabilities: ["oob"],
        },
      }),
    ).toBe(
      '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}',
    );
  });
  it("job and snapshot members", () => {
    expect(
      toJson({
        id: "s",
        type: "snapshot-save",
        status: "concluded",
        "current-progress": 1,
        "total-progress": 1,
      }),
    ).toBe('{"current-progress": 1, "status": "concluded", "total-progress": 1, "type": "snapshot-save", "id": "s"}');
    expect(toJson({ running: false, singlestep: false, status: "prelaunch" })).toBe(
      '{"status": "prelaunch", "singlestep": false, "running": false}',
    );
  });
  it("omits undefined members, prints Maps and bigints", () => {
    expect(toJson({ a: undefined, b: 1 })).toBe('{"b": 1}');
    expect(toJson(new Map([["b", 1]]))).toBe('{"b": 1}');
    expect(toJson(18446744073709551615n)).toBe("18446744073709551615");
  });
  it("echoes parsed values exactly (id round trip)", () => {
    expect(toJson(parseJson('{"b": 1, "a": [1.5, -0, 1e400], "c": {}}'))).toBe('{"a": [1.5, 0, inf], "b": 1, "c": {}}');
    expect(toJson(parseJson("'\\u00e9'"))).toBe('"\\u00E9"');
  });
});
