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
import { QFloat } from "../support/qfloat.js";
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
  // %.17g prints an exactly representable integer below 10^17 as its digits
  if (Number.isSafeInteger(v)) return String(v);
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
  return write(value, 0, pretty);
}

/** Deeper nesting than QEMU can produce means a cycle or a bug: stop. */
const MAX_DEPTH = 10_000;

/** pretty_newline(): a newline and the indentation of `depth` containers. */
const newline = (depth: number): string => "\n" + " ".repeat(depth * 4);

// Built by string concatenation (V8 ropes), with no per-member allocations:
// answers of several megabytes (query-named-block-nodes with thousands of
// snapshots) are printed at memory speed.
function write(value: unknown, depth: number, pretty: boolean): string {
  if (depth > MAX_DEPTH) throw new Error("toJson: value nested too deeply (cycle?)");
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return quoteString(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "number":
      return formatDouble(value);
    case "object":
      if (value instanceof QFloat) return formatDouble(value.value);
      break;
    default:
      throw new Error(`toJson: cannot print a ${typeof value}`);
  }
  const inner = depth + 1;
  let out: string;
  let close: string;
  if (Array.isArray(value)) {
    out = "[";
    close = "]";
    for (let i = 0; i < value.length; i++) out += separator(i, inner, pretty) + write(value[i], inner, pretty);
  } else if (value instanceof Map) {
    const keys = qdictOrder([...value.keys()].map(String).filter((k) => value.get(k) !== undefined));
    out = "{";
    close = "}";
    for (let i = 0; i < keys.length; i++) {
      out += separator(i, inner, pretty) + quoteString(keys[i]!) + ": " + write(value.get(keys[i]!), inner, pretty);
    }
  } else {
    const obj = value as Record<string, unknown>;
    const keys = qdictOrder(insertionKeys(obj).filter((k) => obj[k] !== undefined));
    out = "{";
    close = "}";
    for (let i = 0; i < keys.length; i++) {
      out += separator(i, inner, pretty) + quoteString(keys[i]!) + ": " + write(obj[keys[i]!], inner, pretty);
    }
  }
  // json_writer_end_*: pretty output closes on a line of its own (also when empty)
  return pretty ? out + newline(depth) + close : out + close;
}

/** maybe_comma_name(): what goes before member i. */
function separator(i: number, inner: number, pretty: boolean): string {
  if (pretty) return i > 0 ? "," + newline(inner) : newline(inner);
  return i > 0 ? ", " : "";
}

/** qmp_send_response() + monitor_puts(): a message, "\n" written as "\r\n". */
export function qmpLine(value: unknown, pretty = false): string {
  const text = toJson(value, pretty);
  return (pretty ? text.replaceAll("\n", "\r\n") : text) + "\r\n";
}
