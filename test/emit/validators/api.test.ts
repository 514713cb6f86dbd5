// The public contract of generated validators (committed generated/):
// checkT returns the value itself or the QmpError (not thrown), validateT
// throws it; a valid value comes back itself with its integers converted
// in place (wire bigints, negative uint64 in JavaScript mode); a value that
// fails is left as it was.

import { describe, expect, it } from "vitest";
import {
  checkBlockJobSetSpeedArg,
  checkImageInfo,
  validateBlockJobSetSpeedArg,
} from "../../../generated/validators/block-core.js";
import {
  checkSnapshotSaveArg,
  validateSnapshotSaveArg,
} from "../../../generated/validators/migration.js";
import {
  isQmpError,
  QmpError,
} from "../../../runtime/src/support/qmp-error.js";

function nullProto(o: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, o);
}

const SAVE = { "job-id": "j", tag: "t", vmstate: "disk0", devices: ["disk0"] };

describe("checkT and validateT", () => {
  it("return a valid value itself", () => {
    const v = nullProto({ ...SAVE });
    expect(checkSnapshotSaveArg(v)).toBe(v);
    expect(validateSnapshotSaveArg(v)).toBe(v);
  });

  it("checkT returns the QmpError that validateT throws", () => {
    const v = nullProto({ ...SAVE, devices: ["a", 3n] });
    const r = checkSnapshotSaveArg(v);
    expect(r).toBeInstanceOf(QmpError);
    expect(isQmpError(r) && [r.errorClass, r.desc, r.message]).toEqual([
      "GenericError",
      "Invalid parameter type for 'devices[1]', expected: string",
      "Invalid parameter type for 'devices[1]', expected: string",
    ]);
    expect(() => validateSnapshotSaveArg(v)).toThrow(
      "Invalid parameter type for 'devices[1]', expected: string",
    );
    expect(checkSnapshotSaveArg(v, "arg")).toMatchObject({
      desc: "Invalid parameter type for 'arg.devices[1]', expected: string",
    });
  });

  it("convert a valid wire value's bigints to numbers in place", () => {
    const v = nullProto({ device: "d", speed: 2n ** 40n });
    expect(checkBlockJobSetSpeedArg(v)).toBe(v);
    expect(v.speed).toBe(2 ** 40);
    const snaps = [
      nullProto({
        id: "1",
        name: "s",
        "vm-state-size": 0n,
        "date-sec": 1700000000n,
        "date-nsec": 1n,
        "vm-clock-sec": -5n,
        "vm-clock-nsec": 9007199254740993n,
      }),
    ];
    const img = nullProto({
      filename: "f",
      format: "qcow2",
      "virtual-size": 10n,
      snapshots: snaps,
    });
    expect(checkImageInfo(img)).toBe(img);
    expect(img.snapshots).toBe(snaps);
    expect(snaps[0]).toEqual({
      id: "1",
      name: "s",
      "vm-state-size": 0,
      "date-sec": 1700000000,
      "date-nsec": 1,
      "vm-clock-sec": -5,
      "vm-clock-nsec": Number(9007199254740993n),
    });
    expect(img["virtual-size"]).toBe(10);
  });

  it("leave a value that fails as it was", () => {
    const snaps = [
      nullProto({
        id: "1",
        name: "s",
        "vm-state-size": 0n,
        "date-sec": 1n,
        "date-nsec": 1n,
        "vm-clock-sec": 1n,
        "vm-clock-nsec": 1n,
      }),
      nullProto({ id: "2" }),
    ];
    const img = nullProto({
      filename: "f",
      format: "qcow2",
      "virtual-size": 10n,
      snapshots: snaps,
    });
    expect(checkImageInfo(img)).toMatchObject({
      desc: "Parameter 'snapshots[1].name' is missing",
    });
    expect(img["virtual-size"]).toBe(10n);
    expect(snaps[0]!["date-sec"]).toBe(1n);
  });

  it("JavaScript mode: numbers stay, bigints are converted", () => {
    const js = { device: "d", speed: 5 };
    expect(validateBlockJobSetSpeedArg(js, null, { wire: false })).toBe(js);
    expect(js.speed).toBe(5);
    const big = { device: "d", speed: 7n };
    expect(validateBlockJobSetSpeedArg(big, null, { wire: false })).toBe(big);
    expect(big.speed).toBe(7);
    expect(checkBlockJobSetSpeedArg({ device: "d", speed: 5 })).toMatchObject({
      desc: "Invalid parameter type for 'speed', expected: integer",
    });
  });

  it("report a value that throws while read", () => {
    const v = nullProto({ "job-id": "j" });
    Object.defineProperty(v, "tag", {
      enumerable: true,
      get: () => {
        throw new Error("boom");
      },
    });
    expect(checkSnapshotSaveArg(v)).toMatchObject({
      desc: "Parameter '<anonymous>' cannot be validated: Error: boom",
    });
  });
});
