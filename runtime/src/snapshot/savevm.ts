/**
 * save_snapshot / load_snapshot / delete_snapshot (migration/savevm.c of
 * QEMU 7.2.22) over the simulated block layer, with the device-list helpers
 * of block/snapshot.c (bdrv_all_*).  Every check runs in QEMU's order with
 * QEMU's text; see shared/spec/qemu-snapshot-jobs.md sections 4, 5, 6, 9.
 *
 * Each operation is split in two phases so that the job layer can spread
 * the work over time (--snapshot-duration): prepare() runs the checks and
 * stops the VM, commit() writes and resumes.  QEMU's behaviour is
 * prepare + commit back to back.
 */
import type { Clock } from "../clock.js";
import type { BlockLayer } from "../block/block-layer.js";
import type { VmRunState } from "../vm/run-state.js";
import {
  canSnapshot,
  createSnapshot,
  deleteSnapshot,
  findSnapshotByName,
  gotoSnapshot,
  listSnapshots,
  saveVmState,
  vmStateAvailable,
  type BlockNode,
} from "../block/node.js";

/** What the operations need from the VM. */
export interface SnapshotContext {
  blocks: BlockLayer;
  run: VmRunState;
  clock: Clock;
  /** Bytes the migration stream writes for the guest (see vmStateSize). */
  vmStateSize?: (everRan: boolean) => number;
}

/** strerror(EPERM): a job that failed without setting an error. */
export const EPERM_TEXT = "Operation not permitted";

/** Outcome of a phase: undefined = success, else the job's error text. */
export type PhaseResult = string | undefined;

/** A prepared operation: commit it, or abandon it (job cancelled). */
export interface Prepared {
  commit(): PhaseResult;
  abandon(): void;
}

export type PrepareResult = { error: string } | { prepared: Prepared };

/**
 * Default VM state sizes, close to what 7.2 writes for a 32 MiB pc guest:
 * about 641 KiB once it has run, 387 KiB when it never ran (-S).
 */
export function defaultVmStateSize(everRan: boolean): number {
  return everRan ? 656_384 : 396_288;
}

// ---- bdrv_all_* helpers ------------------------------------------------------------

/** bdrv_get_device_or_node_name: the named BlockBackend's name (legacy -drive), else the node name. */
function devName(bs: BlockNode): string {
  return bs.backendName ?? bs.nodeName;
}

/** bdrv_all_get_snapshot_devices with has_devices = true. */
function getDevices(ctx: SnapshotContext, devices: readonly string[]): BlockNode[] | string {
  if (devices.length === 0) return "At least one device is required for snapshot";
  const out: BlockNode[] = [];
  for (const name of devices) {
    const bs = ctx.blocks.findNode(name);
    if (!bs) return `No block device node '${name}'`;
    out.push(bs);
  }
  return out;
}

/** bdrv_all_can_snapshot: the device list, then every device's capability. */
function allCanSnapshot(ctx: SnapshotContext, devices: readonly string[]): BlockNode[] | string {
  const bdrvs = getDevices(ctx, devices);
  if (typeof bdrvs === "string") return bdrvs;
  for (const bs of bdrvs) {
    if (!canSnapshot(bs)) return `Device '${devName(bs)}' is writable but does not support snapshots`;
  }
  return bdrvs;
}

/** bdrv_all_has_snapshot: true only if every device has a snapshot of that name. */
function allHaveSnapshot(bdrvs: readonly BlockNode[], name: string): boolean {
  return bdrvs.every((bs) => findSnapshotByName(bs, name) !== undefined);
}

/** bdrv_all_find_vmstate_bs with an explicit vmstate node name. */
function findVmstateBs(bdrvs: readonly BlockNode[], vmstate: string): BlockNode | string {
  for (const bs of bdrvs) {
    if (bs.nodeName === vmstate) {
      return canSnapshot(bs) ? bs : `vmstate block device '${vmstate}' does not support snapshots`;
    }
  }
  return `vmstate block device '${vmstate}' does not exist`;
}

/** bdrv_all_delete_snapshot: first snapshot of that name per listed device. */
function allDeleteSnapshot(bdrvs: readonly BlockNode[], name: string): PhaseResult {
  for (const bs of bdrvs) {
    const sn = findSnapshotByName(bs, name);
    if (!sn) continue;
    const detail = deleteSnapshot(bs, sn.id, sn.name);
    if (detail === null) return EPERM_TEXT;
    if (detail !== undefined) return `Could not delete snapshot '${name}' on '${devName(bs)}': ${detail}`;
  }
  return undefined;
}

/** pstrcpy into char name[256]: at most 255 bytes. */
export function truncateName(tag: string): string {
  const bytes = Buffer.from(tag, "utf8");
  return bytes.length <= 255 ? tag : bytes.subarray(0, 255).toString("utf8");
}

// ---- save ----------------------------------------------------------------------------

export interface SaveArgs {
  tag: string;
  vmstate: string;
  devices: readonly string[];
}

/** save_snapshot(name, overwrite = false, vmstate, has_devices = true, devices). */
export function prepareSave(ctx: SnapshotContext, args: SaveArgs): PrepareResult {
  const nowUs = ctx.clock.realtimeUs(); // g_date_time_new_now_local() comes first
  const bdrvs = allCanSnapshot(ctx, args.devices);
  if (typeof bdrvs === "string") return { error: bdrvs };
  if (allHaveSnapshot(bdrvs, args.tag)) {
    return { error: `Snapshot '${args.tag}' already exists in one or more devices` };
  }
  const vmBs = findVmstateBs(bdrvs, args.vmstate);
  if (typeof vmBs === "string") return { error: vmBs };

  const wasRunning = ctx.run.isRunning();
  ctx.run.vmStop("save-vm");
  const resume = () => {
    if (wasRunning) ctx.run.vmStart();
  };
  const vmClockNsec = ctx.run.vmClock.nowNs();
  const everRan = ctx.run.everRan;
  return {
    prepared: {
      abandon: resume,
      commit: () => {
        const result = commitSave(ctx, bdrvs, vmBs, {
          name: truncateName(args.tag),
          dateSec: Math.floor(nowUs / 1e6),
          dateNsec: (nowUs % 1e6) * 1000,
          vmClockNsec,
          size: (ctx.vmStateSize ?? defaultVmStateSize)(everRan),
        });
        resume();
        return result;
      },
    },
  };
}

interface SaveInfo {
  name: string;
  dateSec: number;
  dateNsec: number;
  vmClockNsec: number;
  size: number;
}

/** Steps 8-9 of save_snapshot: VM state, then one snapshot per listed device. */
function commitSave(ctx: SnapshotContext, bdrvs: BlockNode[], vmBs: BlockNode, info: SaveInfo): PhaseResult {
  if (!saveVmState(vmBs, info.size)) return "Could not open VM state file";
  for (const bs of bdrvs) {
    const ret = createSnapshot(bs, {
      name: info.name,
      vmStateSize: bs === vmBs ? info.size : 0,
      dateSec: info.dateSec,
      dateNsec: info.dateNsec,
      vmClockNsec: info.vmClockNsec,
      icount: -1,
    });
    if (ret < 0) {
      // Clean-up deletes the first snapshot of that name on every listed
      // device, errors ignored (stops at the first failure).
      allDeleteSnapshot(bdrvs, info.name);
      return `Could not create snapshot '${info.name}' on '${devName(bs)}'`;
    }
  }
  return undefined;
}

// ---- load ----------------------------------------------------------------------------

export type LoadArgs = SaveArgs;

/**
 * snapshot_load_job_bh: the VM stops before any check; load_snapshot's
 * checks follow; a failure leaves the VM stopped (restore-vm).
 */
export function prepareLoad(ctx: SnapshotContext, args: LoadArgs): PrepareResult {
  const wasRunning = ctx.run.isRunning();
  ctx.run.vmStop("restore-vm");
  const bdrvs = allCanSnapshot(ctx, args.devices);
  if (typeof bdrvs === "string") return { error: bdrvs };
  if (!allHaveSnapshot(bdrvs, args.tag))
    return { error: `Snapshot '${args.tag}' does not exist in one or more devices` };
  const vmBs = findVmstateBs(bdrvs, args.vmstate);
  if (typeof vmBs === "string") return { error: vmBs };
  const sn = findSnapshotByName(vmBs, args.tag);
  if (!sn) return { error: EPERM_TEXT };
  if (sn.vmStateSize === 0) return { error: "This is a disk-only snapshot. Revert to it  offline using qemu-img" };
  return {
    prepared: {
      abandon: () => {
        if (wasRunning) ctx.run.vmStart();
      },
      commit: () => {
        const err = commitLoad(ctx, bdrvs, vmBs, args.tag);
        if (err === undefined && wasRunning) ctx.run.vmStart();
        return err;
      },
    },
  };
}

/** bdrv_all_goto_snapshot, then the VM state load. */
function commitLoad(ctx: SnapshotContext, bdrvs: BlockNode[], vmBs: BlockNode, tag: string): PhaseResult {
  for (const bs of bdrvs) {
    const detail = gotoSnapshot(bs, tag);
    if (detail !== undefined) return `Could not load snapshot '${tag}' on '${devName(bs)}': ${detail}`;
  }
  // qemu_system_reset (no RESET event for SHUTDOWN_CAUSE_SNAPSHOT_LOAD), then
  // qemu_loadvm_state: an empty VM state area is "not a migration stream".
  if (vmStateAvailable(vmBs) === 0) return "Error -22 while loading VM state";
  const loaded = listSnapshots(vmBs)?.find((s) => s.id === tag) ?? findSnapshotByName(vmBs, tag);
  if (loaded) ctx.run.vmClock.set(loaded.vmClockNsec);
  ctx.blocks.guestStateLoaded();
  return undefined;
}

// ---- delete --------------------------------------------------------------------------

export interface DeleteArgs {
  tag: string;
  devices: readonly string[];
}

/** delete_snapshot: capability checks, then per-device delete of the first match. */
export function prepareDelete(ctx: SnapshotContext, args: DeleteArgs): PrepareResult {
  const bdrvs = allCanSnapshot(ctx, args.devices);
  if (typeof bdrvs === "string") return { error: bdrvs };
  return {
    prepared: {
      abandon: () => {},
      commit: () => allDeleteSnapshot(bdrvs, args.tag),
    },
  };
}
