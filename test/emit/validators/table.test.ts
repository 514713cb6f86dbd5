// Argument checks of our schema's commands (qapi/), with QEMU's exact
// messages (spec qemu-snapshot-jobs.md section 10), through the committed
// generated validators: the table below, and every argument error in the
// differential transcripts recorded from qemu-system-x86_64 7.2.22
// (test/fixtures/qemu-7.2/scenarios).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { argsValidator } from "../../../generator/src/emit/backends/validators.js";
import { compileSchema } from "../../../generator/src/compile.js";
import type { QAPISchemaCommand } from "../../../generator/src/model/entities.js";
import { qobjectFromJson } from "../../../runtime/src/qmp/keyval.js";
import { insertionKeys } from "../../../runtime/src/qmp/qdict.js";
import { isQmpError } from "../../../runtime/src/support/qmp-error.js";
import { validateNoArgs } from "../../../runtime/src/support/validate.js";
import { ourSchema, repo } from "./helpers.js";

const schema = compileSchema(ourSchema, { legacy: true });
const commands = new Map<string, QAPISchemaCommand>();
for (const { entity } of schema.walk())
  if (entity.kind === "command") commands.set(entity.name, entity);

type Validator = (
  value: unknown,
  name?: string | null,
  opts?: object,
) => unknown;

async function argsCheck(command: string): Promise<Validator> {
  const cmd = commands.get(command);
  if (!cmd) throw new Error(`no command ${command}`);
  const ref = argsValidator(schema, cmd);
  if (ref === null) return validateNoArgs as Validator;
  const mod = (await import(
    `${repo}/generated/validators/${ref.module}.ts`
  )) as Record<string, Validator>;
  return mod[ref.name]!;
}

async function check(
  command: string,
  argsText: string,
): Promise<string | null> {
  const validate = await argsCheck(command);
  try {
    validate(qobjectFromJson(argsText), null, { keyOrder: insertionKeys });
    return null;
  } catch (e) {
    if (!isQmpError(e)) throw e;
    expect(e.errorClass).toBe("GenericError");
    return e.desc;
  }
}

const SAVE =
  '"job-id": "j", "tag": "t", "vmstate": "disk0", "devices": ["disk0"]';

// [command, arguments (QMP JSON text), QEMU's message or null (accepted)]
const TABLE: [string, string, string | null][] = [
  ["snapshot-save", `{${SAVE}}`, null],
  ["snapshot-save", "{}", "Parameter 'job-id' is missing"],
  ["snapshot-save", '{"job-id": "j"}', "Parameter 'tag' is missing"],
  ["snapshot-save", '{"tag": "t", "foo": 1}', "Parameter 'job-id' is missing"],
  [
    "snapshot-save",
    '{"job-id": null, "tag": "t"}',
    "Invalid parameter type for 'job-id', expected: string",
  ],
  [
    "snapshot-save",
    '{"job-id": "j", "tag": 1.5}',
    "Invalid parameter type for 'tag', expected: string",
  ],
  [
    "snapshot-save",
    '{"job-id": "j", "tag": "t", "vmstate": "d", "devices": "d"}',
    "Invalid parameter type for 'devices', expected: array",
  ],
  [
    "snapshot-save",
    '{"job-id": "j", "tag": "t", "vmstate": "d", "devices": ["d", 1]}',
    "Invalid parameter type for 'devices[1]', expected: string",
  ],
  ["snapshot-save", `{${SAVE}, "foo": 1}`, "Parameter 'foo' is unexpected"],
  [
    "snapshot-save",
    `{${SAVE}, "__proto__": 1}`,
    "Parameter '__proto__' is unexpected",
  ],
  [
    "snapshot-save",
    `{${SAVE}, "constructor": {}}`,
    "Parameter 'constructor' is unexpected",
  ],
  ["snapshot-load", `{${SAVE}}`, null],
  [
    "snapshot-load",
    '{"job-id": "j", "tag": "t", "vmstate": ["d"], "devices": []}',
    "Invalid parameter type for 'vmstate', expected: string",
  ],
  ["snapshot-delete", '{"job-id": "j", "tag": "t", "devices": []}', null],
  ["snapshot-delete", `{${SAVE}}`, "Parameter 'vmstate' is unexpected"],
  ["job-dismiss", "{}", "Parameter 'id' is missing"],
  [
    "job-dismiss",
    '{"id": 7}',
    "Invalid parameter type for 'id', expected: string",
  ],
  [
    "job-dismiss",
    '{"id": "x", "force": true}',
    "Parameter 'force' is unexpected",
  ],
  ["job-cancel", '{"id": "x"}', null],
  ["job-finalize", '{"id": "x"}', null],
  ["query-jobs", "{}", null],
  ["query-jobs", '{"x": 1}', "Parameter 'x' is unexpected"],
  ["query-status", '{"foo": 1}', "Parameter 'foo' is unexpected"],
  ["query-named-block-nodes", '{"flat": true}', null],
  [
    "query-named-block-nodes",
    '{"flat": "yes"}',
    "Invalid parameter type for 'flat', expected: boolean",
  ],
  [
    "query-named-block-nodes",
    '{"flat": 1}',
    "Invalid parameter type for 'flat', expected: boolean",
  ],
  ["block-job-set-speed", '{"device": "x", "speed": 5}', null],
  [
    "block-job-set-speed",
    '{"device": "x", "speed": "fast"}',
    "Invalid parameter type for 'speed', expected: integer",
  ],
  [
    "block-job-set-speed",
    '{"device": "x", "speed": 1.0}',
    "Invalid parameter type for 'speed', expected: integer",
  ],
  [
    "block-job-set-speed",
    '{"device": "x", "speed": 1e+30}',
    "Invalid parameter type for 'speed', expected: integer",
  ],
  [
    "block-job-set-speed",
    '{"device": "x", "speed": 9223372036854775808}',
    "Invalid parameter type for 'speed', expected: integer",
  ],
  [
    "block-job-set-speed",
    '{"device": "x", "speed": -9223372036854775808}',
    null,
  ],
  [
    "blockdev-add",
    '{"driver": "nope"}',
    "Parameter 'driver' does not accept value 'nope'",
  ],
  ["blockdev-add", '{"node-name": "x"}', "Parameter 'driver' is missing"],
  [
    "blockdev-add",
    '{"driver": 1}',
    "Invalid parameter type for 'driver', expected: string",
  ],
  [
    "blockdev-add",
    '{"driver": "qcow2", "node-name": "x"}',
    "Parameter 'file' is missing",
  ],
  ["blockdev-add", '{"driver": "qcow2", "node-name": "x", "file": "f"}', null],
  [
    "blockdev-add",
    '{"driver": "qcow2", "file": {"driver": "file", "filename": "/x"}}',
    null,
  ],
  [
    "blockdev-add",
    '{"driver": "qcow2", "file": 5}',
    "Invalid parameter type for 'file', expected: BlockdevRef",
  ],
  [
    "blockdev-add",
    '{"driver": "qcow2", "file": {"driver": "file"}}',
    "Parameter 'file.filename' is missing",
  ],
  [
    "blockdev-add",
    '{"driver": "qcow2", "file": {"driver": "bad"}}',
    "Parameter 'driver' does not accept value 'bad'",
  ],
  [
    "blockdev-add",
    '{"driver": "qcow2", "file": {"driver": "file", "filename": "/x", "zz": 1}}',
    "Parameter 'file.zz' is unexpected",
  ],
  ["blockdev-add", '{"driver": "qcow2", "file": "f", "backing": null}', null],
  [
    "blockdev-add",
    '{"driver": "qcow2", "file": "f", "backing": true}',
    "Invalid parameter type for 'backing', expected: BlockdevRefOrNull",
  ],
  [
    "blockdev-add",
    '{"driver": "file", "filename": "/x", "aio": "magic"}',
    "Parameter 'aio' does not accept value 'magic'",
  ],
  [
    "blockdev-add",
    '{"driver": "file", "filename": "/x", "cache": {"direct": 1}}',
    "Invalid parameter type for 'cache.direct', expected: boolean",
  ],
  [
    "blockdev-add",
    '{"driver": "raw", "file": "f", "filename": "/x"}',
    "Parameter 'filename' is unexpected",
  ],
  ["blockdev-del", "{}", "Parameter 'node-name' is missing"],
  ["qmp_capabilities", '{"enable": ["oob"]}', null],
  [
    "qmp_capabilities",
    '{"enable": ["x"]}',
    "Parameter 'null' does not accept value 'x'",
  ],
  [
    "qmp_capabilities",
    '{"enable": "oob"}',
    "Invalid parameter type for 'enable', expected: array",
  ],
];

describe("argument checks of our schema's commands", () => {
  for (const [command, args, expected] of TABLE) {
    it(`${command} ${args} -> ${expected ?? "accepted"}`, async () => {
      expect(await check(command, args)).toBe(expected);
    });
  }

  it("agrees with every argument error recorded from QEMU 7.2.22", async () => {
    const dir = join(repo, "test/fixtures/qemu-7.2/scenarios");
    let compared = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const transcript = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
        exchanges: {
          send: string | null;
          received: { msg?: { error?: { desc: string } } }[];
        }[];
      };
      for (const ex of transcript.exchanges) {
        if (!ex.send || !ex.send.includes('"execute"')) continue;
        const desc = ex.received
          .map((r) => r.msg?.error?.desc)
          .find((d) => d !== undefined);
        if (!desc || !/^(Parameter '|Invalid parameter type)/u.test(desc))
          continue;
        let req: { execute?: string; arguments?: unknown };
        try {
          req = JSON.parse(ex.send.replaceAll("$DIR", "/d")) as typeof req;
        } catch {
          continue;
        }
        if (typeof req.execute !== "string" || !commands.has(req.execute))
          continue;
        const text = ex.send.replaceAll("$DIR", "/d");
        const argsText =
          JSON.stringify(req.arguments ?? {}) === "{}"
            ? "{}"
            : extractArguments(text);
        expect(await check(req.execute, argsText), `${file}: ${text}`).toBe(
          desc,
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});

/** The "arguments" member's text of a request (integers keep their form). */
function extractArguments(text: string): string {
  const v = qobjectFromJson(text) as Record<string, unknown>;
  const raw = text
    .slice(text.indexOf('"arguments"') + '"arguments"'.length)
    .replace(/^\s*:\s*/u, "");
  // Find the matching brace of the arguments object.
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (inStr) {
      if (c === "\\") i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return raw.slice(0, i + 1);
    }
  }
  void v;
  return "{}";
}
