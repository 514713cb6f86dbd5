/**
 * QMP command name -> SimulatedVm method, for wiring the VM behind the
 * generated dispatcher (or a hand-written one until it exists).
 *
 * Arguments arrive already validated against the schema (its validators
 * turn bigints and QFloat boxes into numbers where the schema has numbers);
 * what is left, inside 'any' values, is converted here: the VM treats every
 * JSON number as a number.  Results are plain objects built in schema member order;
 * the server prints them in QDict order.
 */
import { QFloat } from "../support/qfloat.js";
import type { SimulatedVm } from "./vm.js";

// Arguments are checked by the generated validators before they get here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Args = any;

/** Deep copy with every bigint and QFloat turned into a number. */
export function bigintsToNumbers<T>(value: T): T {
  if (typeof value === "bigint") return Number(value) as T;
  if (value instanceof QFloat) return value.value as T;
  if (Array.isArray(value)) return value.map((v) => bigintsToNumbers(v)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = bigintsToNumbers(v);
    return out as T;
  }
  return value;
}

/** Every QMP command the simulated VM implements, by wire name. */
export function vmCommands(vm: SimulatedVm): Record<string, (args: Args) => unknown> {
  const table: Record<string, (a: Args) => unknown> = {
    "snapshot-save": (a) => vm.snapshotSave(a),
    "snapshot-load": (a) => vm.snapshotLoad(a),
    "snapshot-delete": (a) => vm.snapshotDelete(a),
    "query-jobs": () => vm.queryJobs(),
    "job-cancel": (a) => vm.jobCancel(a),
    "job-pause": (a) => vm.jobPause(a),
    "job-resume": (a) => vm.jobResume(a),
    "job-complete": (a) => vm.jobComplete(a),
    "job-finalize": (a) => vm.jobFinalize(a),
    "job-dismiss": (a) => vm.jobDismiss(a),
    "query-block-jobs": () => vm.queryBlockJobs(),
    "block-job-cancel": (a) => vm.blockJobCancel(a),
    "block-job-pause": (a) => vm.blockJobPause(a),
    "block-job-resume": (a) => vm.blockJobResume(a),
    "block-job-complete": (a) => vm.blockJobComplete(a),
    "block-job-dismiss": (a) => vm.blockJobDismiss(a),
    "block-job-finalize": (a) => vm.blockJobFinalize(a),
    "block-job-set-speed": (a) => vm.blockJobSetSpeed(a),
    "query-status": () => vm.queryStatus(),
    stop: () => vm.stop(),
    cont: () => vm.cont(),
    "blockdev-add": (a) => vm.blockdevAdd(a),
    "blockdev-del": (a) => vm.blockdevDel(a),
    "query-named-block-nodes": (a) => vm.queryNamedBlockNodes(a ?? {}),
    "query-block": () => vm.queryBlock(),
  };
  const wrapped: Record<string, (a: Args) => unknown> = {};
  for (const [name, fn] of Object.entries(table)) wrapped[name] = (a: Args) => fn(bigintsToNumbers(a ?? {}));
  return wrapped;
}
