// `qapi-ts serve` and `qapi-ts img` as a user runs them: QEMU's own
// command line with the program names swapped, clear errors naming the
// faulty option (exit 1), and the security rules (socket 0600, TCP
// only on the given host, no foreign files, image locks released on
// SIGTERM/SIGINT).
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DIST_BUILT,
  LineConn,
  NOT_BUILT_REASON,
  cli,
  makeImage,
  negotiated,
  startServe,
  stop,
  tempDir,
  untimed,
  type ServeProcess,
} from "./serve-process.js";

if (!DIST_BUILT) console.warn(`[e2e] SKIPPED: ${NOT_BUILT_REASON}`);

let dir: string;
const procs: ServeProcess[] = [];

beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  for (const p of procs.splice(0)) stop(p);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function serve(args: string[], sock?: string): Promise<ServeProcess> {
  const p = await startServe(args, sock);
  procs.push(p);
  return p;
}

describe.skipIf(!DIST_BUILT)("QEMU's command line, unchanged", () => {
  it("the issue's example: qemu-img and qemu-system-x86_64 replaced by qapi-ts img / qapi-ts serve", async () => {
    const img = cli(["img", "create", "-f", "qcow2", "d0.qcow2", "32M"], dir);
    expect(img.status).toBe(0);
    expect(img.stdout).toContain("Formatting 'd0.qcow2', fmt=qcow2");
    const sock = path.join(dir, "S");
    await serve(
      [
        ..."-nodefaults -display none -machine pc -accel tcg -m 32".split(" "),
        ...["-qmp", `unix:${sock},server=on,wait=off`],
        ...["-blockdev", `driver=file,filename=${dir}/d0.qcow2,node-name=disk0`],
        ...["-blockdev", "driver=qcow2,file=disk0,node-name=diskfmt0"],
      ],
      sock,
    );
    const c = await negotiated(sock);
    const lines = await c.request(
      '{"execute": "snapshot-save", "arguments": {"job-id": "s", "tag": "t", "vmstate": "diskfmt0", "devices": ["diskfmt0"]}}',
    );
    expect(lines.map(untimed).at(-1)).toBe('{"return": {}}');
    c.close();
    await new Promise((r) => setTimeout(r, 200));
    // the snapshot is in the image, as qemu-img would show it (-U: the server holds the lock)
    const locked = cli(["img", "snapshot", "-l", `${dir}/d0.qcow2`]);
    expect(locked.status).toBe(1);
    expect(locked.stderr).toContain('Failed to get shared "write" lock');
    const list = cli(["img", "snapshot", "-U", "-l", `${dir}/d0.qcow2`]);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/Snapshot list:\n.*\n1\s+t\s/);
    const info = cli(["img", "info", "-U", `${dir}/d0.qcow2`]);
    expect(info.stdout).toContain("file format: qcow2");
  });

  it("-drive if=none,...,format=qcow2 and JSON -blockdev are accepted", async () => {
    makeImage(dir, "d1.qcow2");
    makeImage(dir, "d2.qcow2");
    const sock = path.join(dir, "S");
    await serve(
      [
        ...["-qmp", `unix:${sock},server=on,wait=off`, "-S"],
        ...["-drive", `if=none,id=drive1,node-name=node1,file=${dir}/d1.qcow2,format=qcow2`],
        ...[
          "-blockdev",
          JSON.stringify({
            driver: "qcow2",
            "node-name": "n2",
            file: { driver: "file", filename: `${dir}/d2.qcow2` },
            "read-only": true,
          }),
        ],
      ],
      sock,
    );
    const c = await negotiated(sock);
    const [reply] = await c.request('{"execute": "query-named-block-nodes"}');
    const nodes = JSON.parse(reply!).return as Array<{ "node-name": string; ro: boolean }>;
    // newest first: QEMU opens every -blockdev before any -drive
    expect(nodes.filter((n) => !n["node-name"].startsWith("#")).map((n) => [n["node-name"], n.ro])).toEqual([
      ["node1", false],
      ["n2", true],
    ]);
    c.close();
  });

  it.each([
    [["-qmp", "unix:/tmp/x,server=on,wait=off", "-bogus"], "qapi-ts: -bogus: invalid option"],
    [["-qmp"], "qapi-ts: -qmp: requires an argument"],
    [["-m", "32"], "qapi-ts: no -qmp option"],
    [
      ["-qmp", "unix:/tmp/x,server=on,wait=off", "-blockdev", "node-name=a"],
      "qapi-ts: -blockdev node-name=a: Parameter 'driver' is missing",
    ],
    [
      [
        "-qmp",
        "unix:/tmp/x,server=on,wait=off",
        "-blockdev",
        "driver=file,filename=/nonexistent/a.qcow2,node-name=a,read-only=maybe",
      ],
      "qapi-ts: -blockdev driver=file,filename=/nonexistent/a.qcow2,node-name=a,read-only=maybe: Parameter 'read-only' expects 'on' or 'off'",
    ],
    [
      ["-qmp", "unix:/tmp/x,server=on,wait=off", "-blockdev", "driver=file,filename=/nonexistent/a.qcow2,node-name=a"],
      "qapi-ts: -blockdev driver=file,filename=/nonexistent/a.qcow2,node-name=a: Could not open '/nonexistent/a.qcow2': No such file or directory",
    ],
    [
      ["-qmp", "unix:/tmp/x,server=on,wait=off", "-device", "ide-hd,drive=nope"],
      "qapi-ts: -device ide-hd,drive=nope: Property 'ide-hd.drive' can't find value 'nope'",
    ],
    [
      ["-qmp", "unix:/tmp/x,server=on,wait=off", "-drive", "file=a.qcow2"],
      "qapi-ts: -drive file=a.qcow2: only if=none is supported",
    ],
  ])("%j: one clear line, exit 1", (args, message) => {
    const r = cli(["serve", ...args]);
    expect(r.status).toBe(1);
    expect(r.stderr.startsWith(message), r.stderr).toBe(true);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("no options: the demo serves two qcow2 disks on the socket it prints; SIGINT exits 0 and cleans up", async () => {
    const p = await serve([]);
    const deadline = Date.now() + 15_000;
    while (!/QMP socket: (\S+)/.test(p.stdout()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const sock = /QMP socket: (\S+)/.exec(p.stdout())![1]!;
    expect(p.stdout()).toContain("socat");
    const c = await retry(() => negotiated(sock));
    const lines = await c.request(
      '{"execute": "snapshot-save", "arguments": {"job-id": "save0", "tag": "snap0", "vmstate": "diskfmt0", "devices": ["diskfmt0", "diskfmt1"]}}',
    );
    expect(lines.map(untimed).at(-1)).toBe('{"return": {}}');
    c.close();
    p.child.kill("SIGINT");
    expect(await p.exited).toBe(0);
    expect(fs.existsSync(path.dirname(sock))).toBe(false);
  });

  it("--help prints the usage and exits 0", () => {
    const r = cli(["serve", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("-qmp unix:PATH,server=on,wait=off");
    expect(r.stdout).toContain("-drive if=none");
  });
});

describe.skipIf(!DIST_BUILT)("security", () => {
  it("the Unix socket is owner-only (0600)", async () => {
    const sock = path.join(dir, "S");
    await serve(["-qmp", `unix:${sock},server=on,wait=off`], sock);
    const st = fs.statSync(sock);
    expect(st.isSocket()).toBe(true);
    expect(st.mode & 0o777).toBe(0o600);
  });

  it("refuses a file that is not a simulated image, with a clear error", () => {
    const text = path.join(dir, "notes.txt");
    fs.writeFileSync(text, "not a disk\n");
    const before = fs.readFileSync(text, "utf8");
    const r = cli([
      "serve",
      ...["-qmp", `unix:${dir}/S,server=on,wait=off`],
      ...["-blockdev", `driver=raw,node-name=r,file.driver=file,file.filename=${text}`],
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Could not open '${text}': not a qapi-ts simulated image`);
    const q = cli([
      "serve",
      "-qmp",
      `unix:${dir}/S,server=on,wait=off`,
      "-blockdev",
      `driver=qcow2,node-name=q,file.driver=file,file.filename=${text}`,
    ]);
    expect(q.status).toBe(1);
    expect(q.stderr).toContain("Image is not in qcow2 format");
    expect(fs.readFileSync(text, "utf8")).toBe(before);
  });

  it("TCP listens only on the host given", async () => {
    const port = await freePort();
    const p = await serve(["-qmp", `tcp:127.0.0.1:${port},server=on,wait=off`]);
    const c = await retry(() => LineConn.connect({ host: "127.0.0.1", port }));
    expect((await c.take(1))[0]).toContain('"QMP"');
    c.close();
    // 127.0.0.2 is the same loopback interface, but not the bound address
    await expect(LineConn.connect({ host: "127.0.0.2", port })).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(p.child.exitCode).toBeNull();
  });

  it("SIGTERM: SHUTDOWN to the client, exit 0, and the image lock is released", async () => {
    const img = makeImage(dir, "d0.qcow2");
    const args = (sock: string) => [
      ...["-qmp", `unix:${sock},server=on,wait=off`],
      ...["-blockdev", `driver=qcow2,node-name=disk0,file.driver=file,file.filename=${img}`],
    ];
    const first = await serve(args(path.join(dir, "S1")), path.join(dir, "S1"));
    // a second writer is refused while the first holds the lock
    const second = cli(["serve", ...args(path.join(dir, "S2"))]);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('Failed to get "write" lock');
    const c = await negotiated(path.join(dir, "S1"));
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    // everything the server sent before it closed the connection
    const lines = (await c.take(Number.MAX_SAFE_INTEGER, 5000)).map(untimed);
    expect(lines).toContain('{"event": "SHUTDOWN", "data": {"guest": false, "reason": "host-signal"}}');
    c.close();
    // now another server can open it writable
    const again = await serve(args(path.join(dir, "S3")), path.join(dir, "S3"));
    expect(again.child.exitCode).toBeNull();
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function retry<T>(fn: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
