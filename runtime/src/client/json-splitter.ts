// Framing of the server's output into JSON messages.
//
// QEMU ends every message with CRLF and never breaks one across lines, but
// the protocol only promises JSON objects (qmp-spec.rst, "General
// Definitions"), and a socket may split a message anywhere.  So messages
// are found by tracking brace depth outside strings, not by lines.

import { QmpProtocolError } from "./errors.js";

export class JsonSplitter {
  private buffer = "";
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Index in `buffer` where scanning resumes. */
  private scanned = 0;
  /** Start of the current message in `buffer`, -1 between messages. */
  private start = -1;

  /** Feed text; returns the complete messages it finished, in order. */
  feed(text: string): string[] {
    this.buffer += text;
    const out: string[] = [];
    for (let i = this.scanned; i < this.buffer.length; i++) {
      const ch = this.buffer[i]!;
      if (this.start < 0) {
        if (ch === "{") {
          this.start = i;
          this.depth = 1;
        } else if (!/\s/u.test(ch)) {
          throw new QmpProtocolError(`unexpected ${JSON.stringify(ch)} between QMP messages`);
        }
        continue;
      }
      if (this.scanChar(ch)) {
        out.push(this.buffer.slice(this.start, i + 1));
        this.start = -1;
      }
    }
    this.compact();
    return out;
  }

  /** True if text was fed that is not yet a complete message. */
  get pending(): boolean {
    return this.start >= 0;
  }

  /** Advance the string/depth state by one character; true at message end. */
  private scanChar(ch: string): boolean {
    if (this.inString) {
      if (this.escaped) {
        this.escaped = false;
      } else if (ch === "\\") {
        this.escaped = true;
      } else if (ch === '"') {
        this.inString = false;
      }
      return false;
    }
    if (ch === '"') {
      this.inString = true;
    } else if (ch === "{" || ch === "[") {
      this.depth++;
    } else if (ch === "}" || ch === "]") {
      this.depth--;
    }
    return this.depth === 0;
  }

  private compact(): void {
    const keep = this.start < 0 ? this.buffer.length : this.start;
    this.buffer = this.buffer.slice(keep);
    if (this.start >= 0) {
      this.start = 0;
    }
    this.scanned = this.buffer.length;
  }
}
