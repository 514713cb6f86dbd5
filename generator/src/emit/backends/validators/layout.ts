// Statement layouts for generated validators, as prettier 3 prints them.
//
// Validators are made of a few statement shapes (`x = callee(args);`,
// `callee(args);`) whose identifiers are known while generating, so they are
// laid out here directly instead of going through prettier: flat when the
// line fits in 80 columns, otherwise prettier's choices for an assignment
// whose right side is a call ("fluid" layout: keep `lhs = callee(` on the
// line and put one argument per line; break after `=` only when even that
// head does not fit) and for a call statement (one argument per line).

const WIDTH = 80;

/** Printed width of a line. */
function width(line: string): number {
  return line.length;
}

export function fitsWidth(line: string): boolean {
  return fits(line);
}

function fits(line: string): boolean {
  return width(line) <= WIDTH;
}

function brokenArgs(indent: string, head: string, args: readonly string[], close: string): string[] {
  return [`${indent}${head}(`, ...args.map((a) => `${indent}  ${a},`), `${indent})${close}`];
}

/** `callee(args);` at `indent`. */
export function callStatement(indent: string, callee: string, args: readonly string[]): string[] {
  const flat = `${indent}${callee}(${args.join(", ")});`;
  if (fits(flat) || args.length === 0) return [flat];
  return brokenArgs(indent, callee, args, ";");
}

/** `lhs = callee(args);` at `indent`. */
export function assignCall(indent: string, lhs: string, callee: string, args: readonly string[], op = "="): string[] {
  const flat = `${indent}${lhs} ${op} ${callee}(${args.join(", ")});`;
  if (fits(flat)) return [flat];
  const head = `${indent}${lhs} ${op} ${callee}(`;
  if (fits(head)) return brokenArgs(indent, `${lhs} ${op} ${callee}`, args, ";");
  // Break after the operator; the call goes on the next line, itself
  // broken if it still does not fit.
  const inner = `${indent}  `;
  const rhs = `${inner}${callee}(${args.join(", ")});`;
  return [`${indent}${lhs} ${op}`, ...(fits(rhs) ? [rhs] : brokenArgs(inner, callee, args, ";"))];
}

/** `export function name(params): ret {` (parameters one per line if too long). */
export function functionHead(name: string, params: readonly string[], ret: string): string[] {
  const flat = `export function ${name}(${params.join(", ")}): ${ret} {`;
  if (fits(flat)) return [flat];
  const head = [`export function ${name}(`, ...params.map((p) => `  ${p},`)];
  const members = ret.split(" | ");
  if (fits(`): ${ret} {`) || members.length < 2) return [...head, `): ${ret} {`];
  // A union return type too long for the line: one member per line.
  return [...head, "):", ...members.map((m, i) => `  | ${m}${i === members.length - 1 ? " {" : ""}`)];
}

/**
 * `if (cond) return ret;` at `indent` (no braces), as prettier lays it out:
 * flat; else the return on its own line; else the condition broken out of
 * the parentheses (`ret` is a call, broken one argument per line if needed).
 */
export function ifReturn(indent: string, cond: string, ret: string): string[] {
  const flat = `${indent}if (${cond}) return ${ret};`;
  if (fits(flat)) return [flat];
  const inner = `${indent}  `;
  const head = fits(`${indent}if (${cond})`) ? [`${indent}if (${cond})`] : [`${indent}if (`, `${inner}${cond}`, `${indent})`];
  if (!fits(`${indent}if (`) || !fits(`${inner}${cond}`)) throw new Error(`validators: no layout for condition ${cond}`);
  const open = ret.indexOf("(");
  return [...head, ...callStatement(inner, `return ${ret.slice(0, open)}`, splitArgs(ret.slice(open + 1, -1)))];
}

/** Top-level comma-separated arguments of a call's argument text. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      out.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  if (text.trim() !== "") out.push(text.slice(from).trim());
  return out;
}
