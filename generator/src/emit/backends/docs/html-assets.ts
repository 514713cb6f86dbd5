// The constant parts of docs/index.html: its style sheet (written as
// prettier formats CSS inside <style>, two spaces per level, since the
// <head> is checked by prettier) and the search script (inside the
// prettier-ignored <body>).  Neither contains schema text.

export const HEAD_STYLE: readonly string[] = `
:root {
  --fg: #1f2328;
  --muted: #59636e;
  --bg: #ffffff;
  --panel: #f6f8fa;
  --line: #d1d9e0;
  --link: #0969da;
  --code: #eff2f5;
  --warn: #9a6700;
  --bad: #cf222e;
}
* {
  box-sizing: border-box;
}
body {
  margin: 0;
  color: var(--fg);
  background: var(--bg);
  font:
    15px/1.5 system-ui,
    -apple-system,
    "Segoe UI",
    sans-serif;
}
header {
  position: sticky;
  top: 0;
  z-index: 1;
  display: flex;
  gap: 1rem;
  align-items: center;
  padding: 0.6rem 1rem;
  background: var(--panel);
  border-bottom: 1px solid var(--line);
}
header h1 {
  margin: 0;
  font-size: 1.1rem;
}
#search {
  flex: 0 1 22rem;
  padding: 0.3rem 0.5rem;
  font: inherit;
  border: 1px solid var(--line);
  border-radius: 6px;
}
#search-count {
  color: var(--muted);
  font-size: 0.85rem;
}
.layout {
  display: flex;
  align-items: flex-start;
}
nav {
  position: sticky;
  top: 3.2rem;
  flex: 0 0 19rem;
  max-height: calc(100vh - 3.2rem);
  overflow: auto;
  padding: 0.5rem 0.75rem;
  border-right: 1px solid var(--line);
  font-size: 0.85rem;
}
nav ul {
  margin: 0;
  padding-left: 0.9rem;
  list-style: none;
}
nav > ul {
  padding-left: 0;
}
nav .module > a {
  font-weight: 600;
}
nav .deprecated > a {
  text-decoration: line-through;
}
nav .k {
  color: var(--muted);
  font-size: 0.75rem;
}
main {
  flex: 1 1 auto;
  min-width: 0;
  padding: 0 1.5rem 4rem;
}
a {
  color: var(--link);
  text-decoration: none;
}
a:hover {
  text-decoration: underline;
}
code,
pre {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 0.88em;
}
code {
  padding: 0.1em 0.3em;
  background: var(--code);
  border-radius: 4px;
}
pre {
  padding: 0.75rem;
  overflow: auto;
  background: var(--panel);
  border: 1px solid var(--line);
  border-radius: 6px;
}
pre code {
  padding: 0;
  background: none;
}
.def {
  margin: 1.5rem 0;
  padding-top: 0.5rem;
  border-top: 1px solid var(--line);
}
.def > :is(h2, h3, h4, h5, h6) {
  margin: 0.25rem 0;
  font-size: 1.25rem;
}
.def > :is(h2, h3, h4, h5, h6) code {
  font-size: 1em;
}
.def .kind {
  margin-left: 0.4rem;
  color: var(--muted);
  font-size: 0.8rem;
  font-weight: 400;
  text-transform: uppercase;
}
.meta {
  color: var(--muted);
  font-size: 0.85rem;
}
.badge {
  padding: 0 0.4em;
  border: 1px solid currentColor;
  border-radius: 1em;
  font-size: 0.8rem;
}
.deprecated {
  color: var(--bad);
}
.unstable {
  color: var(--warn);
}
.note,
.example,
.section {
  margin: 0.75rem 0;
}
.note {
  padding: 0 0.75rem;
  border-left: 3px solid var(--line);
}
.note.deprecated {
  color: var(--fg);
  border-color: var(--bad);
}
.note.unstable {
  color: var(--fg);
  border-color: var(--warn);
}
.note.deprecated .note-title {
  color: var(--bad);
}
.note.unstable .note-title {
  color: var(--warn);
}
.note-title,
.example-title,
.section-title,
.table-title {
  margin-bottom: 0.25rem;
  font-weight: 600;
}
table {
  width: 100%;
  border-collapse: collapse;
  font-size: 0.9rem;
}
th,
td {
  padding: 0.35rem 0.5rem;
  text-align: left;
  vertical-align: top;
  border: 1px solid var(--line);
}
th {
  background: var(--panel);
}
td p {
  margin: 0 0 0.4rem;
}
td p:last-child {
  margin-bottom: 0;
}
.opt,
.cond,
.features {
  color: var(--muted);
  font-size: 0.8rem;
}
[id] {
  scroll-margin-top: 3.5rem;
}
[hidden] {
  display: none !important;
}
`
  .trim()
  .split("\n");

// Filters the index: a definition stays visible when every word typed
// occurs in its name, kind or summary (the link's title); a module stays
// when it keeps one.
export const SEARCH_SCRIPT: readonly string[] = `
(function () {
  "use strict";
  var box = document.getElementById("search");
  var count = document.getElementById("search-count");
  var modules = Array.prototype.slice.call(document.querySelectorAll("#toc > ul > li"));
  function apply() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    modules.forEach(function (mod) {
      var visible = 0;
      mod.querySelectorAll("li[data-search]").forEach(function (li) {
        var key = li.searchKey;
        if (key === undefined) {
          var a = li.querySelector("a");
          key = li.searchKey = (li.getAttribute("data-search") + " " + (a.title || "")).toLowerCase();
        }
        var ok = words.every(function (w) { return key.indexOf(w) >= 0; });
        li.hidden = !ok;
        if (ok) visible++;
      });
      mod.hidden = visible === 0 && words.length > 0;
      shown += visible;
    });
    count.textContent = words.length > 0 ? shown + " match" + (shown === 1 ? "" : "es") : "";
  }
  box.addEventListener("input", apply);
  box.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    var first = document.querySelector("#toc li[data-search]:not([hidden]) > a");
    if (first) first.click();
  });
  apply();
})();
`
  .trim()
  .split("\n");
