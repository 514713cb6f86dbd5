/**
 * How the runtime tells a JSON float from a JSON integer when both have
 * the same value.  QEMU keeps the difference (QNUM_DOUBLE against
 * QNUM_I64/QNUM_U64): `1.0` is no valid 'int', `1` is.  JavaScript numbers
 * cannot keep it, so the wire parser makes
 *   - integers: `number` when safe (|n| < 2^53), else `bigint` (up to the
 *     int64/uint64 range, as QEMU's parser keeps them exact);
 *   - floats: `number` when the value has a fractional part (it cannot be
 *     mistaken for an integer), else a QFloat box (`1.0`, `2e3`, an integer
 *     literal beyond uint64 that QEMU reads as a double).
 * So a check of the common case, an integer, is a plain Number.isSafeInteger
 * test, and a valid value needs no conversion; a QFloat is unboxed where a
 * 'number' takes it and refused (expected: integer) where an integer is due.
 *
 * Dependency-free on purpose: generated code imports it (through check.ts).
 */
export class QFloat {
  constructor(readonly value: number) {}

  /** Printed as QEMU prints a double (the JSON writer does the same). */
  valueOf(): number {
    return this.value;
  }
}

/** The value a JSON float takes on the wire: a number, boxed when integral. */
export function qfloat(n: number): number | QFloat {
  return Number.isInteger(n) ? new QFloat(n) : n;
}
