/**
 * A node of the simulated block graph (BlockDriverState) and the per-node
 * internal-snapshot operations, mirroring block/snapshot.c (fallback to the
 * primary child) and block/qcow2-snapshot.c (ids, lookup rules, the
 * external-data-file refusal, VM state area discard).
 */
import type { SimulatedDriver, BlockdevDetectZeroesOptions } from "../types-local.js";
import { writeImage, FileError, type ImageData, type ImageSnapshot } from "../img/image-file.js";

export interface BlockNodeInit {
  nodeName: string;
  autoNamed: boolean;
  driver: SimulatedDriver;
  readOnly: boolean;
  filename: string;
  detectZeroes?: BlockdevDetectZeroesOptions;
  cacheDirect?: boolean;
  cacheNoFlush?: boolean;
}

export class BlockNode {
  readonly nodeName: string;
  readonly autoNamed: boolean;
  readonly driver: SimulatedDriver;
  readonly readOnly: boolean;
  /** bs->filename: the host file for file nodes, the file child's for formats. */
  readonly filename: string;
  readonly detectZeroes: BlockdevDetectZeroesOptions;
  readonly cacheDirect: boolean;
  readonly cacheNoFlush: boolean;
  /** Owned by the monitor (created by blockdev-add / -blockdev as a root). */
  monitorOwned = false;
  /** Number of parent nodes referencing this one as a child. */
  parentRefs = 0;
  /** Number of BlockBackends (guest devices, legacy drives) attached. */
  backends = 0;
  /** The name of the named BlockBackend (legacy -drive id) on this node, if any. */
  backendName: string | undefined;
  /** The "file" child (format nodes). */
  file: BlockNode | undefined;
  /** The qcow2 "data-file" child. */
  dataFile: BlockNode | undefined;
  /** Simulated image behind a format node, and where it lives. */
  image: ImageData | undefined;
  imagePath: string | undefined;
  /** Size of the host file / raw view when not a simulated image. */
  plainSize = 0;
  /** Allocated bytes of the host file (st_blocks * 512). */
  allocatedSize = 0;
  /** raw driver's size/offset options. */
  rawSize: number | undefined;
  /** force-share=on (read-only only): takes no lock, lets others write. */
  forceShare = false;
  /** file driver with locking=off: openers on top take no lock. */
  lockingOff = false;
  /** Lock token and the files it holds. */
  lockToken: string | undefined;
  lockedPaths: string[] = [];

  constructor(init: BlockNodeInit) {
    this.nodeName = init.nodeName;
    this.autoNamed = init.autoNamed;
    this.driver = init.driver;
    this.readOnly = init.readOnly;
    this.filename = init.filename;
    this.detectZeroes = init.detectZeroes ?? "off";
    this.cacheDirect = init.cacheDirect ?? false;
    this.cacheNoFlush = init.cacheNoFlush ?? false;
  }

  /** bdrv_getlength. */
  virtualSize(): number {
    if (this.driver === "raw" && this.rawSize !== undefined) return this.rawSize;
    if (this.driver === "file") return this.plainSize;
    if (this.image) return this.image.virtualSize;
    return this.file ? this.file.virtualSize() : 0;
  }

  /** bdrv_get_allocated_file_size: file: st_blocks; formats: sum of children. */
  allocated(): number {
    if (this.driver === "file") return this.allocatedSize;
    return (this.file?.allocated() ?? 0) + (this.dataFile?.allocated() ?? 0);
  }

  /**
   * Change the image and write it out; if the write fails the in-memory
   * image is put back, so memory and file never disagree.  Returns the
   * strerror text of a failed write.
   */
  update(change: (image: ImageData) => void): string | undefined {
    if (!this.image) return undefined;
    const before = structuredClone(this.image);
    change(this.image);
    if (!this.imagePath) return undefined;
    try {
      writeImage(this.imagePath, this.image);
      return undefined;
    } catch (e) {
      this.image = before;
      if (e instanceof FileError) return e.strerror;
      throw e;
    }
  }

  /** The qcow2 image has an external data file (has_data_file()). */
  hasDataFile(): boolean {
    return this.driver === "qcow2" && this.image?.qcow2?.dataFile !== undefined;
  }
}

// ---- snapshot primitives --------------------------------------------------------

/**
 * bdrv_snapshot_fallback: a driver without snapshot support forwards to its
 * primary child if that is its only data child (raw over qcow2).
 */
export function snapshotFallback(bs: BlockNode): BlockNode | undefined {
  if (bs.driver === "raw" && bs.file && !bs.dataFile) return bs.file;
  return undefined;
}

/** bdrv_can_snapshot (7.2.22: writable, not merely not read-only). */
export function canSnapshot(bs: BlockNode): boolean {
  if (bs.readOnly) return false;
  if (bs.driver === "qcow2") return true;
  const fb = snapshotFallback(bs);
  return fb ? canSnapshot(fb) : false;
}

/** The node whose driver actually holds the snapshot table. */
export function snapshotHolder(bs: BlockNode): BlockNode | undefined {
  if (bs.driver === "qcow2") return bs;
  const fb = snapshotFallback(bs);
  return fb ? snapshotHolder(fb) : undefined;
}

/** bdrv_snapshot_list: the table, or undefined (-ENOTSUP). */
export function listSnapshots(bs: BlockNode): readonly ImageSnapshot[] | undefined {
  return snapshotHolder(bs)?.image?.snapshots;
}

/** bdrv_snapshot_find: first snapshot with that name. */
export function findSnapshotByName(bs: BlockNode, name: string): ImageSnapshot | undefined {
  return listSnapshots(bs)?.find((s) => s.name === name);
}

/** find_new_snapshot_id: one more than the largest numeric id. */
function newSnapshotId(snapshots: readonly ImageSnapshot[]): string {
  let max = 0;
  for (const s of snapshots) {
    const m = /^\s*(\d+)/.exec(s.id);
    const n = m ? Number(m[1]) : 0;
    if (n > max) max = n;
  }
  return String(max + 1);
}

/** Fields the caller fills (savevm's QEMUSnapshotInfo). */
export type NewSnapshot = Pick<
  ImageSnapshot,
  "name" | "vmStateSize" | "dateSec" | "dateNsec" | "vmClockNsec" | "icount"
>;

/** bdrv_snapshot_create: 0 on success, a negative errno otherwise (no message). */
export function createSnapshot(bs: BlockNode, sn: NewSnapshot): number {
  const holder = snapshotHolder(bs);
  if (!holder?.image) return -95; // -ENOTSUP
  if (holder.hasDataFile()) return -95;
  const failed = holder.update((image) => {
    image.snapshots.push({
      ...sn,
      id: newSnapshotId(image.snapshots),
      diskSize: image.virtualSize,
      vmStateArea: image.vmStateArea,
    });
    // qcow2_snapshot_create discards the VM state from the active L1 once it
    // is part of the snapshot.
    if (sn.vmStateSize > 0) image.vmStateArea = 0;
  });
  return failed === undefined ? 0 : -5; // -EIO
}

/**
 * bdrv_snapshot_delete(bs, id, name): the error detail, or undefined.
 * `null` detail means a failure without a message (qcow2 with a data file).
 */
export function deleteSnapshot(bs: BlockNode, id: string, name: string): string | null | undefined {
  const holder = snapshotHolder(bs);
  if (!holder?.image) {
    return `Block format '${bs.driver}' used by device '${bs.nodeName}' does not support internal snapshot deletion`;
  }
  if (holder.hasDataFile()) return null;
  const list = holder.image.snapshots;
  const i = list.findIndex((s) => s.id === id && s.name === name);
  if (i < 0) return "Can't find the snapshot";
  const failed = holder.update((image) => void image.snapshots.splice(i, 1));
  return failed === undefined ? undefined : `Failed to remove snapshot from snapshot list: ${failed}`;
}

/** bdrv_snapshot_goto: the error detail, or undefined on success. */
export function gotoSnapshot(bs: BlockNode, idOrName: string): string | undefined {
  const holder = snapshotHolder(bs);
  if (!holder?.image) return "Block driver does not support snapshots";
  if (holder.hasDataFile()) return "Failed to load snapshot: Operation not supported";
  const image = holder.image;
  // find_snapshot_by_id_or_name: the id first, then the name.
  const sn = image.snapshots.find((s) => s.id === idOrName) ?? image.snapshots.find((s) => s.name === idOrName);
  if (!sn) return "Failed to load snapshot: No such file or directory";
  const failed = holder.update((img) => {
    img.virtualSize = sn.diskSize;
    img.vmStateArea = sn.vmStateArea;
  });
  return failed === undefined ? undefined : `Failed to load snapshot: ${failed}`;
}

/** bdrv_save_vmstate into the active layer (qemu_fopen_bdrv + writes). */
export function saveVmState(bs: BlockNode, bytes: number): boolean {
  const holder = snapshotHolder(bs);
  if (!holder?.image) return false;
  return holder.update((image) => void (image.vmStateArea = bytes)) === undefined;
}

/** Bytes of VM state the active layer holds (0: "Not a migration stream"). */
export function vmStateAvailable(bs: BlockNode): number {
  return snapshotHolder(bs)?.image?.vmStateArea ?? 0;
}
