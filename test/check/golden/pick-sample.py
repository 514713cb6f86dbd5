# Pick a diverse sample of differential cases: every distinct (10.0, 7.2)
# outcome pair (quoted names folded) up to three times, plus 60 accepted.
import json, sys, random, re
Q = lambda m: re.sub(r"'[^']*'", 'Q', m)
cases, r10, r72 = [], [], []
for s in sys.argv[1:]:
    c, a, b = s.split(',')
    cases += json.load(open(c)); r10 += json.load(open(a)); r72 += json.load(open(b))
seen = {}; out = []
R = random.Random(0)
idx = list(range(len(cases))); R.shuffle(idx)
for i in idx:
    k10 = r10[i].get('err') or r10[i].get('crash') or 'ok'
    k72 = r72[i].get('err') or r72[i].get('crash') or 'ok'
    key = (Q(k10), Q(k72))
    lim = 60 if key == ('ok', 'ok') else 3
    if seen.get(key, 0) >= lim: continue
    seen[key] = seen.get(key, 0) + 1
    out.append({**cases[i], 'qemu10': r10[i], 'qemu72': r72[i]})
json.dump(out, sys.stdout, separators=(',', ':'))
print(len(out), file=sys.stderr)
