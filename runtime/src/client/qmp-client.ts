// A QMP client (qmp-spec.rst): greeting, capabilities negotiation, commands
// correlated by `id`, asynchronous events, timeouts, abort, clean close.
//
// Hand-written and generic: generated code instantiates
// QmpClient<QmpCommands, QmpEvents> with its maps (see types.ts) and gets a
// typed execute()/on()/events().  Responses are matched by id, so they may
// arrive in any order (out-of-band commands overtake in-band ones).

import { QmpError } from "../support/qmp-error.js";
import { QmpConnectionClosedError, QmpProtocolError, QmpTimeoutError } from "./errors.js";
import { EventStream } from "./event-stream.js";
import { JsonSplitter } from "./json-splitter.js";
import { runJob, type RunJobOptions } from "./run-job.js";
import type { Transport } from "./transport.js";
import type {
  AnyCommands,
  AnyEvents,
  CommandMap,
  EventMap,
  EventOf,
  ExecuteArgs,
  ExecuteOptions,
  JobInfoOf,
  QmpEvent,
  QmpGreeting,
} from "./types.js";

export interface QmpClientOptions {
  /** Capabilities to enable; default: "oob" if the server offers it. */
  capabilities?: readonly string[];
  /** Default per-command timeout in ms (default: none). */
  timeout?: number;
  /** Timeout in ms for the greeting and qmp_capabilities (default 10 s). */
  negotiationTimeout?: number;
  /** An event listener threw.  Default: rethrown asynchronously. */
  onListenerError?(err: unknown): void;
}

interface Pending {
  readonly name: string;
  readonly oob: boolean;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

interface Listener {
  readonly names: ReadonlySet<string> | undefined; // undefined: every event
  readonly cb: (ev: QmpEvent) => void;
}

type Msg = Record<string, unknown>;

export class QmpClient<C extends CommandMap<C> = AnyCommands, E extends EventMap<E> = AnyEvents> {
  /** Open a client on `transport`: wait for the greeting and negotiate. */
  static async connect<C extends CommandMap<C> = AnyCommands, E extends EventMap<E> = AnyEvents>(
    transport: Transport,
    options: QmpClientOptions = {},
  ): Promise<QmpClient<C, E>> {
    const client = new QmpClient<C, E>(transport, options);
    try {
      await client.negotiate();
    } catch (err) {
      await client.close();
      throw err;
    }
    return client;
  }

  /** The server's greeting, once received. */
  greeting: QmpGreeting | undefined;
  /** Capabilities enabled by negotiate(). */
  enabledCapabilities: readonly string[] = [];
  /** Resolves when the connection is gone, with the error if it failed. */
  readonly closed: Promise<Error | undefined>;

  private readonly transport: Transport;
  private readonly options: QmpClientOptions;
  private readonly splitter = new JsonSplitter();
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<Listener>();
  private readonly closeWaiters = new Set<(err: Error, lost: boolean) => void>();
  private nextId = 1;
  private greetingWaiter: ((g: QmpGreeting) => void) | undefined;
  private closeError: Error | undefined;
  private resolveClosed!: (err: Error | undefined) => void;

  /** Attach to a transport; call negotiate() (or use connect()) before commands. */
  constructor(transport: Transport, options: QmpClientOptions = {}) {
    this.transport = transport;
    this.options = options;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    transport.start({
      data: (text) => this.onData(text),
      close: (err) => this.onClose(err),
    });
  }

  /** True once the connection is closed. */
  get isClosed(): boolean {
    return this.closeError !== undefined;
  }

  /** Wait for the greeting, then run qmp_capabilities (qmp-spec.rst "Capabilities Negotiation"). */
  async negotiate(): Promise<void> {
    const timeout = this.options.negotiationTimeout ?? 10_000;
    const greeting = await this.waitForGreeting(timeout);
    const offered = greeting.QMP.capabilities;
    const wanted = this.options.capabilities ?? offered.filter((c) => c === "oob");
    const args = wanted.length > 0 ? { enable: [...wanted] } : undefined;
    await this.executeRaw("qmp_capabilities", args, { timeout });
    this.enabledCapabilities = [...wanted];
  }

  /** Run a command; resolves with its `return` value, rejects with QmpError. */
  execute<K extends keyof C & string>(name: K, ...rest: ExecuteArgs<C[K]["args"]>): Promise<C[K]["ret"]> {
    const [args, options] = rest as [object | undefined, ExecuteOptions | undefined];
    return this.executeRaw(name, args, options) as Promise<C[K]["ret"]>;
  }

  /** Untyped execute, for names outside the command map. */
  executeRaw(name: string, args?: object, options: ExecuteOptions = {}): Promise<unknown> {
    if (this.closeError) {
      return Promise.reject(new QmpConnectionClosedError(undefined, { cause: this.closeError }));
    }
    if (options.signal?.aborted) {
      return Promise.reject(options.signal.reason);
    }
    const id = this.nextId++;
    const oob = options.oob ?? false;
    const msg: Msg = { [oob ? "exec-oob" : "execute"]: name };
    if (args !== undefined) {
      msg.arguments = args;
    }
    msg.id = id;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        name,
        oob,
        resolve: (v) => (cleanup(), resolve(v)),
        reject: (e) => (cleanup(), reject(e)),
      });
      const cleanup = this.track(id, name, options);
      try {
        this.transport.write(JSON.stringify(msg) + "\n");
      } catch (err) {
        this.settle(id)?.reject(err);
      }
    });
  }

  /**
   * Call `cb` for each event named `name` (or any of `names`, or every event
   * for "*").  Returns the unsubscribe function.
   */
  on<K extends keyof E & string>(name: K | readonly K[], cb: (ev: EventOf<E, K>) => void): () => void;
  on(name: "*", cb: (ev: EventOf<E>) => void): () => void;
  on(name: string | readonly string[], cb: (ev: never) => void): () => void {
    return this.subscribeRaw(name === "*" ? undefined : typeof name === "string" ? [name] : name, cb as (ev: QmpEvent) => void);
  }

  /** Untyped subscription; `names` undefined means every event. */
  subscribeRaw(names: readonly string[] | undefined, cb: (ev: QmpEvent) => void): () => void {
    const listener: Listener = { names: names && new Set(names), cb };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Events as an async iterator, optionally only those named in `filter`.
   * Ends when the connection closes (throws if it failed) or `signal` aborts
   * (throws its reason); `break` unsubscribes.
   */
  events<K extends keyof E & string = keyof E & string>(
    filter?: K | readonly K[],
    options: { signal?: AbortSignal } = {},
  ): AsyncIterableIterator<EventOf<E, K>> {
    const names = filter === undefined ? undefined : typeof filter === "string" ? [filter] : filter;
    let off = () => {};
    const onAbort = () => stream.end(options.signal!.reason);
    const stream = new EventStream<EventOf<E, K>>(() => {
      off();
      this.closeWaiters.delete(onClose);
      options.signal?.removeEventListener("abort", onAbort);
    });
    const onClose = (err: Error, lost: boolean) => stream.end(lost ? err : undefined);
    off = this.subscribeRaw(names, (ev) => stream.push(ev as EventOf<E, K>));
    if (this.closeError) {
      stream.end();
    } else if (options.signal?.aborted) {
      stream.end(options.signal.reason);
    } else {
      this.closeWaiters.add(onClose);
      options.signal?.addEventListener("abort", onAbort, { once: true });
    }
    return stream;
  }

  /** The next event named `name` that satisfies `where`. */
  once<K extends keyof E & string>(
    name: K,
    options: { where?: (ev: EventOf<E, K>) => boolean; timeout?: number; signal?: AbortSignal } = {},
  ): Promise<EventOf<E, K>> {
    return this.waitFor<EventOf<E, K>>((resolve) =>
      this.on(name, (ev) => {
        if (!options.where || options.where(ev)) {
          resolve(ev);
        }
      }), options, `event ${name}`);
  }

  /**
   * Run a job command and follow it to the end; see run-job.ts.  Resolves
   * with the job's final query-jobs entry (check its `error`).
   */
  runJob<K extends keyof C & string>(name: K, args: C[K]["args"], options: RunJobOptions = {}): Promise<JobInfoOf<C>> {
    return runJob(this, name, args as object, options) as Promise<JobInfoOf<C>>;
  }

  /**
   * Wait for something (`subscribe` calls `done` when it happens and returns
   * an unsubscribe function), with timeout, abort and connection loss.
   */
  waitFor<T>(
    subscribe: (done: (value: T) => void) => () => void,
    options: { timeout?: number; signal?: AbortSignal } = {},
    what = "wait",
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closeError) {
        reject(new QmpConnectionClosedError(undefined, { cause: this.closeError }));
        return;
      }
      if (options.signal?.aborted) {
        reject(options.signal.reason);
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => finish(() => reject(options.signal!.reason));
      const onClose = (err: Error) => finish(() => reject(err));
      const off = subscribe((v) => finish(() => resolve(v)));
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        off();
        this.closeWaiters.delete(onClose);
        options.signal?.removeEventListener("abort", onAbort);
        settle();
      };
      if (options.timeout !== undefined) {
        timer = setTimeout(() => finish(() => reject(new QmpTimeoutError(`${what}: no answer within ${options.timeout} ms`))), options.timeout);
      }
      this.closeWaiters.add(onClose);
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * Close the connection.  Pending commands reject with
   * QmpConnectionClosedError, event iterators end.  Resolves once closed.
   */
  async close(): Promise<void> {
    if (!this.closeError) {
      this.transport.close();
    }
    await this.closed;
  }

  // -------------------------------------------------------------------------

  /**
   * Timeout and abort for request `id`; returns the cleanup function.  Both
   * go through the pending entry, whose reject() runs the cleanup.
   */
  private track(id: number, name: string, options: ExecuteOptions): () => void {
    const timeout = options.timeout ?? this.options.timeout;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeout !== undefined) {
      timer = setTimeout(() => this.settle(id)?.reject(new QmpTimeoutError(`'${name}': no response within ${timeout} ms`)), timeout);
    }
    const signal = options.signal;
    const onAbort = () => this.settle(id)?.reject(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    return () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
  }

  /** Remove request `id` from the pending table (late answers are then dropped). */
  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p;
  }

  private waitForGreeting(timeout: number): Promise<QmpGreeting> {
    if (this.greeting) {
      return Promise.resolve(this.greeting);
    }
    return this.waitFor<QmpGreeting>((done) => {
      this.greetingWaiter = done;
      return () => (this.greetingWaiter = undefined);
    }, { timeout }, "QMP greeting");
  }

  private onData(text: string): void {
    let messages: string[];
    try {
      messages = this.splitter.feed(text);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    for (const m of messages) {
      if (this.closeError) {
        return;
      }
      let msg: unknown;
      try {
        msg = JSON.parse(m);
      } catch {
        this.fail(new QmpProtocolError(`server sent invalid JSON: ${m.slice(0, 200)}`));
        return;
      }
      this.onMessage(msg as Msg);
    }
  }

  private onMessage(msg: Msg): void {
    if ("QMP" in msg) {
      this.onGreeting(msg);
    } else if ("event" in msg) {
      this.onEvent(msg as unknown as QmpEvent);
    } else if ("return" in msg || "error" in msg) {
      this.onResponse(msg);
    } else {
      this.fail(new QmpProtocolError(`unexpected message from server: ${JSON.stringify(msg).slice(0, 200)}`));
    }
  }

  private onGreeting(msg: Msg): void {
    const qmp = msg.QMP as { capabilities?: unknown } | undefined;
    if (typeof qmp !== "object" || qmp === null || !Array.isArray(qmp.capabilities)) {
      this.fail(new QmpProtocolError("malformed QMP greeting"));
      return;
    }
    if (!this.greeting) {
      this.greeting = msg as unknown as QmpGreeting;
      this.greetingWaiter?.(this.greeting);
    }
  }

  private onResponse(msg: Msg): void {
    const p = "id" in msg ? this.responseFor(msg.id) : this.oldestInBand();
    if (!p) {
      return; // unknown id: timed out or aborted earlier (qmp-spec: drop it)
    }
    if ("error" in msg) {
      const err = msg.error as { class?: unknown; desc?: unknown } | undefined;
      p.reject(new QmpError(String(err?.class ?? "GenericError"), String(err?.desc ?? "")));
    } else {
      p.resolve(msg.return);
    }
  }

  private responseFor(id: unknown): Pending | undefined {
    return typeof id === "number" ? this.settle(id) : undefined;
  }

  /**
   * An error without id answers a request the server could not parse far
   * enough to read its id (qmp-spec "Error", NOTE).  In-band requests are
   * answered in order, so it belongs to the oldest one.
   */
  private oldestInBand(): Pending | undefined {
    for (const [id, p] of this.pending) {
      if (!p.oob) {
        return this.settle(id);
      }
    }
    return undefined;
  }

  private onEvent(ev: QmpEvent): void {
    for (const l of [...this.listeners]) {
      if (!this.listeners.has(l) || (l.names && !l.names.has(ev.event))) {
        continue;
      }
      try {
        l.cb(ev);
      } catch (err) {
        const report = this.options.onListenerError ?? ((e: unknown) => queueMicrotask(() => { throw e; }));
        report(err);
      }
    }
  }

  /** Protocol violation: drop the connection with `err`. */
  private fail(err: Error): void {
    this.onClose(err);
    this.transport.close();
  }

  private onClose(err?: Error): void {
    if (this.closeError) {
      return;
    }
    const closedErr = err ? new QmpConnectionClosedError(`QMP connection lost: ${err.message}`, { cause: err }) : new QmpConnectionClosedError();
    this.closeError = closedErr;
    for (const id of [...this.pending.keys()]) {
      this.settle(id)!.reject(closedErr);
    }
    for (const w of [...this.closeWaiters]) {
      w(closedErr, err !== undefined);
    }
    this.closeWaiters.clear();
    this.resolveClosed(err);
  }
}
