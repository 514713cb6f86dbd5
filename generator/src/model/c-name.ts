// Mapping QAPI names to C identifiers, mirroring scripts/qapi/common.py c_name().
//
// The model needs c_name() even without a C backend: member clash detection
// (QAPISchemaMember.check_clash) compares c_name() of member names, so
// 'a-b' and 'a_b' collide, exactly as in QEMU.

const C89_WORDS = [
  "auto", "break", "case", "char", "const", "continue", "default", "do",
  "double", "else", "enum", "extern", "float", "for", "goto", "if", "int",
  "long", "register", "return", "short", "signed", "sizeof", "static",
  "struct", "switch", "typedef", "union", "unsigned", "void", "volatile",
  "while",
];
const C99_WORDS = ["inline", "restrict", "_Bool", "_Complex", "_Imaginary"];
const C11_WORDS = [
  "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn",
  "_Static_assert", "_Thread_local",
];
const GCC_WORDS = ["asm", "typeof"];
const CPP_WORDS = [
  "bool", "catch", "class", "const_cast", "delete", "dynamic_cast",
  "explicit", "false", "friend", "mutable", "namespace", "new", "operator",
  "private", "protected", "public", "reinterpret_cast", "static_cast",
  "template", "this", "throw", "true", "try", "typeid", "typename", "using",
  "virtual", "wchar_t",
  // alternative representations
  "and", "and_eq", "bitand", "bitor", "compl", "not", "not_eq", "or",
  "or_eq", "xor", "xor_eq",
];
// Names that common system headers define as macros.
const POLLUTED_WORDS = ["unix", "errno", "mips", "sparc", "i386", "linux"];

const PROTECTED = new Set<string>([
  ...C89_WORDS, ...C99_WORDS, ...C11_WORDS, ...GCC_WORDS, ...CPP_WORDS,
  ...POLLUTED_WORDS,
]);

/**
 * Map `name` to a valid C identifier: every character outside
 * [A-Za-z0-9_] becomes '_'.  With `protect`, C/C++ keywords, a few
 * polluted words and names starting with a digit get a 'q_' prefix.
 *
 * '__a.b_c' -> '__a_b_c', 'x-foo' -> 'x_foo', 'int' -> 'q_int'.
 */
export function cName(name: string, protect = true): string {
  const mapped = mapChars(name);
  if (protect) {
    const c = mapped.charCodeAt(0);
    if ((c >= 48 && c <= 57) || PROTECTED.has(mapped)) {
      return "q_" + mapped;
    }
  }
  return mapped;
}

// Clash checks call cName() for every member of every type: most names
// need no change, which a scan finds without allocating.
function mapChars(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!isIdentChar(c)) {
      // A surrogate pair is one Python character: one '_' for both halves.
      return c >= 0xd800 || hasSurrogate(name, i)
        ? name.replace(/[^A-Za-z0-9_]/gu, "_")
        : name.replace(/[^A-Za-z0-9_]/g, "_");
    }
  }
  return name;
}

function isIdentChar(c: number): boolean {
  // [A-Za-z0-9_]
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function hasSurrogate(name: string, from: number): boolean {
  for (let i = from; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}
