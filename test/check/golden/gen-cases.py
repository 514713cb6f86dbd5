# Random QAPI definitions for differential testing of checkExprs.
# Usage: gen-cases.py SEED COUNT > cases.json
import random, json, sys
R = random.Random(int(sys.argv[1])); N = int(sys.argv[2])
NAMES = ['Foo','foo','FOO','a','A','u','has-x','*has-x','*a','*','a_b','A_b','x-foo','__org.q_Foo','__org.q_foo','q_a','q-a','1','9x','FooList','Foo-Bar','', 'int','str','d','EV','E_V','c', 'Str','b','ev', 'x-FOO']
CONDS = ['X','CONFIG_A','lower','','_A','A-B']
def rname(): return R.choice(NAMES)
def rcond(d=0):
    r = R.random()
    if r < .4 or d > 2: return R.choice(CONDS)
    if r < .5: return R.choice([[], True, ['X'], {}])
    k = R.choice(['all','any','not','not','bogus'])
    m = {}
    if k == 'not': m['not'] = rcond(d+1)
    else: m[k] = R.choice([[rcond(d+1) for _ in range(R.randint(0,3))], 'X'])
    if R.random() < .1: m['any'] = []
    return m
def rfeat():
    r = R.random()
    if r < .5: return R.choice(['deprecated','unstable','Foo','a_b','x-y', '', True, ['x']])
    m = {}
    if R.random() < .9: m['name'] = R.choice(['f','F', True, 'ok-f'])
    if R.random() < .3: m['if'] = rcond()
    if R.random() < .1: m['bogus'] = 'x'
    return m
def rfeats():
    r = R.random()
    if r < .85: return [rfeat() for _ in range(R.randint(0,3))]
    return R.choice(['deprecated', {}, True])
def rtype(d=0):
    r = R.random()
    if r < .5: return R.choice(['int','str','Foo'])
    if r < .7: return R.choice([['int'], [], ['a','b'], [['x']], [True]])
    if r < .8: return R.choice([True, False, ''])
    return rmembers(d+1) if d < 2 else {}
def rmember(d):
    r = R.random()
    if r < .6: return rtype(d)
    m = {}
    if R.random() < .9: m['type'] = rtype(d)
    if R.random() < .3: m['if'] = rcond()
    if R.random() < .3: m['features'] = rfeats()
    if R.random() < .1: m['bogus'] = True
    return m
def rmembers(d=0):
    return {rname(): rmember(d) for _ in range(R.randint(0,3))}
def rdata(meta):
    r = R.random()
    if meta == 'enum':
        if r < .8:
            out = []
            for _ in range(R.randint(0,3)):
                if R.random() < .6: out.append(R.choice(NAMES + [True, ['a']]))
                else:
                    m = {}
                    if R.random() < .9: m['name'] = R.choice(NAMES + [True])
                    if R.random() < .3: m['if'] = rcond()
                    if R.random() < .3: m['features'] = rfeats()
                    if R.random() < .1: m['type'] = 'int'
                    out.append(m)
            return out
        return R.choice([{}, 'a', True])
    if r < .7: return rmembers()
    return R.choice(['Foo', ['Foo'], [], True, False, '', {}])
METAS = ['enum','struct','union','alternate','command','event']
def rexpr():
    meta = R.choice(METAS)
    e = {}
    if R.random() < .05: e['data'] = rdata(meta)
    r = R.random()
    if r < .03: e[meta] = ['x']
    elif r < .85:
        e[meta] = {'enum':'Enu','struct':'Str','union':'Uni','alternate':'Alt','command':'cmd','event':'EV'}[meta]
    else: e[meta] = rname()
    if R.random() < .03: e[R.choice(METAS)] = 'Other'
    if R.random() < .9: e['data'] = rdata(meta)
    if meta == 'union':
        if R.random() < .95: e['base'] = R.choice(['Foo', rmembers(), ['B'], True, {}, ''])
        if R.random() < .95: e['discriminator'] = R.choice(['d', ['d'], True])
    if meta == 'struct' and R.random() < .3: e['base'] = R.choice(['Foo', ['B'], {}, True])
    if meta == 'enum' and R.random() < .2: e['prefix'] = R.choice(['P', True])
    if meta == 'command':
        if R.random() < .4: e['returns'] = rtype()
        for f in ['gen','success-response','allow-oob','allow-preconfig','coroutine','boxed']:
            if R.random() < .12: e[f] = R.choice([True, False, 'yes'])
    if meta == 'event' and R.random() < .2: e['boxed'] = R.choice([True, False, 'x'])
    if R.random() < .3: e['if'] = rcond()
    if R.random() < .3: e['features'] = rfeats()
    if R.random() < .03: e['bogus'] = True
    if R.random() < .02: e = {'include': 'x.json'}
    return e
def enc(v):
    if isinstance(v, dict): return {'__map__': [[k, enc(x)] for k, x in v.items()]}
    if isinstance(v, list): return [enc(x) for x in v]
    return v
out = []
for i in range(N):
    out.append({'expr': enc(rexpr()), 'mne': R.random() < .2, 'cne': R.random() < .2})
json.dump(out, sys.stdout)
