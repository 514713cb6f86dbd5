#!/usr/bin/env python3
"""Fingerprint QEMU's parse of a real schema.

Runs QEMU's own QAPISchemaParser on a schema and prints, as JSON, the
number of expressions and docs and a SHA-256 of every expression (file
relative to the schema directory, line, value with key order, doc symbol)
in order.  test/syntax/real-schema.test.ts computes the same fingerprint.

usage: record_real_schema.py QEMU_SRC SCHEMA.json
"""
import hashlib
import json
import os
import sys


def conv(v):
    if isinstance(v, dict):
        return {"pairs": [[k, conv(x)] for k, x in v.items()]}
    if isinstance(v, list):
        return [conv(x) for x in v]
    return v


def main():
    qemu_src, schema = sys.argv[1:3]
    legacy = "7.2" in qemu_src
    sys.path.insert(0, os.path.join(qemu_src, "scripts"))
    from qapi.parser import QAPISchemaParser

    prefix = os.path.dirname(schema) + "/"
    p = QAPISchemaParser(schema)
    rows = []
    for e in p.exprs:
        if legacy:
            expr, info, doc = e["expr"], e["info"], e.get("doc")
        else:
            expr, info, doc = dict(e), e.info, e.doc
        if "include" in expr:
            expr = {"include": expr["include"].replace(prefix, "")}
        rows.append([info.fname.replace(prefix, ""), info.line, conv(expr), doc.symbol if doc else None])
    text = json.dumps(rows, separators=(",", ":"))
    print(json.dumps({
        "exprs": len(p.exprs),
        "docs": len(p.docs),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }))


if __name__ == "__main__":
    main()
