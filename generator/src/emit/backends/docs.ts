// The docs backend: docs/<module>.md per schema module and docs/index.html,
// a single static reference page (see docs/model.ts for what is shown and
// in which order, markdown.ts and html.ts for the two renderings).
//
// Both outputs are built by plain string concatenation from one model
// (QEMU 10.0's full schema takes a few tens of milliseconds) and are
// already in prettier's layout (markdown.ts, html.ts say how).

import { posix } from "node:path";
import type { QAPISchema } from "../../model/schema.js";
import type { Backend, GenContext } from "../backend.js";
import type { OutputSet } from "../output-set.js";
import { generatedHeader } from "../output-set.js";
import { renderHtml } from "./docs/html.js";
import { renderMarkdownPage } from "./docs/markdown.js";
import { buildDocsModel } from "./docs/model.js";

export const docsBackend: Backend = {
  name: "docs",
  generate(schema: QAPISchema, out: OutputSet, ctx: GenContext): void {
    const model = buildDocsModel(schema, ctx);
    for (const page of model.pages) {
      const header = generatedHeader(page.source).replace(/^\/\/ /u, "");
      out.add(ctx.modulePath("docs", page.base, ".md"), renderMarkdownPage(page, model, header));
    }
    const root = posix.basename(ctx.opts.schemaPath.replace(/\\/gu, "/"));
    const header = generatedHeader(ctx.opts.schemaPath).replace(/^\/\/ /u, "");
    out.add(ctx.topPath("docs/index.html"), renderHtml(model, `QAPI reference: ${root}`, header));
  },
};
