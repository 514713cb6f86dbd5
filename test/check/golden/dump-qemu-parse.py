# Dump what QEMU's own parser returns for each conformance case (expressions,
# include chains, final pragmas, doc symbol and the doc.check_expr() error).
# Usage: dump-qemu-parse.py QEMU_SRC_ROOT SUITE_DIR out.json
import sys, os, json
root, tdir, out = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(root, 'scripts'))
from qapi.parser import QAPISchemaParser
from qapi.error import QAPIError
def enc(v):
    if isinstance(v, dict): return {'__map__': [[k, enc(x)] for k, x in v.items()]}
    if isinstance(v, list): return [enc(x) for x in v]
    return v
def chain(info):
    c = []
    # Relative to the suite folder, so the golden file works from any checkout.
    while info: c.append([os.path.relpath(info.fname, tdir), info.line]); info = info.parent
    return c
res = {}
for f in sorted(os.listdir(tdir)):
    if not f.endswith('.json'): continue
    try: p = QAPISchemaParser(os.path.join(tdir, f))
    except QAPIError: continue
    items = []
    for e in p.exprs:
        if hasattr(e, 'info'): ex, info, doc = dict(e), e.info, e.doc
        else: ex, info, doc = e['expr'], e['info'], e.get('doc')
        pr = info.pragma
        d = None
        if doc:
            d = {'symbol': doc.symbol, 'err': None}
            metas = [m for m in ('enum','struct','union','alternate','command','event') if m in ex]
            if len(metas) == 1 and isinstance(ex[metas[0]], str): info.set_defn(metas[0], ex[metas[0]])
            try: doc.check_expr(e if hasattr(e, 'info') else ex)
            except QAPIError as err: d['err'] = str(err).replace(tdir + '/', '')
        items.append({'expr': enc(ex), 'info': chain(info), 'doc': d,
          'pragma': {'docRequired': pr.doc_required, 'commandNameExceptions': pr.command_name_exceptions,
            'memberNameExceptions': pr.member_name_exceptions}})
    res[f[:-5]] = items
json.dump(res, open(out, 'w'))
