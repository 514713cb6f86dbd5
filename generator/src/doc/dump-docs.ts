// Text dump of parsed docs, a port of the doc printing at the end of
// QEMU's tests/qapi-schema/test-qapi.py (test_frontend()).  The conformance
// runner appends it to the schema dump to reproduce the .out files.
//
// 10.0 prints a section's kind ("section=Plain"); 7.2 printed its name,
// i.e. the tag as written or None when untagged ("section=Notes",
// "section=None").  Legacy docs are dumped the 7.2 way, including the extra
// docs 7.2 split off a block at '=' headings.

import type { QAPIDoc } from "./qapidoc.js";

export function dumpDocs(docs: readonly QAPIDoc[]): string {
  const out: string[] = [];
  // Docs from getDoc() carry their split-off parts in .following; docs from
  // getDocs() are already flat.  Print each doc once either way.
  const seen = new Set<QAPIDoc>();
  for (const top of docs) {
    for (const doc of top.parts()) {
      if (!seen.has(doc)) {
        seen.add(doc);
        dumpDoc(doc, out);
      }
    }
  }
  return out.join("");
}

function dumpDoc(doc: QAPIDoc, out: string[]): void {
  out.push(doc.symbol ? `doc symbol=${doc.symbol}\n` : "doc freeform\n");
  out.push(`    body=\n${doc.body.text}\n`);
  for (const [name, section] of doc.args) {
    out.push(`    arg=${name}\n${section.text}\n`);
  }
  for (const [name, section] of doc.features) {
    out.push(`    feature=${name}\n${section.text}\n`);
  }
  for (const section of doc.sections) {
    const label = doc.legacy ? (section.tag ?? "None") : section.kind;
    out.push(`    section=${label}\n${section.text}\n`);
  }
}
