// Import bookkeeping for the printer (printer.ts): import symbols, module
// specifiers relative to the importing file, local names (aliases on
// clashes) and the import statements, laid out as prettier prints them.

import { posix } from "node:path";
import type { ExportDecl, ImportSymbol } from "./printer.js";
import { quoteString } from "./ts-names.js";

/** A symbol; its id (module + name) identifies the binding across uses. */
export function makeSymbol(name: string, from: string, typeOnly: boolean): ImportSymbol {
  const id = `${from}#${name}`;
  return {
    kind: "import",
    name,
    from,
    typeOnly,
    id,
    toTypeOnly: () => makeSymbol(name, from, true),
    toValue: () => makeSymbol(name, from, false),
    // An untagged template string would print the name without importing it.
    toString: () => {
      throw new Error(`import symbol ${name} used in a plain string; use f.print\`...\` (tagged) or pass it as a printable`);
    },
  };
}

/** Relative specifiers are relative to the output root; keep them normalised. */
export function normalizeFrom(from: string): string {
  if (!isRelative(from)) {
    return from;
  }
  const n = posix.normalize(from);
  return n.startsWith("../") ? n : `./${n}`;
}

export function isRelative(from: string): boolean {
  return from.startsWith("./") || from.startsWith("../");
}

interface ImportedName {
  name: string;
  alias: string;
  typeOnly: boolean;
}

/**
 * Decide the local identifier of every symbol and render import statements.
 * Declared names (exports, reserve()) and local symbols are taken first;
 * foreign symbols then claim their own name in order of first use and fall
 * back to name$1, name$2 ('$' never occurs in names derived from QAPI).
 */
export function resolveImports(refs: readonly (ImportSymbol | ExportDecl)[], filePath: string, reserved: ReadonlySet<string>) {
  const taken = new Set(reserved);
  const idents = new Map<string, string>();
  const valueUse = new Set<string>();
  const foreign = new Map<string, ImportSymbol>();
  const selfFrom = normalizeFrom(`./${filePath}`);
  for (const e of refs) {
    if (e.kind === "export") {
      taken.add(e.name);
    } else if (sameModule(e.from, selfFrom)) {
      taken.add(e.name);
      idents.set(e.id, e.name);
    } else {
      if (!e.typeOnly) valueUse.add(e.id);
      if (!foreign.has(e.id)) foreign.set(e.id, e);
    }
  }
  const byModule = new Map<string, ImportedName[]>();
  for (const s of foreign.values()) {
    const alias = freeName(s.name, taken);
    taken.add(alias);
    idents.set(s.id, alias);
    const spec = moduleSpecifier(s.from, filePath);
    const list = byModule.get(spec) ?? [];
    list.push({ name: s.name, alias, typeOnly: !valueUse.has(s.id) });
    byModule.set(spec, list);
  }
  const specs = [...byModule.keys()].sort(compareSpecifiers);
  const imports = specs.map((spec) => importStatement(spec, byModule.get(spec)!));
  return { idents, imports };
}

function sameModule(from: string, selfFrom: string): boolean {
  return isRelative(from) && withJsExtension(from) === withJsExtension(selfFrom);
}

function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) {
    return name;
  }
  for (let i = 1; ; i++) {
    if (!taken.has(`${name}$${i}`)) {
      return `${name}$${i}`;
    }
  }
}

/** The specifier as written in the importing file: relative, with .js. */
export function moduleSpecifier(from: string, importerPath: string): string {
  if (!isRelative(from)) {
    return from;
  }
  let rel = relativePath(posix.dirname(posix.normalize(importerPath)), posix.normalize(from));
  if (!rel.startsWith("../")) {
    rel = `./${rel}`;
  }
  return withJsExtension(rel);
}

/**
 * posix.relative over path segments alone.  Both paths are relative to the
 * output root and may climb out of it ("../runtime/..."); posix.relative
 * would resolve them against process.cwd() and get those wrong.
 */
function relativePath(fromDir: string, to: string): string {
  const a = fromDir === "." ? [] : fromDir.split("/");
  const b = to.split("/");
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common] && a[common] !== "..") {
    common++;
  }
  const up = a.slice(common).map((seg) => {
    if (seg === "..") throw new Error(`moduleSpecifier: importer ${fromDir} is outside the output root`);
    return "..";
  });
  return [...up, ...b.slice(common)].join("/");
}

/** NodeNext resolution needs the emitted extension: .ts -> .js, none -> .js. */
function withJsExtension(p: string): string {
  if (p.endsWith(".ts") && !p.endsWith(".d.ts")) {
    return p.slice(0, -3) + ".js";
  }
  if (p.endsWith(".mts")) {
    return p.slice(0, -4) + ".mjs";
  }
  return /\.(m?js|json)$/u.test(p) ? p : `${p}.js`;
}

/** Packages first, then relative paths; each group in code point order. */
function compareSpecifiers(a: string, b: string): number {
  const ra = isRelative(a) ? 1 : 0;
  const rb = isRelative(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function importStatement(spec: string, names: ImportedName[]): string {
  const sorted = [...names].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const allTypes = sorted.every((n) => n.typeOnly);
  const parts = sorted.map((n) => {
    const base = n.alias === n.name ? n.name : `${n.name} as ${n.alias}`;
    return !allTypes && n.typeOnly ? `type ${base}` : base;
  });
  const keyword = allTypes ? "import type" : "import";
  const from = quoteString(spec);
  const oneLine = `${keyword} { ${parts.join(", ")} } from ${from};`;
  // prettier never breaks an import of a single name, however long.
  if (oneLine.length <= 80 || parts.length === 1) {
    return oneLine + "\n";
  }
  return `${keyword} {\n${parts.map((p) => `  ${p},\n`).join("")}} from ${from};\n`;
}
