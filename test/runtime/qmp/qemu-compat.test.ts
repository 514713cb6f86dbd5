/**
 * Differential test: the same inputs as fed to a real QEMU 7.2.22 QMP monitor
 * (fixtures/qemu-7.2-qmp.json, recorded from the binary by
 * fixtures/record-qemu.py); our session must write byte-identical output.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { QmpServer } from "../../../runtime/src/qmp/server.js";
import { FakeDispatcher } from "./fake-dispatcher.js";

interface Case {
  name: string;
  /** The input as [text, repeat] pieces (or hex). */
  parts?: Array<[string, number]>;
  hex?: string;
  negotiate: boolean;
  /** Millions of tokens: only with QMP_SLOW=1. */
  slow?: boolean;
  qemu: string;
}
const input = (c: Case): Buffer =>
  c.hex !== undefined ? Buffer.from(c.hex, "hex") : Buffer.from(c.parts!.map(([t, n]) => t.repeat(n)).join(""), "utf8");

const fixtureAll = JSON.parse(readFileSync(new URL("./fixtures/qemu-7.2-qmp.json", import.meta.url), "utf8")) as {
  greeting: string;
  cases: Case[];
};
const fixture = { ...fixtureAll, cases: fixtureAll.cases.filter((c) => !c.slow || process.env["QMP_SLOW"] === "1") };

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
  session.receive(input(c));
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

describe("byte-identical to QEMU 7.2.22 over a real Unix socket", () => {
  it("every fixture case (input, then EOF)", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { TestClient } = await import("./client.js");
    const dir = mkdtempSync(join(tmpdir(), "qmp-compat-"));
    const server = new QmpServer({ dispatcher: new FakeDispatcher() });
    try {
      const ep = await server.listen({ kind: "unix", path: join(dir, "qmp.sock") });
      for (const c of fixture.cases) {
        const client = await TestClient.connect({ path: join(dir, "qmp.sock") });
        await client.waitLines(1);
        let skip = 1;
        if (c.negotiate) {
          client.send('{"execute":"qmp_capabilities"}');
          await client.waitLines(2);
          skip = 2;
        }
        client.socket.end(input(c));
        await client.waitEnd(c.slow ? 60_000 : 3000);
        const out = client
          .since(skip)
          .map((l) => l + "\r\n")
          .join("");
        expect(out, c.name).toBe(c.qemu);
        expect(client.lines[0]).toBe(fixture.greeting.trimEnd());
        client.close();
      }
      expect(ep.session).toBeUndefined();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe("byte-identical to QEMU 7.2.22 on random token soups (fixtures/qemu-7.2-fuzz.json)", () => {
  const fuzz = JSON.parse(readFileSync(new URL("./fixtures/qemu-7.2-fuzz.json", import.meta.url), "utf8")) as {
    cases: Case[];
  };
  it("all 400 cases", () => {
    const mismatches = fuzz.cases
      .map((c) => ({ c, out: run(c).out }))
      .filter(({ c, out }) => out !== c.qemu)
      .map(({ c, out }) => `${c.name} ${c.hex}\n  qemu: ${JSON.stringify(c.qemu)}\n  ours: ${JSON.stringify(out)}`);
    expect(mismatches).toEqual([]);
  });
});
