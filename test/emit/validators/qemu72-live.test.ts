// Generated validators for QEMU 7.2's full schema (with the condition
// symbols of Debian's x86_64 build) against a real qemu-system-x86_64 7.2.
//
// Cases: for every command with arguments, invalid arguments made by
// model-values.ts (single mutations) and valid arguments with several
// unknown members (which one QEMU names depends on GLib's hash table order).
// Only invalid arguments are ever sent, so no command actually runs.
//
// Recording (opt-in, needs qemu-system-x86_64 7.2 on PATH):
//   QAPI_TS_RECORD_QEMU=1 npx vitest run test/emit/validators/qemu72-live.test.ts
// starts `qemu-system-x86_64 -nodefaults -display none -machine none -S
// -qmp stdio`, sends every case as {"execute", "arguments", "id"} and writes
// the replies to fixtures/qemu72-arguments.json.  Without that variable the
// recorded replies are replayed: each argument text is parsed by our QMP
// JSON parser (qfloat.ts's numbers, key order recorded) and checked by our
// validators, whose message must equal QEMU's desc.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../../generator/src/compile.js";
import { GenContext } from "../../../generator/src/emit/backend.js";
import { schemaNames } from "../../../generator/src/emit/schema-names.js";
import type { QAPISchemaCommand } from "../../../generator/src/model/entities.js";
import { insertionKeys } from "../../../runtime/src/qmp/qdict.js";
import { qobjectFromJson } from "../../../runtime/src/qmp/keyval.js";
import { isQmpError } from "../../../runtime/src/support/qmp-error.js";
import {
  generateValidators,
  qemu72,
  repo,
  shared,
  writeOutput,
} from "./helpers.js";
import { mutate, prng, ValueGen, wireJson } from "./model-values.js";

const FIXTURE = join(__dirname, "fixtures/qemu72-arguments.json");
const profile = join(shared, "spec/profiles/debian-7.2.22-x86_64.txt");
const record = process.env.QAPI_TS_RECORD_QEMU === "1";

interface Case {
  command: string;
  arguments: string;
  kind: string;
  desc?: string;
}

// Commands that could do harm if an argument we believe invalid were not.
const SKIP = new Set([
  "qmp_capabilities",
  "human-monitor-command",
  "quit",
  "migrate",
  "dump-guest-memory",
  "screendump",
]);
const UNKNOWN = [
  "zz",
  "a",
  "x-foo",
  "foo-bar",
  "__proto__",
  "constructor",
  "toString",
  "1",
  "42",
  "b",
  "devices0",
  "node",
];

function makeCases(
  commands: QAPISchemaCommand[],
  present: ConstructorParameters<typeof ValueGen>[1],
): Case[] {
  const cases: Case[] = [];
  const rnd = prng(72);
  for (const c of commands) {
    const t = c.argType!;
    for (let i = 0; i < 10; i++) {
      const g = new ValueGen(rnd, present).generate(t);
      const m = mutate(g, rnd, ["zz-unknown", "__proto__", "constructor"]);
      if (m)
        cases.push({
          command: c.name,
          arguments: wireJson(m.value),
          kind: m.kind,
        });
    }
    // Several unknown members: GLib's order decides which is reported.
    const g = new ValueGen(rnd, present).generate(t);
    const known = new Set(t.members.map((m) => m.name));
    const extra = UNKNOWN.filter((k) => !known.has(k) && rnd() < 0.5);
    if (extra.length >= 2) {
      const v = g.value as Record<string, unknown>;
      for (const k of extra) v[k] = 1n;
      cases.push({
        command: c.name,
        arguments: wireJson(v),
        kind: "several-unknown",
      });
    }
  }
  return cases;
}

function runQemu(cases: Case[]): void {
  const lines = ['{"execute": "qmp_capabilities"}'];
  cases.forEach((c, i) =>
    lines.push(
      `{"execute": ${JSON.stringify(c.command)}, "arguments": ${c.arguments}, "id": ${i}}`,
    ),
  );
  lines.push('{"execute": "quit"}');
  const r = spawnSync(
    "qemu-system-x86_64",
    [
      "-nodefaults",
      "-display",
      "none",
      "-machine",
      "none",
      "-S",
      "-qmp",
      "stdio",
    ],
    {
      input: lines.join("\n") + "\n",
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  for (const line of r.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const msg = JSON.parse(line) as {
      id?: number;
      error?: { desc: string };
      return?: unknown;
    };
    if (typeof msg.id !== "number") continue;
    cases[msg.id]!.desc = msg.error ? msg.error.desc : "(no error)";
  }
}

describe("validators of QEMU 7.2's schema against qemu-system-x86_64 7.2", () => {
  if (!existsSync(qemu72)) {
    it.skip("needs ../shared/qemu/7.2", () => {});
    return;
  }
  const defines = new Set(
    readFileSync(profile, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#")),
  );
  const dir = `${repo}/tmp/validators-q72`;
  writeOutput(
    generateValidators(qemu72, {
      legacy: true,
      defines,
      runtimePath: relative(dir, `${repo}/runtime/src/support`),
    }),
    dir,
  );
  const schema = compileSchema(qemu72, { legacy: true });
  const ctx = new GenContext({
    prefix: "",
    unmask: false,
    defines,
    legacy: true,
    schemaPath: "",
    runtimePath: null,
  });
  const present: ConstructorParameters<typeof ValueGen>[1] = (x) =>
    ctx.present(x);
  const commands: QAPISchemaCommand[] = [];
  for (const { entity } of schema.walk()) {
    if (
      entity.kind !== "command" ||
      !ctx.present(entity) ||
      !entity.gen ||
      SKIP.has(entity.name)
    )
      continue;
    if (entity.argType && !entity.argType.isEmpty()) commands.push(entity);
  }

  it.runIf(record)(
    "records QEMU's replies",
    () => {
      const cases = makeCases(commands, present);
      runQemu(cases);
      writeFileSync(FIXTURE, JSON.stringify(cases, null, 1) + "\n");
      expect(cases.every((c) => c.desc !== undefined)).toBe(true);
    },
    180_000,
  );

  it("gives QEMU's message for every recorded case", async () => {
    const cases = JSON.parse(readFileSync(FIXTURE, "utf8")) as Case[];
    const names = schemaNames(schema);
    const byName = new Map(commands.map((c) => [c.name, c]));
    const mismatches: string[] = [];
    let compared = 0;
    for (const c of cases) {
      const cmd = byName.get(c.command);
      if (!cmd) continue;
      const ref = names.validator(cmd.argType!);
      const mod = (await import(
        `${dir}/validators/${ref.module}.ts`
      )) as Record<string, (...a: unknown[]) => unknown>;
      const args = qobjectFromJson(c.arguments);
      let ours = "(no error)";
      try {
        mod[ref.name]!(args, null, { keyOrder: insertionKeys });
      } catch (e) {
        if (!isQmpError(e)) throw e;
        ours = e.desc;
      }
      compared++;
      // A command QEMU ran (our oracle thought the value invalid) would
      // answer with its own error; only visitor messages are compared then.
      if (ours !== c.desc)
        mismatches.push(
          `${c.command} ${c.arguments}\n  qemu: ${c.desc}\n  ours: ${ours}`,
        );
    }
    expect(compared).toBeGreaterThan(500);
    expect(mismatches).toEqual([]);
  }, 120_000);
});
