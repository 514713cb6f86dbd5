/**
 * The handlers of every command of qapi/, typed by the generated
 * `CommandHandlers` (so adding a command to the schema without a handler,
 * or changing a command's types, breaks the build here).
 *
 * Arguments arrive validated by the generated dispatcher; each handler is a
 * call into the simulated VM (runtime/src/vm) or, for the monitor commands
 * of qapi/control.json and qapi/introspect.json, into the session.
 */
import { COMMAND_TABLE, type CommandHandlers } from "../../../generated/dispatch.js";
import { qmpSchema } from "../../../generated/introspect.js";
import { emitShutdown } from "../../../generated/events/run-state.js";
import type { CommandInfo, VersionInfo } from "../../../generated/types/control.js";
import type { SchemaInfo } from "../../../generated/types/introspect.js";
import type { EventSink } from "../support/events.js";
import type { SimulatedVm } from "../vm/vm.js";
import { QEMU_7_2_VERSION } from "../qmp/session.js";

export interface HandlerOptions {
  /** What query-version answers (default: QEMU 7.2.22 as Debian 12 ships it). */
  version?: VersionInfo;
  /**
   * Called once quit has emitted its events; the server should exit after
   * the reply has been written.
   */
  onQuit(): void;
  /** Where events that the handlers themselves emit go (SHUTDOWN, job clean-up). */
  events: EventSink;
}

/**
 * qmp_query_commands(): QEMU lists the registered commands by prepending
 * each to the answer, so the answer is the registration order reversed.
 */
export function queryCommands(): CommandInfo[] {
  return [...COMMAND_TABLE.keys()].reverse().map((name) => ({ name }));
}

/**
 * What QEMU does with jobs on its way out (job_cancel_sync_all): each job,
 * newest first, is cancelled if it still runs and dismissed, so clients see
 * JOB_STATUS_CHANGE null for every job that was left.
 */
export function dismissAllJobs(vm: SimulatedVm): void {
  for (const job of [...vm.jobs.list()]) {
    if (job.status !== "concluded") {
      try {
        vm.jobs.jobCancel({ id: job.id });
      } catch {
        // a job that cannot be cancelled any more finishes on its own
      }
      vm.mainLoop.drain();
    }
    if (job.status === "concluded") vm.jobs.jobDismiss({ id: job.id });
  }
}

export function createHandlers(vm: SimulatedVm, opts: HandlerOptions): CommandHandlers {
  const version = opts.version ?? QEMU_7_2_VERSION;
  return {
    // ---- qapi/control.json, qapi/introspect.json: the monitor itself --------
    qmp_capabilities: (args, ctx) => {
      ctx.monitor.qmpCapabilities(args.enable);
      return {};
    },
    "query-version": () => version,
    "query-commands": () => queryCommands(),
    "query-qmp-schema": () => qmpSchema as unknown as SchemaInfo[],
    quit: () => {
      // qmp_quit(): SHUTDOWN first; the jobs are dismissed on the way out,
      // and their events, too, come before the reply (as QEMU 7.2.22 sends them).
      emitShutdown(opts.events, { guest: false, reason: "host-qmp-quit" });
      dismissAllJobs(vm);
      opts.onQuit();
      return {};
    },

    // ---- qapi/run-state.json ------------------------------------------------
    "query-status": () => vm.queryStatus(),
    stop: () => vm.stop(),
    cont: () => vm.cont(),

    // ---- qapi/migration.json: the snapshot jobs ---------------------------------
    "snapshot-save": (args) => vm.snapshotSave(args),
    "snapshot-load": (args) => vm.snapshotLoad(args),
    "snapshot-delete": (args) => vm.snapshotDelete(args),

    // ---- qapi/job.json --------------------------------------------------------
    "query-jobs": () => vm.queryJobs(),
    "job-cancel": (args) => vm.jobCancel(args),
    "job-pause": (args) => vm.jobPause(args),
    "job-resume": (args) => vm.jobResume(args),
    "job-complete": (args) => vm.jobComplete(args),
    "job-finalize": (args) => vm.jobFinalize(args),
    "job-dismiss": (args) => vm.jobDismiss(args),

    // ---- qapi/block-core.json -------------------------------------------------
    "query-block-jobs": () => vm.queryBlockJobs(),
    "block-job-set-speed": (args) => vm.blockJobSetSpeed(args),
    "block-job-cancel": (args) => vm.blockJobCancel(args),
    "block-job-pause": (args) => vm.blockJobPause(args),
    "block-job-resume": (args) => vm.blockJobResume(args),
    "block-job-complete": (args) => vm.blockJobComplete(args),
    "block-job-dismiss": (args) => vm.blockJobDismiss(args),
    "block-job-finalize": (args) => vm.blockJobFinalize(args),
    "blockdev-add": (args) => vm.blockdevAdd(args),
    "blockdev-del": (args) => vm.blockdevDel(args),
    "query-named-block-nodes": (args) => vm.queryNamedBlockNodes(args),
    "query-block": () => vm.queryBlock(),
  };
}
