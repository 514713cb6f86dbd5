// Arrays for the front end's long-lived containers, made so that V8
// allocates them in the young generation.
//
// V8 pretenures an array literal (`[]`, also `new Array()`) whose arrays
// mostly survive a scavenge: its arrays are then allocated straight in old
// space.  The front end's lists (expressions, doc sections, members) all
// live as long as one compile, so after a few compiles their literals are
// pretenured, while what they hold (Maps, strings, schema objects) is
// still allocated young.  Those old arrays keep their old-to-new pointers
// after the compile is over: until the next full GC, every scavenge treats
// them as roots and copies the dead schema of the previous compile again
// (QEMU 10.0's schema: about 9 MB copied per scavenge instead of 2.5 MB,
// and scavenges several times slower).  Array.prototype.slice() has no
// allocation site to pretenure, so its arrays stay young.

const EMPTY: unknown[] = [];

/** A new empty array that V8 will not pretenure (see above). */
export function youngArray<T>(): T[] {
  return EMPTY.slice() as T[];
}
