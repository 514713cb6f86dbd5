// JobManager scenarios, named like QEMU's tests/unit/test-blockjob.c
// "/blockjob/cancel/<state>" cases, on a job driven by hand.
import { describe, expect, it } from "vitest";
import { JobManager } from "../../../runtime/src/jobs/job-manager.js";
import { MainLoop } from "../../../runtime/src/main-loop.js";
import { QmpError } from "../../../runtime/src/vm/qmp-errors.js";
import type { Job } from "../../../runtime/src/jobs/job.js";

function setup(opts: { autoFinalize?: boolean; autoDismiss?: boolean } = {}) {
  const events: string[] = [];
  const calls: string[] = [];
  const m = new JobManager({ emit: (e, d) => events.push(`${e} ${JSON.stringify(d)}`) }, new MainLoop());
  const job = m.create("j", "backup", {
    autoFinalize: opts.autoFinalize ?? true,
    autoDismiss: opts.autoDismiss ?? false,
    driver: {
      cancel: () => calls.push("cancel"),
      pause: () => calls.push("pause"),
      resume: () => calls.push("resume"),
    },
  });
  return { m, job, events, calls, statuses: () => events.map((e) => JSON.parse(e.split(" ")[1]!).status) };
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof QmpError) return e.desc;
    throw e;
  }
  return "no error";
}

describe("/job/cancel/<state>", () => {
  it("created: aborts at once", () => {
    const { m, statuses } = setup();
    m.jobCancel({ id: "j" });
    expect(statuses()).toEqual(["created", "aborting", "concluded"]);
    expect(m.queryJobs()[0]).toMatchObject({ status: "concluded", error: "Operation canceled" });
  });

  it("running: asks the driver, which completes later", () => {
    const { m, job, calls, statuses } = setup();
    m.start(job);
    m.jobCancel({ id: "j" });
    expect(calls).toEqual(["cancel"]);
    expect(job.cancelled).toBe(true);
    m.completed(job);
    expect(statuses()).toEqual(["created", "running", "aborting", "concluded"]);
    expect(m.queryJobs()[0]!.error).toBe("Operation canceled");
  });

  it("paused: clears the user pause", () => {
    const { m, job } = setup();
    m.start(job);
    m.jobPause({ id: "j" });
    m.setStatus(job, "paused");
    m.jobCancel({ id: "j" });
    expect(job.userPaused).toBe(false);
    expect(job.pauseCount).toBe(0);
  });

  it("pending (manual finalize): aborts", () => {
    const { m, job, statuses } = setup({ autoFinalize: false });
    m.start(job);
    m.completed(job);
    expect(job.status).toBe("pending");
    m.jobCancel({ id: "j" });
    expect(statuses().slice(-3)).toEqual(["pending", "aborting", "concluded"]);
  });

  it("concluded: verb error", () => {
    const { m, job } = setup();
    m.start(job);
    m.completed(job);
    expect(errorOf(() => m.jobCancel({ id: "j" }))).toBe(
      "Job 'j' in state 'concluded' cannot accept command verb 'cancel'",
    );
  });
});

describe("finalize and dismiss", () => {
  it("manual finalize: pending until job-finalize", () => {
    const { m, job, statuses } = setup({ autoFinalize: false });
    m.start(job);
    m.completed(job);
    expect(errorOf(() => m.jobDismiss({ id: "j" }))).toBe(
      "Job 'j' in state 'pending' cannot accept command verb 'dismiss'",
    );
    m.jobFinalize({ id: "j" });
    m.jobDismiss({ id: "j" });
    expect(statuses()).toEqual(["created", "running", "waiting", "pending", "concluded", "null"]);
    expect(m.queryJobs()).toEqual([]);
  });

  it("auto-dismiss removes a concluded job", () => {
    const { m, job, statuses } = setup({ autoDismiss: true });
    m.start(job);
    m.completed(job, "boom");
    expect(statuses()).toEqual(["created", "running", "aborting", "concluded", "null"]);
    expect(m.queryJobs()).toEqual([]);
  });

  it("events carry status then id", () => {
    const { events } = setup();
    expect(events).toEqual(['JOB_STATUS_CHANGE {"status":"created","id":"j"}']);
  });
});

describe("pause / resume checks", () => {
  it("resume of a job that was never paused, in any state", () => {
    const { m, job } = setup();
    expect(errorOf(() => m.jobResume({ id: "j" }))).toBe("Can't resume a job that was not paused");
    m.start(job);
    m.completed(job);
    expect(errorOf(() => m.jobResume({ id: "j" }))).toBe("Can't resume a job that was not paused");
  });

  it("pause twice, resume once", () => {
    const { m, job, calls } = setup();
    m.start(job);
    m.jobPause({ id: "j" });
    expect(errorOf(() => m.jobPause({ id: "j" }))).toBe("Job is already paused");
    m.jobResume({ id: "j" });
    expect(calls).toEqual(["pause", "resume"]);
  });

  it("complete without a complete callback", () => {
    const { m, job } = setup();
    m.start(job);
    m.setStatus(job, "ready");
    expect(errorOf(() => m.jobComplete({ id: "j" }))).toBe("The active block job 'j' cannot be completed");
  });

  it("an illegal transition is a programming error", () => {
    const { m, job } = setup();
    expect(() => m.setStatus(job as Job, "concluded")).toThrow(/illegal job status transition created -> concluded/);
  });
});
