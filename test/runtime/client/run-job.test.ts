import { describe, expect, it, vi, afterEach } from "vitest";
import {
  QmpClient,
  QmpConnectionClosedError,
  QmpError,
  QmpJobGoneError,
  QmpTimeoutError,
  createMemoryTransportPair,
} from "../../../runtime/src/client/index.js";
import { FakeQmpServer, flush, type Msg } from "./fake-server.js";
import type { Commands, Events, JobInfo } from "./test-maps.js";

afterEach(() => {
  vi.useRealTimers();
});

async function setup() {
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  const server = new FakeQmpServer(serverEnd);
  const client = await QmpClient.connect<Commands, Events>(clientEnd);
  return { client, server, serverEnd };
}

const saveArgs = { "job-id": "snap0", tag: "t1", vmstate: "disk0", devices: ["disk0"] };

function jobInfo(id: string, error?: string): JobInfo {
  const info: JobInfo = { id, type: "snapshot-save", status: "concluded", "current-progress": 1, "total-progress": 1 };
  if (error !== undefined) {
    info.error = error;
  }
  return info;
}

/** A server that runs snapshot-save like QEMU 7.2 does (spec section 1). */
function snapshotServer(server: FakeQmpServer, opts: { error?: string; otherJob?: boolean } = {}) {
  const jobs: JobInfo[] = [];
  const status = (id: string, s: string) => server.event("JOB_STATUS_CHANGE", { id, status: s });
  server.handlers.set("snapshot-save", (args, req) => {
    const id = (args as Msg)["job-id"] as string;
    status(id, "created");
    status(id, "running");
    server.event("STOP");
    server.event("RESUME");
    server.reply(req, {});
    if (opts.otherJob) {
      status("other", "concluded");
    }
    if (opts.error === undefined) {
      status(id, "waiting");
      status(id, "pending");
    } else {
      status(id, "aborting");
    }
    jobs.unshift(jobInfo(id, opts.error));
    status(id, "concluded");
  });
  server.handlers.set("query-jobs", (_a, req) => server.reply(req, jobs));
  server.handlers.set("job-dismiss", (args, req) => {
    const id = (args as Msg).id;
    const i = jobs.findIndex((j) => j.id === id);
    jobs.splice(i, 1);
    status(id as string, "null");
    server.reply(req, {});
  });
  return jobs;
}

describe("runJob", () => {
  it("follows a successful job to its query-jobs entry", async () => {
    const { client, server } = await setup();
    const jobs = snapshotServer(server, { otherJob: true });
    const statuses: string[] = [];
    const info = await client.runJob("snapshot-save", saveArgs, { onStatus: (s) => statuses.push(s) });
    expect(info).toStrictEqual(jobInfo("snap0"));
    expect(statuses).toStrictEqual(["created", "running", "waiting", "pending", "concluded"]);
    expect(server.requests.map((r) => r.execute)).toStrictEqual(["qmp_capabilities", "snapshot-save", "query-jobs"]);
    expect(jobs).toHaveLength(1); // not dismissed by default
  });

  it("reports a failed job through `error`, and dismisses on request", async () => {
    const { client, server } = await setup();
    const jobs = snapshotServer(server, { error: "Device 'disk0' is writable but does not support snapshots" });
    const statuses: string[] = [];
    const info = await client.runJob("snapshot-save", saveArgs, { dismiss: true, onStatus: (s) => statuses.push(s) });
    expect(info.error).toBe("Device 'disk0' is writable but does not support snapshots");
    expect(info.status).toBe("concluded");
    await flush();
    expect(statuses).toStrictEqual(["created", "running", "aborting", "concluded", "null"]);
    expect(server.requests.at(-1)).toMatchObject({ execute: "job-dismiss", arguments: { id: "snap0" } });
    expect(jobs).toHaveLength(0);
  });

  it("subscribes before sending: a job that concludes before the reply is seen", async () => {
    const { client, server } = await setup();
    server.handlers.set("snapshot-save", (_a, req) => {
      for (const s of ["created", "running", "waiting", "pending", "concluded"]) {
        server.event("JOB_STATUS_CHANGE", { id: "snap0", status: s });
      }
      server.reply(req, {});
    });
    server.handlers.set("query-jobs", (_a, req) => server.reply(req, [jobInfo("snap0")]));
    await expect(client.runJob("snapshot-save", saveArgs)).resolves.toStrictEqual(jobInfo("snap0"));
  });

  it("rejects with the command's QmpError, leaving no listener behind", async () => {
    const { client, server } = await setup();
    server.handlers.set("snapshot-save", (_a, req) => server.fail(req, "GenericError", "Job ID 'snap0' already in use"));
    const err = await client.runJob("snapshot-save", saveArgs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpError);
    expect((err as QmpError).desc).toBe("Job ID 'snap0' already in use");
    const seen: string[] = [];
    client.on("*", (ev) => seen.push(ev.event));
    server.event("JOB_STATUS_CHANGE", { id: "snap0", status: "concluded" });
    await flush();
    expect(seen).toStrictEqual(["JOB_STATUS_CHANGE"]);
    expect(server.unanswered).toBe(0);
  });

  it("rejects when the job was dismissed before it could be read", async () => {
    const { client, server } = await setup();
    server.handlers.set("snapshot-save", (_a, req) => {
      server.reply(req, {});
      server.event("JOB_STATUS_CHANGE", { id: "snap0", status: "concluded" });
      server.event("JOB_STATUS_CHANGE", { id: "snap0", status: "null" });
    });
    server.handlers.set("query-jobs", (_a, req) => server.reply(req, []));
    await expect(client.runJob("snapshot-save", saveArgs)).rejects.toBeInstanceOf(QmpJobGoneError);
  });

  it("times out while the job runs", async () => {
    vi.useFakeTimers();
    const { client, server } = await setup();
    server.handlers.set("snapshot-save", (_a, req) => server.reply(req, {}));
    const p = client.runJob("snapshot-save", saveArgs, { timeout: 5000 });
    const check = expect(p).rejects.toBeInstanceOf(QmpTimeoutError);
    await vi.advanceTimersByTimeAsync(5000);
    await check;
  });

  it("stops waiting on abort and on connection loss", async () => {
    const { client, server, serverEnd } = await setup();
    server.handlers.set("snapshot-save", (_a, req) => server.reply(req, {}));
    const ctl = new AbortController();
    const p1 = client.runJob("snapshot-save", saveArgs, { signal: ctl.signal });
    await flush(20);
    ctl.abort(new Error("cancelled by user"));
    await expect(p1).rejects.toThrow("cancelled by user");
    const p2 = client.runJob("snapshot-save", { ...saveArgs, "job-id": "snap1" });
    await flush(20);
    serverEnd.fail(new Error("EPIPE"));
    await expect(p2).rejects.toBeInstanceOf(QmpConnectionClosedError);
  });

  it("needs a job id", async () => {
    const { client } = await setup();
    await expect(client.runJob("x-opt", { a: 1 })).rejects.toThrow(/no job id/u);
  });
});
