// Layouts of declarations the printer has no group for, written out the
// way prettier 3 prints them (checked by test/generated/prettier.test.ts).
// Widths are measured with the declared names: generated names are unique
// across the schema, so the printer never has to alias an imported type.

import { list, type GeneratedFile, type Printable } from "../../printer.js";

const WIDTH = 80;

/** A printable plus the text it will print as (for measuring). */
export interface Measured {
  readonly print: Printable;
  readonly text: string;
}

/**
 * `export interface N extends A, B ` (up to the body's brace).  Prettier
 * never breaks a single `extends`; with several, it moves `extends A, B`
 * to the next line when the header does not fit, and puts one heritage
 * type per line when that does not fit either.
 */
export function interfaceHeader(
  exportDecl: Printable,
  name: string,
  heritage: readonly Measured[],
  emptyBody: boolean,
): Printable[] {
  const brace = emptyBody ? " {}" : " {";
  if (heritage.length === 0) return [exportDecl, " "];
  const list = heritage.map((h) => h.text).join(", ");
  const flat = `export interface ${name} extends ${list}`;
  if (heritage.length === 1 || flat.length + brace.length <= WIDTH) {
    return [exportDecl, " extends ", ...join(heritage, ", "), " "];
  }
  if (`  extends ${list}`.length + brace.length <= WIDTH) {
    return [exportDecl, "\n  extends ", ...join(heritage, ", "), " "];
  }
  return [exportDecl, "\n  extends\n    ", ...join(heritage, ",\n    "), " "];
}

/**
 * ` A & B & C` after `=` in a type alias (ending before the `;`): flat if it
 * fits, else the first operand stays and each further one gets a line.
 */
export function intersectionAlias(head: string, operands: readonly Measured[]): Printable[] {
  const flat = operands.map((o) => o.text).join(" & ");
  if (head.length + 1 + flat.length + 1 <= WIDTH) return [" ", ...join(operands, " & ")];
  return [" ", ...join(operands, " &\n  ")];
}

function join(items: readonly Measured[], sep: string): Printable[] {
  const out: Printable[] = [];
  items.forEach((it, i) => {
    if (i > 0) out.push(sep);
    out.push(it.print);
  });
  return out;
}

/**
 * `export const NAME = Object.freeze([...] as const);`.  Prettier hugs the
 * array when `export const NAME = Object.freeze([` fits on the line, and
 * otherwise breaks after `=` and lays the call out on the next line.
 */
export function frozenArrayConst(f: GeneratedFile, decl: Printable, name: string, items: readonly Printable[]): void {
  const call = list("Object.freeze([", items, "] as const)");
  if (`export const ${name} = Object.freeze([`.length <= WIDTH) {
    f.print(decl, " = ", call, ";");
    return;
  }
  f.print(decl, " =");
  f.indent(() => f.print(call, ";"));
}
