import { mkdtemp, rm } from "node:fs/promises";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JsonSplitter, QmpClient, QmpProtocolError, connectTcp, connectUnix } from "../../../runtime/src/client/index.js";

/** A minimal line-based QMP server on a real socket. */
function tinyServer(sockets: net.Socket[] = []): net.Server {
  return net.createServer((sock) => {
    sockets.push(sock);
    sock.write('{"QMP": {"version": {"qemu": {"micro": 0, "minor": 0, "major": 10}, "package": ""}, "capabilities": []}}\r\n');
    let buf = "";
    sock.on("data", (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const req = JSON.parse(buf.slice(0, nl)) as { execute: string; id: unknown };
        buf = buf.slice(nl + 1);
        const ret = req.execute === "query-status" ? { running: true, status: "running" } : {};
        sock.write(JSON.stringify({ return: ret, id: req.id }) + "\r\n");
      }
    });
  });
}

describe("socket transports", () => {
  it("talks QMP over a Unix socket", async () => {
    const dir = await mkdtemp(join(tmpdir(), "qapi-ts-qmp-"));
    const path = join(dir, "qmp.sock");
    const server = tinyServer();
    await new Promise<void>((r) => server.listen(path, r));
    try {
      const client = await QmpClient.connect(await connectUnix(path));
      await expect(client.execute("query-status")).resolves.toStrictEqual({ running: true, status: "running" });
      await client.close();
      expect(client.isClosed).toBe(true);
    } finally {
      await new Promise((r) => server.close(r));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("talks QMP over TCP and sees the server go away", async () => {
    const sockets: net.Socket[] = [];
    const server = tinyServer(sockets);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const client = await QmpClient.connect(await connectTcp("127.0.0.1", port));
      await expect(client.execute("stop")).resolves.toStrictEqual({});
      for (const s of sockets) s.destroy();
      await client.closed;
      expect(client.isClosed).toBe(true);
      await expect(client.execute("stop")).rejects.toThrow(/closed/u);
    } finally {
      server.close();
    }
  });

  it("fails to connect to a missing socket", async () => {
    await expect(connectUnix("/nonexistent/qapi-ts.sock")).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("honours an aborted signal when connecting", async () => {
    const ctl = new AbortController();
    ctl.abort(new Error("no"));
    await expect(connectTcp("127.0.0.1", 1, { signal: ctl.signal })).rejects.toThrow("no");
  });
});

describe("JsonSplitter", () => {
  it("splits on object boundaries, not lines", () => {
    const s = new JsonSplitter();
    expect(s.feed('{"a": "}\\"{", "b": [1, {"c": 2}]}\r\n{"d"')).toStrictEqual(['{"a": "}\\"{", "b": [1, {"c": 2}]}']);
    expect(s.pending).toBe(true);
    expect(s.feed(': "\n"}{"e": 1}')).toStrictEqual(['{"d": "\n"}', '{"e": 1}']);
    expect(s.pending).toBe(false);
  });

  it("keeps escape state across chunks", () => {
    const s = new JsonSplitter();
    const text = '{"a": "x\\\\"}{"b": "\\""}';
    const out: string[] = [];
    for (const ch of text) out.push(...s.feed(ch));
    expect(out.map((m) => JSON.parse(m) as unknown)).toStrictEqual([{ a: "x\\" }, { b: '"' }]);
  });

  it("rejects text between messages", () => {
    expect(() => new JsonSplitter().feed("oops")).toThrow(QmpProtocolError);
  });
});
