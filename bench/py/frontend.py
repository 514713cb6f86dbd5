# Times QEMU's own Python front end (parser + expression checks + schema
# model + doc checks) in-process, for comparison with qapi-ts.
# Usage: python3 frontend.py QEMU_SOURCE_ROOT SCHEMA.json RUNS
import sys
import time

sys.path.insert(0, sys.argv[1] + "/scripts")
from qapi.schema import QAPISchema  # noqa: E402

schema_file = sys.argv[2]
runs = int(sys.argv[3])
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    QAPISchema(schema_file)
    times.append((time.perf_counter() - t0) * 1000)
print(" ".join("%.3f" % t for t in times))
