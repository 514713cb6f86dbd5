/**
 * The global job list and the QMP job commands (job.c + job-qmp.c of QEMU 7.2).
 *
 * Jobs are kept newest first (job_create inserts at the head of the list).
 * Every real status change of a job with an id emits JOB_STATUS_CHANGE
 * through the injected event sink.  Verb checks run in the order of
 * job-qmp.c and use QEMU's texts.
 */
import type { JobInfo, JobStatus, JobType, JobVerb } from "../types-local.js";
import type { MainLoop } from "../main-loop.js";
import { genericError, deviceNotActive, type QmpError } from "../vm/qmp-errors.js";
import { applyVerb, checkNewJobId, jobInfo, newJob, transition, type Job, type JobDriver } from "./job.js";

/** Where QMP events go: the server serialises them with a timestamp. */
export interface EventSink {
  emit(event: string, data?: object): void;
}

export interface CreateJobOptions {
  /** Default true (QEMU: unless JOB_MANUAL_FINALIZE). */
  autoFinalize?: boolean;
  /** Default true (QEMU: unless JOB_MANUAL_DISMISS). */
  autoDismiss?: boolean;
  driver?: JobDriver;
}

/** strerror(ECANCELED): the error a cancelled job reports. */
export const ECANCELED_TEXT = "Operation canceled";

export class JobManager {
  /** Newest first. */
  private jobs: Job[] = [];

  constructor(
    private readonly events: EventSink,
    private readonly mainLoop: MainLoop,
  ) {}

  // ---- life cycle used by job drivers --------------------------------------

  /**
   * job_create: check the id, insert at the head, move to `created`.
   * Throws the QMP error for a bad or duplicate id (no job, no event).
   */
  create(id: string, type: JobType, opts: CreateJobOptions = {}): Job {
    const err = checkNewJobId(id, (x) => this.find(x) !== undefined);
    if (err) throw err;
    const job = newJob(id, type, opts.driver ?? {}, {
      autoFinalize: opts.autoFinalize ?? true,
      autoDismiss: opts.autoDismiss ?? true,
    });
    this.jobs.unshift(job);
    this.setStatus(job, "created");
    return job;
  }

  /** job_start: created -> running. */
  start(job: Job): void {
    this.setStatus(job, "running");
  }

  /** job_state_transition: checks JobSTT, emits on a real change. */
  setStatus(job: Job, to: JobStatus): void {
    const from = job.status;
    job.status = transition(from, to);
    if (from !== to) this.events.emit("JOB_STATUS_CHANGE", { status: to, id: job.id });
  }

  /** Lookup by exact id (find_job / job_get). */
  find(id: string): Job | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  /** All jobs, newest first. */
  list(): readonly Job[] {
    return this.jobs;
  }

  /**
   * job_completed: the job's work ended with `error` (undefined = success).
   * success: running -> waiting -> pending [-> concluded if auto-finalize];
   * failure or cancel: -> aborting -> concluded.  Then auto-dismiss.
   */
  completed(job: Job, error?: string): void {
    job.deferredToMainLoop = true;
    if (error === undefined && job.cancelled) error = ECANCELED_TEXT;
    if (error !== undefined) {
      job.error = error;
      this.abort(job);
      return;
    }
    this.setStatus(job, "waiting");
    this.setStatus(job, "pending");
    if (job.autoFinalize) this.finalizeAndConclude(job);
  }

  /** True while a user pause or an internal pause is requested. */
  shouldPause(job: Job): boolean {
    return job.pauseCount > 0 && !job.cancelled;
  }

  private abort(job: Job): void {
    this.setStatus(job, "aborting");
    this.conclude(job);
  }

  private finalizeAndConclude(job: Job): void {
    this.conclude(job);
  }

  private conclude(job: Job): void {
    this.setStatus(job, "concluded");
    if (job.autoDismiss) this.dismissNow(job);
  }

  /** job_do_dismiss: -> null, removed from the list. */
  private dismissNow(job: Job): void {
    this.setStatus(job, "null");
    this.jobs = this.jobs.filter((j) => j !== job);
  }

  // ---- QMP commands ----------------------------------------------------------

  /** query-jobs: newest first. */
  queryJobs(): JobInfo[] {
    return this.jobs.map(jobInfo);
  }

  /** find_job in job-qmp.c. */
  private lookup(id: string): Job {
    const job = this.find(id);
    if (!job) throw genericError("Job not found");
    return job;
  }

  private check(job: Job, verb: JobVerb): void {
    const err: QmpError | undefined = applyVerb(job, verb);
    if (err) throw err;
  }

  /** job-cancel: always a forced cancel from QMP. */
  jobCancel({ id }: { id: string }): Record<string, never> {
    const job = this.lookup(id);
    this.check(job, "cancel");
    this.cancel(job);
    return {};
  }

  /** job_cancel_locked(force = true). */
  private cancel(job: Job): void {
    if (job.status === "concluded") {
      this.dismissNow(job);
      return;
    }
    job.cancelled = true;
    job.forceCancel = true;
    if (job.userPaused) {
      job.userPaused = false;
      job.pauseCount--;
    }
    if (job.status === "created") {
      // Never started: complete at once (job_completed on an unstarted job).
      this.completed(job);
      return;
    }
    if (job.status === "waiting" || job.status === "pending") {
      this.completed(job, ECANCELED_TEXT);
      return;
    }
    job.driver.cancel?.(job);
  }

  /** job-pause. */
  jobPause({ id }: { id: string }): Record<string, never> {
    const job = this.lookup(id);
    this.check(job, "pause");
    if (job.userPaused) throw genericError("Job is already paused");
    job.userPaused = true;
    job.pauseCount++;
    job.driver.pause?.(job);
    return {};
  }

  /** job-resume: the "not paused" check comes before the verb check. */
  jobResume({ id }: { id: string }): Record<string, never> {
    const job = this.lookup(id);
    if (!job.userPaused || job.pauseCount <= 0) throw genericError("Can't resume a job that was not paused");
    this.check(job, "resume");
    job.userPaused = false;
    job.pauseCount--;
    if (job.pauseCount === 0) job.driver.resume?.(job);
    return {};
  }

  /** job-complete. */
  jobComplete({ id }: { id: string }): Record<string, never> {
    const job = this.lookup(id);
    this.check(job, "complete");
    if (job.cancelled || !job.driver.complete) {
      throw genericError(`The active block job '${job.id}' cannot be completed`);
    }
    job.driver.complete(job);
    return {};
  }

  /** job-finalize: only a pending job (manual finalize) gets here. */
  jobFinalize({ id }: { id: string }): Record<string, never> {
    const job = this.lookup(id);
    this.check(job, "finalize");
    this.finalizeAndConclude(job);
    return {};
  }

  /** job-dismiss: the `null` event comes before the reply. */
  jobDismiss({ id }: { id: string }): Record<string, never> {
    const job = this.lookup(id);
    this.check(job, "dismiss");
    this.dismissNow(job);
    return {};
  }

  // ---- block-job-* (no job here is a block job) ------------------------------

  /** query-block-jobs: snapshot jobs are not block jobs. */
  queryBlockJobs(): never[] {
    return [];
  }

  /** find_block_job failure shared by block-job-cancel/pause/resume/... */
  blockJobNotFound({ device }: { device: string }): never {
    throw deviceNotActive(`Block job '${device}' not found`);
  }

  /** Schedule fn as a bottom half (exposed for job drivers). */
  bh(fn: () => void): void {
    this.mainLoop.bh(fn);
  }
}
