/**
 * The QAPI types the simulated VM consumes and produces, taken from the code
 * generated from our schema (generated/types/*): a change of qapi/ that the
 * VM does not follow breaks the build here.
 *
 * The aliases keep the names the VM's code was written with; the few types
 * that are not QAPI types (command-line -device options, the set of drivers
 * the simulator implements) are declared here.
 */
import type { BlockdevDriver } from "../../generated/types/block-core.js";
import type { JobStatus, JobVerb } from "../../generated/types/job.js";
import { JobStatusValues, JobVerbValues } from "../../generated/types/job.js";

export type { JobInfo, JobStatus, JobType, JobVerb } from "../../generated/types/job.js";
export type { RunState, StatusInfo } from "../../generated/types/run-state.js";
export type {
  BlockDeviceInfo,
  BlockDeviceIoStatus,
  BlockInfo,
  BlockdevCacheInfo,
  BlockdevDetectZeroesOptions,
  BlockdevOptions,
  BlockdevOptionsBase,
  BlockdevRef,
  ImageInfo,
  ImageInfoSpecific,
  ImageInfoSpecificQCow2,
  SnapshotInfo,
} from "../../generated/types/block-core.js";
export type { BlockdevOptions_File as BlockdevOptionsFile } from "../../generated/types/block-core.js";
export type { BlockdevOptions_Qcow2 as BlockdevOptionsQcow2 } from "../../generated/types/block-core.js";
export type { BlockdevOptions_Raw as BlockdevOptionsRaw } from "../../generated/types/block-core.js";
export type { BlockdevDelArg as BlockdevDelArgs } from "../../generated/types/block-core.js";
export type { QueryNamedBlockNodesArg as QueryNamedBlockNodesArgs } from "../../generated/types/block-core.js";
export type { BlockJobCancelArg as BlockJobDeviceArgs } from "../../generated/types/block-core.js";
export type { JobCancelArg as JobIdArgs } from "../../generated/types/job.js";
export type {
  SnapshotDeleteArg as SnapshotDeleteArgs,
  SnapshotLoadArg as SnapshotLoadArgs,
  SnapshotSaveArg as SnapshotSaveArgs,
} from "../../generated/types/migration.js";

/** JobStatus values in schema order. */
export const JOB_STATUSES: readonly JobStatus[] = JobStatusValues;

/** JobVerb values in schema order (7.2: no "change"). */
export const JOB_VERBS: readonly JobVerb[] = JobVerbValues;

/** The block drivers the simulator implements (our schema's BlockdevDriver). */
export type SimulatedDriver = BlockdevDriver;

/** `-device ide-hd,drive=NODE[,id=ID]` as the command line gives it (not a QAPI type). */
export interface DeviceOptions {
  driver: string;
  drive?: string;
  id?: string;
}
