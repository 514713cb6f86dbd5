// The contract between `qapi-ts generate` and its backends.
//
// A backend reads the checked, read-only schema and adds files to an
// OutputSet; it never writes to disk, reads options globally or mutates the
// schema.  Adding a backend: a new module under backends/, one entry in
// BACKENDS (backends/index.ts).

import type { QAPISchema, QAPISchemaModule } from "../model/schema.js";
import type { QAPISchemaIfCond } from "../model/ifcond.js";
import type { QAPIValue } from "../syntax/expression.js";
import { isQAPIObject } from "../syntax/expression.js";
import type { OutputSet } from "./output-set.js";
import { posix } from "node:path";

export interface GenerateOptions {
  /** Prefix for every generated file name (QEMU's -p). */
  readonly prefix: string;
  /** Keep introspection names unmasked (QEMU's -u). */
  readonly unmask: boolean;
  /**
   * Condition symbols that are true; every other symbol is false.  null (no
   * --define given): keep every conditional definition and record its
   * condition in the output instead.
   */
  readonly defines: ReadonlySet<string> | null;
  /** The schema was read with QEMU 7.2's rules. */
  readonly legacy: boolean;
  /** The schema path as given on the command line (for headers). */
  readonly schemaPath: string;
  /**
   * Where generated code finds qapi-ts's runtime support modules: a folder
   * relative to the output folder (e.g. "../runtime/src/support" inside this
   * repository), or null for the package specifier "qapi-ts/support/...".
   */
  readonly runtimePath: string | null;
}

export interface Backend {
  readonly name: string;
  generate(schema: QAPISchema, out: OutputSet, ctx: GenContext): void;
}

/** Evaluates a condition against a set of defined symbols. */
export function evalIfCond(cond: QAPIValue | null, defines: ReadonlySet<string>): boolean {
  if (cond === null || cond === "") return true;
  if (typeof cond === "string") return defines.has(cond);
  if (isQAPIObject(cond)) {
    const all = cond.get("all");
    if (Array.isArray(all)) return all.every((c) => evalIfCond(c, defines));
    const any = cond.get("any");
    if (Array.isArray(any)) return any.some((c) => evalIfCond(c, defines));
    if (cond.has("not")) return !evalIfCond(cond.get("not")!, defines);
    return true; // empty dict: Python treats it as "no condition"
  }
  return true;
}

/** What every backend gets besides the schema: options and shared helpers. */
export class GenContext {
  readonly opts: GenerateOptions;

  constructor(opts: GenerateOptions) {
    this.opts = opts;
  }

  /** Is something with this condition part of the output? */
  present(x: { readonly ifcond: QAPISchemaIfCond }): boolean {
    return this.opts.defines === null || evalIfCond(x.ifcond.ifcond, this.opts.defines);
  }

  /** The condition to record in the output (only when no --define was given). */
  recordedCondition(x: { readonly ifcond: QAPISchemaIfCond }): string | null {
    return this.opts.defines === null && x.ifcond.isPresent() ? x.ifcond.docgen() : null;
  }

  /** Output path for a per-module file of one kind: `types/job.ts`. */
  modulePath(kind: string, module: QAPISchemaModule | string, ext = ".ts"): string {
    return `${this.opts.prefix}${kind}/${moduleBaseName(module)}${ext}`;
  }

  /**
   * The import specifier (for GeneratedFile.import) of a runtime support
   * module, e.g. runtimeModule("validate") -> "qapi-ts/support/validate.js".
   */
  runtimeModule(file: string): string {
    const rp = this.opts.runtimePath;
    return rp === null ? `qapi-ts/support/${file}.js` : `./${posix.join(rp, file)}.ts`;
  }

  /** The import specifier of the hand-written QMP client (runtime/src/client). */
  runtimeClientModule(): string {
    const rp = this.opts.runtimePath;
    return rp === null ? "qapi-ts/client" : `./${posix.join(rp, "../client/index")}.ts`;
  }

  /** Output path for a top-level file: `index.ts`, `introspect.json`. */
  topPath(name: string): string {
    return `${this.opts.prefix}${name}`;
  }
}

/**
 * The file base name of a module: "job.json" -> "job", "sub/x.json" ->
 * "sub/x", "./builtin" -> "builtin".
 */
export function moduleBaseName(module: QAPISchemaModule | string): string {
  const name = typeof module === "string" ? module : module.name;
  // Backends ask for every import of every definition; a schema has a few
  // dozen modules, so remember the answers.
  let base = baseNames.get(name);
  if (base === undefined) {
    // An include from outside the root folder ("../x.json") must not make
    // us write outside the output folder.
    base = name
      .replace(/^\.\//u, "")
      .replace(/\.json$/u, "")
      .split(/[\\/]/u)
      .map((seg) => (seg === ".." ? "_parent" : seg === "." ? "_" : seg))
      .join("/");
    baseNames.set(name, base);
  }
  return base;
}

const baseNames = new Map<string, string>();
