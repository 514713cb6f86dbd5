/**
 * QEMU's QDict iteration order (mirrors qobject/qdict.c).
 *
 * A QDict is a hash table of QDICT_BUCKET_MAX (512) buckets indexed by
 * tdb_hash(key) % 512; a new key is inserted at the head of its bucket's list.
 * qdict_first()/qdict_next() walk buckets 0..511, each list from its head.
 * Everything QEMU prints (responses, events, the greeting) and the order in
 * which qmp_dispatch checks request members follow this order, so we
 * reproduce it: sort keys by bucket, and within a bucket newest first.
 *
 * Insertion order is the object's own key order, except for objects made by
 * our JSON parser, whose textual key order is recorded here (a JS object would
 * move integer-like keys such as "1" to the front).
 */
import type { JsonObject } from "../support/dispatch-types.js";
import { QFloat } from "../support/qfloat.js";

export const QDICT_BUCKET_MAX = 512;

const encoder = new TextEncoder();

/** tdb_hash() over the key's UTF-8 bytes, in unsigned 32-bit arithmetic. */
export function tdbHash(key: string): number {
  const bytes = encoder.encode(key);
  let value = Math.imul(0x238f13af, bytes.length) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    // (i * 5 % 24) < 24, so the shift never exceeds 23 bits
    value = (value + ((bytes[i]! << ((i * 5) % 24)) >>> 0)) >>> 0;
  }
  return (Math.imul(1103515243, value) + 12345) >>> 0;
}

/** Keys repeat all the time (return, id, event...): memoise their buckets. */
const bucketCache = new Map<string, number>();

/** The bucket a key lands in. */
export function qdictBucket(key: string): number {
  let b = bucketCache.get(key);
  if (b === undefined) {
    b = tdbHash(key) % QDICT_BUCKET_MAX;
    if (bucketCache.size >= 10_000) bucketCache.clear();
    bucketCache.set(key, b);
  }
  return b;
}

/** Textual key order of objects built by the JSON parser. */
const insertionOrder = new WeakMap<object, readonly string[]>();

/** Record the order in which keys were inserted into `obj` (parser use). */
export function recordKeyOrder(obj: object, keys: readonly string[]): void {
  insertionOrder.set(obj, keys);
}

/** Keys of obj in insertion order. */
export function insertionKeys(obj: object): readonly string[] {
  return insertionOrder.get(obj) ?? Object.keys(obj);
}

/** Sort keys (given in insertion order) into qdict_first/qdict_next order. */
export function qdictOrder(keys: readonly string[]): string[] {
  if (keys.length < 2) return [...keys];
  const sig = keys.join("\u0000");
  const cached = orderCache.get(sig);
  if (cached) return cached.slice();
  const order = computeOrder(keys);
  if (orderCache.size >= 10_000) orderCache.clear();
  orderCache.set(sig, order);
  return order.slice();
}

/** The same few shapes are printed again and again (responses, events). */
const orderCache = new Map<string, string[]>();

function computeOrder(keys: readonly string[]): string[] {
  const decorated = keys.map((key, index) => ({
    key,
    index,
    bucket: qdictBucket(key),
  }));
  decorated.sort((a, b) => a.bucket - b.bucket || b.index - a.index);
  return decorated.map((d) => d.key);
}

/** Keys of a JSON object in the order QEMU iterates the equivalent QDict. */
export function qdictKeys(obj: JsonObject | object): string[] {
  return qdictOrder(insertionKeys(obj));
}

/** A parsed JSON value that is a JSON object (QDict): no array, and no QFloat box (a number). */
export function isQDict(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof QFloat);
}

/** A null-prototype object, so "__proto__" is an ordinary member. */
export function newJsonObject(): JsonObject {
  return Object.create(null) as JsonObject;
}
