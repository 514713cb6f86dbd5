/**
 * Deep QDict ordering of a JSON value, on top of the QMP layer's qdictOrder
 * (runtime/src/qmp/qdict.ts, a port of qobject/qdict.c's iteration order).
 * Used where the simulator prints QObjects itself (qemu-img --output=json,
 * the format-specific dump of qemu-img info).
 */
import { qdictOrder } from "../qmp/qdict.js";

export { qdictOrder };

/** Deep copy of a JSON value with every object's keys in QDict order. */
export function toQdictOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => toQdictOrder(v)) as T;
  if (value === null || typeof value !== "object") return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of qdictOrder(Object.keys(src))) out[k] = toQdictOrder(src[k]);
  return out as T;
}
