/**
 * QEMU's job state machine as data: JobSTT (allowed status changes) and
 * JobVerbTable (which QMP verb a job accepts in which status), mirroring
 * job.c of QEMU 7.2 (the same in 10.0 apart from the verb "change").
 *
 * Typed with Record<JobStatus, ...> and Record<JobVerb, ...> so that a new
 * enum value fails the type check until the tables cover it.
 */
import type { JobStatus, JobVerb } from "../types-local.js";

/*
 * Allowed transitions, from (row) -> to (column).  Letters as QEMU abbreviates
 * the statuses: U undefined, C created, R running, P paused, Y ready,
 * S standby, W waiting, D pending, X aborting, E concluded, N null.
 *
 *                  U  C  R  P  Y  S  W  D  X  E  N
 *   U undefined       1
 *   C created            1                 1     1
 *   R running               1  1     1     1
 *   P paused             1
 *   Y ready                       1  1     1
 *   S standby                  1
 *   W waiting                           1  1
 *   D pending                              1  1
 *   X aborting                             1  1
 *   E concluded                                  1
 *   N null
 */
export const JOB_STT: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  undefined: ["created"],
  created: ["running", "aborting", "null"],
  running: ["paused", "ready", "waiting", "aborting"],
  paused: ["running"],
  ready: ["standby", "waiting", "aborting"],
  standby: ["ready"],
  waiting: ["pending", "aborting"],
  pending: ["aborting", "concluded"],
  aborting: ["aborting", "concluded"],
  concluded: ["null"],
  null: [],
};

/*
 * Statuses in which each verb passes the state check (job_apply_verb).
 *
 *                  U  C  R  P  Y  S  W  D  X  E  N
 *   cancel            1  1  1  1  1  1  1
 *   pause             1  1  1  1  1
 *   resume            1  1  1  1  1
 *   set-speed         1  1  1  1  1
 *   complete                   1  1
 *   finalize                            1
 *   dismiss                                   1
 */
export const JOB_VERB_TABLE: Readonly<Record<JobVerb, readonly JobStatus[]>> = {
  cancel: ["created", "running", "paused", "ready", "standby", "waiting", "pending"],
  pause: ["created", "running", "paused", "ready", "standby"],
  resume: ["created", "running", "paused", "ready", "standby"],
  "set-speed": ["created", "running", "paused", "ready", "standby"],
  complete: ["ready", "standby"],
  finalize: ["pending"],
  dismiss: ["concluded"],
};

/** JobSTT[from][to]. */
export function transitionAllowed(from: JobStatus, to: JobStatus): boolean {
  return JOB_STT[from].includes(to);
}

/** JobVerbTable[verb][status]. */
export function verbAllowed(verb: JobVerb, status: JobStatus): boolean {
  return JOB_VERB_TABLE[verb].includes(status);
}
