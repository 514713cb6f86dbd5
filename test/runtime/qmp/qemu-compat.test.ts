/**
 * Differential test: the same inputs as fed to a real QEMU 7.2.22 QMP monitor
 * (fixtures/qemu-7.2-qmp.json, recorded from the binary); our session must
 * write byte-identical output.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { QmpServer } from "../../../runtime/src/qmp/server.js";
import { FakeDispatcher } from "./fake-dispatcher.js";

interface Case {
  name: string;
  text?: string;
  hex?: string;
  negotiate: boolean;
  qemu: string;
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/qemu-7.2-qmp.json", import.meta.url), "utf8")) as {
  greeting: string;
  cases: Case[];
};

function run(c: Case): { greeting: string; out: string } {
  const server = new QmpServer({ dispatcher: new FakeDispatcher() });
  let out = "";
  const session = server.newSession("compat_monitor0", (line) => {
    out += line;
  });
  session.open();
  const greeting = out;
  if (c.negotiate) session.receive(Buffer.from('{"execute":"qmp_capabilities"}'));
  out = "";
  session.receive(c.hex !== undefined ? Buffer.from(c.hex, "hex") : Buffer.from(c.text!, "utf8"));
  return { greeting, out };
}

describe("byte-identical to QEMU 7.2.22", () => {
  it("greeting", () => {
    expect(run(fixture.cases[0]!).greeting).toBe(fixture.greeting);
  });
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(run(c).out).toBe(c.qemu);
  });
});
