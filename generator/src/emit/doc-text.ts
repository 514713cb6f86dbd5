// Small, shared views of a definition's doc comment for one-line uses
// (emitter summaries, docs index entries).  Full JSDoc rendering is
// jsdoc.ts's job.

import type { QAPIDoc } from "../doc/qapidoc.js";

/** The first paragraph of a doc's body, joined to one line, or "". */
export function docSummary(doc: QAPIDoc | null): string {
  const body = doc?.body?.text ?? "";
  const para = body.split(/\n\s*\n/u)[0] ?? "";
  return para.replace(/\s+/gu, " ").trim();
}
