// Limits that keep bad input from exhausting the JS stack.

/**
 * Deepest nesting of objects and arrays accepted.  The grammar and the
 * diagnoser both recurse per level; QEMU itself fails with a Python
 * RecursionError somewhat below this depth.
 */
export const MAX_DEPTH = 1000;
