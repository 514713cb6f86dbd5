/**
 * The guest's run state, stop/cont and the events they emit (softmmu/cpus.c
 * do_vm_stop / vm_prepare_start, softmmu/runstate.c, monitor qmp_stop /
 * qmp_cont of QEMU 7.2), with the virtual clock ticking only while running.
 */
import type { RunState, StatusInfo } from "../types-local.js";
import type { VirtualClock } from "../clock.js";
import type { EventSink } from "../jobs/job-manager.js";

export class VmRunState {
  private state: RunState;
  /** The guest has run at some point (its VM state is then larger). */
  everRan: boolean;

  constructor(
    private readonly events: EventSink,
    readonly vmClock: VirtualClock,
    startPaused: boolean,
  ) {
    // -S leaves the guest in prelaunch; otherwise it starts at once (the
    // RESUME of that start happens before any monitor connects).
    this.state = startPaused ? "prelaunch" : "running";
    this.everRan = !startPaused;
    if (!startPaused) vmClock.start();
  }

  get status(): RunState {
    return this.state;
  }

  /** runstate_is_running(). */
  isRunning(): boolean {
    return this.state === "running";
  }

  /** vm_stop(state): only a running guest changes state and emits STOP. */
  vmStop(to: RunState): void {
    if (!this.isRunning()) return;
    this.state = to;
    this.vmClock.stop();
    this.events.emit("STOP");
  }

  /** vm_start(): RESUME and running, unless already running. */
  vmStart(): void {
    if (this.isRunning()) return;
    this.events.emit("RESUME");
    this.vmClock.start();
    this.state = "running";
    this.everRan = true;
  }

  /** query-status (7.2 shape). */
  queryStatus(): StatusInfo {
    return { running: this.isRunning(), singlestep: false, status: this.state };
  }

  /** stop: vm_stop(RUN_STATE_PAUSED). */
  stop(): Record<string, never> {
    this.vmStop("paused");
    return {};
  }

  /** cont: vm_start() (no reset-needed states are reachable here). */
  cont(): Record<string, never> {
    this.vmStart();
    return {};
  }
}
