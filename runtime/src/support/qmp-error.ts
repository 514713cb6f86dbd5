/**
 * QMP command errors as QEMU reports them: `{"error": {"class", "desc"}}`.
 *
 * Mirrors QEMU's Error objects (qapi/error.h) as far as QMP sees them: an
 * ErrorClass (qapi/control.json's QapiErrorClass, as a string) and the
 * human-readable message.  Generated command code and hand-written handlers
 * throw QmpError; the QMP server turns it into the error response.  Anything
 * else thrown by a handler is a bug and is reported as an internal error.
 *
 * Dependency-free on purpose: generated code imports this file.
 */

/** QEMU 7.2's QapiErrorClass values (qapi/error.json). */
export type QmpErrorClass = "GenericError" | "CommandNotFound" | "DeviceNotActive" | "DeviceNotFound" | "KVMMissingCap";

export class QmpError extends Error {
  /** Wire name of the class, e.g. "GenericError". */
  readonly errorClass: string;
  /** QEMU's exact message text. */
  readonly desc: string;

  constructor(errorClass: QmpErrorClass | string, desc: string) {
    super(desc);
    this.name = "QmpError";
    this.errorClass = errorClass;
    this.desc = desc;
  }

  /** error_setg(): a GenericError. */
  static generic(desc: string): QmpError {
    return new QmpError("GenericError", desc);
  }

  /** ERROR_CLASS_COMMAND_NOT_FOUND. */
  static commandNotFound(desc: string): QmpError {
    return new QmpError("CommandNotFound", desc);
  }

  /** ERROR_CLASS_DEVICE_NOT_ACTIVE. */
  static deviceNotActive(desc: string): QmpError {
    return new QmpError("DeviceNotActive", desc);
  }

  /** ERROR_CLASS_DEVICE_NOT_FOUND. */
  static deviceNotFound(desc: string): QmpError {
    return new QmpError("DeviceNotFound", desc);
  }
}

/** True for a QmpError, also one from another copy of this module. */
export function isQmpError(e: unknown): e is QmpError {
  return (
    e instanceof QmpError ||
    (typeof e === "object" &&
      e !== null &&
      typeof (e as { errorClass?: unknown }).errorClass === "string" &&
      typeof (e as { desc?: unknown }).desc === "string")
  );
}
