// In-process unit tests of the serve wiring: -blockdev keyval typing (as
// QEMU's keyval input visitor converts strings), -drive, and the monitor
// commands' answers (query-commands order, query-version).
import { describe, expect, it } from "vitest";
import { blockdevFromOption, driveFromArg, extractDrives } from "../../../runtime/src/server/command-line.js";
import { queryCommands } from "../../../runtime/src/server/handlers.js";
import { COMMAND_TABLE } from "../../../generated/dispatch.js";
import { keyvalParse } from "../../../runtime/src/qmp/keyval.js";

const kv = (arg: string) => blockdevFromOption({ arg, form: "keyval", options: keyvalParse(arg, "driver") });
const kvError = (arg: string): string => {
  try {
    kv(arg);
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("-blockdev in keyval form", () => {
  it("converts booleans, integers and sizes by the schema's member types, nested members too", () => {
    expect(kv("driver=qcow2,node-name=d,read-only=on,file.driver=file,file.filename=a.qcow2,cache.direct=yes")).toEqual(
      {
        driver: "qcow2",
        "node-name": "d",
        "read-only": true,
        cache: { direct: true },
        file: { driver: "file", filename: "a.qcow2" },
      },
    );
    expect(kv("driver=raw,node-name=r,file=f0,offset=0x200,size=1048576")).toEqual({
      driver: "raw",
      "node-name": "r",
      file: "f0",
      offset: 512,
      size: 1048576,
    });
    expect(kv("driver=file,node-name=f,filename=x,read-only=off,force-share=false")).toMatchObject({
      "read-only": false,
      "force-share": false,
    });
  });

  it("reports QEMU's texts, naming the option", () => {
    expect(kvError("driver=file,filename=x,node-name=f,read-only=maybe")).toBe(
      "qapi-ts: -blockdev driver=file,filename=x,node-name=f,read-only=maybe: Parameter 'read-only' expects 'on' or 'off'",
    );
    expect(kvError("driver=raw,file=x,node-name=r,offset=ten")).toMatch(/Parameter 'offset' expects integer$/);
    // raw's size is an 'int' in the schema: no suffixes (checked against qemu-system-x86_64 7.2.22)
    expect(kvError("driver=raw,file=x,node-name=r,size=1.5k")).toMatch(/Parameter 'size' expects integer$/);
    expect(kvError("node-name=a")).toMatch(/: Parameter 'driver' is missing$/);
    expect(kvError("driver=qcow2,node-name=q,file.driver=file,file.filename=x,file.bogus=1")).toMatch(
      /: Parameter 'file.bogus' is unexpected$/,
    );
    expect(kvError("driver=nbd,node-name=q")).toMatch(/: Parameter 'driver' does not accept value 'nbd'$/);
  });

  it("JSON form is visited as QMP input", () => {
    const arg = '{"driver": "qcow2", "node-name": "q", "file": {"driver": "file", "filename": "a"}, "read-only": "on"}';
    expect(() => blockdevFromOption({ arg, form: "json", options: JSON.parse(arg) })).toThrow(
      "Invalid parameter type for 'read-only', expected: boolean",
    );
  });
});

describe("-drive", () => {
  it("if=none with a node name becomes a format node over a file node in a named backend", () => {
    expect(driveFromArg("if=none,id=drive1,node-name=node1,file=d1.qcow2,format=qcow2,readonly=on")).toEqual({
      arg: "if=none,id=drive1,node-name=node1,file=d1.qcow2,format=qcow2,readonly=on",
      id: "drive1",
      nodeName: "node1",
      blockdev: {
        driver: "qcow2",
        "node-name": "node1",
        "read-only": true,
        file: { driver: "file", filename: "d1.qcow2" },
      },
    });
  });

  it("is taken out of argv wherever it appears", () => {
    expect(extractDrives(["-S", "-drive", "a", "-m", "1", "--drive", "b"])).toEqual({
      rest: ["-S", "-m", "1"],
      drives: ["a", "b"],
    });
  });

  it.each([
    ["if=ide,id=d,node-name=n,file=x,format=qcow2", "only if=none is supported"],
    ["if=none,id=d,node-name=n,file=x", "format=qcow2 or format=raw is required"],
    ["if=none,id=d,file=x,format=qcow2", "node-name=NAME is required"],
    ["if=none,node-name=n,file=x,format=qcow2", "Parameter 'id' is missing"],
    ["if=none,id=d,node-name=n,file=x,format=qcow2,snapshot=on", "option 'snapshot' is not supported"],
  ])("%s: %s", (arg, msg) => {
    expect(() => driveFromArg(arg)).toThrow(msg);
  });
});

describe("monitor commands", () => {
  it("query-commands lists every command, in the reverse of registration order as QEMU does", () => {
    const names = queryCommands().map((c) => c.name);
    expect(names).toEqual([...COMMAND_TABLE.keys()].reverse());
    expect(names).toContain("snapshot-save");
    expect(names).toContain("qmp_capabilities");
    expect(names.at(-1)).toBe("query-status");
  });
});
