// QEMU 10.0's conformance suite: for every case, our dump must equal
// <case>.out and our error text <case>.err, byte for byte.  The expected
// files are QEMU's and are never regenerated from our output.

import { afterAll, describe, expect, it } from "vitest";
import { listCases, passes, runCase, suiteDir } from "./harness.js";

const dir = suiteDir("10.0");
const cases = listCases(dir);
let passed = 0;

describe("QEMU 10.0 qapi-schema tests", () => {
  it("lists the suite's cases", () => {
    expect(cases.length).toBe(207);
  });

  for (const name of cases) {
    it(name, () => {
      const r = runCase(dir, name, false);
      if (passes(r)) passed++;
      expect({ err: r.actualErr, out: r.actualOut }).toEqual({ err: r.expectedErr, out: r.expectedOut });
    });
  }

  afterAll(() => {
    console.log(`QEMU 10.0 conformance: ${passed}/${cases.length} cases identical`);
  });
});
