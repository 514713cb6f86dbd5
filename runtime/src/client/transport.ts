// Byte-stream transports for the QMP client: Unix and TCP sockets, and an
// in-memory pair for tests (one end for the client, one for a fake or
// simulated server).
//
// A transport is a text duplex.  Data that arrives before start() is
// buffered, so a greeting sent right at connect time is never lost.

import * as net from "node:net";
import { QmpConnectionClosedError } from "./errors.js";

export interface TransportHandlers {
  /** Text received, in order; chunks may split or join messages. */
  data(text: string): void;
  /** The stream ended; `error` is set if it ended abnormally.  Called once. */
  close(error?: Error): void;
}

export interface Transport {
  /** Begin delivering data (buffered data first).  Call once. */
  start(handlers: TransportHandlers): void;
  /** Send text.  Throws QmpConnectionClosedError once closed. */
  write(text: string): void;
  /** Close; handlers.close() follows (asynchronously). */
  close(): void;
}

/**
 * Shared buffering/once-only close logic: subclasses call deliver() and
 * finish(); everything before start() is queued.
 */
abstract class BaseTransport implements Transport {
  private handlers: TransportHandlers | undefined;
  private readonly early: string[] = [];
  private ended: { error?: Error } | undefined;
  private closeReported = false;
  protected isClosed = false;

  start(handlers: TransportHandlers): void {
    if (this.handlers) {
      throw new Error("transport already started");
    }
    this.handlers = handlers;
    for (const text of this.early.splice(0)) {
      handlers.data(text);
    }
    if (this.ended) {
      this.reportClose();
    }
  }

  abstract write(text: string): void;
  abstract close(): void;

  protected deliver(text: string): void {
    if (this.ended) {
      return;
    }
    if (this.handlers) {
      this.handlers.data(text);
    } else {
      this.early.push(text);
    }
  }

  protected finish(error?: Error): void {
    if (this.ended) {
      return;
    }
    this.isClosed = true;
    this.ended = error ? { error } : {};
    if (this.handlers) {
      this.reportClose();
    }
  }

  private reportClose(): void {
    if (!this.closeReported) {
      this.closeReported = true;
      this.handlers!.close(this.ended!.error);
    }
  }
}

/** A transport over a connected node socket (Unix or TCP). */
export class SocketTransport extends BaseTransport {
  constructor(private readonly socket: net.Socket) {
    super();
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => this.deliver(text));
    socket.on("error", (err) => this.finish(err));
    socket.on("close", () => this.finish());
  }

  write(text: string): void {
    if (this.isClosed || this.socket.destroyed) {
      throw new QmpConnectionClosedError();
    }
    this.socket.write(text);
  }

  close(): void {
    // Flush what we wrote, then close without waiting for the peer.
    this.socket.end(() => this.socket.destroy());
  }
}

export interface ConnectOptions {
  /** Give up connecting after this many milliseconds. */
  timeout?: number;
  signal?: AbortSignal;
}

/** Connect to a QMP server on a Unix socket (`-qmp unix:PATH,server`). */
export function connectUnix(path: string, options: ConnectOptions = {}): Promise<Transport> {
  return connectSocket(() => net.createConnection({ path }), options);
}

/** Connect to a QMP server on TCP (`-qmp tcp:HOST:PORT,server`). */
export function connectTcp(host: string, port: number, options: ConnectOptions = {}): Promise<Transport> {
  return connectSocket(() => net.createConnection({ host, port }), options);
}

function connectSocket(open: () => net.Socket, options: ConnectOptions): Promise<Transport> {
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const socket = open();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (err: unknown) => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const onAbort = () => fail(options.signal!.reason);
    const onError = (err: Error) => fail(err);
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      socket.off("error", onError);
    };
    if (options.timeout !== undefined) {
      timer = setTimeout(() => fail(new QmpConnectionClosedError(`connect timed out after ${options.timeout} ms`)), options.timeout);
    }
    options.signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("error", onError);
    socket.once("connect", () => {
      cleanup();
      resolve(new SocketTransport(socket));
    });
  });
}

/** One end of an in-memory pair. */
class MemoryTransport extends BaseTransport {
  peer: MemoryTransport | undefined;

  write(text: string): void {
    if (this.isClosed) {
      throw new QmpConnectionClosedError();
    }
    const peer = this.peer!;
    // Asynchronous like a socket, but on the microtask queue so tests with
    // fake timers still see data flow.
    queueMicrotask(() => peer.deliver(text));
  }

  close(): void {
    this.disconnect();
  }

  /** Drop the connection as a crash would (the peer sees an error). */
  fail(error: Error): void {
    this.disconnect(error);
  }

  private disconnect(error?: Error): void {
    if (this.isClosed) {
      return;
    }
    this.isClosed = true;
    const peer = this.peer!;
    queueMicrotask(() => {
      this.finish();
      peer.finish(error);
    });
  }
}

export type { MemoryTransport };

/**
 * Two connected in-memory transports: what one writes, the other reads.
 * close() on either end closes both; fail(err) makes the other end see
 * `err`, as a dropped connection would.
 */
export function createMemoryTransportPair(): [MemoryTransport, MemoryTransport] {
  const a = new MemoryTransport();
  const b = new MemoryTransport();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
