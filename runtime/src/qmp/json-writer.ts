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
 * qobject_to_json() / qobject_to_json_pretty(): one value as QEMU prints it.
 * Plain objects (and Maps) are QDicts, arrays QLists; members that are
 * undefined are omitted.  Pretty output (-qmp-pretty) puts every member on a
 * line of its own, indented by 4 spaces per level, as json-writer.c does.
 */
export function toJson(value: unknown, pretty = false): string {
  const parts: string[] = [];
  write(value, parts, 0, pretty);
  return parts.join("");
}

/** Deeper nesting than QEMU can produce means a cycle or a bug: stop. */
const MAX_DEPTH = 10_000;

/** pretty_newline(): a newline and the indentation of `depth` containers. */
const newline = (depth: number): string => "\n" + " ".repeat(depth * 4);

function write(value: unknown, out: string[], depth: number, pretty: boolean): void {
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
    writeContainer("[", "]", value.length, (i) => [undefined, value[i]], out, depth, pretty);
  } else if (value instanceof Map) {
    const keys = qdictOrder([...value.keys()].map(String).filter((k) => value.get(k) !== undefined));
    writeContainer("{", "}", keys.length, (i) => [keys[i]!, value.get(keys[i]!)], out, depth, pretty);
  } else if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = qdictOrder(insertionKeys(obj).filter((k) => obj[k] !== undefined));
    writeContainer("{", "}", keys.length, (i) => [keys[i]!, obj[keys[i]!]], out, depth, pretty);
  } else {
    throw new Error(`toJson: cannot print a ${typeof value}`);
  }
}

/** json_writer_start_*, maybe_comma_name(), json_writer_end_*. */
function writeContainer(
  open: string,
  close: string,
  count: number,
  item: (i: number) => [string | undefined, unknown],
  out: string[],
  depth: number,
  pretty: boolean,
): void {
  const inner = depth + 1;
  out.push(open);
  for (let i = 0; i < count; i++) {
    if (pretty) out.push(i > 0 ? "," + newline(inner) : newline(inner));
    else if (i > 0) out.push(", ");
    const [key, v] = item(i);
    if (key !== undefined) out.push(quoteString(key), ": ");
    write(v, out, inner, pretty);
  }
  if (pretty) out.push(newline(depth));
  out.push(close);
}

/** qmp_send_response() + monitor_puts(): a message, "\n" written as "\r\n". */
export function qmpLine(value: unknown, pretty = false): string {
  const text = toJson(value, pretty);
  return (pretty ? text.replaceAll("\n", "\r\n") : text) + "\r\n";
}
