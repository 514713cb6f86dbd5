/**
 * snapshot-save / snapshot-load / snapshot-delete as jobs
 * (qmp_snapshot_save & co. in migration/savevm.c of QEMU 7.2.22).
 *
 * QEMU mode (no duration): the handler creates the job (created, running),
 * does the whole work synchronously, so STOP/RESUME precede the reply, and
 * leaves the completion (waiting, pending, concluded or aborting, concluded)
 * to a main-loop bottom half that runs after the reply.
 *
 * Extension (--snapshot-duration MS): the work is spread over MS
 * milliseconds of the injected clock in PROGRESS_STEPS steps, with pause
 * points between steps, so job-pause / job-resume / job-cancel work on a
 * running snapshot job.  The checks (and the VM stop) run in a bottom half
 * after the reply; writes happen only at the last step, so a cancelled job
 * leaves no partial snapshot.
 */
import type { Clock, Timer } from "../clock.js";
import type { MainLoop } from "../main-loop.js";
import type { JobType, SnapshotDeleteArgs, SnapshotLoadArgs, SnapshotSaveArgs } from "../types-local.js";
import type { Job } from "../jobs/job.js";
import type { JobManager } from "../jobs/job-manager.js";
import {
  prepareDelete,
  prepareLoad,
  prepareSave,
  type PrepareResult,
  type Prepared,
  type SnapshotContext,
} from "./savevm.js";

/** Steps of an asynchronous snapshot job (its total-progress). */
export const PROGRESS_STEPS = 100;

export interface SnapshotJobsOptions {
  jobs: JobManager;
  mainLoop: MainLoop;
  clock: Clock;
  ctx: SnapshotContext;
  /** Spread the work over this many milliseconds (undefined: QEMU behaviour). */
  snapshotDurationMs?: number;
}

export class SnapshotJobs {
  private readonly running = new Set<AsyncSnapshotJob>();

  constructor(private readonly o: SnapshotJobsOptions) {}

  /** Stop the timers of asynchronous jobs (the VM is going away). */
  dispose(): void {
    for (const j of this.running) j.dispose();
    this.running.clear();
  }

  snapshotSave(args: SnapshotSaveArgs): Record<string, never> {
    return this.run(args["job-id"], "snapshot-save", () => prepareSave(this.o.ctx, args));
  }

  snapshotLoad(args: SnapshotLoadArgs): Record<string, never> {
    return this.run(args["job-id"], "snapshot-load", () => prepareLoad(this.o.ctx, args));
  }

  snapshotDelete(args: SnapshotDeleteArgs): Record<string, never> {
    return this.run(args["job-id"], "snapshot-delete", () => prepareDelete(this.o.ctx, args));
  }

  private run(id: string, type: JobType, prepare: () => PrepareResult): Record<string, never> {
    const duration = this.o.snapshotDurationMs;
    if (duration === undefined || duration <= 0) {
      this.runSync(id, type, prepare);
    } else {
      const job = new AsyncSnapshotJob(this.o, id, type, prepare, duration, () => this.running.delete(job));
      this.running.add(job);
    }
    return {};
  }

  /** QEMU 7.2.22's order: work before the reply, completion after it. */
  private runSync(id: string, type: JobType, prepare: () => PrepareResult): void {
    const { jobs, mainLoop } = this.o;
    const job = jobs.create(id, type, { autoFinalize: true, autoDismiss: false });
    jobs.start(job);
    job.progressTotal = 1;
    const p = prepare();
    const error = "error" in p ? p.error : p.prepared.commit();
    job.progressCurrent = 1;
    mainLoop.bh(() => jobs.completed(job, error));
  }
}

/** One snapshot job spread over time on the injected clock. */
class AsyncSnapshotJob {
  private readonly job: Job;
  private prepared: Prepared | undefined;
  private timer: Timer | undefined;
  private finished = false;

  constructor(
    private readonly o: SnapshotJobsOptions,
    id: string,
    type: JobType,
    private readonly prepare: () => PrepareResult,
    private readonly durationMs: number,
    private readonly onFinished: () => void,
  ) {
    const { jobs, mainLoop } = o;
    this.job = jobs.create(id, type, {
      autoFinalize: true,
      autoDismiss: false,
      driver: {
        resume: () => mainLoop.bh(() => this.onResume()),
        cancel: () => mainLoop.bh(() => this.onCancel()),
      },
    });
    jobs.start(this.job);
    this.job.progressTotal = PROGRESS_STEPS;
    mainLoop.bh(() => this.begin());
  }

  private begin(): void {
    if (this.finished) return;
    if (this.job.cancelled) return this.finish(undefined);
    const p = this.prepare();
    if ("error" in p) return this.finish(p.error);
    this.prepared = p.prepared;
    this.scheduleStep();
  }

  private scheduleStep(): void {
    this.timer = this.o.clock.setTimer(this.durationMs / PROGRESS_STEPS, () => this.step());
  }

  /** One step; a pause point before it (job_pause_point). */
  private step(): void {
    this.timer = undefined;
    if (this.finished) return;
    if (this.job.cancelled) return this.cancelNow();
    if (this.o.jobs.shouldPause(this.job)) {
      this.o.jobs.setStatus(this.job, "paused");
      return; // onResume continues
    }
    this.job.progressCurrent++;
    if (this.job.progressCurrent < PROGRESS_STEPS) return this.scheduleStep();
    this.finish(this.prepared?.commit());
  }

  private onResume(): void {
    if (this.finished || this.job.status !== "paused") return;
    this.o.jobs.setStatus(this.job, "running");
    this.scheduleStep();
  }

  private onCancel(): void {
    if (this.finished) return;
    if (this.job.status === "paused") this.o.jobs.setStatus(this.job, "running");
    this.timer?.cancel();
    this.timer = undefined;
    // Before begin() ran, begin() sees the cancel itself.
    if (this.prepared) this.cancelNow();
  }

  private cancelNow(): void {
    this.prepared?.abandon();
    this.finish(undefined); // the manager turns a cancelled job into ECANCELED
  }

  private finish(error: string | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.onFinished();
    this.o.jobs.completed(this.job, error);
  }

  /** Drop the pending timer without completing (shutdown). */
  dispose(): void {
    this.finished = true;
    this.timer?.cancel();
    this.timer = undefined;
  }
}
