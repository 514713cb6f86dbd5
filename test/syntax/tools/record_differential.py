#!/usr/bin/env python3
"""Record QEMU's parser on randomly mutated schema snippets.

Makes seeded random mutations of the conformance cases (inserting,
deleting and duplicating characters, structural tokens, escapes, odd
whitespace, doc comment lines, include and pragma directives), runs QEMU's
own QAPISchemaParser on each, and writes the inputs with QEMU's result:
the error text, or the expressions (file, line, value, doc symbol) and the
number of docs.  Cases where QEMU crashes (e.g. 7.2 on a stray '"') are
left out.  test/syntax/differential.test.ts replays them.

usage: record_differential.py QEMU_SRC SUITE_DIR OUT.json [COUNT] [SEED]
"""
import json
import os
import random
import shutil
import sys
import tempfile

ATOMS = [
    "{", "}", "[", "]", ":", ",", "'", '"', "#", "##", "\n", "\n##\n", "\\",
    "\\\\", "\t", " ", "\r", "\r\n", "\x0b", "\x1c", "\x85", "\u2028",
    "\u3000", "\ufeff", "\x00", "\x7f", "\u00e9", "\U0001F600", "true",
    "false", "tru", "t", "f", "x", "1", "'a'", "'a': 'b'",
    "{ 'include': 'inc.json' }", "{ 'include': 'root.json' }",
    "{ 'include': 'nope.json' }", "{ 'include': 'sub/../inc.json' }",
    "{ 'pragma': { 'doc-required': true } }",
    "{ 'pragma': { 'documentation-exceptions': [] } }",
    "# @foo:", "# @foo:\n", "##\n# @foo:\n##\n", "##\n# = H\n##\n", "# x",
    "{ 'a': { 'a': 'b', 'a': 'c' } }", "{ 'struct': 'A' }",
]


def mutate(rng, s):
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(s))
        op = rng.randint(0, 3)
        if op == 0:
            s = s[:at] + rng.choice(ATOMS) + s[at:]
        elif op == 1:
            s = s[:at] + s[at + rng.randint(1, 10):]
        elif op == 2:
            s = s[:at] + s[at:at + rng.randint(0, 19)] + s[at:]
        else:
            s = s[:at] + rng.choice(ATOMS) + s[at + rng.randint(0, 4):]
    return s


def conv(v):
    if isinstance(v, dict):
        return {"pairs": [[k, conv(x)] for k, x in v.items()]}
    if isinstance(v, list):
        return [conv(x) for x in v]
    return v


def run(parser_cls, error_cls, legacy, d, files):
    for name, content in files.items():
        with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
            f.write(content)
    cwd = os.getcwd()
    os.chdir(d)
    try:
        p = parser_cls("root.json")
        exprs = []
        for e in p.exprs:
            if legacy:
                expr, info, doc = e["expr"], e["info"], e.get("doc")
            else:
                expr, info, doc = dict(e), e.info, e.doc
            exprs.append([info.fname, info.line, conv(expr), doc.symbol if doc else None])
        return {"exprs": exprs, "docs": len(p.docs)}
    except error_cls as err:
        return {"error": str(err)}
    except Exception:  # QEMU crashed: not a behaviour to copy
        return None
    finally:
        os.chdir(cwd)
        for name in files:
            os.unlink(os.path.join(d, name))


def main():
    qemu_src, suite, out = sys.argv[1:4]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    legacy = "7.2" in qemu_src
    sys.path.insert(0, os.path.join(qemu_src, "scripts"))
    from qapi.error import QAPIError
    from qapi.parser import QAPISchemaParser

    corpus = []
    for name in sorted(os.listdir(suite)):
        if name.endswith(".json"):
            with open(os.path.join(suite, name), encoding="utf-8") as f:
                text = f.read()
            if len(text) < 400:
                corpus.append(text)
    d = tempfile.mkdtemp()
    cases = []
    try:
        while len(cases) < count:
            files = {"root.json": mutate(rng, rng.choice(corpus))}
            if rng.randint(0, 2) == 0:
                files["root.json"] = "{ 'include': 'inc.json' }\n" + files["root.json"]
            files["inc.json"] = mutate(rng, rng.choice(corpus)) if rng.randint(0, 1) else "{ 'struct': 'Inc' }\n"
            result = run(QAPISchemaParser, QAPIError, legacy, d, files)
            if result is not None:
                cases.append({"files": files, "qemu": result})
    finally:
        shutil.rmtree(d)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=0, ensure_ascii=True)
        f.write("\n")


if __name__ == "__main__":
    main()
