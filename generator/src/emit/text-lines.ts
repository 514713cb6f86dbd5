// Line helpers shared by the renderers of doc text (JSDoc, Markdown, HTML).

/** Width of a line's leading white space. */
export function leading(line: string): number {
  return line.length - line.trimStart().length;
}

/** Removes the common indentation of the non-blank lines. */
export function dedent(lines: readonly string[]): string[] {
  let min = Infinity;
  for (const l of lines) if (l.trim() !== "") min = Math.min(min, leading(l));
  if (min === Infinity || min === 0) return [...lines];
  return lines.map((l) => l.slice(Math.min(min, leading(l))));
}

/** Drops blank lines at both ends. */
export function trimBlank(lines: readonly string[]): string[] {
  let s = 0;
  let e = lines.length;
  while (s < e && lines[s]!.trim() === "") s++;
  while (e > s && lines[e - 1]!.trim() === "") e--;
  return lines.slice(s, e);
}
