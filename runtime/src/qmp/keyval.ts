/**
 * QEMU's two KEY=VALUE option syntaxes, for the command line:
 *
 * - keyval (mirrors util/keyval.c keyval_parse(), used by -blockdev): dotted
 *   keys build nested objects (file.filename=x), numeric fragments build
 *   lists (a.0=x,a.1=y), ",," is a literal comma, an implied first key
 *   ("driver") may be omitted.  Every leaf is a string; the QAPI visitor
 *   converts it later (keyval visitor: "on"/"off" for bools and so on).
 * - QemuOpts (mirrors util/qemu-option.c opts_do_parse(), used by -qmp's
 *   chardev options and -device): flat, repeated keys (last one wins),
 *   a bare "flag" means flag=on and "noflag" flag=off.
 *
 * And qobject_from_json() for the JSON forms (`-blockdev '{...}'`).
 */
import type { JsonObject, JsonValue } from "../support/dispatch-types.js";
import { JsonMessageParser } from "./json-streamer.js";
import { newJsonObject, recordKeyOrder, insertionKeys } from "./qdict.js";

/** An option-syntax error with QEMU's message. */
export class OptionSyntaxError extends Error {}

/** qobject_from_json(): exactly one JSON value from a string. */
export function qobjectFromJson(text: string): JsonValue {
  let result: JsonValue | undefined;
  let err: string | undefined;
  const parser = new JsonMessageParser((value, error) => {
    if (result !== undefined) {
      result = undefined;
      err = "Expecting at most one JSON value";
    }
    if (err !== undefined) return;
    if (error) err = error.desc;
    else result = value;
  });
  const nul = text.indexOf("\0");
  parser.feed(new TextEncoder().encode(nul >= 0 ? text.slice(0, nul) : text)); // strlen()
  parser.flush();
  if (err !== undefined) throw new OptionSyntaxError(err);
  if (result === undefined) throw new OptionSyntaxError("Expecting a JSON value");
  return result;
}

/** parse_qapi_name(s, false): length of the QAPI name at s[from..], or -1. */
function qapiNameLength(s: string, from: number): number {
  let p = from;
  const alnum = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);
  if (s[p] === "_") {
    p++;
    if (s[p] !== "_") return -1;
    while (++p < s.length && (alnum(s[p]) || s[p] === "-" || s[p] === ".")) {
      /* downstream __RFQDN_ prefix */
    }
    if (s[p] !== "_") return -1;
    p++;
  }
  if (p >= s.length || !/[A-Za-z]/.test(s[p]!)) return -1;
  while (++p < s.length && (alnum(s[p]) || s[p] === "-" || s[p] === "_")) {
    /* name characters */
  }
  return p - from;
}

/** key_to_index(): leading digits as a list index (capped), or -1. */
function keyToIndex(key: string, from = 0): { index: number; end: number } | undefined {
  const m = /^[0-9]+/.exec(key.slice(from));
  if (!m) return undefined;
  const n = Number(m[0]);
  return {
    index: Number.isSafeInteger(n) && n <= 0x7fffffff ? n : 0x7fffffff,
    end: from + m[0].length,
  };
}

type KvDict = Map<string, KvValue>;
type KvValue = string | KvDict;

/** keyval_parse_put(): make cur[key] a dict (value undefined) or the string. */
function kvPut(cur: KvDict, keyInCur: string, value: string | undefined, keyShown: string): KvValue {
  const old = cur.get(keyInCur);
  if (old !== undefined) {
    if (typeof old !== (value !== undefined ? "string" : "object")) {
      throw new OptionSyntaxError(`Parameters '${keyShown}.*' used inconsistently`);
    }
    if (value === undefined) return old;
    cur.delete(keyInCur); // the replacement goes where a new key would (QDict re-insert)
  }
  const created: KvValue = value ?? new Map();
  cur.set(keyInCur, created);
  return created;
}

/** keyval_parse_one(): returns the position after this parameter. */
function kvParseOne(root: KvDict, params: string, pos: number, impliedKey: string | undefined): number {
  let len = params.slice(pos).search(/[=,]/);
  if (len < 0) len = params.length - pos;
  let key = params.slice(pos, pos + len);
  let valEnd = -1;
  if (len && params[pos + len] !== "=") {
    if (key === "?" || key === "help") {
      throw new OptionSyntaxError("Help is not available for this option");
    }
    if (impliedKey !== undefined) {
      valEnd = pos + len;
      key = impliedKey;
    }
  }
  const implied = valEnd >= 0;
  let cur = root;
  let s = 0;
  let keyInCur = "";
  for (;;) {
    const idx = s !== 0 ? keyToIndex(key, s) : undefined;
    let n = idx ? idx.end - s : Math.max(qapiNameLength(key, s), 0);
    if (!n || (s + n < key.length && key[s + n] !== ".")) {
      throw new OptionSyntaxError(`Invalid parameter '${key}'`);
    }
    if (n >= 128) {
      const frag = s !== 0 || s + n !== key.length ? " fragment" : "";
      throw new OptionSyntaxError(`Parameter${frag} '${key.slice(s, s + n)}' is too long`);
    }
    if (s !== 0) cur = kvPut(cur, keyInCur, undefined, key.slice(0, s - 1)) as KvDict;
    keyInCur = key.slice(s, s + n);
    s += n;
    if (key[s] !== ".") break;
    s++;
  }
  let value: string;
  let next: number;
  if (implied) {
    value = params.slice(pos, valEnd);
    next = valEnd + (params[valEnd] === "," ? 1 : 0);
  } else {
    let p = pos + s;
    if (params[p] !== "=") throw new OptionSyntaxError(`Expected '=' after parameter '${key.slice(0, s)}'`);
    p++;
    let v = "";
    for (;;) {
      if (p >= params.length) break;
      if (params[p] === ",") {
        p++;
        if (params[p] !== ",") break;
      }
      v += params[p++];
    }
    value = v;
    next = p;
  }
  kvPut(cur, keyInCur, value, key);
  return next;
}

/** keyval_listify(): dicts whose keys are all indexes become lists. */
function kvListify(cur: KvDict, path: string[]): JsonValue {
  let hasIndex = false;
  let hasMember = false;
  const converted = new Map<string, JsonValue>();
  for (const [k, v] of cur) {
    if (keyToIndex(k)?.end === k.length) hasIndex = true;
    else hasMember = true;
    converted.set(k, typeof v === "string" ? v : kvListify(v, [...path, k]));
  }
  const prefix = path.map((p) => p + ".").join("");
  if (hasIndex && hasMember) throw new OptionSyntaxError(`Parameters '${prefix}*' used inconsistently`);
  if (!hasIndex) {
    const obj = newJsonObject();
    const keys = [...converted.keys()];
    for (const k of keys) obj[k] = converted.get(k)!;
    recordKeyOrder(obj, keys);
    return obj;
  }
  const elems: JsonValue[] = [];
  let max = -1;
  for (const [k, v] of converted) {
    const i = keyToIndex(k)!.index;
    max = Math.max(max, i);
    if (i < converted.size) elems[i] = v;
  }
  const list: JsonValue[] = [];
  for (let i = 0; i < Math.min(converted.size + 1, max + 1); i++) {
    if (elems[i] === undefined) throw new OptionSyntaxError(`Parameter '${prefix}${i}' missing`);
    list.push(elems[i]!);
  }
  return list;
}

/** keyval_parse(params, impliedKey, NULL): a nested object of strings. */
export function keyvalParse(params: string, impliedKey?: string): JsonObject {
  const root: KvDict = new Map();
  let pos = 0;
  let implied = impliedKey;
  while (pos < params.length) {
    pos = kvParseOne(root, params, pos, implied);
    implied = undefined;
  }
  return kvListify(root, []) as JsonObject;
}

/** One QemuOpts parameter, in command-line order. */
export interface QemuOpt {
  name: string;
  value: string;
  /** Written as a bare flag ("server", "nowait"). */
  flag: boolean;
}

/** get_opt_value(): up to an unescaped ',' (",," is a comma). */
function optValue(params: string, pos: number): { value: string; next: number } {
  let v = "";
  let p = pos;
  while (p < params.length) {
    if (params[p] === ",") {
      if (params[p + 1] !== ",") break;
      p++;
    }
    v += params[p++];
  }
  return { value: v, next: p };
}

/** opts_do_parse(): QemuOpts syntax, `firstname` naming a leading bare value. */
export function qemuOptsParse(params: string, firstname?: string): QemuOpt[] {
  const out: QemuOpt[] = [];
  let p = 0;
  let first = firstname;
  while (p < params.length) {
    const rest = params.slice(p);
    let len = rest.search(/[=,]/);
    if (len < 0) len = rest.length;
    if (rest[len] !== "=") {
      if (first !== undefined) {
        const v = optValue(params, p);
        out.push({ name: first, value: v.value, flag: false });
        p = v.next;
      } else {
        const name = rest.slice(0, len);
        const neg = name.startsWith("no");
        out.push({
          name: neg ? name.slice(2) : name,
          value: neg ? "off" : "on",
          flag: true,
        });
        p += len;
      }
    } else {
      const name = rest.slice(0, len);
      const v = optValue(params, p + len + 1);
      out.push({ name, value: v.value, flag: false });
      p = v.next;
    }
    first = undefined;
    if (params[p] === ",") p++;
  }
  return out;
}

/** qapi_bool_parse(). */
export function parseBool(name: string, value: string): boolean {
  if (["on", "yes", "true", "y"].includes(value)) return true;
  if (["off", "no", "false", "n"].includes(value)) return false;
  throw new OptionSyntaxError(`Parameter '${name}' expects 'on' or 'off'`);
}

/** The keys of a parsed object in insertion order (for callers that care). */
export { insertionKeys };
