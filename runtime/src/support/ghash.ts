/**
 * Which unexpected member QEMU reports first.
 *
 * qobject_input_push() (qapi/qobject-input-visitor.c) copies the keys of an
 * input QDict, in QDict iteration order, into a GLib GHashTable; every member
 * the generated visitor reads is removed from it; qobject_input_check_struct()
 * then reports the first key a GHashTableIter finds.  Reproducing that needs
 * two orders:
 *   - QDict iteration (qobject/qdict.c): 512 buckets by tdb_hash(key) % 512,
 *     walked in bucket order, each bucket newest key first;
 *   - GHashTable slot order (GLib 2.74 glib/ghash.c, unchanged in this
 *     respect up to at least 2.84): open addressing over a power-of-two
 *     table, initial slot (g_str_hash(key) * 11) % prime, quadratic probing,
 *     tombstones on removal, in-place resizes on growth and shrinkage.
 * This module ports both exactly (checked against the real libglib-2.0 in
 * test/runtime/support/ghash.test.ts).
 *
 * Dependency-free on purpose: generated validators import it.
 */

const encoder = new TextEncoder();

/**
 * A key's bytes as QEMU holds them: UTF-8, with U+0000 written as the
 * two-byte "modified UTF-8" form C0 80 (json-parser.c mod_utf8_encode), so C
 * strings never contain a NUL.
 */
export function keyBytes(key: string): Uint8Array {
  if (!key.includes("\0")) return encoder.encode(key);
  const parts = key.split("\0").map((p) => encoder.encode(p));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0) + 2 * (parts.length - 1));
  let at = 0;
  parts.forEach((p, i) => {
    if (i > 0) {
      out[at++] = 0xc0;
      out[at++] = 0x80;
    }
    out.set(p, at);
    at += p.length;
  });
  return out;
}

/** True when the key's bytes are its char codes (ASCII without NUL). */
function plainAscii(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 0 || c >= 0x80) return false;
  }
  return true;
}

/** GLib's g_str_hash(): djb2 over *signed* chars, in guint32 arithmetic. */
export function gStrHash(key: string): number {
  if (plainAscii(key)) {
    let h = 5381;
    for (let i = 0; i < key.length; i++) h = (Math.imul(h, 33) + key.charCodeAt(i)) >>> 0;
    return h;
  }
  const bytes = keyBytes(key);
  let h = 5381;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    h = (Math.imul(h, 33) + (c >= 0x80 ? c - 0x100 : c)) >>> 0;
  }
  return h;
}

/** QEMU's tdb_hash() (qobject/qdict.c) over the key's bytes. */
export function tdbHash(key: string): number {
  const ascii = plainAscii(key);
  const bytes = ascii ? null : keyBytes(key);
  const n = bytes ? bytes.length : key.length;
  let value = Math.imul(0x238f13af, n) >>> 0;
  for (let i = 0; i < n; i++) {
    const b = bytes ? bytes[i]! : key.charCodeAt(i);
    value = (value + ((b << ((i * 5) % 24)) >>> 0)) >>> 0;
  }
  return (Math.imul(1103515243, value) + 12345) >>> 0;
}

/** Keys (in insertion order) sorted into qdict_first()/qdict_next() order. */
export function qdictOrder(keys: readonly string[]): string[] {
  const decorated = keys.map((key, index) => ({ key, index, bucket: tdbHash(key) % 512 }));
  decorated.sort((a, b) => a.bucket - b.bucket || b.index - a.index);
  return decorated.map((d) => d.key);
}

// ghash.c's prime_mod[]: for each table size 1 << shift, the largest prime
// below it (the modulus for the initial probe position).
const PRIME_MOD = [
  1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071, 262139, 524287,
  1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689, 268435399, 536870909, 1073741789,
  2147483647,
];

const MIN_SHIFT = 3;
const UNUSED = 0;
const TOMBSTONE = 1;

/**
 * A GHashTable of string keys made with g_hash_table_new(g_str_hash,
 * g_str_equal), reduced to what decides slot order: hashes and keys.
 */
export class GStrHashTable {
  private size = 0;
  private mod = 0;
  private mask = 0;
  private nnodes = 0;
  private noccupied = 0;
  private hashes: number[] = [];
  private keys: (string | null)[] = [];

  constructor() {
    this.setShift(MIN_SHIFT); // g_hash_table_setup_storage()
    this.hashes = new Array<number>(this.size).fill(UNUSED);
    this.keys = new Array<string | null>(this.size).fill(null);
  }

  private setShift(shift: number): void {
    this.size = 1 << shift;
    this.mod = PRIME_MOD[shift]!;
    this.mask = this.size - 1;
  }

  // g_hash_table_set_shift_from_size(): n is a gint (fractions truncated).
  private setShiftFromSize(n: number): void {
    let shift = 0;
    for (let v = Math.trunc(n); v; v >>= 1) shift++;
    this.setShift(Math.max(shift, MIN_SHIFT));
  }

  private hashToIndex(hash: number): number {
    return (Math.imul(hash, 11) >>> 0) % this.mod;
  }

  // g_hash_table_lookup_node(): the key's slot, else the first tombstone
  // met on the probe path, else the empty slot that ended it.
  private lookup(key: string, hash: number): number {
    let index = this.hashToIndex(hash);
    let firstTombstone = -1;
    let step = 0;
    let h = this.hashes[index]!;
    while (h !== UNUSED) {
      if (h === hash && this.keys[index] === key) return index;
      if (h === TOMBSTONE && firstTombstone < 0) firstTombstone = index;
      step++;
      index = (index + step) & this.mask;
      h = this.hashes[index]!;
    }
    return firstTombstone >= 0 ? firstTombstone : index;
  }

  private static hashOf(key: string): number {
    const h = gStrHash(key);
    return h <= 1 ? 2 : h; // 0 and 1 mark empty slots and tombstones
  }

  /** g_hash_table_insert(table, key, NULL). */
  insert(key: string): void {
    const hash = GStrHashTable.hashOf(key);
    const index = this.lookup(key, hash);
    const old = this.hashes[index]!;
    if (old >= 2) return; // already present: the slot keeps its key
    this.hashes[index] = hash;
    this.keys[index] = key;
    this.nnodes++;
    if (old === UNUSED) {
      this.noccupied++;
      this.maybeResize();
    }
  }

  /** g_hash_table_remove(); true if the key was there. */
  remove(key: string): boolean {
    const index = this.lookup(key, GStrHashTable.hashOf(key));
    if (this.hashes[index]! < 2) return false;
    this.hashes[index] = TOMBSTONE;
    this.keys[index] = null;
    this.nnodes--;
    this.maybeResize();
    return true;
  }

  /** The key g_hash_table_iter_next() returns first, if any. */
  first(): string | undefined {
    for (let i = 0; i < this.size; i++) {
      if (this.hashes[i]! >= 2) return this.keys[i]!;
    }
    return undefined;
  }

  /** All keys in iteration order. */
  keysInOrder(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.size; i++) if (this.hashes[i]! >= 2) out.push(this.keys[i]!);
    return out;
  }

  private maybeResize(): void {
    const noccupied = this.noccupied;
    const size = this.size;
    if ((size > this.nnodes * 4 && size > 1 << MIN_SHIFT) || size <= noccupied + Math.trunc(noccupied / 16)) {
      this.resize();
    }
  }

  // g_hash_table_resize() with resize_set()/resize_map(): entries are moved
  // in place, a bitmap marking slots already holding relocated entries.
  private resize(): void {
    const oldSize = this.size;
    this.setShiftFromSize(this.nnodes * 1.333);
    if (this.size > oldSize) {
      for (let i = oldSize; i < this.size; i++) {
        this.hashes.push(UNUSED);
        this.keys.push(null);
      }
    }
    const moved = new Uint8Array(Math.max(this.size, oldSize));
    for (let i = 0; i < oldSize; i++) {
      let nodeHash = this.hashes[i]!;
      if (nodeHash < 2) {
        this.hashes[i] = UNUSED; // tombstones are cleared
        continue;
      }
      if (moved[i]) continue;
      this.hashes[i] = UNUSED;
      let key = this.keys[i]!;
      this.keys[i] = null;
      for (;;) {
        let index = this.hashToIndex(nodeHash);
        let step = 0;
        while (moved[index]) {
          step++;
          index = (index + step) & this.mask;
        }
        moved[index] = 1;
        const replaced = this.hashes[index]!;
        this.hashes[index] = nodeHash;
        if (replaced < 2) {
          this.keys[index] = key;
          break;
        }
        // Evict the entry living there and place it next.
        nodeHash = replaced;
        const evicted = this.keys[index]!;
        this.keys[index] = key;
        key = evicted;
      }
    }
    if (this.size < oldSize) {
      this.hashes.length = this.size;
      this.keys.length = this.size;
    }
    this.noccupied = this.nnodes;
  }
}

/**
 * The member qobject_input_check_struct() reports: the keys of the input
 * object (`keys`, in the order they were inserted into its QDict) go into a
 * fresh GHashTable in QDict order, the members the visitor read are removed
 * in the order it read them, and the first remaining key wins.
 */
export function firstUnvisitedKey(keys: readonly string[], visited: readonly string[]): string | undefined {
  const table = new GStrHashTable();
  for (const k of qdictOrder(keys)) table.insert(k);
  for (const k of visited) table.remove(k);
  return table.first();
}
