// Real clients against `node bin/qapi-ts.js serve`: the typed client
// generated from our schema (generated/client.ts) running snapshot jobs end
// to end, and the asynchronous snapshot jobs of --snapshot-duration (the
// behaviour the seed tells clients to expect: QMP stays responsive while
// the job runs, progress is visible, pause/resume/cancel work mid-way).
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectUnixClient, type Client } from "../../../generated/client.js";
import {
  DIST_BUILT,
  NOT_BUILT_REASON,
  makeImage,
  serveArgs,
  startServe,
  stop,
  tempDir,
  type ServeProcess,
} from "./serve-process.js";

if (!DIST_BUILT) console.warn(`[e2e] SKIPPED: ${NOT_BUILT_REASON}`);

let dir: string;
let sock: string;
let server: ServeProcess | undefined;
let client: Client | undefined;

async function start(extra: string[] = []): Promise<Client> {
  const d0 = makeImage(dir, "d0.qcow2");
  const d1 = makeImage(dir, "d1.qcow2");
  server = await startServe(
    serveArgs(
      sock,
      [
        [d0, "disk0"],
        [d1, "disk1"],
      ],
      extra,
    ),
    sock,
  );
  client = await connectUnixClient(sock);
  return client;
}

beforeEach(() => {
  dir = tempDir();
  sock = path.join(dir, "qmp.sock");
});
afterEach(async () => {
  await client?.close().catch(() => {});
  client = undefined;
  if (server) stop(server);
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

const saveArgs = (jobId: string, tag = "snap0") => ({
  "job-id": jobId,
  tag,
  vmstate: "disk0",
  devices: ["disk0", "disk1"],
});

async function snapshotsOf(c: Client, node: string) {
  const nodes = await c.execute("query-named-block-nodes", { flat: true });
  return nodes.find((n) => n["node-name"] === node)?.image.snapshots ?? [];
}

describe.skipIf(!DIST_BUILT)("the generated typed client", () => {
  it("runJob('snapshot-save', ...) follows the job to its end and reads the final JobInfo", async () => {
    const c = await start();
    const seen: string[] = [];
    const info = await c.runJob("snapshot-save", saveArgs("save0"), { onStatus: (s) => seen.push(s), timeout: 10_000 });
    expect(info).toEqual({
      id: "save0",
      type: "snapshot-save",
      status: "concluded",
      "current-progress": 1,
      "total-progress": 1,
    });
    expect(seen).toEqual(["created", "running", "waiting", "pending", "concluded"]);
    expect((await snapshotsOf(c, "disk0")).map((s) => s.name)).toEqual(["snap0"]);
    expect(await c.execute("query-status")).toEqual({ status: "running", singlestep: false, running: true });
  });

  it("a failed job ends concluded with its error; dismiss removes it", async () => {
    const c = await start();
    const info = await c.runJob(
      "snapshot-load",
      { "job-id": "load0", tag: "missing", vmstate: "disk0", devices: ["disk0"] },
      { dismiss: true, timeout: 10_000 },
    );
    expect(info.status).toBe("concluded");
    expect(info.error).toBe("Snapshot 'missing' does not exist in one or more devices");
    expect(await c.execute("query-jobs")).toEqual([]);
  });

  it("command errors reject with QEMU's class and text", async () => {
    const c = await start();
    await expect(c.execute("job-dismiss", { id: "nope" })).rejects.toMatchObject({
      errorClass: "GenericError",
      desc: "Job not found",
    });
    const version = await c.execute("query-version");
    expect(version.qemu).toEqual({ major: 7, minor: 2, micro: 22 });
  });
});

/** Poll query-jobs until `pred` holds for the job (or fail after `ms`). */
async function waitJob(
  c: Client,
  id: string,
  pred: (j: { status: string; "current-progress": number }) => boolean,
  ms = 8000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = (await c.execute("query-jobs")).find((j) => j.id === id);
    if (job && pred(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id}: condition not reached; last ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!DIST_BUILT)("--snapshot-duration: asynchronous snapshot jobs", () => {
  it("QMP stays responsive: query-jobs shows the job running with progress, then it concludes", async () => {
    const c = await start(["--snapshot-duration", "1500"]);
    await c.execute("snapshot-save", saveArgs("save0"));
    const mid = await waitJob(c, "save0", (j) => j.status === "running" && j["current-progress"] > 0);
    expect(mid["current-progress"]).toBeLessThan((mid as { "total-progress": number })["total-progress"]);
    expect(await c.execute("query-status")).toMatchObject({ running: false, status: "save-vm" });
    const done = await waitJob(c, "save0", (j) => j.status === "concluded");
    expect(done).toMatchObject({ "current-progress": 100, "total-progress": 100 });
    expect(done).not.toHaveProperty("error");
    expect((await snapshotsOf(c, "disk1")).map((s) => s.name)).toEqual(["snap0"]);
    expect(await c.execute("query-status")).toMatchObject({ running: true, status: "running" });
  });

  it("job-pause stops the progress, job-resume continues to the end", async () => {
    const c = await start(["--snapshot-duration", "1500"]);
    const statuses: string[] = [];
    c.on("JOB_STATUS_CHANGE", (e) => statuses.push(e.data.status));
    await c.execute("snapshot-save", saveArgs("save0"));
    await waitJob(c, "save0", (j) => j.status === "running" && j["current-progress"] > 0);
    await c.execute("job-pause", { id: "save0" });
    const paused = await waitJob(c, "save0", (j) => j.status === "paused");
    await new Promise((r) => setTimeout(r, 300));
    const still = await waitJob(c, "save0", () => true);
    expect(still.status).toBe("paused");
    expect(still["current-progress"]).toBe(paused["current-progress"]);
    await expect(c.execute("job-pause", { id: "save0" })).rejects.toMatchObject({ desc: "Job is already paused" });
    await c.execute("job-resume", { id: "save0" });
    await waitJob(c, "save0", (j) => j.status === "concluded");
    expect(statuses).toEqual(["created", "running", "paused", "running", "waiting", "pending", "concluded"]);
    expect((await snapshotsOf(c, "disk0")).map((s) => s.name)).toEqual(["snap0"]);
  });

  it("job-cancel mid-way concludes with 'Operation canceled' and leaves no partial snapshot", async () => {
    const c = await start(["--snapshot-duration", "1500"]);
    await c.runJob("snapshot-save", saveArgs("first", "keep"), { timeout: 10_000 });
    await c.execute("snapshot-save", saveArgs("save0"));
    await waitJob(c, "save0", (j) => j.status === "running" && j["current-progress"] > 0);
    await c.execute("job-cancel", { id: "save0" });
    const done = await waitJob(c, "save0", (j) => j.status === "concluded");
    expect((done as { error?: string }).error).toBe("Operation canceled");
    expect((await snapshotsOf(c, "disk0")).map((s) => s.name)).toEqual(["keep"]);
    expect((await snapshotsOf(c, "disk1")).map((s) => s.name)).toEqual(["keep"]);
    expect(await c.execute("query-status")).toMatchObject({ running: true, status: "running" });
  });
});
