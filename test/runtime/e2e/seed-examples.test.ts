// The seed's three examples (snapshot-save, -load, -delete, with the
// `arguments` member QMP requires) and the spec's message sequences, played
// over a real Unix socket against `node bin/qapi-ts.js serve`, with the
// exact order of events and replies that QEMU 7.2.22 produces
// (shared/spec/qemu-snapshot-jobs.md sections 1 and 9).
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DIST_BUILT,
  NOT_BUILT_REASON,
  makeImage,
  negotiated,
  serveArgs,
  startServe,
  stop,
  tempDir,
  untimed,
  waitSocket,
  type LineConn,
  type ServeProcess,
} from "./serve-process.js";

if (!DIST_BUILT) console.warn(`[e2e] SKIPPED: ${NOT_BUILT_REASON}`);

const SAVE =
  '{ "execute": "snapshot-save", "arguments": { "job-id": "snapsave0", "tag": "my-snap", ' +
  '"vmstate": "disk0", "devices": [ "disk0", "disk1" ] } }';
const LOAD =
  '{ "execute": "snapshot-load", "arguments": { "job-id": "snapload0", "tag": "my-snap", ' +
  '"vmstate": "disk0", "devices": [ "disk0", "disk1" ] } }';
const DELETE =
  '{ "execute": "snapshot-delete", "arguments": { "job-id": "snapdelete0", "tag": "my-snap", ' +
  '"devices": [ "disk0", "disk1" ] } }';

const ev = (id: string, status: string) =>
  `{"event": "JOB_STATUS_CHANGE", "data": {"status": "${status}", "id": "${id}"}}`;
const STOP = '{"event": "STOP"}';
const RESUME = '{"event": "RESUME"}';
const OK = '{"return": {}}';
/** What a successful save of the running VM sends (section 1 of the spec). */
const SAVED = [
  ev("snapsave0", "created"),
  ev("snapsave0", "running"),
  STOP,
  RESUME,
  OK,
  ev("snapsave0", "waiting"),
  ev("snapsave0", "pending"),
  ev("snapsave0", "concluded"),
];

let dir: string;
let sock: string;
let server: ServeProcess | undefined;
let conn: LineConn | undefined;

async function start(extra: string[] = []): Promise<LineConn> {
  const d0 = makeImage(dir, "d0.qcow2");
  const d1 = makeImage(dir, "d1.qcow2");
  server = await startServe(
    serveArgs(
      sock,
      [
        [d0, "disk0"],
        [d1, "disk1"],
      ],
      extra,
    ),
    sock,
  );
  conn = await negotiated(sock);
  return conn;
}

/**
 * Send and expect exactly `expected` (without timestamps): waits for as many
 * lines as expected (however slow a loaded machine is), then checks that
 * nothing else follows.
 */
async function seq(c: LineConn, text: string, expected: string[]): Promise<void> {
  c.send(`${text}\n`);
  const lines = await c.take(expected.length);
  expect([...lines, ...(await c.settle(100))].map(untimed)).toEqual(expected);
}

beforeEach(() => {
  dir = tempDir();
  sock = path.join(dir, "qmp.sock");
});
afterEach(async () => {
  conn?.close();
  conn = undefined;
  if (server) stop(server);
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!DIST_BUILT)("the seed's examples over a real socket (running VM)", () => {
  it("snapshot-save, snapshot-load, snapshot-delete: events and replies in QEMU 7.2.22's order", async () => {
    const c = await start();
    await seq(c, SAVE, [
      ev("snapsave0", "created"),
      ev("snapsave0", "running"),
      STOP,
      RESUME,
      OK,
      ev("snapsave0", "waiting"),
      ev("snapsave0", "pending"),
      ev("snapsave0", "concluded"),
    ]);
    await seq(c, LOAD, [
      ev("snapload0", "created"),
      ev("snapload0", "running"),
      STOP,
      RESUME,
      OK,
      ev("snapload0", "waiting"),
      ev("snapload0", "pending"),
      ev("snapload0", "concluded"),
    ]);
    // delete does not stop the VM
    await seq(c, DELETE, [
      ev("snapdelete0", "created"),
      ev("snapdelete0", "running"),
      OK,
      ev("snapdelete0", "waiting"),
      ev("snapdelete0", "pending"),
      ev("snapdelete0", "concluded"),
    ]);
    await seq(c, '{"execute": "query-jobs"}', [
      '{"return": [' +
        '{"current-progress": 1, "status": "concluded", "total-progress": 1, "type": "snapshot-delete", "id": "snapdelete0"}, ' +
        '{"current-progress": 1, "status": "concluded", "total-progress": 1, "type": "snapshot-load", "id": "snapload0"}, ' +
        '{"current-progress": 1, "status": "concluded", "total-progress": 1, "type": "snapshot-save", "id": "snapsave0"}]}',
    ]);
    await seq(c, '{"execute": "job-dismiss", "arguments": {"id": "snapsave0"}, "id": 7}', [
      ev("snapsave0", "null"),
      '{"return": {}, "id": 7}',
    ]);
    await seq(c, '{"execute": "query-status"}', [
      '{"return": {"status": "running", "singlestep": false, "running": true}}',
    ]);
  });

  it("the snapshot is in both images' tables, vm-state-size only on the vmstate node", async () => {
    const c = await start();
    await seq(c, SAVE, SAVED);
    const reply = (await c.request('{"execute": "query-named-block-nodes", "arguments": {"flat": true}}')).at(-1);
    const nodes = JSON.parse(reply!).return as Array<{
      "node-name": string;
      image: { snapshots?: Array<Record<string, unknown>> };
    }>;
    const snaps = (n: string) => nodes.find((x) => x["node-name"] === n)!.image.snapshots!;
    expect(snaps("disk0")).toHaveLength(1);
    expect(snaps("disk0")[0]).toMatchObject({ id: "1", name: "my-snap" });
    expect(snaps("disk0")[0]!["vm-state-size"]).toBeGreaterThan(0);
    expect(snaps("disk1")[0]).toMatchObject({ id: "1", name: "my-snap", "vm-state-size": 0 });
  });

  it("a failed load stops the VM for good: STOP, no RESUME, restore-vm until cont", async () => {
    const c = await start();
    await seq(c, LOAD, [
      ev("snapload0", "created"),
      ev("snapload0", "running"),
      STOP,
      OK,
      ev("snapload0", "aborting"),
      ev("snapload0", "concluded"),
    ]);
    await seq(c, '{"execute": "query-status"}', [
      '{"return": {"status": "restore-vm", "singlestep": false, "running": false}}',
    ]);
    await seq(c, '{"execute": "query-jobs"}', [
      '{"return": [{"current-progress": 1, "status": "concluded", "total-progress": 1, "type": "snapshot-load", ' +
        '"id": "snapload0", "error": "Snapshot \'my-snap\' does not exist in one or more devices"}]}',
    ]);
    await seq(c, '{"execute": "cont"}', [RESUME, OK]);
  });

  it("a pipelined query-jobs sees the job concluded (the main loop is busy while it works)", async () => {
    const c = await start();
    c.send(`${SAVE}{"execute": "query-jobs", "id": "q"}\n`);
    const lines = (await c.take(9)).map(untimed);
    expect(lines.slice(0, 8)).toEqual([
      ev("snapsave0", "created"),
      ev("snapsave0", "running"),
      STOP,
      RESUME,
      OK,
      ev("snapsave0", "waiting"),
      ev("snapsave0", "pending"),
      ev("snapsave0", "concluded"),
    ]);
    expect(lines[8]).toBe(
      '{"return": [{"current-progress": 1, "status": "concluded", "total-progress": 1, "type": "snapshot-save", "id": "snapsave0"}], "id": "q"}',
    );
  });

  it("quit: SHUTDOWN, the remaining jobs dismissed, the reply, then the server exits 0", async () => {
    const c = await start();
    await seq(c, SAVE, SAVED);
    const lines = (await c.request('{"execute": "quit"}')).map(untimed);
    expect(lines).toEqual([
      '{"event": "SHUTDOWN", "data": {"guest": false, "reason": "host-qmp-quit"}}',
      ev("snapsave0", "null"),
      OK,
    ]);
    expect(await server!.exited).toBe(0);
  });
});

describe.skipIf(!DIST_BUILT)("several monitors", () => {
  it("events go to every negotiated client, on every -qmp endpoint; the reply only to the sender", async () => {
    const sock2 = path.join(dir, "qmp2.sock");
    const c = await start(["-qmp", `unix:${sock2},server=on,wait=off`]);
    await waitSocket(sock2);
    const other = await negotiated(sock2);
    try {
      await seq(c, SAVE, SAVED);
      const seen = (await other.take(SAVED.length - 1)).map(untimed);
      expect(seen).toEqual(SAVED.filter((l) => l !== OK));
      expect(await other.settle(100)).toEqual([]);
    } finally {
      other.close();
    }
  });
});

describe.skipIf(!DIST_BUILT)("-S: the guest never ran (run state prelaunch)", () => {
  it("save, load and delete emit no STOP/RESUME and leave prelaunch; vm-clock is 0", async () => {
    const c = await start(["-S"]);
    await seq(c, '{"execute": "query-status"}', [
      '{"return": {"status": "prelaunch", "singlestep": false, "running": false}}',
    ]);
    for (const [cmd, id] of [
      [SAVE, "snapsave0"],
      [LOAD, "snapload0"],
      [DELETE, "snapdelete0"],
    ] as const) {
      await seq(c, cmd, [
        ev(id, "created"),
        ev(id, "running"),
        OK,
        ev(id, "waiting"),
        ev(id, "pending"),
        ev(id, "concluded"),
      ]);
    }
    await seq(c, '{"execute": "query-status"}', [
      '{"return": {"status": "prelaunch", "singlestep": false, "running": false}}',
    ]);
  });

  it("a failed load changes nothing; stop leaves prelaunch; cont starts the guest", async () => {
    const c = await start(["-S"]);
    await seq(c, LOAD, [
      ev("snapload0", "created"),
      ev("snapload0", "running"),
      OK,
      ev("snapload0", "aborting"),
      ev("snapload0", "concluded"),
    ]);
    await seq(c, '{"execute": "stop"}', [OK]);
    await seq(c, '{"execute": "query-status"}', [
      '{"return": {"status": "prelaunch", "singlestep": false, "running": false}}',
    ]);
    await seq(c, '{"execute": "cont"}', [RESUME, OK]);
    await seq(c, '{"execute": "query-status"}', [
      '{"return": {"status": "running", "singlestep": false, "running": true}}',
    ]);
  });

  it("a snapshot taken before the guest ran has vm-clock 0", async () => {
    const c = await start(["-S"]);
    await seq(
      c,
      SAVE,
      SAVED.filter((l) => l !== STOP && l !== RESUME),
    );
    const reply = (await c.request('{"execute": "query-named-block-nodes"}')).at(-1);
    const sn = (JSON.parse(reply!).return as Array<{ image: { snapshots?: Array<Record<string, unknown>> } }>).find(
      (n) => n.image.snapshots,
    )!.image.snapshots![0]!;
    expect(sn).toMatchObject({ "vm-clock-sec": 0, "vm-clock-nsec": 0 });
  });
});
