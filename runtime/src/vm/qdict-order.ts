/**
 * The order in which QEMU prints the members of a QDict.
 *
 * QMP answers and events are QDicts, serialised by walking the hash table's
 * 512 buckets in order (qdict_first / qdict_next); a bucket holds its keys
 * newest first.  The bucket is tdb_hash(key) % 512 (qobject/qdict.c).  So
 * QEMU writes e.g. a JobInfo as current-progress, status, total-progress,
 * type, id.  toQdictOrder() re-creates that order for byte-identical output.
 */

const BUCKETS = 512;

/** tdb_hash from qobject/qdict.c (32-bit unsigned arithmetic). */
export function tdbHash(key: string): number {
  const bytes = Buffer.from(key, "utf8");
  let value = Math.imul(0x238f13af, bytes.length) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    value = (value + ((bytes[i]! << ((i * 5) % 24)) >>> 0)) >>> 0;
  }
  return (Math.imul(1103515243, value) + 12345) >>> 0;
}

/** Keys (given in insertion order) in the order QEMU iterates them. */
export function qdictOrder(keys: readonly string[]): string[] {
  const buckets = new Map<number, string[]>();
  for (const k of keys) {
    const b = tdbHash(k) % BUCKETS;
    const list = buckets.get(b) ?? [];
    list.unshift(k); // QLIST_INSERT_HEAD
    buckets.set(b, list);
  }
  return [...buckets.keys()].sort((a, b) => a - b).flatMap((b) => buckets.get(b)!);
}

/** Deep copy of a JSON value with every object's keys in QDict order. */
export function toQdictOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => toQdictOrder(v)) as T;
  if (value === null || typeof value !== "object") return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of qdictOrder(Object.keys(src))) out[k] = toQdictOrder(src[k]);
  return out as T;
}
