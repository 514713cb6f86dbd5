/**
 * The simulated VM behind `qapi-ts serve`: one object owning the clock, the
 * main loop, the block layer, the jobs and the run state, with one method
 * per QMP command it implements.  Methods take already-validated arguments
 * and return the command's result or throw QmpError.
 *
 * The server must call `mainLoop.drain()` after writing each response (and
 * before dispatching the next command): that runs the bottom halves which
 * complete snapshot jobs, as QEMU's main loop does after the monitor reply.
 */
import { RealClock, VirtualClock, type Clock } from "../clock.js";
import { MainLoop } from "../main-loop.js";
import { JobManager, type EventSink } from "../jobs/job-manager.js";
import { BlockLayer } from "../block/block-layer.js";
import { queryBlock, queryNamedBlockNodes } from "../block/query.js";
import { SnapshotJobs } from "../snapshot/snapshot-jobs.js";
import { VmRunState } from "./run-state.js";
import type {
  BlockDeviceInfo,
  BlockInfo,
  BlockJobDeviceArgs,
  BlockdevDelArgs,
  BlockdevOptions,
  DeviceOptions,
  JobIdArgs,
  JobInfo,
  QueryNamedBlockNodesArgs,
  SnapshotDeleteArgs,
  SnapshotLoadArgs,
  SnapshotSaveArgs,
  StatusInfo,
} from "../types-local.js";

export interface VmConfig {
  /** Where QMP events go (the server adds timestamps and writes them). */
  events: EventSink;
  /** Injected time; RealClock by default. */
  clock?: Clock;
  /** -S: start in prelaunch instead of running. */
  startPaused?: boolean;
  /** -blockdev definitions, in command-line order. */
  blockdevs?: BlockdevOptions[];
  /** -device definitions (ide-hd,drive=NODE[,id=ID]). */
  devices?: DeviceOptions[];
  /** --snapshot-duration MS: asynchronous snapshot jobs (qapi-ts extension). */
  snapshotDurationMs?: number;
  /** Bytes of VM state a save writes (default: close to a 32 MiB pc guest). */
  vmStateSize?: (everRan: boolean) => number;
  /** Random source for generated node names (#blockNNN). */
  random?: () => number;
}

type Empty = Record<string, never>;

export class SimulatedVm {
  readonly clock: Clock;
  readonly mainLoop = new MainLoop();
  readonly jobs: JobManager;
  readonly blocks: BlockLayer;
  readonly run: VmRunState;
  private readonly snapshots: SnapshotJobs;

  /** Throws QmpError if a -blockdev or -device cannot be set up. */
  constructor(config: VmConfig) {
    this.clock = config.clock ?? new RealClock();
    this.jobs = new JobManager(config.events, this.mainLoop);
    this.blocks = new BlockLayer(config.random);
    this.run = new VmRunState(config.events, new VirtualClock(this.clock), config.startPaused ?? false);
    this.snapshots = new SnapshotJobs({
      jobs: this.jobs,
      mainLoop: this.mainLoop,
      clock: this.clock,
      snapshotDurationMs: config.snapshotDurationMs,
      ctx: { blocks: this.blocks, run: this.run, clock: this.clock, vmStateSize: config.vmStateSize },
    });
    try {
      for (const b of config.blockdevs ?? []) this.blocks.blockdevAdd(b);
      for (const d of config.devices ?? []) this.blocks.attachDevice(d);
    } catch (e) {
      this.blocks.closeAll();
      throw e;
    }
  }

  // ---- snapshot jobs (qapi/migration.json) ------------------------------------
  snapshotSave(args: SnapshotSaveArgs): Empty {
    return this.snapshots.snapshotSave(args);
  }
  snapshotLoad(args: SnapshotLoadArgs): Empty {
    return this.snapshots.snapshotLoad(args);
  }
  snapshotDelete(args: SnapshotDeleteArgs): Empty {
    return this.snapshots.snapshotDelete(args);
  }

  // ---- jobs (qapi/job.json) -----------------------------------------------------
  queryJobs(): JobInfo[] {
    return this.jobs.queryJobs();
  }
  jobCancel(args: JobIdArgs): Empty {
    return this.jobs.jobCancel(args);
  }
  jobPause(args: JobIdArgs): Empty {
    return this.jobs.jobPause(args);
  }
  jobResume(args: JobIdArgs): Empty {
    return this.jobs.jobResume(args);
  }
  jobComplete(args: JobIdArgs): Empty {
    return this.jobs.jobComplete(args);
  }
  jobFinalize(args: JobIdArgs): Empty {
    return this.jobs.jobFinalize(args);
  }
  jobDismiss(args: JobIdArgs): Empty {
    return this.jobs.jobDismiss(args);
  }

  // ---- block jobs: none of ours is one (qapi/block-core.json) -------------------
  queryBlockJobs(): never[] {
    return this.jobs.queryBlockJobs();
  }
  blockJobCancel(args: BlockJobDeviceArgs): Empty {
    return this.jobs.blockJobNotFound(args);
  }
  blockJobPause(args: BlockJobDeviceArgs): Empty {
    return this.jobs.blockJobNotFound(args);
  }
  blockJobResume(args: BlockJobDeviceArgs): Empty {
    return this.jobs.blockJobNotFound(args);
  }
  blockJobComplete(args: BlockJobDeviceArgs): Empty {
    return this.jobs.blockJobNotFound(args);
  }
  blockJobDismiss(args: { id: string }): Empty {
    return this.jobs.blockJobNotFound({ device: args.id });
  }
  blockJobFinalize(args: { id: string }): Empty {
    return this.jobs.blockJobNotFound({ device: args.id });
  }
  blockJobSetSpeed(args: BlockJobDeviceArgs & { speed: number }): Empty {
    return this.jobs.blockJobNotFound(args);
  }

  // ---- run state (qapi/run-state.json, qapi/misc.json) ----------------------------
  queryStatus(): StatusInfo {
    return this.run.queryStatus();
  }
  stop(): Empty {
    return this.run.stop();
  }
  cont(): Empty {
    return this.run.cont();
  }

  // ---- block layer ----------------------------------------------------------------
  blockdevAdd(args: BlockdevOptions): Empty {
    this.blocks.blockdevAdd(args);
    return {};
  }
  blockdevDel(args: BlockdevDelArgs): Empty {
    this.blocks.blockdevDel(args["node-name"]);
    return {};
  }
  queryNamedBlockNodes(args: QueryNamedBlockNodesArgs = {}): BlockDeviceInfo[] {
    return queryNamedBlockNodes(this.blocks, args.flat ?? false);
  }
  queryBlock(): BlockInfo[] {
    return queryBlock(this.blocks);
  }

  /** Release image locks (quit, or the server shutting down). */
  shutdown(): void {
    this.snapshots.dispose();
    this.blocks.closeAll();
  }
}

/** Build the VM for `qapi-ts serve` (throws QmpError on a bad -blockdev/-device). */
export function createVm(config: VmConfig): SimulatedVm {
  return new SimulatedVm(config);
}
