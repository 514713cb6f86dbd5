// QMP test clients over real sockets: they collect the server's "\r\n"
// lines as text.  TestClient writes strings as UTF-8 (what a QMP client
// sends); RawClient writes them byte for byte (latin1), for tests that
// feed the server arbitrary bytes, and adds negotiation, waiting on any
// condition and parsed replies.
import * as net from "node:net";

/** One parsed server line (events included). */
export type Reply = Record<string, unknown> & {
  return?: unknown;
  error?: { class: string; desc: string };
  id?: unknown;
  event?: string;
};

export class TestClient {
  readonly lines: string[] = [];
  private buf = "";
  private waiters: Array<() => void> = [];
  ended = false;
  /** How long the wait methods wait by default. */
  protected timeoutMs = 3000;

  protected constructor(readonly socket: net.Socket) {
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
    const end = () => {
      this.ended = true;
      this.wake();
    };
    socket.on("end", end);
    socket.on("close", end);
    socket.on("error", () => undefined);
  }

  static connect(opts: net.NetConnectOpts): Promise<TestClient> {
    return connectWith(opts, (s) => new TestClient(s));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  send(text: string | Uint8Array): void {
    this.socket.write(text);
  }

  /** Resolve once `pred` holds (re-checked on every arrival), or fail after timeoutMs. */
  async until(pred: () => boolean, what: string, timeoutMs = this.timeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (this.ended) throw new Error(`connection closed waiting for ${what}; lines: ${JSON.stringify(this.lines.slice(-5))}`);
      if (Date.now() > deadline) throw new Error(`timeout waiting for ${what}; lines: ${JSON.stringify(this.lines.slice(-5))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, Math.min(200, deadline - Date.now())));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Wait until at least n lines arrived; returns all lines so far. */
  async waitLines(n: number, timeoutMs = this.timeoutMs): Promise<string[]> {
    await this.until(() => this.lines.length >= n, `${n} lines`, timeoutMs);
    return this.lines;
  }

  /** Wait for the server to close the connection. */
  async waitEnd(timeoutMs = this.timeoutMs): Promise<void> {
    await this.until(() => this.ended, "EOF", timeoutMs).catch((e: Error) => {
      if (!this.ended) throw new Error(`no EOF (${e.message})`);
    });
  }

  /** Lines after the first `from` ones. */
  since(from: number): string[] {
    return this.lines.slice(from);
  }

  /** Parsed lines that are not events. */
  replies(): Reply[] {
    return this.lines.map((l) => JSON.parse(l) as Reply).filter((r) => r.event === undefined);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A byte-level QMP client on a Unix socket: strings are sent as latin1 bytes. */
export class RawClient extends TestClient {
  protected override timeoutMs = 20_000;

  static override connect(opts: net.NetConnectOpts | string): Promise<RawClient> {
    return connectWith(typeof opts === "string" ? { path: opts } : opts, (s) => new RawClient(s));
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

  override send(data: string | Uint8Array): void {
    this.socket.write(typeof data === "string" ? Buffer.from(data, "latin1") : data);
  }
}

function connectWith<T>(opts: net.NetConnectOpts, make: (s: net.Socket) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const s = net.connect(opts, () => resolve(make(s)));
    s.once("error", reject);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
