// Helpers for the parser tests: parse in-memory files and get QEMU's error
// text (String(err), as test-qapi.py prints it).

import { QAPIError } from "../../generator/src/error.js";
import { parseSchemaFile, type ParsedSchema } from "../../generator/src/syntax/parse.js";
import type { QAPIValue } from "../../generator/src/syntax/expression.js";

export type Files = Record<string, string | Uint8Array>;

/** A readFile over `files` that fails like the file system for the rest. */
export function memoryReader(files: Files): (path: string) => string | Uint8Array {
  return (path) => {
    const data = files[path];
    if (data === undefined) {
      const err = new Error(`ENOENT: no such file or directory, open '${path}'`) as NodeJS.ErrnoException;
      err.code = "ENOENT";
      throw err;
    }
    return data;
  };
}

/** Parse `files`, starting from `root`. */
export function parseFiles(files: Files, opts: { legacy?: boolean; root?: string } = {}): ParsedSchema {
  const root = opts.root ?? "root.json";
  return parseSchemaFile(root, { legacy: opts.legacy, readFile: memoryReader(files) });
}

/** Parse one file's text. */
export function parseText(text: string | Uint8Array, legacy = false): ParsedSchema {
  return parseFiles({ "root.json": text }, { legacy });
}

/** QEMU's error text for `files`, or "OK"; anything but a QAPIError fails the test. */
export function errorOf(files: Files | string, opts: { legacy?: boolean; root?: string } = {}): string {
  const f = typeof files === "string" ? { "root.json": files } : files;
  try {
    parseFiles(f, opts);
  } catch (err) {
    if (err instanceof QAPIError) {
      return String(err);
    }
    throw err;
  }
  return "OK";
}

/** A value as plain JSON-able data (objects as arrays of pairs, to keep order). */
export function plain(v: QAPIValue): unknown {
  if (v instanceof Map) {
    return { pairs: [...v].map(([k, x]) => [k, plain(x)]) };
  }
  if (Array.isArray(v)) {
    return v.map(plain);
  }
  return v;
}

/** The single expression of `text`, as a Map. */
export function onlyExpr(text: string): Map<string, QAPIValue> {
  const { exprs } = parseText(text);
  if (exprs.length !== 1) {
    throw new Error(`expected one expression, got ${exprs.length}`);
  }
  return exprs[0]!.expr;
}
