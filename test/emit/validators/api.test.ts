// The public contract of generated validators (committed generated/):
// checkT returns the value itself or the QmpError (not thrown), validateT
// throws it; a valid value comes back itself with its integers converted
// in place (bigints, QFloat boxes, negative uint64); a value that
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
import { QFloat } from "../../../runtime/src/support/qfloat.js";
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

  it("numbers stay, bigints are converted, in either mode", () => {
    const js = { device: "d", speed: 5 };
    expect(validateBlockJobSetSpeedArg(js, null, { wire: false })).toBe(js);
    expect(js.speed).toBe(5);
    const big = { device: "d", speed: 7n };
    expect(validateBlockJobSetSpeedArg(big, null, { wire: false })).toBe(big);
    expect(big.speed).toBe(7);
    // Wire values read the same way: an integral number is an integer, a
    // QFloat box (the wire parser's "5.0") is not.
    const wire = { device: "d", speed: 5 };
    expect(checkBlockJobSetSpeedArg(wire)).toBe(wire);
    expect(
      checkBlockJobSetSpeedArg({ device: "d", speed: new QFloat(5) }),
    ).toMatchObject({
      desc: "Invalid parameter type for 'speed', expected: integer",
    });
  });

  it("give an error whose message does not change with the value afterwards", () => {
    // The message is built when first read, from a copy of the failure.
    const devices: unknown[] = ["a", "b", 3];
    const bad = checkSnapshotSaveArg({ ...SAVE, devices }, "x", {
      wire: false,
    });
    const v: Record<string, unknown> = { ...SAVE, extra: 1 };
    const unexpected = checkSnapshotSaveArg(v, null, { wire: false });
    devices.length = 0;
    v.other = 2;
    delete v.extra;
    expect(isQmpError(bad) && bad.desc).toBe(
      "Invalid parameter type for 'x.devices[2]', expected: string",
    );
    expect(isQmpError(unexpected) && unexpected.message).toBe(
      "Parameter 'extra' is unexpected",
    );
    // Serialized, it is a QMP error: class and message.
    expect(JSON.parse(JSON.stringify(bad))).toEqual({
      errorClass: "GenericError",
      desc: "Invalid parameter type for 'x.devices[2]', expected: string",
    });
    expect(bad).toBeInstanceOf(Error);
    expect(String((bad as QmpError).stack)).toBe(
      "QmpError: Invalid parameter type for 'x.devices[2]', expected: string",
    );
  });

  it("name long paths and the root", () => {
    const deep = [
      {
        id: "1",
        name: "s",
        "vm-state-size": 0,
        "date-sec": 1,
        "date-nsec": 1,
        "vm-clock-sec": 1,
        "vm-clock-nsec": 1,
        icount: "x",
      },
    ];
    const img = {
      filename: "f",
      format: "qcow2",
      "virtual-size": 1,
      snapshots: deep,
    };
    expect(checkImageInfo(img, "info", { wire: false })).toMatchObject({
      desc: "Invalid parameter type for 'info.snapshots[0].icount', expected: integer",
    });
    expect(checkImageInfo(1, null, { wire: false })).toMatchObject({
      desc: "Invalid parameter type for '<anonymous>', expected: object",
    });
    expect(checkImageInfo({}, null, { wire: false })).toMatchObject({
      desc: "Parameter 'filename' is missing",
    });
  });

  it("validateT is not misled by a check run from a getter meanwhile", () => {
    // The getter's own check fails (and is not thrown); the outer value is
    // valid, so validateT returns it.
    const v: Record<string, unknown> = {
      "job-id": "j",
      tag: "t",
      vmstate: "d",
    };
    let inner: unknown;
    Object.defineProperty(v, "devices", {
      enumerable: true,
      get: () => {
        inner = checkSnapshotSaveArg({}, null, { wire: false });
        return ["d"];
      },
    });
    expect(validateSnapshotSaveArg(v, null, { wire: false })).toBe(v);
    expect(isQmpError(inner)).toBe(true);
    // A check that fails is still thrown.
    expect(() => validateSnapshotSaveArg({}, null, { wire: false })).toThrow(
      "Parameter 'job-id' is missing",
    );
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
