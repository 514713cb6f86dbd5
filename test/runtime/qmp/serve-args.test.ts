import { describe, expect, it } from "vitest";
import {
  parseServeArgs,
  ServeArgsError,
} from "../../../runtime/src/cli/serve-args.js";
import {
  keyvalParse,
  qemuOptsParse,
  qobjectFromJson,
} from "../../../runtime/src/qmp/keyval.js";

const err = (argv: string[]): string => {
  try {
    parseServeArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(ServeArgsError);
    return (e as Error).message;
  }
  throw new Error("no error");
};
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe("-qmp", () => {
  it("unix and tcp endpoints, repeatable, labelled like QEMU", () => {
    const cfg = parseServeArgs([
      "-qmp",
      "unix:/tmp/a.sock,server=on,wait=off",
      "-qmp",
      "tcp:127.0.0.1:4444,server=on,wait=off",
      "--qmp",
      "tcp::5555,server,nowait",
    ]);
    expect(cfg.qmp).toEqual([
      {
        arg: "unix:/tmp/a.sock,server=on,wait=off",
        label: "compat_monitor0",
        endpoint: { kind: "unix", path: "/tmp/a.sock" },
        wait: false,
        pretty: false,
      },
      {
        arg: "tcp:127.0.0.1:4444,server=on,wait=off",
        label: "compat_monitor1",
        endpoint: { kind: "tcp", host: "127.0.0.1", port: 4444 },
        wait: false,
        pretty: false,
      },
      {
        arg: "tcp::5555,server,nowait",
        label: "compat_monitor2",
        endpoint: { kind: "tcp", host: "", port: 5555 },
        wait: false,
        pretty: false,
      },
    ]);
  });
  it("QemuOpts details: ,, in the path, yes/no booleans, last repeated key wins, wait defaults to on", () => {
    const [a, b] = parseServeArgs([
      "-qmp",
      "unix:/tmp/a,,b.sock,server=yes,wait=no,wait=on",
      "-qmp",
      "unix:path=/tmp/c.sock,server=on",
    ]).qmp;
    expect(a!.endpoint).toEqual({ kind: "unix", path: "/tmp/a,b.sock" });
    expect(a!.wait).toBe(true);
    expect(b!.endpoint).toEqual({ kind: "unix", path: "/tmp/c.sock" });
    expect(b!.wait).toBe(true);
  });
  it("errors as QEMU words them", () => {
    expect(err(["-qmp"])).toBe("qapi-ts: -qmp: requires an argument");
    expect(err(["-qmp", "unix:/x,foo=1"])).toBe(
      "qapi-ts: -qmp unix:/x,foo=1: Invalid parameter 'foo'",
    );
    expect(err(["-qmp", "unix:/x,server=maybe"])).toBe(
      "qapi-ts: -qmp unix:/x,server=maybe: Parameter 'server' expects 'on' or 'off'",
    );
    expect(err(["-qmp", "bogus:1"])).toBe(
      "qapi-ts: -qmp bogus:1: 'bogus:1' is not a valid char driver",
    );
    expect(err(["-qmp", "tcp:localhost"])).toBe(
      "qapi-ts: -qmp tcp:localhost: parse error: tcp:localhost",
    );
    expect(err(["-qmp", "unix:/x,server=on,wait=off,server=off"])).toBe(
      "qapi-ts: -qmp unix:/x,server=on,wait=off,server=off: 'wait' option is incompatible with socket in client connect mode",
    );
    expect(err(["-qmp", "unix:/x"])).toMatch(/only server mode is supported/);
    expect(err(["-qmp", "tcp:h:http,server=on"])).toBe(
      "qapi-ts: -qmp tcp:h:http,server=on: invalid port 'http'",
    );
  });
});

describe("-chardev / -mon / -qmp-pretty", () => {
  it("monitors on named socket chardevs, in monitor order", () => {
    const cfg = parseServeArgs([
      "-mon",
      "chardev=c1,mode=control,pretty=on",
      "-chardev",
      "socket,id=c0,path=/tmp/a.sock,server=on,wait=off",
      "-chardev",
      "socket,id=c1,host=127.0.0.1,port=4445,server=on,wait=off",
      "-mon",
      "c0,mode=control",
      "-qmp-pretty",
      "unix:/tmp/p.sock,server=on,wait=off",
    ]);
    expect(cfg.qmp.map((q) => [q.label, q.endpoint, q.pretty, q.wait])).toEqual(
      [
        ["c1", { kind: "tcp", host: "127.0.0.1", port: 4445 }, true, false],
        ["c0", { kind: "unix", path: "/tmp/a.sock" }, false, false],
        ["compat_monitor0", { kind: "unix", path: "/tmp/p.sock" }, true, false],
      ],
    );
    expect(
      parseServeArgs([
        "-chardev",
        "socket,id=x,path=/s,server=on",
        "-qmp",
        "chardev:x",
      ]).qmp[0],
    ).toMatchObject({
      label: "x",
      wait: true,
    });
  });
  it("errors as QEMU words them", () => {
    expect(err(["-mon", "chardev=foo,mode=control"])).toBe(
      'qapi-ts: -mon chardev=foo,mode=control: chardev "foo" not found',
    );
    expect(err(["-chardev", "socket,path=/z,server=on,wait=off"])).toBe(
      "qapi-ts: -chardev socket,path=/z,server=on,wait=off: chardev: no id specified",
    );
    expect(err(["-chardev", "socket,id=c0,path=/z,server=on,foo=1"])).toBe(
      "qapi-ts: -chardev socket,id=c0,path=/z,server=on,foo=1: Invalid parameter 'foo'",
    );
    expect(err(["-chardev", "bogus,id=c0"])).toBe(
      "qapi-ts: -chardev bogus,id=c0: 'bogus' is not a valid char driver name",
    );
    expect(
      err([
        "-chardev",
        "socket,id=c0,path=/a,server=on",
        "-chardev",
        "socket,id=c0,path=/b,server=on",
      ]),
    ).toBe(
      "qapi-ts: -chardev socket,id=c0,path=/b,server=on: Duplicate ID 'c0' for chardev",
    );
    expect(
      err([
        "-chardev",
        "socket,id=c0,path=/a,server=on",
        "-mon",
        "c0,mode=control",
        "-mon",
        "c0,mode=control",
      ]),
    ).toBe("qapi-ts: -mon c0,mode=control: Device 'c0' is in use");
    expect(err(["-mon", "chardev=c1,mode=bogus"])).toBe(
      "qapi-ts: -mon chardev=c1,mode=bogus: Parameter 'mode' does not accept value 'bogus'",
    );
    expect(
      err(["-chardev", "socket,id=c0,path=/a,server=on", "-mon", "c0"]),
    ).toMatch(/only QMP monitors/);
    expect(err(["-qmp", "stdio"])).toMatch(/not supported by qapi-ts/);
  });
});

describe("other options", () => {
  it("-S, ignored options, --snapshot-duration, --help", () => {
    const cfg = parseServeArgs([
      "-nodefaults",
      "-display",
      "none",
      "-machine",
      "pc,accel=tcg",
      "-accel",
      "tcg",
      "-m",
      "64",
      "-S",
      "--snapshot-duration",
      "250",
      "-h",
    ]);
    expect(cfg.startPaused).toBe(true);
    expect(cfg.snapshotDurationMs).toBe(250);
    expect(cfg.help).toBe(true);
    expect(cfg.ignored).toEqual([
      "-nodefaults",
      "-display none",
      "-machine pc,accel=tcg",
      "-accel tcg",
      "-m 64",
    ]);
  });
  it("unknown options and stray words", () => {
    expect(err(["-foo"])).toBe("qapi-ts: -foo: invalid option");
    expect(err(["--foo"])).toBe("qapi-ts: --foo: invalid option");
    expect(err(["disk.img"])).toBe("qapi-ts: disk.img: invalid option");
    expect(err(["-__proto__"])).toBe("qapi-ts: -__proto__: invalid option");
    expect(err(["--snapshot-duration", "soon"])).toBe(
      "qapi-ts: --snapshot-duration soon: expects a duration in milliseconds",
    );
  });
});

describe("-blockdev", () => {
  it("keyval form: implied driver, dotted keys, ,, escapes", () => {
    const [b] = parseServeArgs([
      "-blockdev",
      "qcow2,node-name=disk0,file.driver=file,file.filename=/tmp/a,,b.qcow2,read-only=on",
    ]).blockdevs;
    expect(b!.form).toBe("keyval");
    expect(plain(b!.options)).toEqual({
      driver: "qcow2",
      "node-name": "disk0",
      file: { driver: "file", filename: "/tmp/a,b.qcow2" },
      "read-only": "on",
    });
  });
  it("JSON form (QEMU's parser: single quotes work)", () => {
    const [b] = parseServeArgs([
      "-blockdev",
      "{'driver': 'qcow2', 'node-name': 'd', 'read-only': true, 'cache': {'direct': false}}",
    ]).blockdevs;
    expect(b!.form).toBe("json");
    expect(plain(b!.options)).toEqual({
      driver: "qcow2",
      "node-name": "d",
      "read-only": true,
      cache: { direct: false },
    });
  });
  it("errors", () => {
    expect(err(["-blockdev", '{"driver": "qcow2",}'])).toBe(
      'qapi-ts: -blockdev {"driver": "qcow2",}: JSON parse error, expecting value',
    );
    expect(err(["-blockdev", '{"driver": "qcow2"'])).toBe(
      'qapi-ts: -blockdev {"driver": "qcow2": JSON parse error, premature EOI',
    );
    expect(err(["-blockdev", "{} {}"])).toBe(
      "qapi-ts: -blockdev {} {}: Expecting at most one JSON value",
    );
    expect(err(["-blockdev", "driver=qcow2,file"])).toBe(
      "qapi-ts: -blockdev driver=qcow2,file: Expected '=' after parameter 'file'",
    );
    expect(err(["-blockdev", "qcow2,a.b=1,a=2"])).toBe(
      "qapi-ts: -blockdev qcow2,a.b=1,a=2: Parameters 'a.*' used inconsistently",
    );
  });
});

describe("-device", () => {
  it("QemuOpts form with implied driver", () => {
    const [d] = parseServeArgs([
      "-device",
      "ide-hd,drive=disk0,bus=ide.0,drive=disk1",
    ]).devices;
    expect(d!.form).toBe("opts");
    expect(plain(d!.options)).toEqual({
      driver: "ide-hd",
      drive: "disk1",
      bus: "ide.0",
    });
  });
  it("JSON form", () => {
    const [d] = parseServeArgs([
      "-device",
      '{"driver": "ide-hd", "drive": "disk0"}',
    ]).devices;
    expect(plain(d!.options)).toEqual({ driver: "ide-hd", drive: "disk0" });
  });
});

describe("keyval_parse (util/keyval.c)", () => {
  it("lists from numeric keys, in index order", () => {
    expect(plain(keyvalParse("a.1=y,a.0=x,b.c.0.d=1"))).toEqual({
      a: ["x", "y"],
      b: { c: [{ d: "1" }] },
    });
  });
  it("errors", () => {
    const msg = (s: string, implied?: string): string => {
      try {
        keyvalParse(s, implied);
      } catch (e) {
        return (e as Error).message;
      }
      return "ok";
    };
    expect(msg("a.1=y")).toBe("Parameter 'a.0' missing");
    expect(msg("a.0=x,a.b=y")).toBe("Parameters 'a.*' used inconsistently");
    expect(msg("1a=x")).toBe("Invalid parameter '1a'");
    expect(msg("a..b=x")).toBe("Invalid parameter 'a..b'");
    expect(msg(`${"k".repeat(130)}=1`)).toBe(
      `Parameter '${"k".repeat(130)}' is too long`,
    );
    expect(msg("help")).toBe("Help is not available for this option");
    expect(msg("a=1,a=2")).toBe("ok");
    expect(msg("qcow2", "driver")).toBe("ok");
  });
});

describe("QemuOpts and JSON helpers", () => {
  it("flags and no-flags", () => {
    expect(qemuOptsParse("server,nowait,nodelay,x=a,,b")).toEqual([
      { name: "server", value: "on", flag: true },
      { name: "wait", value: "off", flag: true },
      { name: "delay", value: "off", flag: true },
      { name: "x", value: "a,b", flag: false },
    ]);
  });
  it("qobject_from_json", () => {
    expect(qobjectFromJson("[1, 1.5, 9007199254740993]")).toEqual([
      1,
      1.5,
      9007199254740993n,
    ]);
    expect(() => qobjectFromJson("")).toThrow("Expecting a JSON value");
  });
});
