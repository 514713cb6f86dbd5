import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QmpServer, type QmpEndpoint } from "../../../runtime/src/qmp/server.js";
import { MainLoop } from "../../../runtime/src/main-loop.js";
import { FakeDispatcher } from "./fake-dispatcher.js";
import { sleep, TestClient } from "./client.js";

const GREETING =
  '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}';
const NEG = '{"execute":"qmp_capabilities"}';

let dir: string;
let server: QmpServer;
let dispatcher: FakeDispatcher;
let loop: MainLoop;
let now: number;
const clients: TestClient[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "qmp-test-"));
  dispatcher = new FakeDispatcher();
  loop = new MainLoop();
  now = 1_700_000_000_123_456;
  server = new QmpServer({
    dispatcher,
    loop,
    clock: { realtimeUs: () => now },
  });
});

afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function unixEndpoint(name = "qmp.sock"): Promise<QmpEndpoint> {
  return server.listen({ kind: "unix", path: path.join(dir, name) });
}

async function connect(ep: QmpEndpoint): Promise<TestClient> {
  const c = await TestClient.connect({
    path: ep.spec.kind === "unix" ? ep.spec.path : "",
  });
  clients.push(c);
  return c;
}

async function negotiated(ep: QmpEndpoint): Promise<TestClient> {
  const c = await connect(ep);
  await c.waitLines(1);
  c.send(NEG);
  await c.waitLines(2);
  return c;
}

describe("unix endpoint", () => {
  it("greets, negotiates, answers", async () => {
    const c = await connect(await unixEndpoint());
    expect(await c.waitLines(1)).toEqual([GREETING]);
    c.send('{"execute":"query-status","id":1}');
    await c.waitLines(2);
    c.send(NEG + '{"execute":"query-status","id":2}');
    expect(await c.waitLines(4)).toEqual([
      GREETING,
      `{"id": 1, "error": {"class": "CommandNotFound", "desc": "Expecting capabilities negotiation with 'qmp_capabilities'"}}`,
      '{"return": {}}',
      '{"return": {"status": "prelaunch", "singlestep": false, "running": false}, "id": 2}',
    ]);
  });

  it("creates the socket with mode 0600 (or as told)", async () => {
    const ep = await unixEndpoint();
    expect(fs.statSync(ep.spec.kind === "unix" ? ep.spec.path : "").mode & 0o777).toBe(0o600);
    const p = path.join(dir, "other.sock");
    await server.listen({ kind: "unix", path: p, mode: 0o660 });
    expect(fs.statSync(p).mode & 0o777).toBe(0o660);
  });

  it("replaces a stale socket but never another kind of file", async () => {
    const stale = path.join(dir, "stale.sock");
    // a process that dies while listening leaves its socket file behind
    spawnSync(process.execPath, [
      "-e",
      `require("net").createServer().listen(${JSON.stringify(stale)}, () => process.exit(0))`,
    ]);
    expect(fs.lstatSync(stale).isSocket()).toBe(true);
    const ep = await server.listen({ kind: "unix", path: stale });
    const c = await connect(ep);
    expect(await c.waitLines(1)).toEqual([GREETING]);

    const file = path.join(dir, "file");
    fs.writeFileSync(file, "keep me");
    await expect(server.listen({ kind: "unix", path: file })).rejects.toThrow(
      `Failed to bind socket to ${file}: Address already in use`,
    );
    expect(fs.readFileSync(file, "utf8")).toBe("keep me");
  });

  it("does not steal a live server's socket; refuses over-long paths", async () => {
    const ep = await unixEndpoint("live.sock");
    const p = ep.spec.kind === "unix" ? ep.spec.path : "";
    await expect(server.listen({ kind: "unix", path: p })).rejects.toThrow(
      `Failed to bind socket to ${p}: Address already in use`,
    );
    const c = await connect(ep);
    expect(await c.waitLines(1)).toEqual([GREETING]);
    const long = path.join(dir, "x".repeat(120));
    await expect(server.listen({ kind: "unix", path: long })).rejects.toThrow(`UNIX socket path '${long}' is too long`);
  });

  it("serves one client at a time; the next one is greeted when the first leaves", async () => {
    const ep = await unixEndpoint();
    const a = await negotiated(ep);
    const b = await connect(ep);
    b.send('{"execute":"query-status","id":"b"}');
    await sleep(100);
    expect(b.lines).toEqual([]);
    expect(ep.waitingCount).toBe(1);
    a.close();
    expect(await b.waitLines(2)).toEqual([
      GREETING,
      `{"id": "b", "error": {"class": "CommandNotFound", "desc": "Expecting capabilities negotiation with 'qmp_capabilities'"}}`,
    ]);
  });

  it("a waiting client that left is still served (as from QEMU's backlog) before the next", async () => {
    const ep = await unixEndpoint();
    const a = await negotiated(ep);
    const b = await connect(ep);
    b.socket.end('{"execute":"query-status"}');
    const c = await connect(ep);
    await sleep(50);
    expect(ep.waitingCount).toBe(2);
    a.close();
    await b.waitEnd();
    expect(b.lines).toEqual([
      GREETING,
      `{"error": {"class": "CommandNotFound", "desc": "Expecting capabilities negotiation with 'qmp_capabilities'"}}`,
    ]);
    expect(await c.waitLines(1)).toEqual([GREETING]);
  });

  it("answers everything sent before EOF, then closes (as QEMU)", async () => {
    const ep = await unixEndpoint();
    const c = await negotiated(ep);
    c.socket.end('{"execute":"query-status","id":1}{"execute":"query-status","id":2}{"execute":"x-async","id":3}');
    await c.waitEnd();
    expect(c.since(2).map((l) => JSON.parse(l).id)).toEqual([1, 2, undefined, 3]);
  });
});

describe("events", () => {
  it("go to every negotiated client on every endpoint, with the injected clock", async () => {
    const ep1 = await unixEndpoint("a.sock");
    const ep2 = await unixEndpoint("b.sock");
    const ep3 = await unixEndpoint("c.sock");
    const a = await negotiated(ep1);
    const b = await negotiated(ep2);
    const c = await connect(ep3); // not negotiated
    await c.waitLines(1);
    server.emitEvent("STOP");
    server.emitEvent("JOB_STATUS_CHANGE", { id: "j", status: "created" });
    const stop = '{"timestamp": {"seconds": 1700000000, "microseconds": 123456}, "event": "STOP"}';
    const job =
      '{"timestamp": {"seconds": 1700000000, "microseconds": 123456}, "event": "JOB_STATUS_CHANGE", "data": {"status": "created", "id": "j"}}';
    expect((await a.waitLines(4)).slice(2)).toEqual([stop, job]);
    expect((await b.waitLines(4)).slice(2)).toEqual([stop, job]);
    await sleep(50);
    expect(c.lines).toEqual([GREETING]);
  });

  it("an event emitted by a command comes before its response; bottom halves run after it", async () => {
    const ep = await unixEndpoint();
    const c = await negotiated(ep);
    dispatcher.add("x-job", (_args, ctx) => {
      ctx.emitEvent("JOB_STATUS_CHANGE", { id: "j", status: "running" });
      loop.bh(() => ctx.emitEvent("JOB_STATUS_CHANGE", { id: "j", status: "concluded" }));
      return undefined;
    });
    c.send('{"execute":"x-job"}{"execute":"query-status","id":"next"}');
    const lines = (await c.waitLines(6)).slice(2);
    expect(lines.map((l) => JSON.parse(l).data?.status ?? JSON.parse(l).id ?? "return")).toEqual([
      "running",
      "return",
      "concluded",
      "next",
    ]);
  });

  it("async commands keep strict order; their events come before their reply", async () => {
    const ep = await unixEndpoint();
    const c = await negotiated(ep);
    c.send('{"execute":"x-async","id":1,"arguments":{"ms":30}}{"execute":"query-status","id":2}');
    const lines = (await c.waitLines(5)).slice(2);
    expect(lines).toEqual([
      '{"timestamp": {"seconds": 1700000000, "microseconds": 123456}, "event": "X_ASYNC_DONE"}',
      '{"return": {"async": true}, "id": 1}',
      '{"return": {"status": "prelaunch", "singlestep": false, "running": false}, "id": 2}',
    ]);
  });
});

describe("robustness", () => {
  it("garbage on one endpoint does not disturb a client on another", async () => {
    const small = new QmpServer({
      dispatcher,
      loop,
      limits: { maxTokenSize: 1000, maxNesting: 10 },
    });
    const bad = await small.listen({
      kind: "unix",
      path: path.join(dir, "bad.sock"),
    });
    const good = await small.listen({
      kind: "unix",
      path: path.join(dir, "good.sock"),
    });
    try {
      const g = await negotiated(good);
      const b = await negotiated(bad);
      b.send("[".repeat(50));
      b.send('"' + "x".repeat(5000) + '"');
      b.send(Uint8Array.from([0xff, 0x00, 0xc3, 0x28, 0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]));
      b.send("}}}]]]::,,");
      b.socket.end('{"execute":"query-status"'); // truncated
      g.send('{"execute":"query-status","id":"g"}');
      expect((await g.waitLines(3))[2]).toContain('"id": "g"');
      await b.waitEnd();
      expect(b.since(2)[0]).toContain("JSON nesting depth limit exceeded");
      expect(b.since(2).join("\n")).toContain("JSON token size limit exceeded");
      expect(b.since(2).every((l) => l.startsWith('{"error": {"class": "GenericError", "desc": '))).toBe(true);
    } finally {
      await small.close();
    }
  });

  it("a handler bug becomes an error reply, not a crash", async () => {
    const errors: unknown[] = [];
    const s2 = new QmpServer({
      dispatcher,
      onInternalError: (e) => errors.push(e),
    });
    const ep = await s2.listen({
      kind: "unix",
      path: path.join(dir, "bug.sock"),
    });
    try {
      const c = await negotiated(ep);
      c.send('{"execute":"x-bug","id":1}{"execute":"query-status","id":2}');
      const lines = (await c.waitLines(4)).slice(2);
      expect(lines[0]).toBe('{"id": 1, "error": {"class": "GenericError", "desc": "internal error: oops"}}');
      expect(lines[1]).toContain('"id": 2');
      expect(errors).toHaveLength(1);
    } finally {
      await s2.close();
    }
  });
});

describe("tcp endpoint", () => {
  it("listens on the given host only", async () => {
    const ep = await server.listen({ kind: "tcp", host: "127.0.0.1", port: 0 });
    const addr = ep.address as net.AddressInfo;
    expect(addr.address).toBe("127.0.0.1");
    const c = await TestClient.connect({ host: "127.0.0.1", port: addr.port });
    clients.push(c);
    expect(await c.waitLines(1)).toEqual([GREETING]);
  });

  it("reports a busy port as QEMU does", async () => {
    const ep = await server.listen({ kind: "tcp", host: "127.0.0.1", port: 0 });
    const port = (ep.address as net.AddressInfo).port;
    await expect(server.listen({ kind: "tcp", host: "127.0.0.1", port })).rejects.toThrow(
      "Failed to find an available port: Address already in use",
    );
  });
});

describe("flow control", () => {
  it("stops reading a flooding client while a command runs, then answers everything in order", async () => {
    const ep = await unixEndpoint();
    const c = await negotiated(ep);
    const n = 20_000;
    const req = `{"execute":"query-status","id":"${"x".repeat(100)}"}`; // 2.7 MB in all
    c.send('{"execute":"x-async","arguments":{"ms":200}}' + req.repeat(n));
    await sleep(100);
    expect(ep.session!.pendingInput).toBeLessThan(1.2 * (1 << 20)); // paused at 1 MiB
    await c.waitLines(2 + 2 + n, 20_000);
    expect(c.lines.at(-1)).toBe(
      `{"return": {"status": "prelaunch", "singlestep": false, "running": false}, "id": "${"x".repeat(100)}"}`,
    );
  }, 30_000);
});

describe("-qmp-pretty", () => {
  it("prints exactly as QEMU 7.2.22 with -qmp-pretty", async () => {
    const fx = JSON.parse(fs.readFileSync(new URL("./fixtures/qemu-7.2-pretty.json", import.meta.url), "utf8")) as {
      input: string;
      output: string;
    };
    const ts = /"seconds": (\d+),\r\n\s+"microseconds": (\d+)/.exec(fx.output)!;
    now = Number(ts[1]) * 1e6 + Number(ts[2]);
    dispatcher.add("cont", (_a, ctx) => ctx.emitEvent("RESUME"));
    const ep = await server.listen({ kind: "unix", path: path.join(dir, "pretty.sock") }, { pretty: true });
    const c = await connect(ep);
    c.socket.setEncoding("latin1");
    let raw = "";
    c.socket.on("data", (d: string) => (raw += d));
    c.socket.end(fx.input);
    await c.waitEnd();
    expect(raw).toBe(fx.output);
  });
});
