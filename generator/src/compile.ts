// The front-end pipeline, mirroring QEMU's QAPISchema.__init__:
// parse (with includes and doc comments) -> check_exprs -> build and check
// the model.  The first error found is thrown as a QAPIError whose String()
// is QEMU's exact text.

import { checkExprs } from "./check/expr-check.js";
import { QAPIError } from "./error.js";
import { QAPISchema, type SchemaOptions } from "./model/schema.js";
import { osErrorText, parseSchemaFile } from "./syntax/parse.js";

export type CompileOptions = SchemaOptions;

/** Parse, check and model the schema rooted at `fname`. */
export function compileSchema(fname: string, opts: CompileOptions = {}): QAPISchema {
  const legacy = opts.legacy ?? false;
  let parsed: ReturnType<typeof parseSchemaFile>;
  try {
    parsed = parseSchemaFile(fname, { legacy });
  } catch (err) {
    // QEMU turns an OSError on the root file into a plain QAPIError
    const strerror = err instanceof QAPIError ? null : osErrorText(err);
    if (strerror !== null) {
      throw new QAPIError(`can't read schema file '${fname}': ${strerror}`);
    }
    throw err;
  }
  const exprs = checkExprs(parsed.exprs, { legacy });
  return new QAPISchema(fname, { exprs, docs: parsed.docs }, { legacy });
}
