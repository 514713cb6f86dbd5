import { afterEach, describe, expect, it, vi } from "vitest";
import {
  QmpClient,
  QmpConnectionClosedError,
  QmpError,
  QmpProtocolError,
  QmpTimeoutError,
  createMemoryTransportPair,
  type QmpEvent,
} from "../../../runtime/src/client/index.js";
import { FakeQmpServer, flush, type Msg } from "./fake-server.js";
import type { Commands, Events, JobStatus } from "./test-maps.js";

async function setup(options: { capabilities?: string[]; timeout?: number } = {}) {
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  const server = new FakeQmpServer(serverEnd, { capabilities: options.capabilities ?? ["oob"] });
  const client = await QmpClient.connect<Commands, Events>(clientEnd, { timeout: options.timeout });
  return { client, server, clientEnd, serverEnd };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("connect", () => {
  it("reads the greeting and enables oob when offered", async () => {
    const { client, server } = await setup();
    expect(client.greeting?.QMP.capabilities).toStrictEqual(["oob"]);
    expect(client.enabledCapabilities).toStrictEqual(["oob"]);
    expect(server.requests[0]).toStrictEqual({ execute: "qmp_capabilities", arguments: { enable: ["oob"] }, id: 1 });
  });

  it("sends qmp_capabilities without arguments when nothing is offered", async () => {
    const { client, server } = await setup({ capabilities: [] });
    expect(client.enabledCapabilities).toStrictEqual([]);
    expect(server.requests[0]).toStrictEqual({ execute: "qmp_capabilities", id: 1 });
  });

  it("fails when negotiation is refused", async () => {
    const [c, s] = createMemoryTransportPair();
    const server = new FakeQmpServer(s);
    server.handlers.set("qmp_capabilities", (_a, req) => server.fail(req, "GenericError", "nope"));
    await expect(QmpClient.connect(c)).rejects.toMatchObject({ errorClass: "GenericError", desc: "nope" });
  });

  it("times out without a greeting", async () => {
    vi.useFakeTimers();
    const [c, s] = createMemoryTransportPair();
    new FakeQmpServer(s, { greeting: false });
    const p = QmpClient.connect(c, { negotiationTimeout: 500 });
    const check = expect(p).rejects.toBeInstanceOf(QmpTimeoutError);
    await vi.advanceTimersByTimeAsync(500);
    await check;
  });

  it("rejects a malformed greeting as a protocol error", async () => {
    const [c, s] = createMemoryTransportPair();
    s.start({ data() {}, close() {} });
    s.write('{"QMP": {"version": {}}}\n');
    await expect(QmpClient.connect(c)).rejects.toBeInstanceOf(QmpConnectionClosedError);
  });
});

describe("execute", () => {
  it("sends the command with a unique id and resolves with `return`", async () => {
    const { client, server } = await setup();
    server.handlers.set("query-status", (_a, req) => server.reply(req, { running: true, status: "running" }));
    server.handlers.set("job-dismiss", (args, req) => server.reply(req, { echoed: args }));
    await expect(client.execute("query-status")).resolves.toStrictEqual({ running: true, status: "running" });
    await expect(client.execute("job-dismiss", { id: "j1" })).resolves.toStrictEqual({ echoed: { id: "j1" } });
    const ids = server.requests.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(server.requests[2]).toStrictEqual({ execute: "job-dismiss", arguments: { id: "j1" }, id: 3 });
  });

  it("rejects with QmpError carrying class and desc", async () => {
    const { client, server } = await setup();
    server.handlers.set("job-dismiss", (_a, req) => server.fail(req, "DeviceNotActive", "Job 'x' not found"));
    const err = await client.execute("job-dismiss", { id: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpError);
    expect(err).toMatchObject({ errorClass: "DeviceNotActive", desc: "Job 'x' not found" });
  });

  it("matches out-of-order responses by id (OOB)", async () => {
    const { client, server } = await setup();
    const a = client.execute("x-opt", { a: 1 });
    const b = client.execute("x-opt", { a: 2 });
    const c = client.execute("x-opt", { a: 3 }, { oob: true });
    const reqs = [await server.nextRequest(), await server.nextRequest(), await server.nextRequest()];
    expect(reqs[2]).toMatchObject({ "exec-oob": "x-opt" });
    for (const r of [...reqs].reverse()) {
      server.reply(r, (r.arguments as { a: number }).a * 10);
    }
    await expect(Promise.all([a, b, c])).resolves.toStrictEqual([10, 20, 30]);
  });

  it("handles responses split anywhere and joined in one chunk", async () => {
    const { client, server } = await setup();
    const a = client.execute("x-opt", {});
    const b = client.execute("x-opt");
    const [ra, rb] = [await server.nextRequest(), await server.nextRequest()];
    const text =
      JSON.stringify({ return: { s: 'a "}{" b\\' }, id: ra.id }) + "\r\n" + JSON.stringify({ return: [1, { x: "]" }], id: rb.id }) + "\r\n";
    for (const ch of text) {
      server.sendRaw(ch);
    }
    await expect(a).resolves.toStrictEqual({ s: 'a "}{" b\\' });
    await expect(b).resolves.toStrictEqual([1, { x: "]" }]);
  });

  it("gives an error without id to the oldest in-band request", async () => {
    const { client, server } = await setup();
    const oob = client.execute("x-opt", {}, { oob: true });
    const first = client.execute("x-opt", {});
    const second = client.execute("x-opt", {});
    const oobReq = await server.nextRequest();
    server.send({ error: { class: "GenericError", desc: "JSON parse error, expecting value" } });
    await expect(first).rejects.toMatchObject({ desc: "JSON parse error, expecting value" });
    await server.nextRequest(); // first: already answered
    server.reply(await server.nextRequest(), 2);
    server.reply(oobReq, 1);
    expect([await oob, await second]).toStrictEqual([1, 2]);
  });

  it("times out, drops the late answer and keeps working", async () => {
    vi.useFakeTimers();
    const { client, server } = await setup({ timeout: 1000 });
    const p = client.execute("x-opt", {});
    const check = expect(p).rejects.toBeInstanceOf(QmpTimeoutError);
    const req = await server.nextRequest();
    await vi.advanceTimersByTimeAsync(1000);
    await check;
    server.reply(req, 1); // late: dropped
    const q = client.execute("x-opt", {}, { timeout: 50 });
    server.reply(await server.nextRequest(), 2);
    await expect(q).resolves.toBe(2);
  });

  it("rejects with the abort reason, before or after sending", async () => {
    const { client, server } = await setup();
    const ctl = new AbortController();
    const p = client.execute("x-opt", {}, { signal: ctl.signal });
    const req = await server.nextRequest();
    ctl.abort(new Error("user gave up"));
    await expect(p).rejects.toThrow("user gave up");
    server.reply(req, 1);
    const before = server.requests.length;
    await expect(client.execute("x-opt", {}, { signal: ctl.signal })).rejects.toThrow("user gave up");
    await flush();
    expect(server.requests.length).toBe(before);
  });

  it("rejects a server that sends garbage", async () => {
    const { client, server } = await setup();
    const p = client.execute("x-opt", {});
    await server.nextRequest();
    server.sendRaw("hello\r\n");
    await expect(p).rejects.toBeInstanceOf(QmpConnectionClosedError);
    expect(await client.closed).toBeInstanceOf(QmpProtocolError);
  });
});

describe("events", () => {
  it("delivers events to on() in order, interleaved with responses", async () => {
    const { client, server } = await setup();
    const seen: string[] = [];
    const offStop = client.on("STOP", (ev) => seen.push(`on:${ev.event}`));
    client.on("*", (ev) => seen.push(`any:${ev.event}`));
    server.handlers.set("query-status", (_a, req) => {
      server.event("STOP");
      server.reply(req, { running: false, status: "paused" });
      server.event("RESUME");
    });
    const r = await client.execute("query-status").then((ret) => {
      // Events that arrived before the response were delivered before it.
      expect(seen.slice(0, 2)).toStrictEqual(["on:STOP", "any:STOP"]);
      return ret;
    });
    expect(r.status).toBe("paused");
    await flush();
    offStop();
    server.event("STOP");
    await flush();
    expect(seen).toStrictEqual(["on:STOP", "any:STOP", "any:RESUME", "any:STOP"]);
  });

  it("iterates events with a name filter and ends on close", async () => {
    const { client, server } = await setup();
    const it1 = client.events("JOB_STATUS_CHANGE");
    const all = client.events();
    server.event("STOP");
    server.event("JOB_STATUS_CHANGE", { id: "j", status: "created" });
    server.event("JOB_STATUS_CHANGE", { id: "j", status: "running" });
    await flush();
    const got: string[] = [];
    for await (const ev of it1) {
      got.push(ev.data.status);
      if (got.length === 2) break;
    }
    expect(got).toStrictEqual(["created", "running"]);
    const names: string[] = [];
    const done = (async () => {
      for await (const ev of all) names.push(ev.event);
    })();
    await flush();
    await client.close();
    await done;
    expect(names).toStrictEqual(["STOP", "JOB_STATUS_CHANGE", "JOB_STATUS_CHANGE"]);
  });

  it("once() waits for a matching event", async () => {
    const { client, server } = await setup();
    const p = client.once("JOB_STATUS_CHANGE", { where: (ev) => ev.data.status === "running" });
    server.event("JOB_STATUS_CHANGE", { id: "j", status: "created" });
    server.event("JOB_STATUS_CHANGE", { id: "j", status: "running" });
    await expect(p).resolves.toMatchObject({ data: { status: "running" }, timestamp: { seconds: 1700000000 } });
  });

  it("ends an iterator with the abort reason", async () => {
    const { client } = await setup();
    const ctl = new AbortController();
    const it = client.events(["STOP", "RESUME"], { signal: ctl.signal });
    const next = it.next();
    ctl.abort(new Error("stop listening"));
    await expect(next).rejects.toThrow("stop listening");
  });

  it("reports listener exceptions without breaking delivery", async () => {
    const [c, s] = createMemoryTransportPair();
    const server = new FakeQmpServer(s);
    const errors: unknown[] = [];
    const client = await QmpClient.connect<Commands, Events>(c, { onListenerError: (e) => errors.push(e) });
    const seen: QmpEvent[] = [];
    client.on("STOP", () => {
      throw new Error("bad listener");
    });
    client.on("STOP", (ev) => seen.push(ev));
    server.event("STOP");
    await flush();
    expect(errors).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });
});

describe("close and connection loss", () => {
  it("close() rejects pending commands and resolves `closed` cleanly", async () => {
    const { client, server } = await setup();
    const p = client.execute("x-opt", {});
    await server.nextRequest();
    await client.close();
    await expect(p).rejects.toBeInstanceOf(QmpConnectionClosedError);
    expect(await client.closed).toBeUndefined();
    expect(client.isClosed).toBe(true);
    await expect(client.execute("x-opt", {})).rejects.toBeInstanceOf(QmpConnectionClosedError);
  });

  it("a lost connection rejects commands and fails iterators", async () => {
    const { client, server, serverEnd } = await setup();
    const p = client.execute("x-opt", {});
    const it = client.events();
    const next = it.next();
    await server.nextRequest();
    serverEnd.fail(new Error("ECONNRESET"));
    await expect(p).rejects.toThrow(/connection lost: ECONNRESET/u);
    await expect(next).rejects.toBeInstanceOf(QmpConnectionClosedError);
    expect((await client.closed)?.message).toBe("ECONNRESET");
  });

  it("the server closing is a clean end", async () => {
    const { client, serverEnd } = await setup();
    const it = client.events();
    serverEnd.close();
    expect(await it.next()).toStrictEqual({ value: undefined, done: true });
    expect(await client.closed).toBeUndefined();
  });
});

// Type-level checks: `tsc --noEmit` over test/ verifies these lines.
export function typeChecks(client: QmpClient<Commands, Events>): void {
  void client.execute("query-jobs").then((jobs) => jobs[0]?.status satisfies JobStatus | undefined);
  void client.execute("x-opt");
  void client.execute("stop");
  void client.execute("stop", {});
  // @ts-expect-error: stop takes no arguments
  void client.execute("stop", { force: true });
  void client.execute("job-dismiss", { id: "a" });
  // @ts-expect-error: missing required arguments
  void client.execute("job-dismiss");
  // @ts-expect-error: wrong argument type
  void client.execute("job-dismiss", { id: 1 });
  // @ts-expect-error: unknown command
  void client.execute("no-such-command");
  client.on("JOB_STATUS_CHANGE", (ev) => ev.data.status satisfies JobStatus);
  client.on("STOP", (ev) => ev.data satisfies undefined);
  // @ts-expect-error: unknown event
  client.on("NO_SUCH_EVENT", () => {});
  void client.runJob("snapshot-save", { "job-id": "j", tag: "t", vmstate: "d", devices: [] }).then((info) => info.error satisfies string | undefined);
  const untyped = new QmpClient(createMemoryTransportPair()[0]);
  void untyped.execute("anything", { x: 1 });
  untyped.on("ANY_EVENT", (ev) => ev.data satisfies Record<string, unknown> | undefined);
}
void (null as unknown as Msg);
