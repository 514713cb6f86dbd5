// End to end over the QMP layer (H4's QmpServer session, in memory): the
// exact line order a client sees for snapshot jobs, including a pipelined
// query-jobs that must see the job concluded.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import { QmpServer } from "../../../runtime/src/qmp/server.js";
import type { CommandMeta, JsonObject, QmpDispatcher } from "../../../runtime/src/support/dispatch-types.js";
import { SimulatedClock } from "../../../runtime/src/clock.js";
import { createVm, type SimulatedVm } from "../../../runtime/src/vm/vm.js";
import { vmCommands } from "../../../runtime/src/vm/command-table.js";
import { makeImage, qcow2Node, tempDir } from "./harness.js";

let dir: string;
let vm: SimulatedVm;
let lines: string[];
let send: (text: string) => void;

beforeEach(() => {
  dir = tempDir();
  const clock = new SimulatedClock();
  let server: QmpServer | undefined;
  vm = createVm({
    clock,
    events: { emit: (e, d) => server!.emitEvent(e, d as JsonObject | undefined) },
    blockdevs: [qcow2Node("disk0", makeImage(dir, "d0.qcow2"))],
  });
  const table = vmCommands(vm);
  const dispatcher: QmpDispatcher = {
    lookup: (name): CommandMeta | undefined =>
      name in table ? { name, allowOob: false, allowPreconfig: false, successResponse: true } : undefined,
    dispatch: (name, args) => table[name]!(args),
  };
  server = new QmpServer({ dispatcher, loop: vm.mainLoop, clock });
  lines = [];
  const session = server.newSession("test", (l) => lines.push(l.trimEnd()));
  session.open();
  send = (text) => session.receive(new TextEncoder().encode(text));
  send('{"execute": "qmp_capabilities"}');
  lines.length = 0;
});
afterEach(() => {
  vm.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Lines without event timestamps, for comparison. */
function seen(): string[] {
  return lines.splice(0).map((l) => l.replace(/"timestamp": \{[^}]*\}, /, ""));
}

describe("wire order (QEMU 7.2.22)", () => {
  it("snapshot-save with a pipelined query-jobs", () => {
    send(
      '{"execute": "snapshot-save", "arguments": {"job-id": "s", "tag": "t", "vmstate": "disk0", "devices": ["disk0"]}, "id": 1}' +
        '{"execute": "query-jobs", "id": 2}',
    );
    expect(seen()).toEqual([
      '{"event": "JOB_STATUS_CHANGE", "data": {"status": "created", "id": "s"}}',
      '{"event": "JOB_STATUS_CHANGE", "data": {"status": "running", "id": "s"}}',
      '{"event": "STOP"}',
      '{"event": "RESUME"}',
      '{"return": {}, "id": 1}',
      '{"event": "JOB_STATUS_CHANGE", "data": {"status": "waiting", "id": "s"}}',
      '{"event": "JOB_STATUS_CHANGE", "data": {"status": "pending", "id": "s"}}',
      '{"event": "JOB_STATUS_CHANGE", "data": {"status": "concluded", "id": "s"}}',
      '{"return": [{"current-progress": 1, "status": "concluded", "total-progress": 1, "type": "snapshot-save", "id": "s"}], "id": 2}',
    ]);
  });

  it("job-dismiss emits null before its reply; query-status", () => {
    send('{"execute": "snapshot-delete", "arguments": {"job-id": "d", "tag": "t", "devices": []}}');
    seen();
    send('{"execute": "query-jobs"}{"execute": "job-dismiss", "arguments": {"id": "d"}}{"execute": "query-status"}');
    expect(seen()).toEqual([
      '{"return": [{"current-progress": 1, "status": "concluded", "total-progress": 1, "type": "snapshot-delete", "id": "d", "error": "At least one device is required for snapshot"}]}',
      '{"event": "JOB_STATUS_CHANGE", "data": {"status": "null", "id": "d"}}',
      '{"return": {}}',
      '{"return": {"status": "running", "singlestep": false, "running": true}}',
    ]);
  });
});
