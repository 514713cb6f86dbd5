// types/builtin.ts: the declarations QAPI's built-in types map to.
//
// str, bool, number and null are TypeScript's own types (type-ref.ts);
// `any` is JsonValue, a JSON value rather than TypeScript's `any`; the
// integer types get aliases whose JSDoc states their range, because
// JavaScript numbers hold integers exactly only up to 2^53.

import type { QAPISchemaModule } from "../../../model/schema.js";
import type { GeneratedFile } from "../../printer.js";
import { compactJsDoc } from "../../jsdoc.js";
import { union } from "../../printer.js";
import { INTEGER_BUILTINS, type SchemaNames } from "../../schema-names.js";

// QAPI name -> what it holds (after "QAPI `name`: ").
const RANGES: Readonly<Record<string, string>> = {
  int: "a signed 64-bit integer, -2^63 to 2^63 - 1",
  int8: "a signed 8-bit integer, -128 to 127",
  int16: "a signed 16-bit integer, -32768 to 32767",
  int32: "a signed 32-bit integer, -2147483648 to 2147483647",
  int64: "a signed 64-bit integer, -2^63 to 2^63 - 1",
  uint8: "an unsigned 8-bit integer, 0 to 255",
  uint16: "an unsigned 16-bit integer, 0 to 65535",
  uint32: "an unsigned 32-bit integer, 0 to 4294967295",
  uint64: "an unsigned 64-bit integer, 0 to 2^64 - 1",
  size: "a size in bytes, an unsigned 64-bit integer, 0 to 2^64 - 1",
};

const WIDE = new Set(["int", "int64", "uint64", "size"]);

const PRECISION = [
  "Values beyond 2^53 - 1 (`Number.MAX_SAFE_INTEGER`) in magnitude can occur",
  "on the wire and lose precision as a JavaScript number.",
];

/** JsonValue and the integer aliases, in the builtin module's order. */
export function builtinDeclarations(f: GeneratedFile, names: SchemaNames, module: QAPISchemaModule): void {
  f.print(
    compactJsDoc([
      "A JSON value: what QAPI's `any` type carries (TypeScript's `any` is",
      "not used, so values must be checked before use).",
    ]),
  );
  f.print(
    f.export("type", "JsonValue"),
    " =",
    union(["string", "number", "boolean", "null", "JsonValue[]", "{ [key: string]: JsonValue }"]),
    ";",
  );
  for (const ent of module.entities) {
    if (ent.kind !== "builtin" || !INTEGER_BUILTINS.has(ent.name)) continue;
    const lines = [`QAPI \`${ent.name}\`: ${RANGES[ent.name] ?? "an integer"}.`];
    if (WIDE.has(ent.name)) lines.push("", ...PRECISION);
    f.print();
    f.print(compactJsDoc(lines));
    f.print(f.export("type", names.type(ent).name), " = number;");
  }
}

/** The description of the built-in enum QType (it has no doc comment). */
export function qtypeLead(): string {
  return [
    "QAPI's built-in enum of JSON value kinds (QEMU's QType), by which the",
    "alternatives of an alternate are told apart.",
  ].join("\n");
}
