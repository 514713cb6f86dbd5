/**
 * The one place where the simulated VM builds QMP errors.
 *
 * H4 owns runtime/src/support/qmp-error.ts (`class QmpError { errorClass; desc }`).
 * Until it is committed this module declares a class of the same shape; switching
 * to the shared class is a change of this file only.
 */

/** A QMP error answer: class (e.g. "GenericError") and QEMU's exact desc text. */
export class QmpError extends Error {
  readonly errorClass: string;
  readonly desc: string;

  constructor(errorClass: string, desc: string) {
    super(desc);
    this.name = "QmpError";
    this.errorClass = errorClass;
    this.desc = desc;
  }
}

/** error_setg(): QEMU's GenericError. */
export function genericError(desc: string): QmpError {
  return new QmpError("GenericError", desc);
}

/** ERROR_CLASS_DEVICE_NOT_ACTIVE (used by the block-job-* commands). */
export function deviceNotActive(desc: string): QmpError {
  return new QmpError("DeviceNotActive", desc);
}

/** ERROR_CLASS_DEVICE_NOT_FOUND (e.g. blockdev-del of an unknown node). */
export function deviceNotFound(desc: string): QmpError {
  return new QmpError("DeviceNotFound", desc);
}
