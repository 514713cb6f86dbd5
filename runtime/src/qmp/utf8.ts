/**
 * Modified UTF-8 as QEMU decodes it (mirrors util/unicode.c).
 *
 * QEMU strings are C strings in "modified UTF-8": NUL is encoded as the
 * overlong pair C0 80, everything else as standard UTF-8; surrogates,
 * noncharacters and overlong forms are invalid.  The JSON parser rejects
 * invalid sequences; the JSON writer replaces them with U+FFFD.
 */

/** util/unicode.c is_valid_codepoint(). */
export function isValidCodepoint(cp: number): boolean {
  if (cp < 0 || cp > 0x10ffff) return false; // beyond Unicode (C compares unsigned)
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return false; // noncharacter
  if (cp >= 0xd800 && cp <= 0xdfff) return false; // surrogate
  return true;
}

const MIN_CP = [0x80, 0x800, 0x10000, 0x200000, 0x4000000];

/** Result of one decoding step: the code point (-1 if invalid) and where the next one starts. */
export interface Decoded {
  cp: number;
  end: number;
}

/**
 * util/unicode.c mod_utf8_codepoint() on bytes[pos..] of a binary string
 * (one char per byte), looking at no more than n bytes; bytes past `limit`
 * read as NUL (the C string terminator).
 */
export function modUtf8Codepoint(bytes: string, pos: number, n: number, limit = bytes.length): Decoded {
  const at = (i: number): number => (i < limit ? bytes.charCodeAt(i) : 0);
  let byte = at(pos);
  if (n === 0 || byte === 0) return { cp: -1, end: pos };
  let p = pos + 1;
  if (byte < 0x80) return { cp: byte, end: p };
  if (byte >= 0xfe || (byte & 0x40) === 0) return { cp: -1, end: p }; // impossible / stray continuation
  let len = 0;
  let mask = 0x80;
  for (; byte & mask; mask >>= 1) len++;
  let cp = byte & (mask - 1);
  for (let i = 1; i < len; i++) {
    byte = i < n ? at(p) : 0;
    if ((byte & 0xc0) !== 0x80) return { cp: -1, end: p }; // continuation byte missing
    p++;
    cp = (cp << 6) | (byte & 0x3f);
  }
  if (!isValidCodepoint(cp)) cp = -1;
  else if (cp < MIN_CP[len - 2]! && !(cp === 0 && len === 2)) cp = -1; // overlong, except C0 80
  return { cp, end: p };
}

/**
 * Bytes of a C string (up to the first NUL) as a JS string, decoding as
 * QEMU's JSON writer does: an invalid sequence becomes U+FFFD.  Used for
 * error messages that quote raw input, so they print exactly as QEMU's.
 */
export function decodeLossy(bytes: string, start = 0, end = bytes.length): string {
  const out: string[] = [];
  let i = start;
  while (i < end && bytes.charCodeAt(i) !== 0) {
    const d = modUtf8Codepoint(bytes, i, 6, end);
    out.push(String.fromCodePoint(d.cp < 0 ? 0xfffd : d.cp));
    i = d.end > i ? d.end : i + 1;
  }
  return out.join("");
}

/** Standard UTF-8 bytes of a JS string (what a client would have sent). */
export function utf8Bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
