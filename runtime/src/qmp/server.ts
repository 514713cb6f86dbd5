/**
 * The QMP server: listening endpoints (Unix and TCP sockets), one client at a
 * time per endpoint, and event broadcast (mirrors chardev/char-socket.c in
 * server mode with wait=off, plus monitor/monitor.c monitor_qapi_event_emit).
 *
 * Like QEMU's socket chardev, an endpoint serves one connection at a time:
 * while a client is connected QEMU stops accepting, so a second client's
 * connect completes (kernel backlog) but it gets no greeting and nothing it
 * sends is read until the first client disconnects.  We accept it at once
 * but keep it paused in a FIFO, which looks the same from the client side.
 */
import * as net from "node:net";
import * as fs from "node:fs";
import type { JsonObject, QmpDispatcher } from "../support/dispatch-types.js";
import type { StreamerLimits } from "./json-streamer.js";
import { newJsonObject } from "./qdict.js";
import { QmpSession, type DrainableLoop, type VersionInfo } from "./session.js";

/** Where to listen. */
export type EndpointSpec =
  | {
      kind: "unix";
      path: string;
      /** file mode, default 0o600 */ mode?: number;
    }
  | { kind: "tcp"; host: string; port: number };

/** Per-endpoint settings. */
export interface ListenOptions {
  /** Chardev label (default "compat_monitorN"). */
  label?: string;
  /** Pretty-printed output (-qmp-pretty). */
  pretty?: boolean;
}

/** Wall clock for event timestamps (runtime/src/clock.ts Clock fits). */
export interface EventClock {
  /** Microseconds since the Unix epoch (g_get_real_time()). */
  realtimeUs(): number;
}

export interface QmpServerOptions {
  dispatcher: QmpDispatcher;
  /** Drained after every response (runtime/src/main-loop.ts MainLoop fits). */
  loop?: DrainableLoop;
  clock?: EventClock;
  version?: VersionInfo;
  /** Capabilities offered in the greeting; default ["oob"] as QEMU's socket monitors. */
  capabilities?: readonly string[];
  /** phase_check(PHASE_MACHINE_READY); default always ready. */
  machineReady?: () => boolean;
  /** JSON reader limits (tests); default QEMU's. */
  limits?: StreamerLimits;
  /** A handler threw something that is not a QmpError. Default: print to stderr. */
  onInternalError?(err: unknown): void;
}

const realClock: EventClock = {
  realtimeUs: () => Math.floor((performance.timeOrigin + performance.now()) * 1000),
};

/** Unread input kept per client before we stop reading its socket. */
const INPUT_BACKLOG_MAX = 1 << 20;

/** One listening socket and its (single) client. */
export class QmpEndpoint {
  private active: { socket: net.Socket; session: QmpSession } | undefined;
  private resolveFirstClient!: () => void;
  /** Settles when the first client is greeted (for wait=on start-up). */
  readonly firstClient = new Promise<void>((resolve) => (this.resolveFirstClient = resolve));
  private readonly waiting: net.Socket[] = [];
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly label: string,
    readonly spec: EndpointSpec,
    private readonly netServer: net.Server,
    private readonly server: QmpServer,
    readonly pretty: boolean,
  ) {
    netServer.on("connection", (socket) => this.onConnection(socket));
  }

  /** The bound address: the socket path, or host and actual port. */
  get address(): string | net.AddressInfo {
    const a = this.netServer.address();
    return a ?? (this.spec.kind === "unix" ? this.spec.path : "");
  }

  /** The session of the connected client, if any. */
  get session(): QmpSession | undefined {
    return this.active?.session;
  }

  /** Clients connected but not yet served. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  private onConnection(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => this.onSocketClose(socket));
    if (this.active) this.waiting.push(socket);
    else this.activate(socket);
  }

  /** tcp_chr_new_client + CHR_EVENT_OPENED: greeting, then read. */
  private activate(socket: net.Socket): void {
    const session = this.server.newSession(
      this.label,
      (line) => {
        if (!socket.destroyed && socket.writable) socket.write(line);
      },
      {
        onDrained: () => socket.end(),
        // QEMU does not read while a command runs; stop reading too once a
        // backlog builds up, so a flooding client cannot fill our memory.
        onInputRead: () => {
          if (socket.isPaused() && session.pendingInput < INPUT_BACKLOG_MAX / 2) socket.resume();
        },
        pretty: this.pretty,
      },
    );
    this.active = { socket, session };
    socket.on("data", (chunk: Buffer) => {
      try {
        session.receive(chunk);
      } catch (e) {
        // a bug in the QMP layer: lose this connection, not the server
        this.server.reportInternalError(e);
        socket.destroy();
        return;
      }
      if (session.pendingInput > INPUT_BACKLOG_MAX) socket.pause();
    });
    socket.on("end", () => session.endOfInput());
    session.open();
    socket.resume();
    this.resolveFirstClient();
  }

  private onSocketClose(socket: net.Socket): void {
    this.sockets.delete(socket);
    const i = this.waiting.indexOf(socket);
    if (i >= 0) this.waiting.splice(i, 1);
    if (this.active?.socket !== socket) return;
    this.active.session.close();
    this.active = undefined;
    // tcp_chr_disconnect re-arms the listener: the next waiting client is accepted
    const next = this.waiting.shift();
    if (next) this.activate(next);
  }

  /** Stop listening and drop every connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.netServer.close(() => resolve()));
    for (const s of this.sockets) s.destroy(); // close() waits for connections to end
    await closed;
  }
}

export class QmpServer {
  private readonly endpoints: QmpEndpoint[] = [];
  private readonly sessions = new Set<QmpSession>();
  private nextSessionId = 1;
  private readonly clock: EventClock;

  constructor(private readonly opts: QmpServerOptions) {
    this.clock = opts.clock ?? realClock;
  }

  /**
   * Listen on an endpoint.  Rejects with QEMU's message on failure (e.g.
   * "Failed to bind socket to PATH: Address already in use").
   */
  async listen(spec: EndpointSpec, options: string | ListenOptions = {}): Promise<QmpEndpoint> {
    const opts = typeof options === "string" ? { label: options } : options;
    const label = opts.label ?? `compat_monitor${this.endpoints.length}`;
    const netServer = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    const endpoint = new QmpEndpoint(label, spec, netServer, this, opts.pretty ?? false);
    if (spec.kind === "unix") await listenUnix(netServer, spec.path, spec.mode ?? 0o600);
    else await listenTcp(netServer, spec.host, spec.port);
    this.endpoints.push(endpoint);
    return endpoint;
  }

  /** All endpoints, in listen order. */
  get allEndpoints(): readonly QmpEndpoint[] {
    return this.endpoints;
  }

  /**
   * qapi_event_emit(): `{"timestamp": {...}, "event": NAME, "data": {...}}` to
   * every connected client that has completed capabilities negotiation.
   */
  emitEvent(name: string, data?: JsonObject): void {
    const us = Math.floor(this.clock.realtimeUs()); // g_get_real_time(): whole microseconds
    const ev = newJsonObject();
    ev["event"] = name;
    ev["timestamp"] = { seconds: Math.trunc(us / 1e6), microseconds: us % 1e6 };
    if (data !== undefined) ev["data"] = data;
    for (const s of this.sessions) if (s.negotiated && !s.isClosed) s.sendMessage(ev);
  }

  /** Create a session writing through `write` (also for in-process transports and tests). */
  newSession(
    label: string,
    write: (line: string) => void,
    hooks: { onDrained?: () => void; onInputRead?: () => void; pretty?: boolean } = {},
  ): QmpSession {
    const session: QmpSession = new QmpSession({
      id: this.nextSessionId++,
      label,
      dispatcher: this.opts.dispatcher,
      write: (line) => write(line),
      emitEvent: (n, d) => this.emitEvent(n, d),
      loop: this.opts.loop,
      version: this.opts.version,
      offered: this.opts.capabilities,
      machineReady: this.opts.machineReady,
      limits: this.opts.limits,
      onInternalError: (e) => this.reportInternalError(e),
      onDrained: hooks.onDrained,
      onInputRead: hooks.onInputRead,
      pretty: hooks.pretty,
      onClose: () => this.sessions.delete(session),
    });
    this.sessions.add(session);
    return session;
  }

  /** Report a bug (a handler threw something that is not a QmpError, and the like). */
  reportInternalError(e: unknown): void {
    if (this.opts.onInternalError) this.opts.onInternalError(e);
    else console.error("qapi-ts: internal error in the QMP server:", e);
  }

  /** Stop every endpoint. */
  async close(): Promise<void> {
    await Promise.all(this.endpoints.map((e) => e.close()));
    for (const s of this.sessions) s.close();
  }
}

function listenOn(netServer: net.Server, options: net.ListenOptions, describe: (e: NodeJS.ErrnoException) => string) {
  return new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => reject(new Error(describe(e)));
    netServer.once("error", onError);
    netServer.listen(options, () => {
      netServer.off("error", onError);
      resolve();
    });
  });
}

/** strerror() text for the errno codes listening can fail with. */
function strerror(e: NodeJS.ErrnoException): string {
  const texts: Record<string, string> = {
    EADDRINUSE: "Address already in use",
    EACCES: "Permission denied",
    ENOENT: "No such file or directory",
    EADDRNOTAVAIL: "Cannot assign requested address",
    ENOTDIR: "Not a directory",
    EPERM: "Operation not permitted",
  };
  return (e.code && texts[e.code]) ?? e.message;
}

/**
 * unix_listen_saddr(): remove a stale socket (unlike QEMU, only a socket
 * nobody listens on: never another file, never a live server's socket),
 * bind, listen (backlog 1), chmod.
 */
async function listenUnix(netServer: net.Server, path: string, mode: number): Promise<void> {
  if (Buffer.byteLength(path) >= 108) throw new Error(`UNIX socket path '${path}' is too long`);
  const st = fs.lstatSync(path, { throwIfNoEntry: false });
  if (st?.isSocket() && !(await someoneListens(path))) fs.unlinkSync(path);
  // bind() creates the socket file with the umask's mode: narrow the umask
  // for that call (Node binds synchronously inside listen()) so the socket
  // is never reachable by others, not even before the chmod.
  const oldUmask = process.umask(0o777 & ~mode);
  let listening: Promise<void>;
  try {
    listening = listenOn(netServer, { path, backlog: 1 }, (e) => `Failed to bind socket to ${path}: ${strerror(e)}`);
  } finally {
    process.umask(oldUmask);
  }
  await listening;
  fs.chmodSync(path, mode);
}

/** A socket file is stale when connecting to it is refused. */
export function someoneListens(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect({ path });
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

/** inet_listen_saddr(): the given host only ("" = all addresses). */
async function listenTcp(netServer: net.Server, host: string, port: number): Promise<void> {
  const opts: net.ListenOptions = { port, backlog: 1 };
  if (host !== "") opts.host = host;
  await listenOn(netServer, opts, (e) =>
    e.code === "EADDRINUSE"
      ? `Failed to find an available port: ${strerror(e)}`
      : `Failed to bind socket: ${strerror(e)}`,
  );
}
