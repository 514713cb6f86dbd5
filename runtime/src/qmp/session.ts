/**
 * One QMP client connection (mirrors monitor/qmp.c, QEMU 7.2), independent of
 * the transport: bytes in through receive(), lines out through `write`.
 *
 * - Open: greeting, capabilities negotiation mode (only qmp_capabilities
 *   exists; any CommandNotFound answer says "Expecting capabilities
 *   negotiation with 'qmp_capabilities'").
 * - Input is fed to QEMU's JSON streamer one byte at a time, as QEMU's
 *   monitor reads it (monitor_can_read() allows one byte).  Each complete
 *   message (or parse error) is queued; without OOB the monitor is suspended
 *   after queueing, so the next byte is only read once the request is
 *   answered.  With OOB, up to 8 requests are read ahead and "exec-oob"
 *   requests run at once, as QEMU's I/O thread does.
 * - For each queued request: dispatch, write the response, then drain the
 *   main loop (bottom halves such as job completion, whose events follow the
 *   response), and only then read on.
 * - Close: pending requests are dropped and the parser is reset.
 */
import type {
  CommandMeta,
  JsonObject,
  JsonValue,
  QmpContext,
  QmpDispatcher,
  QmpMonitor,
} from "../support/dispatch-types.js";
import { QmpError } from "../support/qmp-error.js";
import { JsonMessageParser, type StreamerLimits } from "./json-streamer.js";
import { qmpLine } from "./json-writer.js";
import { errorResponse, isOobRequest, qmpDispatch, type QmpResponse } from "./qmp-dispatch.js";
import { acceptCapabilities, QMP_CAPABILITIES_META, visitCapabilitiesArgs } from "./capabilities.js";

/** monitor-internal.h QMP_REQ_QUEUE_LEN_MAX. */
export const QMP_REQ_QUEUE_LEN_MAX = 8;

/** qapi/control.json VersionInfo. */
export interface VersionInfo {
  qemu: { major: number; minor: number; micro: number };
  package: string;
}

/** What QEMU 7.2.22 as shipped by Debian 12 reports. */
export const QEMU_7_2_VERSION: VersionInfo = {
  qemu: { major: 7, minor: 2, micro: 22 },
  package: "Debian 1:7.2+dfsg-7+deb12u18+b3",
};

/** Anything with QEMU's main-loop drain (runtime/src/main-loop.ts MainLoop). */
export interface DrainableLoop {
  drain(): void;
}

export interface SessionOptions {
  id: number;
  label: string;
  dispatcher: QmpDispatcher;
  /** Writes one complete response/event line. */
  write(line: string): void;
  emitEvent(name: string, data?: JsonObject): void;
  loop?: DrainableLoop;
  version?: VersionInfo;
  /** -qmp-pretty / -mon ...,pretty=on: multi-line output. */
  pretty?: boolean;
  /** Capabilities offered in the greeting (QEMU: ["oob"] on sockets). */
  offered?: readonly string[];
  machineReady?: () => boolean;
  limits?: StreamerLimits;
  onInternalError?(err: unknown): void;
  /** Called when the session has consumed all input after end-of-input was signalled. */
  onDrained?(): void;
  /** Called once by close(). */
  onClose?(): void;
  /** Called after input has been consumed (for transport flow control). */
  onInputRead?(): void;
}

type Request = { value: JsonValue; error?: undefined } | { value?: undefined; error: QmpError };

export class QmpSession implements QmpMonitor {
  readonly id: number;
  readonly label: string;
  private commandMode = false; // mon->commands == &qmp_commands
  private capab = new Set<string>();
  private readonly offered: readonly string[];
  private parser: JsonMessageParser;
  private input: Uint8Array[] = [];
  private inputPos = 0;
  private suspendCnt = 0;
  private queue: Request[] = [];
  private busy = false;
  private pumping = false;
  private repump = false;
  private closed = false;
  private eof = false;

  constructor(private readonly opts: SessionOptions) {
    this.id = opts.id;
    this.label = opts.label;
    this.offered = opts.offered ?? ["oob"];
    this.parser = this.newParser();
  }

  get negotiated(): boolean {
    return this.commandMode;
  }

  get oobEnabled(): boolean {
    return this.capab.has("oob");
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** CHR_EVENT_OPENED: reset to negotiation mode and send the greeting. */
  open(): void {
    this.commandMode = false;
    this.capab = new Set();
    const version = this.opts.version ?? QEMU_7_2_VERSION;
    this.opts.write(qmpLine({ QMP: { version, capabilities: [...this.offered] } }, this.opts.pretty));
  }

  /** Bytes from the client. */
  receive(bytes: Uint8Array): void {
    if (this.closed || bytes.length === 0) return;
    this.input.push(bytes);
    this.pump();
  }

  /**
   * Bytes received but not read yet (the monitor is suspended while a
   * command runs).  QEMU leaves them in the socket; a transport should stop
   * reading when this grows (see QmpEndpoint).
   */
  get pendingInput(): number {
    let n = 0;
    for (const chunk of this.input) n += chunk.length;
    return n - this.inputPos;
  }

  /** The client closed its side: finish what was sent, then report via onDrained. */
  endOfInput(): void {
    this.eof = true;
    this.pump();
  }

  /** CHR_EVENT_CLOSED: drop queued requests and reset the parser. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.input = [];
    this.inputPos = 0;
    this.suspendCnt = 0;
    this.parser = this.newParser();
    this.opts.onClose?.();
  }

  /** Write a line unless closed. */
  send(line: string): void {
    if (!this.closed) this.opts.write(line);
  }

  /** qmp_send_response(): print a message in this monitor's style (events use this). */
  sendMessage(msg: unknown): void {
    if (!this.closed) this.opts.write(qmpLine(msg, this.opts.pretty));
  }

  /** qmp_qmp_capabilities(): the effect of the command on this monitor. */
  qmpCapabilities(enable: readonly string[] | undefined): void {
    if (this.commandMode) {
      throw QmpError.commandNotFound("Capabilities negotiation is already complete, command ignored");
    }
    this.capab = acceptCapabilities(this.offered, enable);
    this.commandMode = true;
  }

  private newParser(): JsonMessageParser {
    return new JsonMessageParser((value, error) => this.handleMessage(value, error), this.opts.limits);
  }

  /** Alternate reading input and running queued requests until neither can progress. */
  private pump(): void {
    if (this.pumping) {
      this.repump = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.repump = false;
        this.readInput();
        while (!this.busy && !this.closed && this.queue.length > 0) {
          this.runNext();
          this.readInput();
        }
      } while (this.repump);
    } finally {
      this.pumping = false;
    }
    if (!this.closed) this.opts.onInputRead?.();
    if (this.eof && !this.closed && !this.busy && this.queue.length === 0 && !this.hasInput()) {
      this.opts.onDrained?.();
    }
  }

  private hasInput(): boolean {
    return this.input.length > 0;
  }

  /**
   * monitor_qmp_read() one byte at a time while the monitor is not suspended.
   * Reading also pauses while a queued request could run: QEMU's dispatcher
   * picks a request up long before the I/O thread has read the next one byte
   * by byte, so an exec-oob only overtakes an in-band command that is still
   * running (observed with 7.2.22).
   */
  private readInput(): void {
    while (this.suspendCnt === 0 && !this.closed && this.input.length > 0 && (this.busy || this.queue.length === 0)) {
      const chunk = this.input[0]!;
      const b = chunk[this.inputPos++]!;
      if (this.inputPos >= chunk.length) {
        this.input.shift();
        this.inputPos = 0;
      }
      this.parser.feedByte(b);
    }
  }

  /** handle_qmp_command(): run exec-oob at once, queue the rest. */
  private handleMessage(value: JsonValue | undefined, error: QmpError | undefined): void {
    if (this.closed) return;
    if (!error && isOobRequest(value)) {
      this.process({ value: value! })?.catch((e) => this.internalError(e));
      return;
    }
    if (!this.oobEnabled || this.queue.length === QMP_REQ_QUEUE_LEN_MAX - 1) this.suspendCnt++;
    this.queue.push(error ? { error } : { value: value! });
  }

  /** One round of monitor_qmp_dispatcher_co(). */
  private runNext(): void {
    const req = this.queue.shift()!;
    const oobEnabled = this.oobEnabled; // qmp_capabilities may change it
    if (oobEnabled && this.queue.length === QMP_REQ_QUEUE_LEN_MAX - 1) this.resume();
    const done = (): void => {
      if (!oobEnabled) this.resume();
    };
    const pending = this.process(req);
    if (pending) {
      this.busy = true;
      void pending
        .catch((e) => this.internalError(e))
        .then(() => {
          this.busy = false;
          done();
          this.pump();
        });
    } else {
      done();
    }
  }

  private resume(): void {
    if (this.suspendCnt > 0) this.suspendCnt--;
  }

  /** monitor_qmp_dispatch() + respond + main-loop drain; a Promise if the command is async. */
  private process(req: Request): Promise<void> | undefined {
    if (req.error) {
      this.respond(errorResponse(req.error));
      return undefined;
    }
    const rsp = qmpDispatch(req.value, this.oobEnabled, {
      find: (name) => this.findCommand(name),
      run: (meta, args, oob) => this.runCommand(meta, args, oob),
      machineReady: this.opts.machineReady ? this.opts.machineReady() : true,
      onInternalError: this.opts.onInternalError,
    });
    if (rsp instanceof Promise) return rsp.then((r) => this.respond(r));
    this.respond(rsp);
    return undefined;
  }

  private respond(rsp: QmpResponse | null): void {
    if (rsp) {
      if (!this.commandMode) this.replaceNotFound(rsp);
      this.send(this.format(rsp));
    }
    // A failing bottom half is a bug elsewhere; it must not take the server down.
    try {
      this.opts.loop?.drain();
    } catch (e) {
      this.internalError(e);
    }
  }

  /** The response line; a handler result that cannot be printed (a bug) becomes an error reply. */
  private format(rsp: QmpResponse): string {
    try {
      return qmpLine(rsp, this.opts.pretty);
    } catch (e) {
      this.internalError(e);
      const err = errorResponse(QmpError.generic(`internal error: ${e instanceof Error ? e.message : String(e)}`));
      if (Object.hasOwn(rsp, "id")) err["id"] = rsp["id"]!;
      return qmpLine(err, this.opts.pretty);
    }
  }

  private internalError(e: unknown): void {
    if (this.opts.onInternalError) this.opts.onInternalError(e);
    else console.error("qapi-ts: internal error:", e);
  }

  /** In negotiation mode every CommandNotFound answer gets a more useful text. */
  private replaceNotFound(rsp: QmpResponse): void {
    const error = rsp["error"] as JsonObject | undefined;
    if (error && error["class"] === "CommandNotFound") {
      delete error["desc"];
      error["desc"] = "Expecting capabilities negotiation with 'qmp_capabilities'";
    }
  }

  /** mon->commands lookup: negotiation mode knows only qmp_capabilities. */
  private findCommand(name: string): CommandMeta | undefined {
    if (!this.commandMode && name !== "qmp_capabilities") return undefined;
    const meta = this.opts.dispatcher.lookup(name);
    if (meta) return meta;
    return name === "qmp_capabilities" ? QMP_CAPABILITIES_META : undefined;
  }

  private runCommand(meta: CommandMeta, args: JsonObject, oob: boolean): unknown {
    if (meta === QMP_CAPABILITIES_META) {
      this.qmpCapabilities(visitCapabilitiesArgs(args));
      return undefined;
    }
    const ctx: QmpContext = {
      monitor: this,
      oob,
      emitEvent: this.opts.emitEvent,
    };
    return this.opts.dispatcher.dispatch(meta.name, args, ctx);
  }
}
