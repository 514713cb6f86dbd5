/**
 * One job's data and the pure rules around it: the status transition
 * (job_state_transition), the verb check (job_apply_verb) and job-id
 * validation (util/id.c id_wellformed + job_create).  Effects (events,
 * timers, block I/O) are applied by JobManager.
 */
import type { JobInfo, JobStatus, JobType, JobVerb } from "../types-local.js";
import { genericError, type QmpError } from "../vm/qmp-errors.js";
import { transitionAllowed, verbAllowed } from "./tables.js";

/** Callbacks a job driver may provide (JobDriver in QEMU). */
export interface JobDriver {
  /** The job was user-paused and has reached a pause point (optional). */
  pause?(job: Job): void;
  /** The job was resumed after a pause. */
  resume?(job: Job): void;
  /** A cancel was requested while the job works. */
  cancel?(job: Job): void;
  /** job-complete on a ready job; absent for snapshot jobs. */
  complete?(job: Job): void;
}

/** A job as the manager keeps it (fields named after QEMU's struct Job). */
export interface Job {
  readonly id: string;
  readonly type: JobType;
  status: JobStatus;
  progressCurrent: number;
  progressTotal: number;
  /** Job error text, set when the job fails (job->err). */
  error: string | undefined;
  autoFinalize: boolean;
  autoDismiss: boolean;
  userPaused: boolean;
  pauseCount: number;
  cancelled: boolean;
  forceCancel: boolean;
  /** The job's work has finished and its completion is scheduled/done. */
  deferredToMainLoop: boolean;
  readonly driver: JobDriver;
}

/** A fresh job in status `undefined` (job_create before the first transition). */
export function newJob(
  id: string,
  type: JobType,
  driver: JobDriver,
  flags: { autoFinalize: boolean; autoDismiss: boolean },
): Job {
  return {
    id,
    type,
    status: "undefined",
    progressCurrent: 0,
    progressTotal: 0,
    error: undefined,
    autoFinalize: flags.autoFinalize,
    autoDismiss: flags.autoDismiss,
    userPaused: false,
    pauseCount: 0,
    cancelled: false,
    forceCancel: false,
    deferredToMainLoop: false,
    driver,
  };
}

/** Thrown for an edge JobSTT forbids: a bug in the runtime, never user input. */
export class IllegalJobTransition extends Error {
  constructor(
    readonly from: JobStatus,
    readonly to: JobStatus,
  ) {
    super(`illegal job status transition ${from} -> ${to}`);
    this.name = "IllegalJobTransition";
  }
}

/**
 * The status after moving from `from` to `to`, or a throw if JobSTT forbids
 * it (QEMU asserts).  Pure: no events.
 */
export function transition(from: JobStatus, to: JobStatus): JobStatus {
  if (!transitionAllowed(from, to)) throw new IllegalJobTransition(from, to);
  return to;
}

/** job_apply_verb: undefined when allowed, else the QMP error QEMU gives. */
export function applyVerb(job: Pick<Job, "id" | "status">, verb: JobVerb): QmpError | undefined {
  if (verbAllowed(verb, job.status)) return undefined;
  return genericError(`Job '${job.id}' in state '${job.status}' cannot accept command verb '${verb}'`);
}

/**
 * id_wellformed(): an ASCII letter, then ASCII letters, digits, '-', '.', '_'
 * (isalpha/isalnum in the C locale: bytes >= 0x80 never qualify).
 */
export function idWellformed(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9._-]*$/.test(id);
}

/** job_create's id checks, in QEMU's order, against the ids in use. */
export function checkNewJobId(id: string, inUse: (id: string) => boolean): QmpError | undefined {
  if (!idWellformed(id)) return genericError(`Invalid job ID '${id}'`);
  if (inUse(id)) return genericError(`Job ID '${id}' already in use`);
  return undefined;
}

/** JobInfo for query-jobs (job_query_single): `error` only when failed. */
export function jobInfo(job: Job): JobInfo {
  const info: JobInfo = {
    id: job.id,
    type: job.type,
    status: job.status,
    "current-progress": job.progressCurrent,
    "total-progress": job.progressTotal,
  };
  if (job.error !== undefined) info.error = job.error;
  return info;
}
