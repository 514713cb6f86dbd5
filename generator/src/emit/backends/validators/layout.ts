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

function brokenArgs(indent: string, head: string, args: readonly string[], close: string): string[] {
  return [`${indent}${head}(`, ...args.map((a) => `${indent}  ${a},`), `${indent})${close}`];
}

/** `callee(args);` at `indent`. */
export function callStatement(indent: string, callee: string, args: readonly string[]): string[] {
  const flat = `${indent}${callee}(${args.join(", ")});`;
  if (flat.length <= WIDTH || args.length === 0) return [flat];
  return brokenArgs(indent, callee, args, ";");
}

/** `lhs = callee(args);` at `indent`. */
export function assignCall(indent: string, lhs: string, callee: string, args: readonly string[]): string[] {
  const flat = `${indent}${lhs} = ${callee}(${args.join(", ")});`;
  if (flat.length <= WIDTH) return [flat];
  const head = `${indent}${lhs} = ${callee}(`;
  if (head.length <= WIDTH) return brokenArgs(indent, `${lhs} = ${callee}`, args, ";");
  // Break after the operator; the call goes on the next line, itself
  // broken if it still does not fit.
  const inner = `${indent}  `;
  const rhs = `${inner}${callee}(${args.join(", ")});`;
  return [`${indent}${lhs} =`, ...(rhs.length <= WIDTH ? [rhs] : brokenArgs(inner, callee, args, ";"))];
}
