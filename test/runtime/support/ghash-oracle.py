#!/usr/bin/env python3
"""Oracle for ghash.test.ts: runs GHashTable operations on the system's real
libglib-2.0 (through ctypes) and prints the iteration order.

stdin: JSON list of cases, each {"insert": [keys...], "remove": [keys...]}
(keys as JS strings; encoded as QEMU does: UTF-8, U+0000 as C0 80).
stdout: JSON {"glib": "2.74.6", "orders": [[keys in iteration order]...]}.
"""
import ctypes
import json
import sys

glib = ctypes.CDLL("libglib-2.0.so.0")
glib.g_hash_table_new.restype = ctypes.c_void_p
glib.g_hash_table_new.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
glib.g_hash_table_insert.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
glib.g_hash_table_remove.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
glib.g_hash_table_iter_init.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
glib.g_hash_table_iter_next.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]
glib.g_hash_table_unref.argtypes = [ctypes.c_void_p]
str_hash = ctypes.cast(glib.g_str_hash, ctypes.c_void_p)
str_equal = ctypes.cast(glib.g_str_equal, ctypes.c_void_p)


def encode(key):
    return key.encode("utf-8", "surrogatepass").replace(b"\x00", b"\xc0\x80")


def run(case):
    table = glib.g_hash_table_new(str_hash, str_equal)
    keep = {}
    for k in case["insert"]:
        b = ctypes.create_string_buffer(encode(k))
        keep[bytes(b.value)] = (b, k)
        glib.g_hash_table_insert(table, b, None)
    for k in case["remove"]:
        glib.g_hash_table_remove(table, encode(k))
    it = ctypes.create_string_buffer(64)
    glib.g_hash_table_iter_init(it, table)
    key = ctypes.c_void_p()
    out = []
    while glib.g_hash_table_iter_next(it, ctypes.byref(key), None):
        out.append(keep[ctypes.string_at(key.value)][1])
    glib.g_hash_table_unref(table)
    return out


def version():
    v = [ctypes.c_uint.in_dll(glib, n).value for n in ("glib_major_version", "glib_minor_version", "glib_micro_version")]
    return ".".join(map(str, v))


cases = json.load(sys.stdin)
json.dump({"glib": version(), "orders": [run(c) for c in cases]}, sys.stdout)
