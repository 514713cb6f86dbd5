// Which types need an integer conversion pass ($numT) after a successful
// fast check: those that can hold an integer or a 'number' (bigints and
// QFloat boxes become numbers, negative uint64/size wrap), directly or through
// members, branches, alternatives and list elements.  Types without any
// get no pass at all.

import type { QAPISchemaType } from "../../../model/entities.js";
import type { QAPISchema } from "../../../model/schema.js";
import type { GenContext } from "../../backend.js";

const NUMERIC = new Set(["number", "int", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "size"]);

/** The names of the enum/object/alternate types whose values may hold integers. */
export function convertibleTypes(schema: QAPISchema, ctx: GenContext): ReadonlySet<string> {
  const named: QAPISchemaType[] = [];
  for (const { entity } of schema.walk()) {
    if ((entity.kind === "object" || entity.kind === "alternate") && ctx.present(entity)) named.push(entity);
  }
  const yes = new Set<string>();
  const holds = (t: QAPISchemaType): boolean => {
    if (t.kind === "builtin") return NUMERIC.has(t.name);
    if (t.kind === "array") return holds(t.elementType);
    return yes.has(t.name);
  };
  // Monotone fixpoint: recursive types settle after a few passes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of named) {
      if (yes.has(t.name)) continue;
      let found = false;
      if (t.kind === "object") {
        found =
          t.members.some((m) => ctx.present(m) && holds(m.type)) ||
          (t.branches?.variants.some((b) => ctx.present(b) && holds(b.type)) ?? false);
      } else if (t.kind === "alternate") {
        found = t.alternatives.variants.some((b) => ctx.present(b) && holds(b.type));
      }
      if (found) {
        yes.add(t.name);
        changed = true;
      }
    }
  }
  return yes;
}
