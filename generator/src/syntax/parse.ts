// The schema parser: a port of QEMU 10.0's QAPISchemaParser
// (scripts/qapi/parser.py), with QEMU 7.2's differences behind `legacy`.
//
// The grammar (qapi.peggy) parses a file's top-level items up to the first
// one that is not well-formed.  The items are then processed in order as
// QEMU's _parse() loop does (doc blocks, include and pragma directives,
// definitions), and only then is the bad item diagnosed, because QEMU reads
// lazily: an error in an earlier include wins over a later syntax error.
//
// One more ordering detail: QEMU reads the token after an item before it
// processes the item, so a lexer error right after the last good item comes
// first (for a doc block: after its lines, before QAPIDoc.end()).

import { getDocs } from "../doc/get-doc.js";
import type { DocLineSource, LazyDocBlock } from "../doc/doc-lines.js";
import type { QAPIDoc } from "../doc/qapidoc.js";
import { QAPIParseError, QAPISemError } from "../error.js";
import type { QAPISourceInfo } from "../source.js";
import { diagnoseExpr, lexAt } from "./diagnose.js";
import type { QAPIExpression, QAPIObject, QAPIValue } from "./expression.js";
import { MAX_DEPTH } from "./limits.js";
import { parse as parseGrammar } from "./parser.generated.js";
import { abspath, dirname, join } from "./pypath.js";
import { readSource, type ReadFile } from "./read-source.js";
import type { SourceText } from "./source-text.js";
import { youngArray } from "../young.js";

export interface ParseOptions {
  /** Parse as QEMU 7.2 does. */
  legacy?: boolean;
  /** Read a file (default: the file system, decoded as strict UTF-8). */
  readFile?: (path: string) => string | Uint8Array;
}

export interface ParsedSchema {
  exprs: QAPIExpression[];
  docs: QAPIDoc[];
}

/**
 * Parse the schema file `fname` and everything it includes.
 *
 * Throws a QAPIError subclass for anything wrong in the schema.  As in
 * QEMU, an error reading `fname` itself (not an included file) propagates
 * unchanged (a Node error with a `code`): the caller words it.
 */
export function parseSchemaFile(fname: string, opts: ParseOptions = {}): ParsedSchema {
  const ctx: Context = {
    legacy: opts.legacy ?? false,
    readFile: opts.readFile,
    included: new Set(),
    absolute: new Map(),
  };
  const parser = new FileParser(fname, null, ctx);
  parser.parse();
  return { exprs: parser.exprs, docs: parser.docs };
}

interface Context {
  readonly legacy: boolean;
  readonly readFile: ReadFile | undefined;
  /** Absolute names of the files parsed so far (QEMU's previously_included). */
  readonly included: Set<string>;
  /** abspath() of each file name met, made once (see absolute()). */
  readonly absolute: Map<string, string>;
}

// abspath(fname), remembered: the inclusion-loop check asks for every
// file up the include chain at each include.
function absolute(ctx: Context, fname: string): string {
  let abs = ctx.absolute.get(fname);
  if (abs === undefined) {
    abs = abspath(fname);
    ctx.absolute.set(fname, abs);
  }
  return abs;
}

// What the grammar's File rule returns.
interface ExprItem {
  readonly doc: false;
  readonly pos: number;
  readonly value: QAPIValue;
}
interface DocItem {
  readonly doc: true;
  /** Offsets of the opening '##' line, the lines inside, the closing line. */
  readonly open: number;
  readonly mid: number[];
  readonly close: number | null;
}
interface FileResult {
  readonly items: (ExprItem | DocItem)[];
  /** Offset of the first item that did not parse; src.length if none. */
  readonly rest: number;
}

class FileParser {
  // (arrays from youngArray(): see young.ts)
  readonly exprs: QAPIExpression[] = youngArray();
  readonly docs: QAPIDoc[] = youngArray();
  private readonly fname: string;
  private readonly parent: QAPISourceInfo | null;
  private readonly ctx: Context;
  private text!: SourceText;

  constructor(fname: string, parent: QAPISourceInfo | null, ctx: Context) {
    this.fname = fname;
    this.parent = parent;
    this.ctx = ctx;
    ctx.included.add(absolute(ctx, fname));
  }

  /** QEMU's _parse(). */
  parse(): void {
    this.text = readSource(this.fname, this.parent, this.ctx.readFile);
    const src = this.text.src;
    const { items, rest } = parseGrammar(src, {
      startRule: "File",
      legacy: this.ctx.legacy,
      maxDepth: MAX_DEPTH,
    }) as FileResult;

    let curDoc: QAPIDoc | null = null;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      // The lexer error QEMU meets reading the token after this item.
      const errAfter = i === items.length - 1 && rest < src.length ? this.lexErrorAt(rest) : null;
      if (item.doc) {
        rejectExprDoc(curDoc);
        curDoc = this.doc(item, errAfter);
        continue;
      }
      if (errAfter) {
        throw errAfter;
      }
      this.expr(item, curDoc);
      curDoc = null;
    }
    if (rest < src.length) {
      diagnoseExpr(this.text, rest, this.ctx.legacy);
      // The grammar and QEMU's parser disagree: a bug, but still report
      // a located error rather than accept the item.
      throw this.text.parseError(rest, "syntax error");
    }
    rejectExprDoc(curDoc);
  }

  private lexErrorAt(pos: number): QAPIParseError | null {
    const tok = lexAt(this.text, pos, this.ctx.legacy);
    return tok instanceof QAPIParseError ? tok : null;
  }

  // One top-level expression (the body of QEMU's loop after get_expr()).
  private expr(item: ExprItem, curDoc: QAPIDoc | null): void {
    const info = this.text.infoAt(item.pos);
    const expr = item.value;
    if (!(expr instanceof Map)) {
      throw new QAPISemError(info, "top-level expression must be an object");
    }
    if (expr.has("include")) {
      rejectExprDoc(curDoc);
      this.include(expr, info);
    } else if (expr.has("pragma")) {
      rejectExprDoc(curDoc);
      if (expr.size !== 1) {
        throw new QAPISemError(info, "invalid 'pragma' directive");
      }
      const pragma = expr.get("pragma")!;
      if (!(pragma instanceof Map)) {
        throw new QAPISemError(info, "value of 'pragma' must be an object");
      }
      for (const [name, value] of pragma) {
        setPragma(name, value, info, this.ctx.legacy);
      }
    } else {
      if (curDoc && !curDoc.symbol) {
        throw new QAPISemError(curDoc.info, "definition documentation required");
      }
      this.exprs.push(new Expression(expr, info, curDoc));
    }
  }

  private include(expr: QAPIObject, info: QAPISourceInfo): void {
    if (expr.size !== 1) {
      throw new QAPISemError(info, "invalid 'include' directive");
    }
    const include = expr.get("include");
    if (typeof include !== "string") {
      throw new QAPISemError(info, "value of 'include' must be a string");
    }
    const inclFname = join(dirname(this.fname), include);
    this.exprs.push(new Expression(new Map([["include", inclFname]]), info, null));

    // QEMU's _include()
    const inclAbs = absolute(this.ctx, inclFname);
    for (let inf: QAPISourceInfo | null = info; inf; inf = inf.parent) {
      if (inclAbs === absolute(this.ctx, inf.fname)) {
        throw new QAPISemError(info, `inclusion loop for ${include}`);
      }
    }
    if (this.ctx.included.has(inclAbs)) {
      return;
    }
    const sub = new FileParser(inclFname, info, this.ctx);
    try {
      sub.parse();
    } catch (err) {
      const strerror = osErrorText(err);
      if (strerror === null || sub.wasRead()) {
        throw err;
      }
      throw new QAPISemError(info, `can't read include file '${inclFname}': ${strerror}`);
    }
    // (not push(...sub.exprs): a huge file would overflow the stack)
    for (const e of sub.exprs) this.exprs.push(e);
    for (const d of sub.docs) this.docs.push(d);
  }

  /** Did parse() get past reading the file? */
  wasRead(): boolean {
    return this.text !== undefined;
  }

  // A doc block: QEMU's get_doc() (in doc/) on the raw lines.
  private doc(item: DocItem, errAfter: QAPIParseError | null): QAPIDoc {
    const block = this.rawDocBlock(item);
    const onClose = errAfter
      ? () => {
          throw errAfter;
        }
      : undefined;
    const docs = getDocs(block, { legacy: this.ctx.legacy, onClose });
    if (block.unterminated) {
      // QEMU always fails on an unterminated block; get_doc() must have.
      throw block.unterminated;
    }
    for (const d of docs) this.docs.push(d);
    return docs[docs.length - 1]!;
  }

  private rawDocBlock(item: DocItem): LazyDocBlock {
    const source = new SourceDocLines(this.text, item);
    if (item.close !== null) {
      return { source, unterminated: null };
    }
    // get_doc_line() meets the token after the last comment line.
    const src = this.text.src;
    const end = src.indexOf("\n", item.mid.length ? item.mid[item.mid.length - 1]! : item.open);
    const tok = lexAt(this.text, end, this.ctx.legacy);
    const unterminated =
      tok instanceof QAPIParseError ? tok : this.text.parseError(tok.pos, "documentation comment must end with '##'");
    return { source, unterminated };
  }
}

/**
 * A QAPIExpression.  (A class, not an object literal: V8 pretenures a
 * literal whose objects survive, see young.ts.)
 */
class Expression implements QAPIExpression {
  constructor(
    readonly expr: QAPIObject,
    readonly info: QAPISourceInfo,
    readonly doc: QAPIDoc | null,
  ) {}
}

/**
 * The lines of a doc block, read from the source only when the doc parser
 * asks (no object per line; the column only for an error).
 */
class SourceDocLines implements DocLineSource {
  readonly count: number;

  constructor(
    private readonly source: SourceText,
    private readonly item: DocItem,
  ) {
    this.count = item.mid.length + (item.close === null ? 1 : 2);
  }

  get src(): string {
    return this.source.src;
  }

  start(index: number): number {
    return this.pos(index);
  }

  private pos(index: number): number {
    const item = this.item;
    if (index === 0) {
      return item.open;
    }
    return index <= item.mid.length ? item.mid[index - 1]! : item.close!;
  }

  text(index: number): string {
    const src = this.source.src;
    const pos = this.pos(index);
    return src.slice(pos, src.indexOf("\n", pos));
  }

  info(index: number): QAPISourceInfo {
    return this.source.lineInfo(this.source.lineIndex(this.pos(index)));
  }

  col(index: number): number {
    return this.source.colOf(this.pos(index));
  }
}

// QEMU's reject_expr_doc()
function rejectExprDoc(doc: QAPIDoc | null): void {
  if (doc && doc.symbol) {
    throw new QAPISemError(doc.info, `documentation for '${doc.symbol}' is not followed by the definition`);
  }
}

// QEMU's _pragma()
function setPragma(name: string, value: QAPIValue, info: QAPISourceInfo, legacy: boolean): void {
  const pragma = info.pragma;
  const listOfStr = (): string[] => {
    if (!Array.isArray(value) || value.some((elt) => typeof elt !== "string")) {
      throw new QAPISemError(info, `pragma ${name} must be a list of strings`);
    }
    return value as string[];
  };
  switch (name) {
    case "doc-required":
      if (typeof value !== "boolean") {
        throw new QAPISemError(info, "pragma 'doc-required' must be boolean");
      }
      pragma.docRequired = value;
      return;
    case "command-name-exceptions":
      pragma.commandNameExceptions = listOfStr();
      return;
    case "command-returns-exceptions":
      pragma.commandReturnsExceptions = listOfStr();
      return;
    case "documentation-exceptions":
      // new in QEMU 8.0
      if (!legacy) {
        pragma.documentationExceptions = listOfStr();
        return;
      }
      break;
    case "member-name-exceptions":
      pragma.memberNameExceptions = listOfStr();
      return;
  }
  throw new QAPISemError(info, `unknown pragma '${name}'`);
}

// Python's strerror text for the OSError reading a file raises, or null
// if `err` is not such an error.
const STRERROR: Record<string, string> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long",
  EMFILE: "Too many open files",
  ENFILE: "Too many open files in system",
  EIO: "Input/output error",
  EPERM: "Operation not permitted",
  ENXIO: "No such device or address",
  ENODEV: "No such device",
  EINVAL: "Invalid argument",
  EFBIG: "File too large",
  ENOMEM: "Cannot allocate memory",
  EAGAIN: "Resource temporarily unavailable",
  EOVERFLOW: "Value too large for defined data type",
};

export function osErrorText(err: unknown): string | null {
  if (!(err instanceof Error) || typeof (err as NodeJS.ErrnoException).code !== "string") {
    return null;
  }
  const code = (err as NodeJS.ErrnoException).code!;
  return STRERROR[code] ?? err.message;
}
