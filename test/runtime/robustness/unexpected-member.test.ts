// Regressions found by the fuzz test against a live QEMU 7.2: with several
// unexpected arguments QEMU names the first key of its GHashTable, which
// depends on the keys' order in the JSON text.  A JS object puts
// integer-like keys first, so the server must use the parser's recorded
// key order (answers below recorded from qemu-system-x86_64 7.2.22).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningServer } from "../../../runtime/src/server/start.js";
import { RawClient, startInProcess, tempDir } from "./helpers.js";

const CASES: Array<[command: string, args: string, named: string]> = [
  // commands without arguments (the dispatcher's own check)
  ["query-jobs", '{"75": 1, "k275": 1, "819": 1, "k866": 1, "810": 1}', "819"],
  ["query-jobs", '{"95": 1, "552": 1, "k111": 1, "185": 1, "309": 1, "301": 1}', "309"],
  ["query-jobs", '{"w": 1, "Y@Mqc!3": 1, "49": 1}', "w"],
  ["query-jobs", '{"l": 1, "l[y?|BW`": 1, "e3DNHRo": 1}', "l[y?|BW`"],
  // a command with arguments (the generated validator)
  ["query-named-block-nodes", '{"75": 1, "k275": 1, "819": 1, "k866": 1, "810": 1, "flat": true}', "819"],
  ["query-named-block-nodes", '{"95": 1, "552": 1, "k111": 1, "185": 1, "309": 1, "301": 1, "flat": true}', "309"],
];

let dir: string;
let running: RunningServer;
let client: RawClient;

beforeAll(async () => {
  dir = tempDir();
  const sock = path.join(dir, "qmp.sock");
  running = await startInProcess([sock], []);
  client = await RawClient.negotiated(sock);
});
afterAll(async () => {
  client?.close();
  await running?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("which unexpected argument is named (QEMU 7.2's hash order)", () => {
  it.each(CASES)("%s %s -> %s", async (command, args, named) => {
    const before = client.lines.length;
    client.send(`{"execute": "${command}", "arguments": ${args}}`);
    await client.waitLines(before + 1);
    expect(client.lines[before]).toBe(
      `{"error": {"class": "GenericError", "desc": "Parameter '${named}' is unexpected"}}`,
    );
  });
});
