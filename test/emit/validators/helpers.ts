// Shared by the validator tests: generate validators (alone) for a schema.

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { compileSchema } from "../../../generator/src/compile.js";
import { GenContext } from "../../../generator/src/emit/backend.js";
import { makeValidatorsBackend } from "../../../generator/src/emit/backends/validators.js";
import { OutputSet } from "../../../generator/src/emit/output-set.js";
import { SHARED } from "../../shared.js";

export const repo = resolve(__dirname, "../../..");
export const shared = SHARED;
export const ourSchema = join(repo, "qapi/qapi-schema.json");
export const qemu10 = join(shared, "qemu/10.0/schema/qapi-schema.json");
export const qemu72 = join(shared, "qemu/7.2/schema/qapi-schema.json");

export interface GenOptions {
  legacy?: boolean;
  defines?: ReadonlySet<string> | null;
  runtimePath?: string | null;
  /** Also generate the exact visitor ($visitT), as the fast path's oracle. */
  exact?: boolean;
}

export function generateValidators(
  schemaPath: string,
  o: GenOptions = {},
): OutputSet {
  const schema = compileSchema(schemaPath, { legacy: o.legacy ?? false });
  const ctx = new GenContext({
    prefix: "",
    unmask: false,
    defines: o.defines ?? null,
    legacy: o.legacy ?? false,
    schemaPath: "qapi-schema.json",
    runtimePath: o.runtimePath === undefined ? null : o.runtimePath,
  });
  const out = new OutputSet({ manifest: false });
  makeValidatorsBackend({ exact: o.exact ?? false }).generate(schema, out, ctx);
  return out;
}

export function writeOutput(out: OutputSet, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const p of out.paths()) {
    const f = join(dir, p);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, out.get(p)!);
  }
}
