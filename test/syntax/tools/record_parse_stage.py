#!/usr/bin/env python3
"""Record which QEMU conformance cases fail inside QEMU's parser.

Runs QEMU's own QAPISchemaParser (from an unpacked QEMU source tree) on
every case of a qapi-schema-tests suite and writes, per QEMU version, the
cases it rejects ("error"), accepts ("pass") and cannot read ("oserror").
test/syntax/conformance.test.ts uses the lists.

usage: record_parse_stage.py OUT.json VERSION=QEMU_SRC:SUITE_DIR ...
"""
import json
import os
import sys


def classify(qemu_src, suite):
    sys.path.insert(0, os.path.join(qemu_src, "scripts"))
    for name in [m for m in sys.modules if m == "qapi" or m.startswith("qapi.")]:
        del sys.modules[name]
    from qapi.error import QAPIError
    from qapi.parser import QAPISchemaParser

    result = {"error": [], "pass": [], "oserror": []}
    with open(os.path.join(suite, "CASES")) as f:
        cases = [line.strip() for line in f if line.strip()]
    for case in dict.fromkeys(cases):
        name = case[: -len(".json")]
        try:
            QAPISchemaParser(os.path.join(suite, case))
            result["pass"].append(name)
        except QAPIError:
            result["error"].append(name)
        except OSError:
            result["oserror"].append(name)
    sys.path.pop(0)
    return result


def main():
    out = {}
    for arg in sys.argv[2:]:
        version, paths = arg.split("=", 1)
        qemu_src, suite = paths.split(":", 1)
        out[version] = classify(qemu_src, suite)
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
