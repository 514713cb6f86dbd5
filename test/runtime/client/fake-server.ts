// A scripted QMP server on the far end of an in-memory transport.
//
// It sends a greeting, answers qmp_capabilities by itself, answers commands
// that have a handler, and queues every other request so a test can answer
// it by hand (in any order, to mimic OOB) with reply()/fail().

import type { MemoryTransport } from "../../../runtime/src/client/transport.js";

export type Msg = Record<string, unknown>;
export type Handler = (args: Msg | undefined, req: Msg) => void;

export class FakeQmpServer {
  /** Every request received, in order (including qmp_capabilities). */
  readonly requests: Msg[] = [];
  readonly handlers = new Map<string, Handler>();
  closedWith: Error | undefined | null = null;
  private buffer = "";
  private readonly queue: Msg[] = [];
  private readonly waiters: ((m: Msg) => void)[] = [];

  constructor(
    readonly transport: MemoryTransport,
    options: { capabilities?: string[]; greeting?: boolean } = {},
  ) {
    transport.start({
      data: (text) => this.onData(text),
      close: (err) => (this.closedWith = err),
    });
    if (options.greeting ?? true) {
      this.send({ QMP: { version: { qemu: { major: 10, minor: 0, micro: 0 }, package: "" }, capabilities: options.capabilities ?? ["oob"] } });
    }
    this.handlers.set("qmp_capabilities", (_args, req) => this.reply(req, {}));
  }

  send(msg: Msg): void {
    this.sendRaw(JSON.stringify(msg) + "\r\n");
  }

  sendRaw(text: string): void {
    this.transport.write(text);
  }

  reply(req: Msg, ret: unknown): void {
    this.send({ return: ret, id: req.id });
  }

  fail(req: Msg, errorClass: string, desc: string): void {
    this.send({ error: { class: errorClass, desc }, id: req.id });
  }

  event(name: string, data?: Msg): void {
    const msg: Msg = { event: name, timestamp: { seconds: 1700000000, microseconds: 1 } };
    if (data !== undefined) {
      msg.data = data;
    }
    this.send(msg);
  }

  /** The next request without a handler. */
  nextRequest(): Promise<Msg> {
    const m = this.queue.shift();
    if (m) {
      return Promise.resolve(m);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Requests without handler that are waiting for an answer. */
  get unanswered(): number {
    return this.queue.length;
  }

  private onData(text: string): void {
    this.buffer += text;
    let nl: number;
    while ((nl = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim() !== "") {
        this.onRequest(JSON.parse(line) as Msg);
      }
    }
  }

  private onRequest(req: Msg): void {
    this.requests.push(req);
    const name = (req.execute ?? req["exec-oob"]) as string;
    const handler = this.handlers.get(name);
    if (handler) {
      handler(req.arguments as Msg | undefined, req);
      return;
    }
    const w = this.waiters.shift();
    if (w) {
      w(req);
    } else {
      this.queue.push(req);
    }
  }
}

/** Let queued microtasks (transport deliveries) run. */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await Promise.resolve();
  }
}
