// QEMU 7.2's conformance suite, run with `legacy: true` (7.2's schema.py,
// expr.py and doc-comment rules).  Every case must reach QEMU 7.2's
// decision (an empty .err means the schema is accepted).  Beyond that, the
// dump and error text must be identical, except for the cases listed in
// KNOWN_MESSAGE_DIFFS, each with the reason.

import { afterAll, describe, expect, it } from "vitest";
import { listCases, passes, runCase, suiteDir } from "./harness.js";

/**
 * Cases whose output still differs from QEMU 7.2's text while the decision
 * agrees.  Currently none: all 7.2 cases are byte-identical.  A listed case
 * that starts matching fails the test, so the list cannot go stale.
 */
const KNOWN_MESSAGE_DIFFS: Record<string, string> = {};

const dir = suiteDir("7.2");
const cases = listCases(dir);
let decided = 0;
let identical = 0;

describe("QEMU 7.2 qapi-schema tests (legacy mode)", () => {
  it("lists the suite's cases", () => {
    expect(cases.length).toBe(198);
  });

  for (const name of cases) {
    it(name, () => {
      const r = runCase(dir, name, true);
      const accepted = r.actualErr === "";
      expect(accepted, `accept/reject decision for ${name}`).toBe(r.expectedErr === "");
      decided++;
      if (passes(r)) identical++;
      if (name in KNOWN_MESSAGE_DIFFS) {
        expect(passes(r), `${name} now matches: drop it from KNOWN_MESSAGE_DIFFS`).toBe(false);
      } else {
        expect({ err: r.actualErr, out: r.actualOut }).toEqual({ err: r.expectedErr, out: r.expectedOut });
      }
    });
  }

  afterAll(() => {
    console.log(
      `QEMU 7.2 conformance (legacy): ${decided}/${cases.length} decisions agree, ` +
        `${identical}/${cases.length} cases identical`,
    );
  });
});
