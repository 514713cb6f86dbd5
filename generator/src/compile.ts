// The front-end pipeline, mirroring QEMU's QAPISchema.__init__:
// parse (with includes and doc comments) -> check_exprs -> build and check
// the model.  The first error found is thrown as a QAPIError whose String()
// is QEMU's exact text.

import { checkExprs } from "./check/expr-check.js";
import { QAPIError } from "./error.js";
import { QAPISchema, type SchemaOptions } from "./model/schema.js";
import { parseSchemaFile } from "./syntax/parse.js";

export type CompileOptions = SchemaOptions;

// Python's os.strerror() text for the errors reading a file can raise.
const STRERROR: Record<string, string> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long",
  EMFILE: "Too many open files",
  EIO: "Input/output error",
  EPERM: "Operation not permitted",
};

function systemErrorCode(err: unknown): string | null {
  if (err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string") {
    return (err as NodeJS.ErrnoException).code!;
  }
  return null;
}

/** Parse, check and model the schema rooted at `fname`. */
export function compileSchema(fname: string, opts: CompileOptions = {}): QAPISchema {
  const legacy = opts.legacy ?? false;
  let parsed: ReturnType<typeof parseSchemaFile>;
  try {
    parsed = parseSchemaFile(fname, { legacy });
  } catch (err) {
    // QEMU turns an OSError on the root file into a plain QAPIError
    const code = systemErrorCode(err);
    if (!(err instanceof QAPIError) && code) {
      const strerror = STRERROR[code] ?? (err as Error).message;
      throw new QAPIError(`can't read schema file '${fname}': ${strerror}`);
    }
    throw err;
  }
  const exprs = checkExprs(parsed.exprs, { legacy });
  return new QAPISchema(fname, { exprs, docs: parsed.docs }, { legacy });
}
