/**
 * The one place where the simulated VM builds QMP errors: thin helpers over
 * the shared QmpError of runtime/src/support/qmp-error.ts, so every error the
 * VM throws is the class the QMP server recognises.
 */
import { QmpError } from "../support/qmp-error.js";

export { QmpError };

/** error_setg(): QEMU's GenericError. */
export function genericError(desc: string): QmpError {
  return new QmpError("GenericError", desc);
}

/** ERROR_CLASS_DEVICE_NOT_ACTIVE (used by the block-job-* commands). */
export function deviceNotActive(desc: string): QmpError {
  return new QmpError("DeviceNotActive", desc);
}

/** ERROR_CLASS_DEVICE_NOT_FOUND. */
export function deviceNotFound(desc: string): QmpError {
  return new QmpError("DeviceNotFound", desc);
}
