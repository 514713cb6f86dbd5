/**
 * The contract between the QMP server (runtime/src/qmp) and the command
 * dispatcher that the code generator produces from the schema.
 *
 * Mirrors the split in QEMU between qapi/qmp-dispatch.c (request checks,
 * lookup in a QmpCommandList, response building: the server's job) and the
 * generated qmp_marshal_* functions (argument visiting, calling the handler,
 * converting the result: the dispatcher's job).
 *
 * JSON values as the server hands them over (what QEMU's JSON parser makes,
 * see qfloat.ts):
 *   - JSON integers (QNUM_I64 / QNUM_U64: any value in [-2^63, 2^64-1]) are
 *     `number`, or `bigint` where a number would not be exact (beyond 2^53);
 *   - JSON floats (QNUM_DOUBLE, also integers outside that range) are
 *     `number` (`1.5`), or a `QFloat` box when integral (`1.0`, `1e3`);
 *   - objects are null-prototype plain objects (a `__proto__` member is plain
 *     data), arrays are arrays, strings are strings (already validated).
 * Values a handler returns may use `number` for integers too: the writer prints
 * every `number` as QEMU prints a double (`%.17g`, so integers below 1e17
 * look like integers); use `bigint` for int64 values that need more digits.
 * Object members whose value is `undefined` are left out (absent optional).
 *
 * Dependency-free on purpose (besides its siblings): generated code imports this file.
 */

import type { QFloat } from "./qfloat.js";

/** A JSON value as the runtime's QMP layer parses and prints it. */
export type JsonValue = null | boolean | string | bigint | number | QFloat | JsonValue[] | JsonObject;

/** A JSON object (QEMU's QDict). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** What the server needs to know about a command before dispatching it. */
export interface CommandMeta {
  /** Wire name, e.g. "query-jobs". */
  name: string;
  /** 'allow-oob': true in the schema (QCO_ALLOW_OOB). */
  allowOob: boolean;
  /** 'allow-preconfig': true in the schema (QCO_ALLOW_PRECONFIG). */
  allowPreconfig: boolean;
  /** False for 'success-response': false (QCO_NO_SUCCESS_RESP): no reply on success. */
  successResponse: boolean;
}

/**
 * The monitor (one client connection) a command runs on; QEMU's MonitorQMP
 * as seen from a command handler (monitor_cur()).
 */
export interface QmpMonitor {
  /** Unique per connection, for handlers that keep per-monitor state. */
  readonly id: number;
  /** The endpoint's label ("compat_monitor0", ...). */
  readonly label: string;
  /** qmp_capabilities has completed on this connection. */
  readonly negotiated: boolean;
  /** The client enabled the "oob" capability. */
  readonly oobEnabled: boolean;
  /**
   * The effect of qmp_capabilities (monitor/qmp-cmds-control.c
   * qmp_qmp_capabilities): leave negotiation mode and enable the listed
   * capabilities.  `enable` holds the already-validated QMPCapability values
   * (undefined when absent).  Throws QmpError ("Capabilities negotiation is
   * already complete, command ignored", "Capability X not available").
   */
  qmpCapabilities(enable: readonly string[] | undefined): void;
}

/** Passed to every dispatch. */
export interface QmpContext {
  readonly monitor: QmpMonitor;
  /** The request came in as "exec-oob". */
  readonly oob: boolean;
  /**
   * Emit a QMP event to every client that has completed negotiation, on every
   * endpoint; written at once (so before the response of the running command).
   */
  emitEvent(name: string, data?: JsonObject): void;
}

/** The generated command table. */
export interface QmpDispatcher {
  /** The command, or undefined if it does not exist (CommandNotFound). */
  lookup(name: string): CommandMeta | undefined;
  /**
   * Run a command: visit `args` (argument errors: QmpError with QEMU's text),
   * call the handler, return its result (undefined for commands without
   * 'returns', which answer `{}`).  Throws QmpError for command errors.
   */
  dispatch(name: string, args: JsonObject, ctx: QmpContext): unknown | Promise<unknown>;
}
