// Shared by the tests over generated code: generate a schema in memory
// exactly as `qapi-ts generate` would, and write it to a temporary folder.

import { mkdtempSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { compileSchema } from "../../generator/src/compile.js";
import { generateAll } from "../../generator/src/cli/generate.js";
import type { GenerateOptions } from "../../generator/src/emit/backend.js";
import type { OutputSet } from "../../generator/src/emit/output-set.js";
import { sharedPath } from "../shared.js";

export const REPO = resolve(import.meta.dirname, "../..");
export const RUNTIME_SUPPORT = join(REPO, "runtime/src/support");
export const QEMU_10 = sharedPath("qemu/10.0/schema/qapi-schema.json");
export const QEMU_7_2 = sharedPath("qemu/7.2/schema/qapi-schema.json");
export const DEBIAN_7_2_PROFILE = sharedPath("spec/profiles/debian-7.2.22-x86_64.txt");

export interface GenerateCase {
  readonly schema: string;
  readonly legacy?: boolean;
  readonly defines?: readonly string[] | null;
  /** Output folder the runtime path is made relative to. */
  readonly outDir: string;
}

/** Runs every backend over `schema`; the result is not formatted. */
export function generateInMemory(c: GenerateCase): OutputSet {
  const legacy = c.legacy ?? false;
  const opts: GenerateOptions = {
    prefix: "",
    unmask: false,
    defines: c.defines ? new Set(c.defines) : null,
    legacy,
    schemaPath: c.schema,
    runtimePath: relative(c.outDir, RUNTIME_SUPPORT).split("\\").join("/"),
  };
  return generateAll(compileSchema(c.schema, { legacy }), opts);
}

/**
 * A fresh folder for generated output.  It is made next to runtime/ in the
 * repository, so the runtime support path is "../runtime/src/support" as
 * for generated/ (the printer's relative-path computation assumes the
 * output folder and the runtime share the current directory's parent;
 * see the report on printer.moduleSpecifier).
 */
export function tempDir(name: string): string {
  return mkdtempSync(join(REPO, `.tmp-${name}-`));
}

/** The condition symbols of a profile file (one per line, '#' comments). */
export function profileSymbols(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((l) => l.replace(/#.*/u, "").trim())
    .filter((l) => l !== "");
}
