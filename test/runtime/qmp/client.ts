/** A minimal QMP test client over a real socket: collects "\r\n" lines. */
import * as net from "node:net";

export class TestClient {
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
    socket.on("error", () => undefined);
  }

  static connect(opts: net.NetConnectOpts): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(opts, () => resolve(new TestClient(s)));
      s.once("error", reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  send(text: string | Uint8Array): void {
    this.socket.write(text);
  }

  /** Wait until at least n lines arrived (bounded by timeoutMs). */
  async waitLines(n: number, timeoutMs = 3000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length < n) {
      if (this.ended || Date.now() > deadline)
        throw new Error(`expected ${n} lines, got ${JSON.stringify(this.lines)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.lines;
  }

  /** Wait for the server to close the connection. */
  async waitEnd(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error("no EOF");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Lines after the first `from` ones. */
  since(from: number): string[] {
    return this.lines.slice(from);
  }

  close(): void {
    this.socket.destroy();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
