// The types backend is plain string building: on QEMU 10.0's full schema
// (about 870 KB of output) the best of several runs takes 40-110 ms on this
// shared 2-core machine.  The bound below is loose on purpose (other test
// files run in parallel): it catches quadratic work, not noise.

import { expect, test } from "vitest";
import { compileSchema } from "../../../generator/src/compile.js";
import { GenContext } from "../../../generator/src/emit/backend.js";
import { typesBackend } from "../../../generator/src/emit/backends/types.js";
import { OutputSet } from "../../../generator/src/emit/output-set.js";
import { QEMU_10 } from "../../generated/support.js";

test("types backend on QEMU 10.0: best of 10 runs under 1 s", () => {
  const schema = compileSchema(QEMU_10, {});
  const ctx = new GenContext({
    prefix: "",
    unmask: false,
    defines: null,
    legacy: false,
    schemaPath: QEMU_10,
    runtimePath: null,
  });
  let best = Infinity;
  let files = 0;
  for (let i = 0; i < 10; i++) {
    const out = new OutputSet();
    const t0 = performance.now();
    typesBackend.generate(schema, out, ctx);
    best = Math.min(best, performance.now() - t0);
    files = out.size;
  }
  expect(files).toBeGreaterThan(40);
  console.log(`types backend, QEMU 10.0: best ${best.toFixed(1)} ms`);
  expect(best).toBeLessThan(1000);
}, 60_000);
