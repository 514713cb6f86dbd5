// Shared set-up for the robustness tests: temp dirs with qcow2 images, the
// in-process server exactly as `qapi-ts serve` wires it, and a raw client
// that reads "\r\n" lines and parses them.
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { createImage, newImageData } from "../../../runtime/src/img/create.js";
import { parseServeArgs } from "../../../runtime/src/cli/serve-args.js";
import { startServer, type RunningServer } from "../../../runtime/src/server/start.js";

export function tempDir(prefix = "qapi-ts-robust-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function makeQcow2(dir: string, name: string, size = 32 * 1024 * 1024): string {
  const file = path.join(dir, name);
  createImage(file, newImageData("qcow2", size, new Map()));
  return file;
}

/** `-blockdev` pairs for file node diskN over FILE and qcow2 node fmtN. */
export function blockdevArgs(files: readonly string[]): string[] {
  return files.flatMap((f, i) => [
    "-blockdev",
    `driver=file,filename=${f},node-name=disk${i}`,
    "-blockdev",
    `driver=qcow2,file=disk${i},node-name=fmt${i}`,
  ]);
}

/** The serve wiring in-process, on Unix sockets `sockets` (argv as `qapi-ts serve` takes it). */
export async function startInProcess(sockets: readonly string[], extra: readonly string[]): Promise<RunningServer> {
  const argv = [...sockets.flatMap((s) => ["-qmp", `unix:${s},server=on,wait=off`]), ...extra];
  return startServer({ config: parseServeArgs(argv) });
}

/** One parsed server line (events included). */
export type Reply = Record<string, unknown> & {
  return?: unknown;
  error?: { class: string; desc: string };
  id?: unknown;
  event?: string;
};

/** A byte-level QMP client: writes anything, collects raw lines. */
export class RawClient {
  readonly lines: string[] = [];
  private buf = "";
  private waiters: Array<() => void> = [];
  ended = false;

  private constructor(readonly socket: net.Socket) {
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => {
      this.buf += d;
      let start = 0;
      let i: number;
      while ((i = this.buf.indexOf("\r\n", start)) >= 0) {
        this.lines.push(this.buf.slice(start, i));
        start = i + 2;
      }
      this.buf = this.buf.slice(start);
      this.wake();
    });
    socket.on("end", () => {
      this.ended = true;
      this.wake();
    });
    socket.on("close", () => {
      this.ended = true;
      this.wake();
    });
    socket.on("error", () => undefined);
  }

  static connect(sockPath: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ path: sockPath }, () => resolve(new RawClient(s)));
      s.once("error", reject);
    });
  }

  /** Connect, read the greeting, negotiate (with the oob capability if asked). */
  static async negotiated(sockPath: string, oob = false): Promise<RawClient> {
    const c = await RawClient.connect(sockPath);
    await c.waitLines(1);
    c.send(oob ? '{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}}' : '{"execute": "qmp_capabilities"}');
    await c.waitLines(2);
    if (c.lines[1] !== '{"return": {}}') throw new Error(`negotiation failed: ${c.lines[1]}`);
    c.lines.length = 0;
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  send(data: string | Uint8Array): void {
    this.socket.write(typeof data === "string" ? Buffer.from(data, "latin1") : data);
  }

  /** Resolve once `pred` holds (re-checked on every arrival), or fail after timeoutMs. */
  async until(pred: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (this.ended) throw new Error(`connection closed waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`timeout waiting for ${what}; last lines: ${this.lines.slice(-5).join(" | ")}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, Math.min(200, deadline - Date.now())));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  waitLines(n: number, timeoutMs?: number): Promise<void> {
    return this.until(() => this.lines.length >= n, `${n} lines`, timeoutMs);
  }

  async waitEnd(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error("no EOF");
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Parsed lines that are not events. */
  replies(): Reply[] {
    return this.lines.map((l) => JSON.parse(l) as Reply).filter((r) => r.event === undefined);
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * A second client that keeps `depth` query-status requests in flight and
 * checks each answer comes back in order with its id, until stopped.
 */
export class PipelineProbe {
  sent = 0;
  received = 0;
  readonly problems: string[] = [];
  private stopped = false;
  private seen = 0;

  constructor(
    private readonly client: RawClient,
    private readonly depth = 8,
  ) {
    client.socket.on("data", () => this.pump());
  }

  start(): void {
    this.stopped = false;
    this.pump();
  }

  private pump(): void {
    const lines = this.client.lines;
    for (; this.seen < lines.length; this.seen++) {
      const r = JSON.parse(lines[this.seen]!) as Reply;
      if (r.event !== undefined) continue;
      const want = `probe-${this.received}`;
      const ret = r.return as { status?: unknown; running?: unknown } | undefined;
      if (r.id !== want || typeof ret?.status !== "string" || typeof ret.running !== "boolean") {
        this.problems.push(`expected query-status reply ${want}, got ${lines[this.seen]}`);
      }
      this.received++;
    }
    while (!this.stopped && this.sent - this.received < this.depth) {
      this.client.send(`{"execute": "query-status", "id": "probe-${this.sent++}"}`);
    }
  }

  /** Stop sending and wait for every outstanding answer. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.client.until(() => this.received === this.sent, "probe replies");
  }
}
