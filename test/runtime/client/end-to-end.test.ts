// The client against the simulated QEMU (QmpServer session + SimulatedVm),
// in memory: negotiation, typed commands, QEMU's error texts, and runJob
// following real snapshot jobs.
import * as fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QmpClient, QmpError, type Transport, type TransportHandlers } from "../../../runtime/src/client/index.js";
import { SimulatedClock } from "../../../runtime/src/clock.js";
import { QmpServer } from "../../../runtime/src/qmp/server.js";
import type { CommandMeta, JsonObject, QmpDispatcher } from "../../../runtime/src/support/dispatch-types.js";
import { vmCommands } from "../../../runtime/src/vm/command-table.js";
import { createVm, type SimulatedVm } from "../../../runtime/src/vm/vm.js";
import { makeImage, qcow2Node, tempDir } from "../snapshot/harness.js";
import type { Commands, Events } from "./test-maps.js";

/** A client transport speaking to an in-process server session. */
function sessionTransport(server: QmpServer): Transport {
  let handlers: TransportHandlers | undefined;
  const early: string[] = [];
  let closed = false;
  const session = server.newSession("client", (line) => {
    if (handlers) {
      const h = handlers;
      queueMicrotask(() => h.data(line));
    } else {
      early.push(line);
    }
  });
  session.open();
  return {
    start(h) {
      handlers = h;
      for (const line of early.splice(0)) h.data(line);
    },
    write(text) {
      queueMicrotask(() => session.receive(new TextEncoder().encode(text)));
    },
    close() {
      if (closed) return;
      closed = true;
      session.close();
      queueMicrotask(() => handlers?.close());
    },
  };
}

let dir: string;
let vm: SimulatedVm;
let server: QmpServer;

beforeEach(() => {
  dir = tempDir();
  const clock = new SimulatedClock();
  vm = createVm({
    clock,
    events: { emit: (e, d) => server.emitEvent(e, d as JsonObject | undefined) },
    blockdevs: [qcow2Node("disk0", makeImage(dir, "d0.qcow2"))],
  });
  const table = vmCommands(vm);
  const dispatcher: QmpDispatcher = {
    lookup: (name): CommandMeta | undefined =>
      name in table ? { name, allowOob: false, allowPreconfig: false, successResponse: true } : undefined,
    dispatch: (name, args) => table[name]!(args),
  };
  server = new QmpServer({ dispatcher, loop: vm.mainLoop, clock });
});

afterEach(() => {
  vm.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("client against the simulated VM", () => {
  it("negotiates and runs commands", async () => {
    const client = await QmpClient.connect<Commands, Events>(sessionTransport(server));
    expect(client.greeting?.QMP.capabilities).toStrictEqual(["oob"]);
    await expect(client.execute("query-status")).resolves.toMatchObject({ running: true, status: "running" });
    const err = await client.execute("job-dismiss", { id: "nope" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpError);
    expect(err).toMatchObject({ errorClass: "GenericError", desc: "Job not found" });
    await client.close();
  });

  it("runJob follows a snapshot-save to its concluded entry and dismisses it", async () => {
    const client = await QmpClient.connect<Commands, Events>(sessionTransport(server));
    const statuses: string[] = [];
    const stops: string[] = [];
    client.on(["STOP", "RESUME"], (ev) => stops.push(ev.event));
    const info = await client.runJob(
      "snapshot-save",
      { "job-id": "s0", tag: "t1", vmstate: "disk0", devices: ["disk0"] },
      { dismiss: true, onStatus: (s) => statuses.push(s) },
    );
    expect(info).toStrictEqual({ "current-progress": 1, status: "concluded", "total-progress": 1, type: "snapshot-save", id: "s0" });
    expect(stops).toStrictEqual(["STOP", "RESUME"]);
    await expect(client.execute("query-jobs")).resolves.toStrictEqual([]);
    expect(statuses).toStrictEqual(["created", "running", "waiting", "pending", "concluded", "null"]);
    await client.close();
  });

  it("runJob reports a failed snapshot job through `error`", async () => {
    const client = await QmpClient.connect<Commands, Events>(sessionTransport(server));
    const info = await client.runJob("snapshot-save", { "job-id": "s1", tag: "t", vmstate: "disk0", devices: [] });
    expect(info.status).toBe("concluded");
    expect(info.error).toBe("At least one device is required for snapshot");
    await client.close();
  });
});
