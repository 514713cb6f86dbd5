// `qapi-ts img --help` (and `img <command> --help`) prints the usage and
// exits 0, like every other qapi-ts command.

import { describe, expect, it } from "vitest";
import { runImg } from "../../../runtime/src/img/cli.js";

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = runImg(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("qapi-ts img --help", () => {
  it.each([["--help"], ["-h"], ["create", "--help"], ["snapshot", "-h"]])("%s prints the usage", (...argv) => {
    const r = run(argv);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^Usage: qapi-ts img <command>/);
    expect(r.out).toContain("snapshot -l FILE");
  });

  it("an unknown command is still an error", () => {
    const r = run(["frobnicate"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("qemu-img: Command not found: frobnicate\n");
  });
});
