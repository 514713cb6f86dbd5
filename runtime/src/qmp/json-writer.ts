/**
 * QEMU's compact JSON output (mirrors qobject/json-writer.c and
 * qobject/qjson.c to_json(), QEMU 7.2, pretty = false).
 *
 * `{"a": 1, "b": [1, 2]}`: ": " after keys, ", " between members; object
 * members in QDict hash order (qdict.ts); strings escape `"`, `\\`, \b \f \n
 * \r \t, other characters below 0x20 and everything from 0x7F up as \uXXXX
 * with upper-case hex (surrogate pairs beyond the BMP); invalid characters
 * (lone surrogates, noncharacters) print as \uFFFD.  bigint prints as an
 * integer, number as C's "%.17g" (QNUM_DOUBLE), so 1 -> 1, 0.1 ->
 * 0.10000000000000001, 1e300 -> 1.0000000000000001e+300, Infinity -> inf.
 */
import { isValidCodepoint } from "./utf8.js";
import { insertionKeys, qdictOrder } from "./qdict.js";

/** Printable ASCII without '"' and '\\'. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** json_writer quoted_str(). */
export function quoteString(str: string): string {
  if (PLAIN.test(str)) return `"${str}"`; // nothing to escape: the common case
  let out = '"';
  for (const ch of str) {
    let cp = ch.codePointAt(0)!;
    switch (cp) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += "\\\\";
        continue;
      case 0x08:
        out += "\\b";
        continue;
      case 0x0c:
        out += "\\f";
        continue;
      case 0x0a:
        out += "\\n";
        continue;
      case 0x0d:
        out += "\\r";
        continue;
      case 0x09:
        out += "\\t";
        continue;
    }
    // NUL is fine: QEMU stores it as C0 80 and decodes it back to 0.
    if (cp !== 0 && !isValidCodepoint(cp)) cp = 0xfffd;
    if (cp > 0xffff) {
      out += `\\u${hex4(0xd800 + ((cp - 0x10000) >> 10))}\\u${hex4(0xdc00 + ((cp - 0x10000) & 0x3ff))}`;
    } else if (cp < 0x20 || cp >= 0x7f) {
      out += `\\u${hex4(cp)}`;
    } else {
      out += ch;
    }
  }
  return out + '"';
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, "0");
}

/** printf("%.17g", v) as glibc prints it. */
export function formatDouble(v: number): string {
  if (Number.isNaN(v)) return "nan"; // glibc prints "-nan" for a negative NaN; JS cannot tell
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const P = 17;
  const [mant, expText] = v.toExponential(P - 1).split("e") as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", ""); // 17 significant digits
  let body: string;
  if (exp < -4 || exp >= P) {
    const frac = digits.slice(1).replace(/0+$/, "");
    const e = Math.abs(exp).toString().padStart(2, "0");
    body = `${digits[0]}${frac ? "." + frac : ""}e${exp < 0 ? "-" : "+"}${e}`;
  } else if (exp >= 0) {
    const int = digits.slice(0, exp + 1);
    const frac = digits.slice(exp + 1).replace(/0+$/, "");
    body = frac ? `${int}.${frac}` : int;
  } else {
    const frac = ("0".repeat(-exp - 1) + digits).replace(/0+$/, "");
    body = `0.${frac}`;
  }
  return neg ? `-${body}` : body;
}

/**
 * qobject_to_json(): one value as QEMU prints it.  Plain objects (and Maps)
 * are QDicts, arrays QLists; members that are undefined are omitted.
 */
export function toJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, 0);
  return parts.join("");
}

/** Deeper nesting than QEMU can produce means a cycle or a bug: stop. */
const MAX_DEPTH = 10_000;

function write(value: unknown, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) throw new Error("toJson: value nested too deeply (cycle?)");
  if (value === null || value === undefined) {
    out.push("null");
  } else if (typeof value === "string") {
    out.push(quoteString(value));
  } else if (typeof value === "boolean") {
    out.push(value ? "true" : "false");
  } else if (typeof value === "bigint") {
    out.push(value.toString());
  } else if (typeof value === "number") {
    out.push(formatDouble(value));
  } else if (Array.isArray(value)) {
    out.push("[");
    value.forEach((item, i) => {
      if (i > 0) out.push(", ");
      write(item, out, depth + 1);
    });
    out.push("]");
  } else if (value instanceof Map) {
    writeMembers([...value.keys()].map(String), (k) => value.get(k), out, depth);
  } else if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    writeMembers(insertionKeys(obj), (k) => obj[k], out, depth);
  } else {
    throw new Error(`toJson: cannot print a ${typeof value}`);
  }
}

function writeMembers(keys: readonly string[], get: (k: string) => unknown, out: string[], depth: number): void {
  out.push("{");
  let first = true;
  for (const key of qdictOrder(keys.filter((k) => get(k) !== undefined))) {
    if (!first) out.push(", ");
    first = false;
    out.push(quoteString(key), ": ");
    write(get(key), out, depth + 1);
  }
  out.push("}");
}

/** qmp_send_response() + monitor_puts(): a message line, "\r\n" terminated. */
export function qmpLine(value: unknown): string {
  return toJson(value) + "\r\n";
}
