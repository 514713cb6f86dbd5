/**
 * Typed values from a keyval tree (`-blockdev driver=qcow2,read-only=on,...`).
 *
 * QEMU visits such options with the keyval flavour of its input visitor
 * (qapi/qobject-input-visitor.c, the *_keyval functions): every leaf is a
 * string, converted when a member of type bool, int, size or number is
 * visited.  We do that conversion first, walking the schema as the
 * introspection data (the generated query-qmp-schema answer) describes it,
 * and then hand the typed tree to the generated validator, which reports
 * missing, unexpected and badly typed members with QEMU's texts.
 *
 * Introspection folds every integer type into "int", so every integer
 * member is parsed as qemu_strtoi64 parses an 'int' (decimal, 0x hex, 0
 * octal; no size suffixes).  The BlockdevOptions members we serve are all
 * 'int' (raw's offset and size too), so this is exact for -blockdev; a
 * 'size' member elsewhere would refuse "64k" where QEMU takes it.
 */
import { isQDict } from "../qmp/qdict.js";
import { QmpError } from "../support/qmp-error.js";
import type { SchemaInfo } from "../support/introspection.js";

type Tree = unknown;

export class KeyvalTyper {
  private readonly byName = new Map<string, SchemaInfo>();

  constructor(schema: readonly SchemaInfo[]) {
    for (const e of schema) this.byName.set(e.name, e);
  }

  /** The arguments type of command `command` (e.g. blockdev-add's BlockdevOptions). */
  argType(command: string): string {
    const c = this.byName.get(command);
    if (!c || c["meta-type"] !== "command") throw new Error(`no command ${command} in the schema`);
    return c["arg-type"];
  }

  /** Convert the string leaves of `value` by the type `typeName`. */
  convert(value: Tree, typeName: string, path = ""): Tree {
    const t = this.byName.get(typeName);
    if (!t) return value;
    switch (t["meta-type"]) {
      case "builtin":
        return typeof value === "string" ? scalar(value, t["json-type"], path) : value;
      case "array":
        return Array.isArray(value) ? value.map((v, i) => this.convert(v, t["element-type"], `${path}[${i}]`)) : value;
      case "object":
        return this.object(value, t, path);
      case "alternate":
        return this.alternate(value, t, path);
      default:
        return value; // enums stay strings; events/commands do not occur
    }
  }

  private object(value: Tree, t: Extract<SchemaInfo, { "meta-type": "object" }>, path: string): Tree {
    if (!isQDict(value)) return value;
    const types = new Map<string, string>();
    for (const m of t.members) types.set(m.name, m.type);
    if (t.tag !== undefined && t.variants) {
      const tag = value[t.tag];
      const branch = t.variants.find((v) => v.case === tag);
      const bt = branch && this.byName.get(branch.type);
      if (bt && bt["meta-type"] === "object") for (const m of bt.members) types.set(m.name, m.type);
    }
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      const mt = types.get(key);
      out[key] = mt === undefined ? value[key] : this.convert(value[key], mt, path ? `${path}.${key}` : key);
    }
    return out;
  }

  /** An alternate takes the branch that matches the tree's shape (a dict or a string). */
  private alternate(value: Tree, t: Extract<SchemaInfo, { "meta-type": "alternate" }>, path: string): Tree {
    const kinds = t.members.map((m) => ({ type: m.type, info: this.byName.get(m.type) }));
    if (isQDict(value)) {
      const obj = kinds.find((k) => k.info?.["meta-type"] === "object");
      return obj ? this.convert(value, obj.type, path) : value;
    }
    if (typeof value !== "string") return value;
    const str = kinds.find(
      (k) =>
        k.info?.["meta-type"] === "enum" || (k.info?.["meta-type"] === "builtin" && k.info["json-type"] === "string"),
    );
    if (str) return value;
    const other = kinds.find((k) => k.info?.["meta-type"] === "builtin");
    return other ? this.convert(value, other.type, path) : value;
  }
}


function expects(path: string, what: string): QmpError {
  return QmpError.generic(`Parameter '${path}' expects ${what}`);
}

function scalar(s: string, jsonType: string, path: string): unknown {
  switch (jsonType) {
    case "boolean": {
      const b = parseBoolValue(s);
      if (b === undefined) throw expects(path, "'on' or 'off'");
      return b;
    }
    case "int": {
      const n = strtoi64(s);
      if (n === undefined) throw expects(path, "integer");
      return n;
    }
    case "number": {
      const n = s.trim() === "" ? NaN : Number(s);
      if (!Number.isFinite(n)) throw QmpError.generic(`Invalid parameter type for '${path}', expected: number`);
      return n;
    }
    case "null":
      return s === "" || s === "null" ? null : s;
    default:
      return s;
  }
}

/** qapi_bool_parse(). */
function parseBoolValue(s: string): boolean | undefined {
  if (["on", "yes", "true", "y"].includes(s)) return true;
  if (["off", "no", "false", "n"].includes(s)) return false;
  return undefined;
}

/** qemu_strtoi64(str, NULL, 0, ...): decimal, 0x hex or 0 octal, whole string. */
function strtoi64(s: string): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const digits = m[2]!;
  let v: bigint;
  if (/^0[xX]/.test(digits)) v = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith("0")) v = BigInt(`0o${digits.slice(1)}`);
  else v = BigInt(digits);
  if (m[1] === "-") v = -v;
  if (v < -(2n ** 63n) || v > 2n ** 63n - 1n) return undefined;
  return Number(v);
}
