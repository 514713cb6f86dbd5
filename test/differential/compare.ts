// Comparing two transcripts of the same scenario.  The default comparison
// is semantic: the same messages in the same order, where two messages are
// equal as JSON values (object member order ignored).  The strict one also
// wants the same normalised text (member order, escapes) and the same line
// terminators, which is what a byte-exact QEMU imitation produces.

import { isDeepStrictEqual } from "node:util";
import { readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, type Transcript } from "./qmp-driver.js";

export const FIXTURE_DIR = join(
  REPO_ROOT,
  "test",
  "fixtures",
  "qemu-7.2",
  "scenarios",
);

export function fixturePath(name: string): string {
  return join(FIXTURE_DIR, `${name}.json`);
}

export function readFixture(name: string): Transcript | undefined {
  const p = fixturePath(name);
  return existsSync(p)
    ? (JSON.parse(readFileSync(p, "utf8")) as Transcript)
    : undefined;
}

export function writeFixture(t: Transcript): void {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  writeFileSync(fixturePath(t.scenario), JSON.stringify(t, null, 1) + "\n");
}

function show(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}...` : s;
}

/**
 * Differences between the expected and actual transcript, one line each,
 * naming the exchange (by what was sent) and the message index.  Empty when
 * they agree.
 */
export function compareTranscripts(
  expected: Transcript,
  actual: Transcript,
  opts: { strict?: boolean } = {},
): string[] {
  const diffs: string[] = [];
  const n = Math.max(expected.exchanges.length, actual.exchanges.length);
  for (let i = 0; i < n; i++) {
    const e = expected.exchanges[i];
    const a = actual.exchanges[i];
    const where = `exchange ${i} (${show((e ?? a)!.send ?? "greeting").trim()})`;
    if (!e || !a) {
      diffs.push(`${where}: only in ${e ? "expected" : "actual"}`);
      continue;
    }
    if (e.send !== a.send) {
      diffs.push(
        `${where}: sent ${show(a.send)}, fixture sent ${show(e.send)}`,
      );
      continue;
    }
    if (a.timedOut) diffs.push(`${where}: timed out waiting for replies`);
    const m = Math.max(e.received.length, a.received.length);
    for (let j = 0; j < m; j++) {
      const er = e.received[j];
      const ar = a.received[j];
      if (!er || !ar) {
        diffs.push(
          `${where} message ${j}: ${er ? `missing, expected ${show(er.raw)}` : `unexpected ${show(ar!.raw)}`}`,
        );
        continue;
      }
      const same =
        er.msg === null || ar.msg === null
          ? er.raw === ar.raw
          : isDeepStrictEqual(er.msg, ar.msg);
      if (!same) {
        diffs.push(
          `${where} message ${j}: got ${show(ar.raw)}, expected ${show(er.raw)}`,
        );
      } else if (opts.strict && (er.raw !== ar.raw || er.crlf !== ar.crlf)) {
        diffs.push(
          `${where} message ${j} (strict): got ${show(ar.raw)}${ar.crlf ? "" : " without CRLF"}, expected ${show(er.raw)}`,
        );
      }
    }
  }
  if (expected.closed !== actual.closed) {
    diffs.push(
      `connection ${actual.closed ? "closed" : "left open"}, expected ${expected.closed ? "closed" : "open"}`,
    );
  }
  return diffs;
}
