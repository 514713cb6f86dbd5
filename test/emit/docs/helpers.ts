// Shared by the docs backend tests: run only the docs backend on a schema.

import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { compileSchema } from "../../../generator/src/compile.js";
import { GenContext, type GenerateOptions } from "../../../generator/src/emit/backend.js";
import { docsBackend } from "../../../generator/src/emit/backends/docs.js";
import { OutputSet } from "../../../generator/src/emit/output-set.js";
import { sharedPath } from "../../shared.js";

export const REPO = resolve(__dirname, "../../..");
export const QEMU10 = sharedPath("qemu/10.0/schema/qapi-schema.json");
export const QEMU72 = sharedPath("qemu/7.2/schema/qapi-schema.json");
export const OURS = resolve(REPO, "qapi/qapi-schema.json");

export interface DocsRun {
  readonly out: OutputSet;
  readonly ms: number;
}

/** The docs backend's files for the schema at `path`. */
export function generateDocs(
  path: string,
  options: { legacy?: boolean; defines?: string[] | null; schemaPath?: string } = {},
): DocsRun {
  const schema = compileSchema(path, { legacy: options.legacy ?? false });
  const opts: GenerateOptions = {
    prefix: "",
    unmask: false,
    defines: options.defines ? new Set(options.defines) : null,
    legacy: options.legacy ?? false,
    schemaPath: options.schemaPath ?? "qapi-schema.json",
    runtimePath: null,
  };
  const out = new OutputSet();
  const t0 = performance.now();
  docsBackend.generate(schema, out, new GenContext(opts));
  return { out, ms: performance.now() - t0 };
}

/** Write schema files (name -> text) into a fresh temp dir; returns the root's path. */
export function writeSchema(files: Record<string, string>, root = "schema.json"): string {
  const dir = mkdtempSync(join(tmpdir(), "qapi-docs-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return join(dir, root);
}

/** Ids defined and internal hrefs used by an HTML page (no DOM needed). */
export function htmlLinks(html: string): { ids: Set<string>; hrefs: string[] } {
  const ids = new Set<string>();
  for (const m of html.matchAll(/\sid="([^"]*)"/gu)) ids.add(decodeAttr(m[1]!));
  const hrefs: string[] = [];
  for (const m of html.matchAll(/\shref="#([^"]*)"/gu)) hrefs.push(decodeURIComponent(decodeAttr(m[1]!)));
  return { ids, hrefs };
}

function decodeAttr(v: string): string {
  return v
    .replace(/&#(\d+);/gu, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/gu, '"')
    .replace(/&lt;/gu, "<")
    .replace(/&gt;/gu, ">")
    .replace(/&amp;/gu, "&");
}
