// runJob: start a job command and follow the job to its end.
//
// QEMU emits JOB_STATUS_CHANGE {id, status} for every transition, some of
// them *before* the command's reply (created, running; see
// shared/spec/qemu-snapshot-jobs.md section 1), so the subscription is
// made before the command is sent.  The job is done when it reaches
// 'concluded' (successful or not); its result, including `error`, is then
// read from query-jobs, as a management tool would.  A job that reaches
// 'null' (dismissed) without us seeing 'concluded' first cannot be
// reported; that needs auto-dismiss off (snapshot jobs always have it off).

import { QmpJobGoneError, QmpProtocolError, QmpTimeoutError } from "./errors.js";
import type { QmpClient } from "./qmp-client.js";
import type { JobInfoLike, QmpEvent } from "./types.js";

export interface RunJobOptions {
  /** The job's id; default: the command's `job-id` argument. */
  jobId?: string;
  /** Overall limit in ms for the command and the job. */
  timeout?: number;
  /** Abort waiting (the job itself keeps running in the server). */
  signal?: AbortSignal;
  /** Send job-dismiss after reading the final state (default false). */
  dismiss?: boolean;
  /** Called for every status change of the job, in order. */
  onStatus?(status: string): void;
}

/** The untyped part of QmpClient runJob needs (independent of the maps). */
export type JobHost = Pick<QmpClient, "executeRaw" | "subscribeRaw" | "waitFor">;

interface JobStatusData {
  id?: unknown;
  status?: unknown;
}

/** Implementation of QmpClient.runJob (untyped; the method adds the types). */
export async function runJob(
  client: JobHost,
  name: string,
  args: object | undefined,
  options: RunJobOptions,
): Promise<JobInfoLike> {
  const jobId = options.jobId ?? (args as Record<string, unknown> | undefined)?.["job-id"];
  if (typeof jobId !== "string") {
    throw new TypeError(`runJob('${name}'): no job id (pass a 'job-id' argument or options.jobId)`);
  }
  const { signal, cleanup } = deadline(options);
  let onFinal: (status: string) => void = () => {};
  let final: string | undefined;
  const off = client.subscribeRaw(["JOB_STATUS_CHANGE"], (ev: QmpEvent) => {
    const data = ev.data as JobStatusData | undefined;
    if (data?.id !== jobId || typeof data.status !== "string") {
      return;
    }
    options.onStatus?.(data.status);
    if (final === undefined && (data.status === "concluded" || data.status === "null")) {
      final = data.status;
      onFinal(final);
    }
  });
  try {
    await client.executeRaw(name, args, { signal });
    const status = final ?? (await client.waitFor<string>((done) => {
      onFinal = done;
      return () => (onFinal = () => {});
    }, { signal }, `job '${jobId}'`));
    if (status === "null") {
      throw new QmpJobGoneError(jobId);
    }
    const info = await findJob(client, jobId, signal);
    if (options.dismiss) {
      await client.executeRaw("job-dismiss", { id: jobId }, { signal });
    }
    return info;
  } finally {
    off();
    cleanup();
  }
}

async function findJob(client: JobHost, jobId: string, signal: AbortSignal): Promise<JobInfoLike> {
  const jobs = await client.executeRaw("query-jobs", undefined, { signal });
  if (!Array.isArray(jobs)) {
    throw new QmpProtocolError("query-jobs did not return an array");
  }
  const info = (jobs as JobInfoLike[]).find((j) => j.id === jobId);
  if (!info) {
    throw new QmpJobGoneError(jobId);
  }
  return info;
}

/** One signal for the caller's signal and the overall timeout. */
function deadline(options: RunJobOptions): { signal: AbortSignal; cleanup(): void } {
  const ctl = new AbortController();
  const parent = options.signal;
  const onAbort = () => ctl.abort(parent!.reason);
  if (parent?.aborted) {
    ctl.abort(parent.reason);
  } else {
    parent?.addEventListener("abort", onAbort, { once: true });
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (options.timeout !== undefined) {
    const ms = options.timeout;
    timer = setTimeout(() => ctl.abort(new QmpTimeoutError(`runJob: not finished within ${ms} ms`)), ms);
  }
  return {
    signal: ctl.signal,
    cleanup: () => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onAbort);
    },
  };
}
