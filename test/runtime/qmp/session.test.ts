import { describe, expect, it } from "vitest";
import { QmpServer, type QmpServerOptions } from "../../../runtime/src/qmp/server.js";
import { QFloat } from "../../../runtime/src/support/qfloat.js";
import { FakeDispatcher } from "./fake-dispatcher.js";
import { sleep } from "./client.js";

function setup(opts: Partial<QmpServerOptions> = {}) {
  const dispatcher = new FakeDispatcher();
  const server = new QmpServer({ dispatcher, ...opts });
  const out: string[] = [];
  const session = server.newSession("compat_monitor0", (l) => out.push(l.trimEnd()));
  session.open();
  const send = (s: string): string[] => {
    const from = out.length;
    session.receive(Buffer.from(s));
    return out.slice(from);
  };
  return { server, session, out, send, dispatcher };
}

describe("capabilities negotiation", () => {
  it("greeting lists the offered capabilities; enabling one not offered fails", () => {
    const { out, send, session } = setup({ capabilities: [] });
    expect(out[0]).toContain('"capabilities": []');
    expect(send('{"execute":"qmp_capabilities","arguments":{"enable":["oob"]}}')).toEqual([
      '{"error": {"class": "GenericError", "desc": "Capability oob not available"}}',
    ]);
    expect(session.negotiated).toBe(false);
    expect(send('{"execute":"qmp_capabilities"}')).toEqual(['{"return": {}}']);
    expect(session.negotiated).toBe(true);
    expect(session.oobEnabled).toBe(false);
  });

  it("works without the dispatcher knowing qmp_capabilities (built-in fallback)", () => {
    const dispatcher = new FakeDispatcher();
    const d = {
      lookup: (n: string) => (n === "qmp_capabilities" ? undefined : dispatcher.lookup(n)),
      dispatch: dispatcher.dispatch.bind(dispatcher),
    };
    const server = new QmpServer({ dispatcher: d });
    const out: string[] = [];
    const s = server.newSession("m", (l) => out.push(l.trimEnd()));
    s.open();
    s.receive(
      Buffer.from('{"execute":"qmp_capabilities","arguments":{"enable":["oob"]}}{"execute":"qmp_capabilities"}'),
    );
    expect(out.slice(1)).toEqual([
      '{"return": {}}',
      '{"error": {"class": "CommandNotFound", "desc": "Capabilities negotiation is already complete, command ignored"}}',
    ]);
    expect(s.oobEnabled).toBe(true);
  });

  it("events are not sent before negotiation", () => {
    const { server, send, out } = setup();
    server.emitEvent("STOP");
    expect(out).toHaveLength(1);
    send('{"execute":"qmp_capabilities"}');
    server.emitEvent("STOP");
    expect(out[2]).toMatch(/"event": "STOP"/);
  });
});

describe("dispatch details", () => {
  it("machine not ready: only allow-preconfig commands run", () => {
    const { send } = setup({ machineReady: () => false });
    send('{"execute":"qmp_capabilities"}');
    expect(send('{"execute":"query-status"}')).toEqual([
      `{"error": {"class": "GenericError", "desc": "The command 'query-status' is permitted only after machine initialization has completed"}}`,
    ]);
  });

  it("success-response false: no reply on success", () => {
    const { send } = setup();
    send('{"execute":"qmp_capabilities"}');
    expect(send('{"execute":"x-noresp","id":1}{"execute":"query-status","id":2}')).toEqual([
      '{"return": {"status": "prelaunch", "singlestep": false, "running": false}, "id": 2}',
    ]);
  });

  it("arguments are passed through with parsed types (qfloat.ts's numbers, null-prototype objects)", () => {
    const { send, dispatcher } = setup();
    let seen: unknown;
    dispatcher.add("x-see", (args) => {
      seen = args;
      return { n: args["n"], i: args["i"], g: args["g"] };
    });
    send('{"execute":"qmp_capabilities"}');
    expect(
      send(`{"execute":"x-see","arguments":{"n":18446744073709551615,"i":42,"f":1.5,"g":2.0,"s":'x'}}`),
    ).toEqual(['{"return": {"i": 42, "n": 18446744073709551615, "g": 2}}']); // QDict order
    expect(seen).toEqual({ n: 18446744073709551615n, i: 42, f: 1.5, g: new QFloat(2), s: "x" });
    expect(Object.getPrototypeOf(seen)).toBeNull();
  });

  it("with OOB on, exec-oob overtakes an in-band command that is still running", async () => {
    const { send, out } = setup();
    send('{"execute":"qmp_capabilities","arguments":{"enable":["oob"]}}');
    send('{"execute":"x-async","id":"slow","arguments":{"ms":50}}{"exec-oob":"x-oob-ok","id":"fast"}');
    await sleep(150);
    expect(out.slice(2).map((l) => JSON.parse(l).id ?? JSON.parse(l).event)).toEqual(["fast", "X_ASYNC_DONE", "slow"]);
  });

  it("without OOB, nothing after a running command is even read", async () => {
    const { send, out, session } = setup();
    send('{"execute":"qmp_capabilities"}');
    send('{"execute":"x-async","id":"slow","arguments":{"ms":50}}{"exec-oob":"x-oob-ok","id":"fast"}');
    expect(session.pendingInput).toBeGreaterThan(0);
    await sleep(150);
    expect(out.slice(2).map((l) => JSON.parse(l).id ?? JSON.parse(l).event)).toEqual(["X_ASYNC_DONE", "slow", "fast"]);
    expect(out.at(-1)).toBe(
      `{"id": "fast", "error": {"class": "GenericError", "desc": "QMP input member 'exec-oob' is unexpected"}}`,
    );
  });

  it("close drops queued requests and pending input", async () => {
    const { send, out, session } = setup();
    send('{"execute":"qmp_capabilities"}');
    send('{"execute":"x-async","arguments":{"ms":20}}{"execute":"query-status"}');
    session.close();
    await sleep(60);
    expect(out).toHaveLength(2);
    expect(session.pendingInput).toBe(0);
  });
});

describe("bugs elsewhere do not take the server down", () => {
  it("a throwing bottom half is reported and the next request still runs", () => {
    const errors: unknown[] = [];
    const loop = {
      bhs: [] as Array<() => void>,
      drain() {
        const b = this.bhs.splice(0);
        b.forEach((f) => f());
      },
    };
    const { send, dispatcher } = setup({ loop, onInternalError: (e) => errors.push(e) });
    dispatcher.add("x-bad-bh", () => {
      loop.bhs.push(() => {
        throw new Error("bh bug");
      });
    });
    send('{"execute":"qmp_capabilities"}');
    expect(send('{"execute":"x-bad-bh","id":1}{"execute":"query-status","id":2}')).toEqual([
      '{"return": {}, "id": 1}',
      '{"return": {"status": "prelaunch", "singlestep": false, "running": false}, "id": 2}',
    ]);
    expect(errors).toHaveLength(1);
  });
});

describe("unprintable results", () => {
  it("a result the writer cannot print becomes an error reply with the id", () => {
    const errors: unknown[] = [];
    const { send, dispatcher } = setup({ onInternalError: (e) => errors.push(e) });
    dispatcher.add("x-fn", () => ({ f: () => 1 }));
    send('{"execute":"qmp_capabilities"}');
    expect(send('{"execute":"x-fn","id":7}')).toEqual([
      '{"id": 7, "error": {"class": "GenericError", "desc": "internal error: toJson: cannot print a function"}}',
    ]);
    expect(errors).toHaveLength(1);
  });
});
