// Generated code must type-check under `tsc --strict` with zero diagnostics:
// our committed generated/, QEMU 10.0's full schema, QEMU 7.2's (legacy
// rules), and --define profiles (a real build's symbols; none at all).
// Each output is written to a temporary folder (with a package.json making
// it ESM, as a user's project would) and checked as one Program; parsed
// library files (lib.*.d.ts, @types/node, runtime support) are shared
// between the Programs to keep the whole file well under a minute.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, test } from "vitest";
import { rmSync } from "node:fs";
import {
  DEBIAN_7_2_PROFILE,
  QEMU_10,
  QEMU_7_2,
  REPO,
  generateInMemory,
  profileSymbols,
  tempDir,
  type GenerateCase,
} from "./support.js";

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2023.d.ts"],
  types: ["node"],
  typeRoots: [join(REPO, "node_modules/@types")],
  noImplicitOverride: true,
};

// Source files that are not generated are parsed once for all Programs.
const shared = new Map<string, ts.SourceFile>();

function createHost(outDir: string): ts.CompilerHost {
  const host = ts.createCompilerHost(OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fileName.startsWith(outDir)) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    let sf = shared.get(fileName);
    if (!sf) {
      sf = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (sf) shared.set(fileName, sf);
    }
    return sf;
  };
  return host;
}

/** Type-check every .ts file below `dir`; diagnostics as text. */
function typecheck(dir: string, files: readonly string[]): string[] {
  const roots = files.filter((p) => p.endsWith(".ts")).map((p) => join(dir, p));
  const program = ts.createProgram(roots, OPTIONS, createHost(dir));
  const diags = ts.getPreEmitDiagnostics(program);
  return diags.map((d) => {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file) return msg;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${d.file.fileName.replace(dir + "/", "")}:${line + 1}:${character + 1}: TS${d.code} ${msg}`;
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function generateAndCheck(name: string, c: Omit<GenerateCase, "outDir">): Promise<string[]> {
  const outDir = tempDir(name);
  dirs.push(outDir);
  const out = generateInMemory({ ...c, outDir });
  await out.write(outDir);
  writeFileSync(join(outDir, "package.json"), '{ "type": "module" }\n');
  return typecheck(outDir, out.paths());
}

// Each case generates and checks a whole schema: allow for a busy machine.
const TIMEOUT = 180_000;

describe("generated code type-checks with tsc --strict", () => {
  test("committed generated/", () => {
    const out = ts.sys.readDirectory(join(REPO, "generated"), [".ts"]);
    const dir = join(REPO, "generated");
    expect(out.length).toBeGreaterThan(0);
    expect(typecheck(dir, out.map((p) => p.slice(dir.length + 1)))).toEqual([]);
  }, TIMEOUT);

  test("QEMU 10.0, full schema", async () => {
    expect(await generateAndCheck("q10", { schema: QEMU_10 })).toEqual([]);
  }, TIMEOUT);

  test("QEMU 10.0, empty --define set (every condition false)", async () => {
    expect(await generateAndCheck("q10-none", { schema: QEMU_10, defines: [] })).toEqual([]);
  }, TIMEOUT);

  test("QEMU 7.2 with --legacy, full schema", async () => {
    expect(await generateAndCheck("q72", { schema: QEMU_7_2, legacy: true })).toEqual([]);
  }, TIMEOUT);

  test("QEMU 7.2 with --legacy, Debian x86_64 build's symbols", async () => {
    const defines = profileSymbols(DEBIAN_7_2_PROFILE);
    expect(defines.length).toBeGreaterThan(10);
    expect(await generateAndCheck("q72-debian", { schema: QEMU_7_2, legacy: true, defines })).toEqual([]);
  }, TIMEOUT);
});
