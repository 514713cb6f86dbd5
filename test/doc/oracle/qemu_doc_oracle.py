"""Differential-test oracle: parse doc comment blocks with QEMU's own parser.

Usage: qemu_doc_oracle.py QEMU_SCRIPTS_DIR {10.0|7.2} < cases.json > results.json

Reads a JSON list of schema sources, each starting with a '##' doc block,
and prints for each either the test-qapi.py style doc dump or "ERR " and
the error text.  Only the doc-block part of QEMU's parser is driven: the
parser object is set up by hand and get_doc() is called directly.
"""

import json
import sys

sys.path.insert(0, sys.argv[1])
LEGACY = sys.argv[2] == '7.2'

from qapi.error import QAPIError  # noqa: E402
from qapi.parser import QAPISchemaParser  # noqa: E402
from qapi.source import QAPISourceInfo  # noqa: E402


def dump(docs):
    out = []
    for doc in docs:
        out.append('doc symbol=%s\n' % doc.symbol if doc.symbol
                   else 'doc freeform\n')
        out.append('    body=\n%s\n' % doc.body.text)
        for name, sec in doc.args.items():
            out.append('    arg=%s\n%s\n' % (name, sec.text))
        for name, sec in doc.features.items():
            out.append('    feature=%s\n%s\n' % (name, sec.text))
        for sec in doc.sections:
            label = sec.name if LEGACY else sec.kind
            out.append('    section=%s\n%s\n' % (label, sec.text))
    return ''.join(out)


def run(src):
    parser = QAPISchemaParser.__new__(QAPISchemaParser)
    parser._fname = 't.json'
    parser._included = set()
    parser.src = src if src.endswith('\n') else src + '\n'
    parser.info = QAPISourceInfo('t.json', None)
    parser.tok = None
    parser.pos = parser.cursor = parser.line_pos = 0
    parser.val = None
    parser.exprs = []
    parser.docs = []
    try:
        parser.accept()
        if LEGACY:
            docs = parser.get_doc(parser.info)
        else:
            docs = [parser.get_doc()]
        return dump(docs)
    except QAPIError as err:
        return 'ERR ' + str(err)


json.dump([run(src) for src in json.load(sys.stdin)], sys.stdout)
