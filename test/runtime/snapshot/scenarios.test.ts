// Snapshot job scenarios on a SimulatedClock, named after the scenarios of
// shared/spec/qemu-snapshot-jobs.md; the expected wire order is QEMU 7.2.22's.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import { Harness, makeImage, qcow2Node, tempDir, OK } from "./harness.js";

let dir: string;
let h: Harness;

function boot(opts: { paused?: boolean; disks?: string[] } = {}) {
  const disks = opts.disks ?? ["disk0", "disk1"];
  h = new Harness({
    startPaused: opts.paused ?? false,
    blockdevs: disks.map((d) => qcow2Node(d, makeImage(dir, `${d}.qcow2`))),
  });
  return h;
}

const save = (id: string, tag: string, vmstate = "disk0", devices = ["disk0", "disk1"]) =>
  h.qmp((vm) => vm.snapshotSave({ "job-id": id, tag, vmstate, devices }));
const load = (id: string, tag: string, vmstate = "disk0", devices = ["disk0", "disk1"]) =>
  h.qmp((vm) => vm.snapshotLoad({ "job-id": id, tag, vmstate, devices }));
const del = (id: string, tag: string, devices = ["disk0", "disk1"]) =>
  h.qmp((vm) => vm.snapshotDelete({ "job-id": id, tag, devices }));
const dismiss = (id: string) => h.qmp((vm) => vm.jobDismiss({ id }));
const SUCCESS_TAIL = ["JOB waiting", "JOB pending", "JOB concluded"];
const FAIL_TAIL = ["JOB aborting", "JOB concluded"];

beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  h?.vm.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("save-load-delete (running VM)", () => {
  it("emits STOP/RESUME before the reply and the completion after it", () => {
    boot();
    h.clock.advance(1500);
    save("s0", "snap");
    expect(h.take()).toEqual(["JOB created", "JOB running", "STOP", "RESUME", OK, ...SUCCESS_TAIL]);
    expect(h.jobs()).toEqual([
      { id: "s0", type: "snapshot-save", status: "concluded", "current-progress": 1, "total-progress": 1 },
    ]);
    dismiss("s0");
    expect(h.take()).toEqual(["JOB null", OK]);
    load("l0", "snap");
    expect(h.take()).toEqual(["JOB created", "JOB running", "STOP", "RESUME", OK, ...SUCCESS_TAIL]);
    dismiss("l0");
    h.take();
    del("d0", "snap");
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...SUCCESS_TAIL]);
    expect(h.snapshots("disk0")).toEqual([]);
    expect(h.vm.queryStatus()).toEqual({ running: true, singlestep: false, status: "running" });
  });

  it("fills the snapshot table as qcow2 does", () => {
    boot();
    h.clock.advance(2_345.678);
    const dateUs = h.clock.realtimeUs();
    save("s0", "snap");
    const nodes = h.vm.queryNamedBlockNodes({});
    const d0 = nodes.find((n) => n["node-name"] === "disk0")!.image.snapshots!;
    const d1 = nodes.find((n) => n["node-name"] === "disk1")!.image.snapshots!;
    expect(d0).toEqual([
      {
        id: "1",
        name: "snap",
        "vm-state-size": 656_384,
        "date-sec": Math.floor(dateUs / 1e6),
        "date-nsec": (dateUs % 1e6) * 1000,
        "vm-clock-sec": 2,
        "vm-clock-nsec": 345_678_000,
      },
    ]);
    expect(d0[0]!["date-nsec"] % 1000).toBe(0);
    expect(d1).toEqual([{ ...d0[0], "vm-state-size": 0 }]);
    expect("icount" in d0[0]!).toBe(false);
  });

  it("stores snapshots in the image file", () => {
    boot();
    save("s0", "snap");
    const text = fs.readFileSync(`${dir}/disk0.qcow2`, "utf8");
    expect(text).toContain('"name": "snap"');
  });
});

describe("save-load-delete-paused (-S)", () => {
  it("has no STOP/RESUME and keeps prelaunch", () => {
    boot({ paused: true });
    h.clock.advance(1000);
    save("s0", "snap");
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...SUCCESS_TAIL]);
    expect(h.snapshots("disk0")).toEqual([{ id: "1", name: "snap", vm: 396_288 }]);
    const sn = h.vm.queryNamedBlockNodes({}).find((n) => n["node-name"] === "disk0")!.image.snapshots![0]!;
    expect([sn["vm-clock-sec"], sn["vm-clock-nsec"]]).toEqual([0, 0]);
    load("l0", "snap");
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...SUCCESS_TAIL]);
    expect(h.vm.queryStatus()).toEqual({ running: false, singlestep: false, status: "prelaunch" });
    del("d0", "snap");
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...SUCCESS_TAIL]);
  });

  it("stop then save: nothing emitted, status stays paused", () => {
    boot();
    h.qmp((vm) => vm.stop());
    expect(h.take()).toEqual(["STOP", OK]);
    save("s0", "snap");
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...SUCCESS_TAIL]);
    expect(h.vm.queryStatus().status).toBe("paused");
  });
});

describe("load-missing-tag", () => {
  it("stops the VM and leaves it in restore-vm until cont", () => {
    boot();
    load("l0", "nope");
    expect(h.take()).toEqual(["JOB created", "JOB running", "STOP", OK, ...FAIL_TAIL]);
    expect(h.jobs()[0]).toEqual({
      id: "l0",
      type: "snapshot-load",
      status: "concluded",
      "current-progress": 1,
      "total-progress": 1,
      error: "Snapshot 'nope' does not exist in one or more devices",
    });
    expect(h.vm.queryStatus()).toEqual({ running: false, singlestep: false, status: "restore-vm" });
    h.qmp((vm) => vm.cont());
    expect(h.take()).toEqual(["RESUME", OK]);
    expect(h.vm.queryStatus().status).toBe("running");
  });

  it("load-missing-tag-paused: nothing emitted, run state unchanged", () => {
    boot({ paused: true });
    load("l0", "nope");
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...FAIL_TAIL]);
    expect(h.vm.queryStatus().status).toBe("prelaunch");
  });

  it("a tag present on only some devices does not exist", () => {
    boot();
    save("s0", "a", "disk0", ["disk0"]);
    load("l0", "a");
    expect(h.jobs()[0]!.error).toBe("Snapshot 'a' does not exist in one or more devices");
  });
});

describe("devices-empty and device list checks", () => {
  it.each([
    ["save", () => save("j", "t", "disk0", [])],
    ["delete", () => del("j", "t", [])],
  ])("%s with devices [] fails the job without STOP", (_n, run) => {
    boot();
    run();
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...FAIL_TAIL]);
    expect(h.jobs()[0]!.error).toBe("At least one device is required for snapshot");
  });

  it("load with devices [] still stops the VM", () => {
    boot();
    load("j", "t", "disk0", []);
    expect(h.take()).toEqual(["JOB created", "JOB running", "STOP", OK, ...FAIL_TAIL]);
    expect(h.vm.queryStatus().status).toBe("restore-vm");
  });

  it("reports the first unknown node before capability checks", () => {
    boot();
    save("j", "t", "disk0", ["disk0", "nope", "also-nope"]);
    expect(h.jobs()[0]!.error).toBe("No block device node 'nope'");
  });

  it("file node, raw node over file and read-only qcow2 cannot snapshot", () => {
    const f = makeImage(dir, "ro.qcow2");
    const r = makeImage(dir, "plain.raw", "raw");
    h = new Harness({
      blockdevs: [
        qcow2Node("disk0", makeImage(dir, "d0.qcow2")),
        { driver: "file", "node-name": "proto", filename: r },
        { driver: "raw", "node-name": "rawnode", file: { driver: "file", filename: makeImage(dir, "r2.raw", "raw") } },
        qcow2Node("ro", f, { "read-only": true }),
      ],
    });
    for (const dev of ["proto", "rawnode", "ro"]) {
      save(`s-${dev}`, "t", "disk0", ["disk0", dev]);
      expect(h.jobs()[0]!.error).toBe(`Device '${dev}' is writable but does not support snapshots`);
      del(`d-${dev}`, "t", [dev]);
      expect(h.jobs()[0]!.error).toBe(`Device '${dev}' is writable but does not support snapshots`);
    }
  });

  it("raw over a qcow2 node falls back to the qcow2 child", () => {
    h = new Harness({
      blockdevs: [qcow2Node("q", makeImage(dir, "q.qcow2")), { driver: "raw", "node-name": "r", file: "q" }],
    });
    save("s", "t", "r", ["r"]);
    expect(h.jobs()[0]!.status).toBe("concluded");
    expect(h.jobs()[0]!.error).toBeUndefined();
    expect(h.snapshots("q")).toEqual([{ id: "1", name: "t", vm: 656_384 }]);
    expect(h.snapshots("r")).toEqual([{ id: "1", name: "t", vm: 656_384 }]);
  });
});

describe("tag-exists and partial-tag", () => {
  it("refuses a tag every device has, before any STOP", () => {
    boot();
    save("s0", "t");
    h.take();
    save("s1", "t");
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...FAIL_TAIL]);
    expect(h.jobs()[0]!.error).toBe("Snapshot 't' already exists in one or more devices");
  });

  it("adds a second snapshot of the same name where one device lacks it", () => {
    boot();
    save("s0", "t", "disk0", ["disk0"]);
    save("s1", "t");
    expect(h.jobs()[0]!.error).toBeUndefined();
    expect(h.snapshots("disk0")).toEqual([
      { id: "1", name: "t", vm: 656_384 },
      { id: "2", name: "t", vm: 656_384 },
    ]);
    expect(h.snapshots("disk1")).toEqual([{ id: "1", name: "t", vm: 0 }]);
  });
});

describe("vmstate checks", () => {
  it("vmstate node must be one of the devices", () => {
    boot({ disks: ["disk0", "disk1", "disk2"] });
    save("s0", "t", "disk2", ["disk0", "disk1"]);
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...FAIL_TAIL]);
    expect(h.jobs()[0]!.error).toBe("vmstate block device 'disk2' does not exist");
    save("s1", "t", "ghost", ["disk0"]);
    expect(h.jobs()[0]!.error).toBe("vmstate block device 'ghost' does not exist");
    load("l0", "t", "disk2", ["disk0"]);
    expect(h.jobs()[0]!.error).toBe("Snapshot 't' does not exist in one or more devices");
  });

  it("load of a disk-only snapshot (two spaces before offline)", () => {
    boot();
    save("s0", "t", "disk0");
    load("l0", "t", "disk1");
    expect(h.jobs()[0]!.error).toBe("This is a disk-only snapshot. Revert to it  offline using qemu-img");
    expect(h.vm.queryStatus().status).toBe("restore-vm");
  });
});

describe("save-fails-midway (qcow2 with an external data file)", () => {
  function bootWithDataFile() {
    const df = makeImage(dir, "df.qcow2", "qcow2", { data_file: `${dir}/df.data` });
    h = new Harness({
      blockdevs: [
        qcow2Node("disk0", makeImage(dir, "d0.qcow2")),
        qcow2Node("dfdisk", df),
        qcow2Node("disk2", makeImage(dir, "d2.qcow2")),
      ],
    });
  }

  it("fails after STOP, resumes, and cleans up the snapshots it made", () => {
    bootWithDataFile();
    save("s0", "t", "disk0", ["disk0", "dfdisk", "disk2"]);
    expect(h.take()).toEqual(["JOB created", "JOB running", "STOP", "RESUME", OK, ...FAIL_TAIL]);
    expect(h.jobs()[0]!.error).toBe("Could not create snapshot 't' on 'dfdisk'");
    expect(h.snapshots("disk0")).toEqual([]);
    expect(h.snapshots("disk2")).toEqual([]);
    expect(h.vm.queryStatus().status).toBe("running");
  });

  it("cleanup deletes the older snapshot of that name, keeps the new one", () => {
    bootWithDataFile();
    save("s0", "old", "disk0", ["disk0", "disk2"]);
    save("s1", "old2", "disk0", ["disk0"]);
    // disk0 has "old"(1) "old2"(2); the failing save adds "old"(3) on disk0 first.
    save("s2", "old", "disk0", ["disk0", "dfdisk", "disk2"]);
    expect(h.jobs()[0]!.error).toBe("Could not create snapshot 'old' on 'dfdisk'");
    expect(h.snapshots("disk0").map((s) => `${s.id}:${s.name}`)).toEqual(["2:old2", "3:old"]);
    // disk2 never got the new one but still lost its first "old".
    expect(h.snapshots("disk2")).toEqual([]);
  });

  it("on a paused VM no STOP/RESUME", () => {
    bootWithDataFile();
    h.qmp((vm) => vm.stop());
    h.take();
    save("s0", "t", "dfdisk", ["dfdisk"]);
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...FAIL_TAIL]);
  });
});

describe("image write failures", () => {
  it("a failed write of one image fails the save like a driver error and cleans up", () => {
    boot();
    const d1 = `${dir}/disk1.qcow2`;
    fs.rmSync(d1);
    fs.mkdirSync(d1);
    fs.writeFileSync(`${d1}/x`, "");
    save("s0", "t");
    expect(h.take()).toEqual(["JOB created", "JOB running", "STOP", "RESUME", OK, ...FAIL_TAIL]);
    expect(h.jobs()[0]!.error).toBe("Could not create snapshot 't' on 'disk1'");
    expect(h.snapshots("disk0")).toEqual([]);
    expect(h.snapshots("disk1")).toEqual([]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("tag-id-clash", () => {
  it("load looks the tag up by id first", () => {
    boot();
    h.clock.advance(1000);
    save("a", "first", "disk0", ["disk0"]); // id 1 "first", vm clock 1 s
    h.clock.advance(1000);
    save("b", "1", "disk0", ["disk0"]); // id 2 "1", vm clock 2 s
    load("l0", "1", "disk0", ["disk0"]);
    // the name "1" passes the checks, but the revert picks id 1 ("first")
    expect(h.jobs()[0]!.error).toBeUndefined();
    expect(h.vm.run.vmClock.nowNs()).toBe(1e9);
  });

  it("ends in Error -22 when the id-matched snapshot has no VM state", () => {
    boot();
    save("a", "x", "disk1", ["disk0", "disk1"]); // disk0: id 1 "x" disk-only
    save("b", "1", "disk0", ["disk0"]); // disk0: id 2 "1" with VM state
    load("l", "1", "disk0", ["disk0"]);
    expect(h.take().slice(-8)).toContain("STOP");
    expect(h.jobs()[0]!.error).toBe("Error -22 while loading VM state");
    expect(h.vm.queryStatus().status).toBe("restore-vm");
  });
});

describe("delete", () => {
  it("delete-missing-tag succeeds", () => {
    boot();
    del("d", "nothing");
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...SUCCESS_TAIL]);
    expect(h.jobs()[0]!.error).toBeUndefined();
  });

  it("duplicate-device deletes two same-named snapshots", () => {
    boot();
    save("s0", "t", "disk0", ["disk0"]);
    save("s1", "t", "disk0", ["disk0", "disk1"]);
    expect(h.snapshots("disk0").length).toBe(2);
    del("d", "t", ["disk0", "disk0"]);
    expect(h.snapshots("disk0")).toEqual([]);
  });

  it("frees the largest id for reuse", () => {
    boot();
    save("s0", "a", "disk0", ["disk0"]);
    save("s1", "b", "disk0", ["disk0"]);
    del("d", "b", ["disk0"]);
    save("s2", "c", "disk0", ["disk0"]);
    expect(h.snapshots("disk0").map((s) => s.id)).toEqual(["1", "2"]);
  });
});

describe("names", () => {
  it("truncates the tag to 255 bytes", () => {
    boot();
    const tag = "x".repeat(300);
    save("s0", tag, "disk0", ["disk0"]);
    expect(h.snapshots("disk0")[0]!.name).toBe("x".repeat(255));
    // the full tag is never found by name: a second save makes a duplicate
    save("s1", tag, "disk0", ["disk0"]);
    expect(h.jobs()[0]!.error).toBeUndefined();
    expect(h.snapshots("disk0").length).toBe(2);
  });

  it("accepts the empty tag", () => {
    boot();
    save("s0", "", "disk0", ["disk0"]);
    expect(h.snapshots("disk0")).toEqual([{ id: "1", name: "", vm: 656_384 }]);
  });
});

describe("job ids and verbs on concluded snapshot jobs", () => {
  it("job-id errors are command errors without a job or event", () => {
    boot();
    save("1bad", "t");
    expect(h.take()).toEqual([{ error: { class: "GenericError", desc: "Invalid job ID '1bad'" } }]);
    save("j", "t");
    h.take();
    del("j", "t");
    expect(h.take()).toEqual([{ error: { class: "GenericError", desc: "Job ID 'j' already in use" } }]);
    dismiss("j");
    h.take();
    del("j", "t");
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, ...SUCCESS_TAIL]);
  });

  it("job-verbs-concluded", () => {
    boot();
    save("j", "t");
    h.take();
    const err = (desc: string) => [{ error: { class: "GenericError", desc } }];
    h.qmp((vm) => vm.jobCancel({ id: "j" }));
    expect(h.take()).toEqual(err("Job 'j' in state 'concluded' cannot accept command verb 'cancel'"));
    h.qmp((vm) => vm.jobPause({ id: "j" }));
    expect(h.take()).toEqual(err("Job 'j' in state 'concluded' cannot accept command verb 'pause'"));
    h.qmp((vm) => vm.jobResume({ id: "j" }));
    expect(h.take()).toEqual(err("Can't resume a job that was not paused"));
    h.qmp((vm) => vm.jobComplete({ id: "j" }));
    expect(h.take()).toEqual(err("Job 'j' in state 'concluded' cannot accept command verb 'complete'"));
    h.qmp((vm) => vm.jobFinalize({ id: "j" }));
    expect(h.take()).toEqual(err("Job 'j' in state 'concluded' cannot accept command verb 'finalize'"));
    h.qmp((vm) => vm.jobDismiss({ id: "J" }));
    expect(h.take()).toEqual(err("Job not found"));
    dismiss("j");
    expect(h.take()).toEqual(["JOB null", OK]);
    for (const verb of ["jobCancel", "jobPause", "jobResume", "jobComplete", "jobFinalize", "jobDismiss"] as const) {
      h.qmp((vm) => vm[verb]({ id: "j" }));
      expect(h.take()).toEqual(err("Job not found"));
    }
  });

  it("block-job-* do not see snapshot jobs", () => {
    boot();
    save("j", "t");
    h.take();
    h.qmp((vm) => vm.blockJobCancel({ device: "j" }));
    expect(h.take()).toEqual([{ error: { class: "DeviceNotActive", desc: "Block job 'j' not found" } }]);
    h.qmp((vm) => vm.blockJobDismiss({ id: "j" }));
    expect(h.take()).toEqual([{ error: { class: "DeviceNotActive", desc: "Block job 'j' not found" } }]);
    expect(h.vm.queryBlockJobs()).toEqual([]);
  });

  it("query-jobs-order: newest first, a re-created id goes to the front", () => {
    boot();
    save("a", "t1");
    del("b", "zz");
    save("c", "t2");
    expect(h.jobs().map((j) => j.id)).toEqual(["c", "b", "a"]);
    dismiss("a");
    save("a", "t3");
    expect(h.jobs().map((j) => j.id)).toEqual(["a", "c", "b"]);
  });
});

describe("save-attached-devices", () => {
  it("guest devices change nothing", () => {
    h = new Harness({
      blockdevs: [qcow2Node("disk0", makeImage(dir, "d0.qcow2"))],
      devices: [{ driver: "ide-hd", drive: "disk0", id: "ide0" }],
    });
    save("s", "t", "disk0", ["disk0"]);
    expect(h.take()).toEqual(["JOB created", "JOB running", "STOP", "RESUME", OK, ...SUCCESS_TAIL]);
  });
});

describe("vm-clock", () => {
  it("only advances while the guest runs, and a load restores it", () => {
    boot();
    h.clock.advance(1000);
    h.qmp((vm) => vm.stop());
    h.clock.advance(5000);
    save("s", "t", "disk0", ["disk0"]);
    const sn = h.vm.queryNamedBlockNodes({}).find((n) => n["node-name"] === "disk0")!.image.snapshots![0]!;
    expect([sn["vm-clock-sec"], sn["vm-clock-nsec"]]).toEqual([1, 0]);
    h.qmp((vm) => vm.cont());
    h.clock.advance(3000);
    expect(h.vm.run.vmClock.nowNs()).toBe(4e9);
    load("l", "t", "disk0", ["disk0"]);
    expect(h.vm.run.vmClock.nowNs()).toBe(1e9);
  });
});
