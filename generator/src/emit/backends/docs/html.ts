// HTML rendering of the docs model: docs/index.html, one self-contained
// page (no external resources) with an index of modules and definitions,
// a section per definition, cross-links, and a search box.
//
// Every piece of schema text goes through escapeHtml()/escapeAttr(); the
// only script is the constant one in html-assets.ts, so doc text can never
// reach a script context.
//
// Prettier: the <head> is printed exactly as prettier prints it; the
// <body> is marked `<!-- prettier-ignore -->`, which prettier honours by
// keeping the element verbatim.  Reproducing prettier's HTML layout (fill
// of inline content at 80 columns, whitespace-sensitive breaking inside
// inline tags) by string building is not practical, and prettier takes
// seconds on a page of QEMU's size.

import type { Block, Inline } from "./doc-tree.js";
import { HEAD_STYLE, SEARCH_SCRIPT } from "./html-assets.js";
import type { DefView, DocsModel, Page, Part, Row, Table, TypeLink } from "./model.js";

export function renderHtml(model: DocsModel, title: string, header: string): string {
  const r = new HtmlRenderer(model);
  return r.render(title, header);
}

class HtmlRenderer {
  private readonly out: string[] = [];

  constructor(private readonly model: DocsModel) {}

  render(title: string, header: string): string {
    const head = [
      "<!doctype html>",
      `<!-- ${commentText(header)} -->`,
      '<html lang="en">',
      "  <head>",
      '    <meta charset="utf-8" />',
      '    <meta name="viewport" content="width=device-width, initial-scale=1" />',
      `    <title>${escapeHtml(title)}</title>`,
      "    <style>",
      ...HEAD_STYLE.map((l) => (l === "" ? "" : `      ${l}`)),
      "    </style>",
      "  </head>",
      "  <!-- prettier-ignore -->",
      "  <body>",
    ];
    this.out.push(...head);
    this.out.push(`<header><h1>${escapeHtml(title)}</h1>`);
    this.out.push(
      '<input id="search" type="search" placeholder="Filter definitions" aria-label="Filter definitions" autocomplete="off">',
      '<span id="search-count" aria-live="polite"></span></header>',
    );
    this.out.push('<div class="layout">');
    this.nav();
    this.out.push("<main>");
    for (const page of this.model.pages) this.page(page);
    this.out.push("</main>", "</div>");
    this.out.push("<script>", ...SEARCH_SCRIPT, "</script>");
    this.out.push("  </body>", "</html>");
    return this.out.join("\n") + "\n";
  }

  private nav(): void {
    this.out.push('<nav id="toc" aria-label="Definitions"><ul>');
    for (const page of this.model.pages) {
      this.out.push(`<li class="module"><a href="#${attr(page.id)}">${escapeHtml(page.base)}</a><ul>`);
      for (const item of page.items) {
        if (item.t !== "def") continue;
        const d = item.def;
        // The script also searches the link's title (the summary).
        const key = `${d.name} ${d.kind}`.toLowerCase();
        const cls = d.deprecated ? ' class="deprecated"' : "";
        const title = d.summary ? ` title="${attr(d.summary)}"` : "";
        this.out.push(
          `<li data-search="${attr(key)}"${cls}><a href="#${attr(d.id)}"${title}>${escapeHtml(d.name)}</a> <span class="k">${d.kind}</span></li>`,
        );
      }
      this.out.push("</ul></li>");
    }
    this.out.push("</ul></nav>");
  }

  private page(page: Page): void {
    this.out.push(`<section class="module" id="${attr(page.id)}">`, `<h2>Module <code>${escapeHtml(page.base)}</code></h2>`);
    let level = 2;
    for (const item of page.items) {
      switch (item.t) {
        case "heading":
          level = Math.min(item.level + 2, 5);
          this.out.push(`<h${level} id="${attr(item.id)}">${this.inl(item.c)}</h${level}>`);
          break;
        case "prose":
          this.out.push(this.blocks(item.blocks));
          break;
        case "def":
          this.definition(item.def, Math.min(level + 1, 6));
          break;
      }
    }
    this.out.push("</section>");
  }

  private definition(d: DefView, level: number): void {
    const o = this.out;
    o.push(`<section class="def" id="${attr(d.id)}" data-kind="${d.kind.toLowerCase()}">`);
    o.push(`<h${level}><code>${escapeHtml(d.name)}</code> <span class="kind">${d.kind}</span></h${level}>`);
    const meta: string[] = [];
    if (d.since) meta.push(`<span class="since">Since ${escapeHtml(d.since)}</span>`);
    if (d.cond) meta.push(`<span class="cond">Only if <code>${escapeHtml(d.cond)}</code></span>`);
    if (d.deprecated) meta.push('<span class="badge deprecated">deprecated</span>');
    if (d.unstable) meta.push('<span class="badge unstable">unstable</span>');
    if (meta.length > 0) o.push(`<p class="meta">${meta.join(" ")}</p>`);
    if (d.deprecated) o.push(this.flag("Deprecated", "deprecated", d.deprecated));
    if (d.unstable) o.push(this.flag("Unstable", "unstable", d.unstable));
    for (const p of d.parts) o.push(this.part(p));
    o.push("</section>");
  }

  private flag(title: string, cls: string, blocks: readonly Block[]): string {
    return `<div class="note ${cls}"><p class="note-title">${title}</p>${this.blocks(blocks)}</div>`;
  }

  private part(p: Part): string {
    switch (p.t) {
      case "blocks":
        return this.blocks(p.blocks);
      case "table":
        return this.table(p.table);
      case "section": {
        const type = p.type ? ` ${this.typeLink(p.type)}` : "";
        return `<div class="section"><p class="section-title">${escapeHtml(p.title)}:${type}</p>${this.blocks(p.blocks)}</div>`;
      }
      case "example":
        return this.example(p.title, p.blocks);
    }
  }

  private example(title: readonly Inline[], blocks: readonly Block[]): string {
    const t = title.length > 0 ? `: ${this.inl(title)}` : "";
    return `<div class="example"><p class="example-title">Example${t}</p>${this.blocks(blocks)}</div>`;
  }

  private table(t: Table): string {
    const head =
      t.kind === "members" ? ["Name", "Type", "Description"] : [t.kind === "values" ? "Value" : "Feature", "Description"];
    const rows = t.rows.map((r) => this.row(r, t));
    return [
      `<p class="table-title">${escapeHtml(t.title)}</p>`,
      `<table class="table-${t.kind}"><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>`,
      ...rows,
      "</tbody></table>",
    ].join("\n");
  }

  private row(r: Row, t: Table): string {
    let name = r.name !== null ? `<code>${escapeHtml(r.name)}</code>` : this.inl(r.lead);
    if (r.optional) name += ' <span class="opt">optional</span>';
    let desc = this.blocks(r.desc);
    if (r.cond) desc += `<p class="cond">Only if <code>${escapeHtml(r.cond)}</code></p>`;
    if (r.features.length > 0) {
      const fs = r.features.map((f) =>
        f === "deprecated" || f === "unstable" ? `<span class="badge ${f}">${f}</span>` : `<code>${escapeHtml(f)}</code>`,
      );
      desc += `<p class="features">Features: ${fs.join(" ")}</p>`;
    }
    const type = t.kind === "members" ? `<td>${r.type ? this.typeLink(r.type) : ""}</td>` : "";
    return `<tr><td>${name}</td>${type}<td>${desc}</td></tr>`;
  }

  private typeLink(t: TypeLink): string {
    const code = `<code>${escapeHtml(t.name)}</code>`;
    const label = t.target !== null && this.model.homes.has(t.target) ? `<a href="#${attr(`def-${t.target}`)}">${code}</a>` : code;
    return t.array ? `array of ${label}` : label;
  }

  // --- doc text -------------------------------------------------------------

  private blocks(blocks: readonly Block[]): string {
    return blocks.map((b) => this.block(b)).join("\n");
  }

  private block(b: Block): string {
    switch (b.t) {
      case "p":
        return `<p>${this.inl(b.c)}</p>`;
      case "heading":
        return `<p><strong>${this.inl(b.c)}</strong></p>`;
      case "list": {
        const tag = b.ordered ? "ol" : "ul";
        return `<${tag}>${b.items.map((item) => `<li>${this.blocks(item)}</li>`).join("\n")}</${tag}>`;
      }
      case "code":
        return b.lines.length > 0 ? `<pre><code>${escapeHtml(b.lines.join("\n"))}</code></pre>` : "";
      case "example":
        return this.example(b.title, b.c);
      case "note":
        return `<div class="note"><p class="note-title">${escapeHtml(b.title)}</p>${this.blocks(b.c)}</div>`;
      case "quote":
        return `<blockquote>${this.blocks(b.c)}</blockquote>`;
      case "lines":
        return `<p>${b.lines.map((l) => this.inl(l)).join("<br>\n")}</p>`;
    }
  }

  private inl(c: readonly Inline[]): string {
    let s = "";
    for (const x of c) {
      switch (x.t) {
        case "text":
          s += escapeHtml(x.v);
          break;
        case "code":
          s += `<code>${escapeHtml(x.v)}</code>`;
          break;
        case "em":
          s += `<em>${this.inl(x.c)}</em>`;
          break;
        case "strong":
          s += `<strong>${this.inl(x.c)}</strong>`;
          break;
        case "ref":
          s += this.model.homes.has(x.name)
            ? `<a href="#${attr(`def-${x.name}`)}"><code>${escapeHtml(x.name)}</code></a>`
            : `<code>${escapeHtml(x.name)}</code>`;
          break;
        case "url":
          s += `<a href="${attr(x.href)}" rel="noopener noreferrer">${escapeHtml(x.href)}</a>`;
          break;
      }
    }
    return s;
  }
}

export function escapeHtml(v: string): string {
  if (!/[&<>]/u.test(v)) return v;
  return v.replace(/[&<>]/gu, (ch) => (ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : "&gt;"));
}

/** An attribute value (always written in double quotes). */
function attr(v: string): string {
  if (!/[&<>"']/u.test(v)) return v;
  return v.replace(/[&<>"']/gu, (ch) => `&#${ch.charCodeAt(0)};`);
}

function commentText(v: string): string {
  return v.replace(/--+/gu, "-").replace(/[<>]/gu, "");
}
