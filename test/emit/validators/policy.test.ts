// -compat deprecated-input=reject / unstable-input=reject on the generated
// fast path: the refused member or enum value is named as QEMU names it
// ("Deprecated parameter legacy disabled by policy", "... value old ..."),
// the same message as the exact visitor's.

import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { isQmpError } from "../../../runtime/src/support/qmp-error.js";
import { generateValidators, repo, writeOutput } from "./helpers.js";

const dir = `${repo}/tmp/validators-policy`;
writeOutput(
  generateValidators(`${__dirname}/fixtures/policy.json`, {
    runtimePath: relative(dir, `${repo}/runtime/src/support`),
    exact: true,
  }),
  dir,
);
type V = (value: unknown, name?: string | null, opts?: object) => unknown;
const mod = (await import(`${dir}/validators/policy.ts`)) as Record<string, V>;
const checkSettings = mod.checkSettings!;

const reject = { wire: false, policy: { deprecatedInput: "reject", unstableInput: "reject" } };
const deprecatedOnly = { wire: false, policy: { deprecatedInput: "reject" } };

function message(r: unknown): string {
  return isQmpError(r) ? r.desc : "(accepted)";
}

describe("input policy on the fast path", () => {
  it("accepts everything by default", () => {
    const v = { mode: "old", legacy: "x", trial: 1, list: ["new"] };
    expect(checkSettings(v, null, { wire: false })).toBe(v);
  });

  it.each([
    [{ mode: "plain", legacy: "x" }, reject, "Deprecated parameter legacy disabled by policy"],
    [{ mode: "plain", trial: 1 }, reject, "Unstable parameter trial disabled by policy"],
    [{ mode: "plain", trial: 1 }, deprecatedOnly, "(accepted)"],
    [{ mode: "old" }, reject, "Deprecated value old disabled by policy"],
    [{ mode: "new" }, reject, "Unstable value new disabled by policy"],
    [{ mode: "new" }, deprecatedOnly, "(accepted)"],
    [{ mode: "plain", list: ["plain", "old"] }, reject, "Deprecated value old disabled by policy"],
  ])("%j with %j: %s", (value, opts, expected) => {
    expect(message(checkSettings(value, null, opts))).toBe(expected);
  });
});
