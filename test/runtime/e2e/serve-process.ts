// Helpers for end-to-end tests: `node bin/qapi-ts.js serve ...` as a real
// process (from dist/, which these tests expect to be built: `npm run
// build`; they build nothing), images made with `qapi-ts img create`, and a
// line-oriented QMP connection over a real socket.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { someoneListens } from "../../../runtime/src/qmp/server.js";

export const REPO = path.resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const CLI = path.join(REPO, "bin", "qapi-ts.js");
export const DIST_BUILT = fs.existsSync(path.join(REPO, "dist", "runtime", "src", "cli", "serve.js"));
export const NOT_BUILT_REASON = "dist/ is not built: run `npm run build` (these tests use bin/qapi-ts.js)";

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "qapi-ts-e2e-"));
}

/** `qapi-ts ARGS` run to completion. */
export function cli(args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `qapi-ts img create -f qcow2 DIR/NAME 32M`; returns the path. */
export function makeImage(dir: string, name: string, fmt: "qcow2" | "raw" = "qcow2", size = "32M"): string {
  const file = path.join(dir, name);
  const r = cli(["img", "create", "-q", "-f", fmt, file, size]);
  if (r.status !== 0) throw new Error(`img create failed: ${r.stderr}`);
  return file;
}

export interface ServeProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process ended. */
  exited: Promise<number | string | null>;
}

/** Start `qapi-ts serve ARGS`; resolves once `waitFor` (a socket path) accepts connections. */
export async function startServe(args: string[], waitFor?: string, timeoutMs = 20_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal)),
  );
  const proc: ServeProcess = { child, stdout: () => out, stderr: () => err, exited };
  if (waitFor === undefined) return proc;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err}`);
    // Ready when a connection is accepted: the socket file alone can be a
    // previous server's, or exist a moment before listen().
    if (await accepts(waitFor)) return proc;
    if (Date.now() > deadline) {
      stop(proc);
      throw new Error(`no socket ${waitFor} after ${timeoutMs} ms: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** True when a server accepts a connection on the Unix socket `path` (the probe is closed at once). */
function accepts(path: string): Promise<boolean> {
  if (!fs.statSync(path, { throwIfNoEntry: false })?.isSocket()) return Promise.resolve(false);
  return someoneListens(path);
}

/** Wait until the server listens on the Unix socket `sock` (accepts a connection). */
export async function waitSocket(sock: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await accepts(sock)) return;
    if (Date.now() > deadline) throw new Error(`no socket ${sock} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Kill our own child (by its handle) if it still runs. */
export function stop(p: ServeProcess): void {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
}

/** A raw QMP connection: lines in, lines out. */
export class LineConn {
  private buf = "";
  readonly lines: string[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly sock: net.Socket) {
    sock.setEncoding("utf8");
    sock.on("data", (d: string) => {
      this.buf += d;
      let i: number;
      while ((i = this.buf.indexOf("\n")) >= 0) {
        this.lines.push(this.buf.slice(0, i));
        this.buf = this.buf.slice(i + 1);
      }
      this.wake();
    });
    sock.on("close", () => {
      this.closed = true;
      this.wake();
    });
    sock.on("error", () => {});
  }

  static connect(opts: net.NetConnectOpts): Promise<LineConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect(opts);
      s.once("connect", () => resolve(new LineConn(s)));
      s.once("error", reject);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  send(text: string): void {
    this.sock.write(text);
  }

  /** Wait until `n` lines are buffered (or the peer closed); take them. */
  async take(n: number, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length < n && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} lines; have ${JSON.stringify(this.lines)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.lines.splice(0, n);
  }

  /** Send one request and collect lines until its reply (a line with "return"/"error"). */
  async request(text: string, timeoutMs = 10_000): Promise<string[]> {
    this.send(text.endsWith("\n") ? text : `${text}\n`);
    const got: string[] = [];
    for (;;) {
      const [line] = await this.take(1, timeoutMs);
      if (line === undefined) throw new Error(`connection closed; got ${JSON.stringify(got)}`);
      got.push(line);
      if (/^\{"(return|error)"/.test(line)) return got;
    }
  }

  /** Wait for any further lines for `ms` and take them. */
  async settle(ms = 150): Promise<string[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.lines.splice(0);
  }

  close(): void {
    this.sock.destroy();
  }
}

/** Drop the volatile timestamp, keep everything else as sent. */
export function untimed(line: string): string {
  return line.replace(/^\{"timestamp": \{"seconds": \d+, "microseconds": \d+\}, /, "{").replace(/\r$/, "");
}

/** Connect, read the greeting, negotiate. */
export async function negotiated(sockPath: string): Promise<LineConn> {
  const c = await LineConn.connect({ path: sockPath });
  await c.take(1);
  const r = await c.request('{"execute": "qmp_capabilities"}');
  if (r[0] !== '{"return": {}}\r') throw new Error(`negotiation failed: ${r}`);
  return c;
}

export function serveArgs(sock: string, images: Array<[file: string, node: string]>, extra: string[] = []): string[] {
  const args = ["-nodefaults", "-display", "none", "-machine", "pc", "-accel", "tcg", "-m", "32"];
  args.push("-qmp", `unix:${sock},server=on,wait=off`);
  for (const [file, node] of images) {
    args.push("-blockdev", `driver=qcow2,node-name=${node},file.driver=file,file.filename=${file}`);
  }
  return [...args, ...extra];
}
