# Run QEMU's own check_exprs() on each generated case; print outcomes.
# Usage: run-qemu.py QEMU_SRC_ROOT 10|72 cases.json > results.json
import sys, json, os, copy
root = sys.argv[1]; legacy = sys.argv[2] == '72'
sys.path.insert(0, os.path.join(root, 'scripts'))
from qapi.expr import check_exprs
from qapi.error import QAPIError
from qapi.source import QAPISourceInfo
if not legacy:
    from qapi.parser import QAPIExpression
def dec(v):
    if isinstance(v, dict): return {k: dec(x) for k, x in v['__map__']}
    if isinstance(v, list): return [dec(x) for x in v]
    return v
def enc(v):
    if isinstance(v, dict): return {'__map__': [[k, enc(x)] for k, x in v.items()]}
    if isinstance(v, list): return [enc(x) for x in v]
    return v
cases = json.load(open(sys.argv[3]))
res = []
for c in cases:
    e = dec(c['expr'])
    info = QAPISourceInfo('t.json', None)
    if c['mne']: info.pragma.member_name_exceptions = ['Str','Uni','Foo','cmd','Enu']
    if c['cne']: info.pragma.command_name_exceptions = ['a_b','q_a','A_b','cmd']
    ex = QAPIExpression(e, info, None) if not legacy else {'expr': e, 'info': info, 'doc': None}
    try:
        check_exprs([ex]); res.append({'ok': enc(e)})
    except QAPIError as err:
        res.append({'err': str(err)})
    except Exception as err:
        res.append({'crash': repr(err)})
json.dump(res, sys.stdout)
