// Exhaustive checks of JobSTT and JobVerbTable against hand-written
// expectations (copied by hand from QEMU 7.2 job.c, not generated from ours).
import { describe, expect, it } from "vitest";
import { JOB_STATUSES, JOB_VERBS, type JobStatus, type JobVerb } from "../../../runtime/src/types-local.js";
import { transitionAllowed, verbAllowed } from "../../../runtime/src/jobs/tables.js";
import {
  applyVerb,
  transition,
  IllegalJobTransition,
  idWellformed,
  checkNewJobId,
} from "../../../runtime/src/jobs/job.js";

// Rows: from; columns U C R P Y S W D X E N.
const STT: Record<JobStatus, string> = {
  undefined: "0 1 0 0 0 0 0 0 0 0 0",
  created: "0 0 1 0 0 0 0 0 1 0 1",
  running: "0 0 0 1 1 0 1 0 1 0 0",
  paused: "0 0 1 0 0 0 0 0 0 0 0",
  ready: "0 0 0 0 0 1 1 0 1 0 0",
  standby: "0 0 0 0 1 0 0 0 0 0 0",
  waiting: "0 0 0 0 0 0 0 1 1 0 0",
  pending: "0 0 0 0 0 0 0 0 1 1 0",
  aborting: "0 0 0 0 0 0 0 0 1 1 0",
  concluded: "0 0 0 0 0 0 0 0 0 0 1",
  null: "0 0 0 0 0 0 0 0 0 0 0",
};

const VERBS: Record<JobVerb, string> = {
  cancel: "0 1 1 1 1 1 1 1 0 0 0",
  pause: "0 1 1 1 1 1 0 0 0 0 0",
  resume: "0 1 1 1 1 1 0 0 0 0 0",
  "set-speed": "0 1 1 1 1 1 0 0 0 0 0",
  complete: "0 0 0 0 1 1 0 0 0 0 0",
  finalize: "0 0 0 0 0 0 0 1 0 0 0",
  dismiss: "0 0 0 0 0 0 0 0 0 1 0",
};

const bits = (row: string) => row.split(" ").map((b) => b === "1");

describe("JobSTT", () => {
  for (const from of JOB_STATUSES) {
    const row = bits(STT[from]);
    JOB_STATUSES.forEach((to, i) => {
      it(`${from} -> ${to} is ${row[i] ? "allowed" : "illegal"}`, () => {
        expect(transitionAllowed(from, to)).toBe(row[i]);
        if (row[i]) expect(transition(from, to)).toBe(to);
        else expect(() => transition(from, to)).toThrow(IllegalJobTransition);
      });
    });
  }
});

describe("JobVerbTable (state x verb)", () => {
  for (const verb of JOB_VERBS) {
    const row = bits(VERBS[verb]);
    JOB_STATUSES.forEach((status, i) => {
      it(`${verb} in ${status}`, () => {
        expect(verbAllowed(verb, status)).toBe(row[i]);
        const err = applyVerb({ id: "j0", status }, verb);
        if (row[i]) expect(err).toBeUndefined();
        else {
          expect(err?.errorClass).toBe("GenericError");
          expect(err?.desc).toBe(`Job 'j0' in state '${status}' cannot accept command verb '${verb}'`);
        }
      });
    });
  }
});

describe("job-id validation (util/id.c)", () => {
  it.each(["", "1abc", "-x", "_x", ".x", "a b", "x/y", "xé", "é"])("rejects %j", (id) => {
    expect(idWellformed(id)).toBe(false);
    expect(checkNewJobId(id, () => false)?.desc).toBe(`Invalid job ID '${id}'`);
  });
  it.each(["a", "a-b.c_D9", "Z", "x".repeat(200)])("accepts %j", (id) => {
    expect(idWellformed(id)).toBe(true);
    expect(checkNewJobId(id, () => false)).toBeUndefined();
  });
  it("checks well-formedness before use", () => {
    expect(checkNewJobId("1x", () => true)?.desc).toBe("Invalid job ID '1x'");
    expect(checkNewJobId("x1", () => true)?.desc).toBe("Job ID 'x1' already in use");
  });
});
