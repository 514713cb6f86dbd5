// JSON text in the shape prettier 3 gives it (parser "json", defaults), so
// generated JSON passes `prettier --check` without running prettier over a
// large file: objects always one member per line, arrays on one line when
// they fit in 80 columns (with what follows them on that line), otherwise
// one element per line.  Only what generated data needs: no numbers with
// prettier's "fill" layout.

const WIDTH = 80;

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** `value` as prettier-formatted JSON text, ending with a newline. */
export function printJson(value: Json): string {
  return print(value, "", 0) + "\n";
}

function print(value: Json, indent: string, tail: number): string {
  if (value === null || typeof value !== "object") {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return printArray(value as readonly Json[], indent, tail);
  }
  const entries = Object.entries(value as { readonly [key: string]: Json });
  if (entries.length === 0) return "{}";
  const inner = indent + "  ";
  const lines = entries.map(([k, v], i) => {
    const comma = i < entries.length - 1 ? 1 : 0;
    const prefix = `${inner}${JSON.stringify(k)}: `;
    return prefix + print(v, inner, comma + prefix.length - inner.length);
  });
  return `{\n${lines.join(",\n")}\n${indent}}`;
}

/** True for values printed on one line whatever the width. */
function isFlat(v: Json): boolean {
  return v === null || typeof v !== "object" || (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
}

function printArray(items: readonly Json[], indent: string, tail: number): string {
  if (items.length === 0) return "[]";
  if (items.every(isFlat)) {
    const one = `[${items.map((v) => print(v, indent, 0)).join(", ")}]`;
    // `tail` counts what precedes the array on its line (after the
    // indentation) and the comma that follows it.
    if (indent.length + tail + one.length <= WIDTH) return one;
  }
  const inner = indent + "  ";
  const lines = items.map((v, i) => inner + print(v, inner, i < items.length - 1 ? 1 : 0));
  return `[\n${lines.join(",\n")}\n${indent}]`;
}
