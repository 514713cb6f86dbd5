// Python's posixpath functions QEMU's parser uses to name included files.
// Node's path module differs in corner cases that show in messages and in
// the "already included" test: path.join() normalises ("a/./b" stays
// "a/./b" in Python), path.resolve() drops a leading "//".

/** os.path.dirname() */
export function dirname(p: string): string {
  const i = p.lastIndexOf("/") + 1;
  let head = p.slice(0, i);
  if (head && !/^\/+$/.test(head)) {
    head = head.replace(/\/+$/, "");
  }
  return head;
}

/** os.path.join() of two components */
export function join(a: string, b: string): string {
  if (b.startsWith("/") || a === "") {
    return b;
  }
  return a.endsWith("/") ? a + b : a + "/" + b;
}

/** os.path.normpath() */
export function normpath(p: string): string {
  if (p === "") {
    return ".";
  }
  // POSIX allows one implementation-defined meaning for exactly two
  // leading slashes; Python keeps them.
  let initial = 0;
  if (p.startsWith("/")) {
    initial = p.startsWith("//") && !p.startsWith("///") ? 2 : 1;
  }
  const comps: string[] = [];
  for (const comp of p.split("/")) {
    if (comp === "" || comp === ".") {
      continue;
    }
    if (comp !== ".." || (!initial && comps.length === 0) || comps[comps.length - 1] === "..") {
      comps.push(comp);
    } else if (comps.length) {
      comps.pop();
    }
  }
  const result = "/".repeat(initial) + comps.join("/");
  return result || ".";
}

/** os.path.abspath() */
export function abspath(p: string, cwd: string = process.cwd()): string {
  return normpath(p.startsWith("/") ? p : join(cwd, p));
}
