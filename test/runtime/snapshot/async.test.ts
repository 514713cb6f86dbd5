// --snapshot-duration: snapshot jobs spread over time on the SimulatedClock,
// with job-pause / job-resume / job-cancel working while they run.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import { Harness, makeImage, qcow2Node, tempDir, OK } from "./harness.js";
import { PROGRESS_STEPS } from "../../../runtime/src/snapshot/snapshot-jobs.js";

let dir: string;
let h: Harness;

beforeEach(() => {
  dir = tempDir();
  h = new Harness({
    snapshotDurationMs: 1000,
    blockdevs: [qcow2Node("disk0", makeImage(dir, "d0.qcow2"))],
  });
});
afterEach(() => {
  h.vm.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const save = (id: string, tag = "t") =>
  h.qmp((vm) => vm.snapshotSave({ "job-id": id, tag, vmstate: "disk0", devices: ["disk0"] }));
const job = () => h.jobs()[0]!;

describe("asynchronous snapshot-save", () => {
  it("replies first, stops the VM, reports progress, then completes", () => {
    save("j");
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, "STOP"]);
    expect(job()).toMatchObject({ status: "running", "current-progress": 0, "total-progress": PROGRESS_STEPS });
    expect(h.vm.queryStatus()).toEqual({ running: false, singlestep: false, status: "save-vm" });
    h.clock.advance(500);
    expect(job()["current-progress"]).toBe(50);
    expect(h.snapshots("disk0")).toEqual([]);
    h.clock.advance(500);
    expect(h.take()).toEqual(["RESUME", "JOB waiting", "JOB pending", "JOB concluded"]);
    expect(job()).toMatchObject({ status: "concluded", "current-progress": 100 });
    expect(h.snapshots("disk0")).toEqual([{ id: "1", name: "t", vm: 656_384 }]);
  });

  it("a check failure ends the job at once, after the reply", () => {
    h.qmp((vm) => vm.snapshotSave({ "job-id": "j", tag: "t", vmstate: "disk0", devices: [] }));
    expect(h.take()).toEqual(["JOB created", "JOB running", OK, "JOB aborting", "JOB concluded"]);
    expect(job().error).toBe("At least one device is required for snapshot");
  });

  it("job-pause stops at the next step, job-resume continues", () => {
    save("j");
    h.clock.advance(300);
    h.take();
    h.qmp((vm) => vm.jobPause({ id: "j" }));
    expect(h.take()).toEqual([OK]);
    h.qmp((vm) => vm.jobPause({ id: "j" }));
    expect(h.take()).toEqual([{ error: { class: "GenericError", desc: "Job is already paused" } }]);
    h.clock.advance(10);
    expect(h.take()).toEqual(["JOB paused"]);
    const at = job()["current-progress"];
    h.clock.advance(5000);
    expect(job()).toMatchObject({ status: "paused", "current-progress": at });
    h.qmp((vm) => vm.jobResume({ id: "j" }));
    expect(h.take()).toEqual([OK, "JOB running"]);
    h.qmp((vm) => vm.jobResume({ id: "j" }));
    expect(h.take()).toEqual([{ error: { class: "GenericError", desc: "Can't resume a job that was not paused" } }]);
    h.clock.advance(1000);
    expect(job().status).toBe("concluded");
    expect(h.snapshots("disk0").length).toBe(1);
  });

  it("job-cancel mid-way leaves no snapshot and resumes the VM", () => {
    save("j");
    h.clock.advance(400);
    h.take();
    h.qmp((vm) => vm.jobCancel({ id: "j" }));
    expect(h.take()).toEqual([OK, "RESUME", "JOB aborting", "JOB concluded"]);
    expect(job().error).toBe("Operation canceled");
    expect(h.snapshots("disk0")).toEqual([]);
    expect(h.vm.queryStatus().status).toBe("running");
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it("job-cancel of a paused job", () => {
    save("j");
    h.qmp((vm) => vm.jobPause({ id: "j" }));
    h.clock.advance(20);
    h.take();
    h.qmp((vm) => vm.jobCancel({ id: "j" }));
    expect(h.take()).toEqual([OK, "JOB running", "RESUME", "JOB aborting", "JOB concluded"]);
    expect(job().error).toBe("Operation canceled");
  });

  it("job-complete is refused (snapshot jobs have no complete)", () => {
    save("j");
    h.qmp((vm) => vm.jobComplete({ id: "j" }));
    expect(h.take().at(-1)).toEqual({
      error: { class: "GenericError", desc: "Job 'j' in state 'running' cannot accept command verb 'complete'" },
    });
  });
});
