/**
 * Local stand-ins for the QAPI types the simulated VM consumes and produces.
 *
 * They mirror QEMU 7.2's qapi/job.json, qapi/migration.json, qapi/run-state.json
 * and qapi/block-core.json (member names exactly as on the wire), restricted to
 * what the simulator serves.  The generated types (generated/types/*) replace
 * them later: keep this the only file that declares them, so the swap is a
 * change of imports here.
 */

// ---- qapi/job.json -------------------------------------------------------

/** JobType (7.2 order). */
export type JobType =
  | "commit"
  | "stream"
  | "mirror"
  | "backup"
  | "create"
  | "amend"
  | "snapshot-load"
  | "snapshot-save"
  | "snapshot-delete";

/** JobStatus (same values and order in 7.2 and 10.0). */
export type JobStatus =
  | "undefined"
  | "created"
  | "running"
  | "paused"
  | "ready"
  | "standby"
  | "waiting"
  | "pending"
  | "aborting"
  | "concluded"
  | "null";

/** JobVerb as in 7.2 (10.0 adds "change"). */
export type JobVerb = "cancel" | "pause" | "resume" | "set-speed" | "complete" | "finalize" | "dismiss";

export const JOB_STATUSES: readonly JobStatus[] = [
  "undefined",
  "created",
  "running",
  "paused",
  "ready",
  "standby",
  "waiting",
  "pending",
  "aborting",
  "concluded",
  "null",
];

export const JOB_VERBS: readonly JobVerb[] = [
  "cancel",
  "pause",
  "resume",
  "set-speed",
  "complete",
  "finalize",
  "dismiss",
];

/** JobInfo: what query-jobs returns for each job. */
export interface JobInfo {
  id: string;
  type: JobType;
  status: JobStatus;
  "current-progress": number;
  "total-progress": number;
  error?: string;
}

/** Arguments of job-cancel, job-pause, ... (all `{id: str}`). */
export interface JobIdArgs {
  id: string;
}

/** block-job-* arguments the simulator answers (only `device` matters). */
export interface BlockJobDeviceArgs {
  device: string;
}

// ---- qapi/migration.json -------------------------------------------------

export interface SnapshotSaveArgs {
  "job-id": string;
  tag: string;
  vmstate: string;
  devices: string[];
}

export interface SnapshotLoadArgs {
  "job-id": string;
  tag: string;
  vmstate: string;
  devices: string[];
}

export interface SnapshotDeleteArgs {
  "job-id": string;
  tag: string;
  devices: string[];
}

// ---- qapi/run-state.json -------------------------------------------------

/** RunState values the simulator can be in. */
export type RunState = "prelaunch" | "running" | "paused" | "save-vm" | "restore-vm";

/** StatusInfo as 7.2 returns it (10.0 dropped `singlestep`). */
export interface StatusInfo {
  running: boolean;
  singlestep: boolean;
  status: RunState;
}

// ---- qapi/block-core.json ------------------------------------------------

export interface SnapshotInfo {
  id: string;
  name: string;
  "vm-state-size": number;
  "date-sec": number;
  "date-nsec": number;
  "vm-clock-sec": number;
  "vm-clock-nsec": number;
  icount?: number;
}

export interface ImageInfoSpecificQCow2 {
  compat: string;
  "data-file"?: string;
  "data-file-raw"?: boolean;
  "extended-l2"?: boolean;
  "lazy-refcounts"?: boolean;
  corrupt?: boolean;
  "refcount-bits": number;
  "compression-type": "zlib" | "zstd";
}

export type ImageInfoSpecific = { type: "qcow2"; data: ImageInfoSpecificQCow2 };

export interface ImageInfo {
  filename: string;
  format: string;
  "dirty-flag"?: boolean;
  "actual-size"?: number;
  "virtual-size": number;
  "cluster-size"?: number;
  encrypted?: boolean;
  compressed?: boolean;
  "backing-filename"?: string;
  "full-backing-filename"?: string;
  "backing-filename-format"?: string;
  snapshots?: SnapshotInfo[];
  "backing-image"?: ImageInfo;
  "format-specific"?: ImageInfoSpecific;
}

export interface BlockdevCacheInfo {
  writeback: boolean;
  direct: boolean;
  "no-flush": boolean;
}

export type BlockdevDetectZeroesOptions = "off" | "on" | "unmap";

export interface BlockDeviceInfo {
  file: string;
  "node-name"?: string;
  ro: boolean;
  drv: string;
  backing_file?: string;
  backing_file_depth: number;
  encrypted: boolean;
  detect_zeroes: BlockdevDetectZeroesOptions;
  bps: number;
  bps_rd: number;
  bps_wr: number;
  iops: number;
  iops_rd: number;
  iops_wr: number;
  image: ImageInfo;
  cache: BlockdevCacheInfo;
  write_threshold: number;
}

export type BlockDeviceIoStatus = "ok" | "failed" | "nospace";

export interface BlockInfo {
  device: string;
  qdev?: string;
  type: string;
  removable: boolean;
  locked: boolean;
  inserted?: BlockDeviceInfo;
  tray_open?: boolean;
  "io-status"?: BlockDeviceIoStatus;
}

/** The block drivers the simulator implements (a subset of BlockdevDriver). */
export type SimulatedDriver = "file" | "qcow2" | "raw";

/** BlockdevRef: an inline definition or the node name of an existing node. */
export type BlockdevRef = BlockdevOptions | string;

/** BlockdevOptions restricted to file / qcow2 / raw (flat union on `driver`). */
export interface BlockdevOptionsBase {
  driver: string;
  "node-name"?: string;
  discard?: "ignore" | "unmap";
  cache?: { direct?: boolean; "no-flush"?: boolean };
  "read-only"?: boolean;
  "auto-read-only"?: boolean;
  "force-share"?: boolean;
  "detect-zeroes"?: BlockdevDetectZeroesOptions;
}

export interface BlockdevOptionsFile extends BlockdevOptionsBase {
  driver: "file";
  filename: string;
  locking?: "auto" | "on" | "off";
}

export interface BlockdevOptionsQcow2 extends BlockdevOptionsBase {
  driver: "qcow2";
  file: BlockdevRef;
  backing?: BlockdevRef | null;
  "lazy-refcounts"?: boolean;
  "data-file"?: BlockdevRef;
}

export interface BlockdevOptionsRaw extends BlockdevOptionsBase {
  driver: "raw";
  file: BlockdevRef;
  offset?: number;
  size?: number;
}

export type BlockdevOptions = BlockdevOptionsFile | BlockdevOptionsQcow2 | BlockdevOptionsRaw;

export interface BlockdevDelArgs {
  "node-name": string;
}

export interface QueryNamedBlockNodesArgs {
  flat?: boolean;
}

/** `-device ide-hd,drive=NODE[,id=ID]` as the command line gives it. */
export interface DeviceOptions {
  driver: string;
  drive?: string;
  id?: string;
}
