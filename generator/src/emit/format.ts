// Prettier as a fallback formatter for generated files.
//
// The printer already aims at prettier's output, so formatting is optional.
// When used, it runs on ONE file at a time (architecture.md measured 2.5 s
// for 1,400 interfaces as 20 files and 18.8 s as one file), never on JSON
// (introspection data is written by JSON.stringify and is large), and
// results are cached by a hash of the input so unchanged files cost a hash.
//
// Prettier is loaded lazily: a run that does not format never pays for it.
// Options are prettier's defaults on purpose, not a resolved .prettierrc,
// so the generated text does not depend on where the generator runs.

import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { OutputSet } from "./output-set.js";

type Prettier = typeof import("prettier");
let prettierModule: Promise<Prettier> | undefined;

function loadPrettier(): Promise<Prettier> {
  prettierModule ??= import("prettier");
  return prettierModule;
}

/** The prettier parser for a path, or undefined if we leave the file alone. */
export function parserFor(path: string): string | undefined {
  if (/\.[cm]?ts$/u.test(path)) {
    return "typescript";
  }
  if (/\.[cm]?js$/u.test(path)) {
    return "babel";
  }
  return undefined; // JSON, Markdown, manifests: written as generated
}

/** Default on-disk cache location below a project root. */
export function defaultCacheDir(root: string): string {
  return join(root, "node_modules", ".cache", "qapi-ts", "format");
}

/**
 * Content-hash cache of formatted text: always in memory, and on disk when
 * given a directory.  Keys include prettier's version and the parser.
 */
export class FormatCache {
  private readonly memory = new Map<string, string>();
  private readonly dir: string | undefined;
  hits = 0;
  misses = 0;

  constructor(options: { dir?: string } = {}) {
    this.dir = options.dir;
  }

  async get(key: string): Promise<string | undefined> {
    const mem = this.memory.get(key);
    if (mem !== undefined) {
      this.hits++;
      return mem;
    }
    if (this.dir !== undefined) {
      try {
        const text = await readFile(join(this.dir, key), "utf8");
        this.memory.set(key, text);
        this.hits++;
        return text;
      } catch {
        // not cached yet (or unreadable: treat as a miss)
      }
    }
    this.misses++;
    return undefined;
  }

  async set(key: string, text: string): Promise<void> {
    this.memory.set(key, text);
    if (this.dir !== undefined) {
      try {
        await mkdir(this.dir, { recursive: true });
        await writeFile(join(this.dir, key), text);
      } catch {
        // a cache that cannot be written only costs time
      }
    }
  }
}

/** Shared in-memory cache used when no cache is passed. */
const defaultCache = new FormatCache();

/**
 * Format one generated file with prettier's default options.  Files that
 * are not TypeScript/JavaScript (JSON above all) are returned unchanged.
 */
export async function formatTs(text: string, path: string, cache: FormatCache = defaultCache): Promise<string> {
  const parser = parserFor(path);
  if (parser === undefined) {
    return text;
  }
  const prettier = await loadPrettier();
  const key = createHash("sha256").update(`${prettier.version}\0${parser}\0${text}`).digest("hex");
  const cached = await cache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const formatted = await prettier.format(text, { parser, filepath: path });
  await cache.set(key, formatted);
  return formatted;
}

/** Format every file of an OutputSet in place, one file at a time. */
export async function formatOutputSet(set: OutputSet, cache: FormatCache = defaultCache): Promise<void> {
  for (const path of set.paths()) {
    const text = set.get(path)!;
    const formatted = await formatTs(text, path, cache);
    if (formatted !== text) {
      set.replace(path, formatted);
    }
  }
}

/** True if prettier would leave `text` unchanged (used to test the printer). */
export async function isPrettierStable(text: string, path: string): Promise<boolean> {
  const parser = parserFor(path);
  if (parser === undefined) {
    return true;
  }
  const prettier = await loadPrettier();
  return prettier.check(text, { parser, filepath: path });
}
