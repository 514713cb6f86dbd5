// Test helper: just enough of QEMU's schema front end to run the doc-*
// conformance cases without the real parser and schema model.  It reads
// the top-level expressions of a test schema, pairs each definition with
// the doc block right before it, and connects members and features the
// way QAPISchema.check() does (QAPISchemaDefinition.connect_doc(): the
// definition's features first, then its members with their features).

import { getDoc } from "../../generator/src/doc/get-doc.js";
import type { QAPIDoc } from "../../generator/src/doc/qapidoc.js";
import { QAPISourceInfo } from "../../generator/src/source.js";
import type { QAPIObject, QAPIValue } from "../../generator/src/syntax/expression.js";
import { extractBlocks } from "./blocks.js";

type Json = string | boolean | Json[] | { [k: string]: Json };

interface Item {
  readonly kind: "doc" | "expr";
  readonly line: number;
  readonly value?: { [k: string]: Json };
}

/** Top-level items in file order; expressions converted to JSON. */
function scanItems(text: string): Item[] {
  const items: Item[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "\n") {
      line++;
      i++;
    } else if (ch === "#") {
      if (text.startsWith("##", i)) {
        items.push({ kind: "doc", line });
        // Skip to the closing '##' line (or the first non-comment line).
        const end = skipDocBlock(text, i);
        for (let k = i; k < end; k++) if (text[k] === "\n") line++;
        i = end;
        continue;
      }
      i = text.indexOf("\n", i);
    } else if (ch === "{") {
      const start = line;
      const [json, end] = readExpr(text, i);
      for (let k = i; k < end; k++) if (text[k] === "\n") line++;
      items.push({ kind: "expr", line: start, value: JSON.parse(json) });
      i = end;
    } else {
      i++;
    }
  }
  return items;
}

function skipDocBlock(text: string, i: number): number {
  let pos = text.indexOf("\n", i);
  while (pos >= 0 && pos + 1 < text.length) {
    const next = text.slice(pos + 1).trimStart();
    if (!next.startsWith("#")) return pos;
    const start = text.indexOf("#", pos + 1);
    pos = text.indexOf("\n", start);
    if (text.startsWith("##", start)) return pos;
  }
  return text.length;
}

/** One balanced {...} expression, as JSON text, and where it ends. */
function readExpr(text: string, i: number): [string, number] {
  let depth = 0;
  let out = "";
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      out += JSON.stringify(text.slice(i + 1, end));
      i = end;
      continue;
    }
    if (ch === "#") {
      i = text.indexOf("\n", i) - 1;
      continue;
    }
    out += ch;
    if (ch === "{" || ch === "[") depth++;
    if (ch === "}" || ch === "]") depth--;
    if (depth === 0) return [out, i + 1];
  }
  throw new Error("unbalanced expression");
}

function toQAPI(v: Json): QAPIValue {
  if (Array.isArray(v)) return v.map(toQAPI);
  if (typeof v === "object") {
    return new Map(Object.entries(v).map(([k, x]) => [k, toQAPI(x)])) as QAPIObject;
  }
  return v;
}

const META = ["enum", "struct", "union", "alternate", "command", "event"];

export interface EmuResult {
  readonly docs: QAPIDoc[];
}

/** Parse docs, then run checkExpr, connect and check like QEMU does. */
export function runDocCase(
  text: string,
  fname: string,
  legacy: boolean,
  parseOnly = false,
): EmuResult {
  const root = new QAPISourceInfo(fname, null);
  const blocks = extractBlocks(text, root);
  const items = scanItems(text);
  const docs: QAPIDoc[] = [];
  const defs: { doc: QAPIDoc | null; info: QAPISourceInfo; value: { [k: string]: Json } }[] = [];
  let pending: QAPIDoc | null = null;
  let b = 0;
  for (const item of items) {
    if (item.kind === "doc") {
      pending = getDoc(blocks[b++]!, { legacy });
      docs.push(pending);
      continue;
    }
    const value = item.value!;
    if ("pragma" in value) {
      const p = value["pragma"] as { [k: string]: Json };
      root.pragma.docRequired = p["doc-required"] === true;
      root.pragma.documentationExceptions = (p["documentation-exceptions"] ?? []) as string[];
    } else if (!("include" in value)) {
      const meta = META.find((m) => m in value)!;
      const info = root.atLine(item.line);
      info.setDefn(meta, value[meta] as string);
      defs.push({ doc: pending, info, value });
    }
    pending = null;
  }
  if (parseOnly) return { docs };
  for (const def of defs) {
    def.doc?.checkExpr({ expr: toQAPI(def.value) as QAPIObject, info: def.info, doc: def.doc });
  }
  for (const def of defs) {
    if (def.doc) connect(def.doc, def.info, def.value);
  }
  for (const doc of docs) doc.check();
  return { docs };
}

function names(v: Json | undefined): { name: string; features: string[] }[] {
  if (v === undefined || typeof v === "string" || typeof v === "boolean") return [];
  const entries: [string, Json][] = Array.isArray(v)
    ? v.map((x) =>
        typeof x === "object" && !Array.isArray(x) ? [x["name"] as string, x] : [x as string, x],
      )
    : Object.entries(v);
  return entries.map(([name, x]) => ({
    name: name.replace(/^\*/, ""),
    features: typeof x === "object" && !Array.isArray(x) ? ((x["features"] ?? []) as string[]) : [],
  }));
}

function connect(doc: QAPIDoc, info: QAPISourceInfo, value: { [k: string]: Json }): void {
  for (const f of (value["features"] ?? []) as string[]) doc.connectFeature({ name: f, info });
  const members =
    "union" in value
      ? names(value["base"])
      : "command" in value || "event" in value
        ? value["boxed"]
          ? []
          : names(value["data"])
        : names(value["data"]);
  const role = "enum" in value ? "value" : "alternate" in value ? "branch" : "member";
  for (const m of members) {
    doc.connectMember({ name: m.name, info, role });
    for (const f of m.features) doc.connectFeature({ name: f, info });
  }
}
