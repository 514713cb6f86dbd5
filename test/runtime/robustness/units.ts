// The fuzzer's vocabulary: "units" of input bytes, each with what QEMU 7.2
// answers to it (a cheap model of json-lexer.c / json-streamer.c /
// monitor/qmp.c, written from the spec's section 10, not from our code).
//
// Every unit leaves QEMU's lexer at rest (start state, no pending tokens),
// so units can be concatenated in any order and split at any byte, and the
// answers are the concatenation of the units' answers.
import fc from "fast-check";
import type { Reply } from "./helpers.js";

/** What one unit makes the server write (events aside). */
export type Expect =
  /** One reply carrying exactly this id (a return, or an error with a QEMU text). */
  | { kind: "reply"; id: string; desc?: RegExp }
  /** One error without an id. */
  | { kind: "error"; desc: RegExp; cls?: string }
  /**
   * A resynchronisation point: any number of QEMU-shaped answers (parse
   * errors, input errors, or the unit's own reply), then exactly one
   * `stray '...\uFFFD'` error for the 0xFF byte that ends the unit.
   */
  | { kind: "sync" };

export interface Unit {
  label: string;
  bytes: Buffer;
  expect: Expect[];
}

/** A unit whose id is handed out when the stream is put together. */
export type UnitMaker = (id: string) => Unit;

const PARSE_ERROR = /^JSON parse error, /;
const STRAY = /^JSON parse error, stray '/;
const NOT_OBJECT = /^QMP input must be a JSON object$/;
const NOT_FOUND = /^The command .* has not been found$/s;

const latin1 = (s: string): Buffer => Buffer.from(s, "latin1");
const utf8 = (s: string): Buffer => Buffer.from(s, "utf8");
/** What ends a unit: whitespace, so a trailing number or keyword is complete. */
const SEP = fc.constantFrom(" ", "\n", "\r\n", "\t", "  ");

// ---------------------------------------------------------------- requests

const jobId = fc.constantFrom("j0", "j1", "j2", "bad id", "0j");
const tag = fc.constantFrom("t0", "t1", "", "x".repeat(300));
const node = fc.constantFrom("fmt0", "fmt1", "disk0", "nope");
const jobVerb = fc.constantFrom("job-dismiss", "job-cancel", "job-pause", "job-resume", "job-finalize", "job-complete");
const blockJobVerb = fc.constantFrom(
  "block-job-cancel",
  "block-job-pause",
  "block-job-resume",
  "block-job-complete",
  "block-job-dismiss",
  "block-job-finalize",
);
const smallJson = fc.jsonValue({ maxDepth: 2 });

/** Commands both QEMU (-machine none, no jobs) and we answer identically. */
export const commonCommand: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({ execute: "query-status" }),
  fc.constant({ execute: "query-jobs" }),
  fc.constant({ execute: "query-block-jobs" }),
  fc.record({ execute: jobVerb, arguments: fc.record({ id: jobId }) }),
  fc.record({
    execute: fc.constantFrom("query-status", "query-jobs", "job-dismiss", "job-cancel"),
    arguments: fc.dictionary(fc.constantFrom("id", "force", "x", "job-id", "7", "42", "100", "k1"), smallJson, { maxKeys: 5 }),
  }),
  fc.record({ execute: fc.string({ maxLength: 12, unit: "grapheme" }) }),
  fc.record({ execute: smallJson }),
  fc.record({ execute: fc.constant("query-jobs"), arguments: smallJson }),
  fc.record({ arguments: fc.constant({}) }),
  fc.record({ execute: fc.constant("query-status"), "exec-oob": fc.constant("query-status") }),
  fc.record({ execute: fc.constant("query-status"), x: smallJson }),
);

/**
 * exec-oob requests: without the oob capability just an unexpected member.
 * (With it, QEMU answers them from its I/O thread at once, possibly before
 * earlier in-band requests: not for the in-order model.)
 */
export const execOobCommand: fc.Arbitrary<Record<string, unknown>> = fc.record({
  "exec-oob": fc.constantFrom("query-status", "query-jobs", "nope", "qmp_capabilities"),
});

/** Everything the simulated VM serves, with arguments right and wrong. */
export const anyCommand: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 6, arbitrary: commonCommand },
  { weight: 1, arbitrary: execOobCommand },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        execute: fc.constantFrom("snapshot-save", "snapshot-load", "snapshot-delete"),
        arguments: fc.record(
          { "job-id": jobId, tag, vmstate: node, devices: fc.array(node, { maxLength: 2 }) },
          { requiredKeys: ["job-id", "tag", "devices"] },
        ),
      },
      { requiredKeys: ["execute"] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ execute: blockJobVerb, arguments: fc.record({ device: jobId }) }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constant({ execute: "stop" }),
      fc.constant({ execute: "cont" }),
      fc.constant({ execute: "query-block" }),
      fc.constant({ execute: "query-version" }),
      fc.record({ execute: fc.constant("query-named-block-nodes"), arguments: fc.record({ flat: fc.boolean() }) }),
      fc.record({ execute: fc.constant("blockdev-del"), arguments: fc.record({ "node-name": fc.constantFrom("nope", "") }) }),
      fc.constant({ execute: "qmp_capabilities" }),
    ),
  },
);

/** JSON text of a request, sometimes with QEMU's single-quoted strings or odd spacing. */
function requestText(cmd: Record<string, unknown>, id: string, style: number): string {
  const json = JSON.stringify({ ...cmd, id });
  if (style === 1 && !/['\\]/.test(json)) return json.replaceAll('"', "'");
  if (style === 2) return JSON.stringify({ ...cmd, id }, null, 1);
  return json;
}

export function requestUnit(cmdArb: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<UnitMaker> {
  return fc.tuple(cmdArb, fc.nat(3), SEP).map(([cmd, style, sep]) => (id: string) => ({
    label: `request ${JSON.stringify(cmd)}`,
    bytes: utf8(requestText(cmd, id, style) + sep),
    expect: [{ kind: "reply", id }],
  }));
}

// --------------------------------------------------------------- malformed

/** Complete, balanced messages the lexer tokenizes but the parser rejects (one error each). */
const BAD_JSON = [
  '{"execute" "query-status"}',
  '{"execute": }',
  '{"execute": "query-status",}',
  "[1 2]",
  "{1: 2}",
  '{"a": tru}',
  '{"a": nul}',
  '{"a": 1, "a": 2}',
  '{"a": "\\q"}',
  '{"a"}',
  "{,}",
  "{]",
  ":",
  ",",
  "]",
  "}",
  "[1,]",
  '{"a": 1 "b": 2}',
  '{"a": [1 2]}',
  "{'a': 1 'b'}",
];

/** Messages with a lexical error inside: the lexer's recovery makes the count of answers its business. */
const LEXER_BAD = ['{"a": 01}', '{"a": -}', '{"a": 1.}', '{"a": 1e}', '{"a": NaN}', '{"execute": "query-status"\u0001}', '{"a": "x\ny"}', '{"a": Infinity}'];

export const badJsonUnit: fc.Arbitrary<UnitMaker> = fc
  .tuple(fc.constantFrom(...BAD_JSON), SEP)
  .map(([text, sep]) => () => ({
    label: `bad json ${JSON.stringify(text)}`,
    bytes: latin1(text + sep),
    expect: [{ kind: "error", desc: PARSE_ERROR }],
  }));

export const lexerBadUnit: fc.Arbitrary<UnitMaker> = fc.constantFrom(...LEXER_BAD).map((text) => () => ({
  label: `lexer error ${JSON.stringify(text)}`,
  bytes: Buffer.concat([latin1(text), Buffer.from([0xff, 0x0a])]),
  expect: [{ kind: "sync" }],
}));

export const nonObjectUnit: fc.Arbitrary<UnitMaker> = fc
  .tuple(fc.constantFrom("1", "-2.5e3", '"str"', "'str'", "[]", "[{}]", "null", "true", "false", "[[1], {}]"), SEP)
  .map(([text, sep]) => () => ({
    label: `non-object ${text}`,
    bytes: latin1(text + sep),
    expect: [{ kind: "error", desc: NOT_OBJECT }],
  }));

/** Bytes the lexer's start state has no transition for. */
const STRAY_BYTES = [
  ...Array.from({ length: 0x20 }, (_, i) => i).filter((b) => ![0x09, 0x0a, 0x0d].includes(b)),
  ..."!#$%&()*+./;<=>?@ABCXYZ\\^_`|~".split("").map((c) => c.charCodeAt(0)),
  0x7f,
  0x80,
  0xa0,
  0xc3,
  0xe2,
  0xf0,
  0xfe,
  0xff,
];

export const strayUnit: fc.Arbitrary<UnitMaker> = fc.constantFrom(...STRAY_BYTES).map((b) => () => ({
  label: `stray byte 0x${b.toString(16)}`,
  bytes: Buffer.from([b, 0x0a]),
  expect: [{ kind: "error", desc: STRAY }],
}));

/** Invalid UTF-8, encoded surrogates and escaped lone surrogates inside a string. */
const BAD_STRING_BYTES = [
  "\xc3\x28",
  "\xa0\xa1",
  "\xe2\x28\xa1",
  "\xe2\x82",
  "\xf0\x28\x8c\xbc",
  "\xed\xa0\x80",
  "\xed\xbf\xbf",
  "\xf8\x88\x80\x80\x80",
  "\xc0\xaf",
  "\xc0\x80",
  "\x80",
  "\\ud800",
  "\\udc00",
  "\\ud800\\u0041",
  "\\udbff\\udfff",
  "\\u0000",
  "\\uZZZZ",
  "\\u12",
];

export const badStringUnit: fc.Arbitrary<UnitMaker> = fc
  .tuple(fc.constantFrom(...BAD_STRING_BYTES), fc.boolean(), SEP)
  .map(([bad, inKey, sep]) => () => ({
    label: `bad string ${JSON.stringify(bad)}`,
    bytes: latin1((inKey ? `{"a${bad}": 1}` : `{"execute": "q${bad}"}`) + sep),
    expect: [
      {
        kind: "error",
        desc: inKey ? /^(JSON parse error, .*|QMP input member '.*' is unexpected)$/s : new RegExp(`${PARSE_ERROR.source}|${NOT_FOUND.source}`, "s"),
      },
    ],
  }));

const open = fc.constantFrom("[", '{"k": ', "[[", '{"k": [');
const openCount = (s: string): number => (s.match(/[[{]/g) ?? []).length;

/** 1025 open brackets/braces: QEMU's streamer gives up at MAX_NESTING + 1 and drops it all. */
export const deepOverUnit: fc.Arbitrary<UnitMaker> = fc.array(open, { minLength: 600, maxLength: 1024 }).map(
  (opens) => () => {
    let text = "";
    for (const o of opens) {
      if (openCount(text) + openCount(o) > 1024) break;
      text += o;
    }
    text += "[".repeat(1025 - openCount(text));
    return { label: "nesting 1025", bytes: latin1(text + " "), expect: [{ kind: "error", desc: /^JSON nesting depth limit exceeded$/ }] };
  },
);

/** Nesting within the limit: a valid message with an unexpected argument. */
export const deepOkUnit: fc.Arbitrary<UnitMaker> = fc.integer({ min: 1, max: 1022 }).map((depth) => (id: string) => {
  const inner = "[".repeat(depth) + "1" + "]".repeat(depth);
  return {
    label: `nesting ${depth + 2}`,
    bytes: latin1(`{"execute": "query-status", "arguments": {"a": ${inner}}, "id": "${id}"} `),
    expect: [{ kind: "reply", id, desc: /^Parameter 'a' is unexpected$/ }],
  };
});

/** A request cut short, then 0xFF: exactly one stray error, the rest discarded. */
export function truncatedUnit(cmdArb: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<UnitMaker> {
  return fc.tuple(cmdArb, fc.nat(3), fc.double({ min: 0, max: 1, noNaN: true })).map(([cmd, style, cut]) => (id: string) => {
    const text = requestText(cmd, id, style);
    const prefix = text.slice(0, Math.max(1, Math.floor(cut * (text.length - 1))));
    return { label: `truncated ${JSON.stringify(prefix)}`, bytes: Buffer.concat([utf8(prefix), Buffer.from([0xff, 0x0a])]), expect: [{ kind: "error", desc: STRAY }] };
  });
}

/** A request with random ASCII edits, then 0xFF: anything QEMU-shaped, then the stray error. */
export function mutantUnit(cmdArb: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<UnitMaker> {
  const edit = fc.tuple(fc.nat(), fc.nat(2), fc.constantFrom(..."{}[]:,\"'\\ x1-.e\n"));
  return fc.tuple(cmdArb, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([cmd, edits]) => (id: string) => {
    // ASCII only, so the only U+FFFD in a stray error is the final 0xFF's
    let text = requestText(cmd, id, 0).replace(/[^\x20-\x7e]/g, "?");
    for (const [pos, op, ch] of edits) {
      const i = pos % (text.length + 1);
      if (op === 0) text = text.slice(0, i) + text.slice(i + 1);
      else if (op === 1) text = text.slice(0, i) + ch + text.slice(i);
      else text = text.slice(0, i) + ch + text.slice(i + 1);
    }
    return { label: `mutant ${JSON.stringify(text)}`, bytes: Buffer.concat([utf8(text), Buffer.from([0xff, 0x0a])]), expect: [{ kind: "sync" }] };
  });
}

// ----------------------------------------------------------------- checking

export const ERROR_CLASSES = new Set(["GenericError", "CommandNotFound", "DeviceNotFound", "DeviceNotActive"]);

function checkShape(r: Reply, where: string): void {
  const keys = Object.keys(r).filter((k) => k !== "id");
  if (keys.length !== 1 || (keys[0] !== "return" && keys[0] !== "error")) throw new Error(`${where}: not a QMP answer: ${JSON.stringify(r)}`);
  if (r.error) {
    if (!ERROR_CLASSES.has(r.error.class)) throw new Error(`${where}: error class ${r.error.class}`);
    const d = r.error.desc;
    if (typeof d !== "string" || d === "" || /\n\s+at |\[object |undefined|TypeError|RangeError/.test(d)) {
      throw new Error(`${where}: not a QEMU text: ${JSON.stringify(d)}`);
    }
  }
}

/** The stray error the final 0xFF of a resync unit produces. */
const isFfStray = (r: Reply): boolean => r.id === undefined && !!r.error && /^JSON parse error, stray '.*\uFFFD'$/s.test(r.error.desc);

/**
 * Match the answers against the units' expectations, in order.  Returns the
 * distinct error texts seen (for inspection); throws on the first mismatch.
 */
export function matchAnswers(units: readonly Unit[], replies: readonly Reply[]): Set<string> {
  const texts = new Set<string>();
  let i = 0;
  let prev = "(start)";
  const next = (u: Unit): Reply => {
    const r = replies[i++];
    if (!r) throw new Error(`no answer left for ${u.label}`);
    checkShape(r, u.label);
    if (r.error) texts.add(r.error.desc);
    return r;
  };
  for (const u of units) {
    try {
      matchUnit(u);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n  (the unit before: ${prev})`);
    }
    prev = u.label;
  }
  if (i !== replies.length) throw new Error(`${replies.length - i} extra answers, first ${JSON.stringify(replies[i])}`);
  return texts;

  function matchUnit(u: Unit): void {
    for (const e of u.expect) {
      if (e.kind === "reply") {
        const r = next(u);
        if (r.id !== e.id) throw new Error(`${u.label}: expected a reply with id ${e.id}, got ${JSON.stringify(r)}`);
        if (e.desc && !e.desc.test(r.error?.desc ?? "")) throw new Error(`${u.label}: ${JSON.stringify(r)}`);
      } else if (e.kind === "error") {
        const r = next(u);
        if (r.id !== undefined || !r.error || !e.desc.test(r.error.desc)) {
          throw new Error(`${u.label}: expected an error like ${e.desc}, got ${JSON.stringify(r)}`);
        }
      } else {
        for (let n = 0; ; n++) {
          const r = next(u);
          if (isFfStray(r)) break;
          if (n > 64) throw new Error(`${u.label}: no resync`);
        }
      }
    }
  }
}

/** A stream of units with ids u<base>..; bytes in one buffer. */
export function buildStream(makers: readonly UnitMaker[], base: number): { units: Unit[]; bytes: Buffer } {
  const units = makers.map((m, k) => m(`u${base + k}`));
  return { units, bytes: Buffer.concat(units.map((u) => u.bytes)) };
}

/** Cut `bytes` into pieces at the given fractions (messages then cross writes). */
export function chunk(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    if (c > prev) out.push(bytes.subarray(prev, c));
    prev = Math.max(prev, c);
  }
  return out;
}
