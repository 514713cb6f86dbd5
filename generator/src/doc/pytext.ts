// Python string semantics the doc-comment parsers depend on.
//
// QEMU strips and measures doc text with str.rstrip(), str.strip() and the
// regex `\s`, all of which use Python's notion of whitespace.  That set is
// not JavaScript's: Python also counts U+001C..U+001F and U+0085, and does
// not count U+FEFF.  These helpers use Python's set and plain loops (no
// regexes), so they are linear even on long section texts.

/** Python's str.isspace() for a single UTF-16 code unit. */
export function isPySpace(code: number): boolean {
  if (code <= 0x20) {
    return (code >= 0x09 && code <= 0x0d) || code >= 0x1c;
  }
  if (code < 0x85) {
    return false;
  }
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Length of the leading whitespace: QEMU's must_match(r'\s*', s).end(). */
export function leadingSpace(s: string): number {
  let i = 0;
  while (i < s.length && isPySpace(s.charCodeAt(i))) {
    i++;
  }
  return i;
}

/** Python's s.rstrip(). */
export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isPySpace(s.charCodeAt(end - 1))) {
    end--;
  }
  return end === s.length ? s : s.slice(0, end);
}

/** Python's s.strip(). */
export function pyStrip(s: string): string {
  return pyRstrip(s).slice(leadingSpace(s));
}

/** Python's s.strip('\n'). */
export function stripNewlines(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) === 10) {
    start++;
  }
  while (end > start && s.charCodeAt(end - 1) === 10) {
    end--;
  }
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Python's s.split(' ', 1)[0]: the text before the first space. */
export function firstWord(s: string): string {
  const i = s.indexOf(" ");
  return i < 0 ? s : s.slice(0, i);
}

/**
 * Python's whitespace as the body of a regex character class, for
 * porting QEMU regexes that use `\s` / `\S` (e.g. `[${PY_WS}]`).
 */
export const PY_WS =
  "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
