// Acceptance 4 (durability): the real `qapi-ts serve` process is killed with
// SIGKILL at random moments while it saves and deletes snapshots on two
// qcow2 images (synchronously, and with --snapshot-duration for a longer
// window), and while it starts (taking its image locks).  After every kill
// each image must still be a valid image (`img info`, `img snapshot -l`
// succeed), its snapshot table must be the one before or the one after the
// operation in flight, and the next server must open it writable (the dead
// process's lock does not count).
//
// Needs dist/ (npm run build).  SIGKILL_RUNS=N sets the number of kills
// (default 30; bounded by ~40 s in any case).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { probeFile } from "../../../runtime/src/img/image-file.js";
import { runImg } from "../../../runtime/src/img/cli.js";
import { blockdevArgs, makeQcow2, RawClient, tempDir } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = path.join(ROOT, "bin/qapi-ts.js");
const RUNS = Number(process.env["SIGKILL_RUNS"] ?? 30);
const BUDGET_MS = 40_000;
const built = fs.existsSync(path.join(ROOT, "dist/runtime/src/cli/serve.js"));

let dir: string;
let files: string[];

beforeAll(() => {
  dir = tempDir("qapi-ts-sigkill-");
  files = [makeQcow2(dir, "d0.qcow2"), makeQcow2(dir, "d1.qcow2")];
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Snapshot names of an image, via `img snapshot -l` in-process (the table must parse). */
function tableOf(file: string): string[] {
  let out = "";
  let err = "";
  const code = runImg(["snapshot", "-l", file], { out: (t) => (out += t), err: (t) => (err += t) });
  if (code !== 0) throw new Error(`img snapshot -l ${file} failed: ${err}`);
  const info = runImg(["info", file], { out: () => undefined, err: (t) => (err += t) });
  if (info !== 0) throw new Error(`img info ${file} failed: ${err}`);
  const probed = probeFile(file);
  if (probed.kind !== "image") throw new Error(`${file} is no longer a simulated image`);
  const ids = probed.data.snapshots.map((s) => s.id);
  if (new Set(ids).size !== ids.length) throw new Error(`${file}: duplicate snapshot ids ${ids.join(",")}`);
  // the listing and the file agree
  for (const s of probed.data.snapshots) if (!out.includes(` ${s.name} `)) throw new Error(`listing lacks ${s.name}:\n${out}`);
  return probed.data.snapshots.map((s) => s.name);
}

function startServe(extra: string[]): { child: ChildProcess; sock: string; stderr: () => string } {
  const sock = path.join(dir, `qmp-${Date.now()}-${Math.random().toString(36).slice(2)}.sock`);
  const child = spawn(process.execPath, [BIN, "serve", "-qmp", `unix:${sock},server=on,wait=off`, ...blockdevArgs(files), ...extra], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  return { child, sock, stderr: () => err };
}

async function connectWhenUp(sock: string, child: ChildProcess, stderr: () => string): Promise<RawClient | undefined> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return undefined;
    if (fs.existsSync(sock)) {
      try {
        return await RawClient.negotiated(sock);
      } catch {
        /* not listening yet, or killed meanwhile */
      }
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`serve did not come up: ${stderr()}`);
}

/** The operations: save a new tag on both disks, or delete the oldest once there are three. */
interface Op {
  command: string;
  tag: string;
  apply(tags: string[]): string[];
}
function nextOp(tags: string[], n: number): Op {
  if (tags.length >= 3) {
    const tag = tags[0]!;
    return { command: "snapshot-delete", tag, apply: (t) => t.filter((x) => x !== tag) };
  }
  const tag = `s${n}`;
  return { command: "snapshot-save", tag, apply: (t) => [...t, tag] };
}

interface Outcome {
  kills: number;
  opsConcluded: number;
  killedMidOp: number;
  startupKills: number;
  /** Kills that came between the two images' writes of one operation. */
  diverged: number;
  /** Temporary files found after a kill. */
  debris: number;
}

/** One life of the server: run operations until the random kill; returns what may be on disk. */
async function oneLife(expected: string[], n: { op: number }, duration: number | undefined, out: Outcome): Promise<string[][]> {
  const { child, sock, stderr } = startServe(duration === undefined ? [] : ["--snapshot-duration", String(duration)]);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const killAt = (ms: number) => setTimeout(() => child.kill("SIGKILL"), ms);
  const startupKill = Math.random() < 0.2;
  if (startupKill) killAt(Math.random() * 300);
  let client: RawClient | undefined;
  try {
    client = await connectWhenUp(sock, child, stderr);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  if (!client) {
    await exited;
    if (!startupKill || child.signalCode !== "SIGKILL") throw new Error(`serve exited: ${stderr()}`);
    out.startupKills++;
    return [expected];
  }
  if (!startupKill) killAt(Math.random() * (duration ? 6 * duration + 200 : 300));
  let tags = expected;
  let pending: string[] | undefined;
  try {
    for (;;) {
      const op = nextOp(tags, n.op++);
      const job = `job${n.op}`;
      pending = op.apply(tags);
      const seen = client.lines.length;
      client.send(
        JSON.stringify({
          execute: op.command,
          arguments: { "job-id": job, tag: op.tag, devices: ["fmt0", "fmt1"], ...(op.command === "snapshot-save" ? { vmstate: "fmt0" } : {}) },
        }),
      );
      await client.until(() => client!.lines.slice(seen).some((l) => l.includes(`"concluded", "id": "${job}"`)), `${job} concluded`, 10_000);
      client.send(`{"execute": "query-jobs"}{"execute": "job-dismiss", "arguments": {"id": "${job}"}}`);
      await client.until(() => client!.replies().length >= 3, "query-jobs");
      const jobs = client.replies()[1]!.return as Array<{ id: string; error?: string }>;
      const error = jobs.find((j) => j.id === job)?.error;
      if (error) throw new Error(`${op.command} ${op.tag} failed: ${error}`);
      client.lines.length = 0;
      tags = pending;
      pending = undefined;
      out.opsConcluded++;
    }
  } catch (e) {
    if (!client.ended) throw e;
  } finally {
    client.close();
  }
  await exited;
  expect(child.signalCode, stderr()).toBe("SIGKILL");
  if (pending) out.killedMidOp++;
  return pending ? [tags, pending] : [tags];
}

describe.skipIf(!built)("SIGKILL during snapshot operations", () => {
  it("leaves every image before or after the operation, and openable writable", async () => {
    const out: Outcome = { kills: 0, opsConcluded: 0, killedMidOp: 0, startupKills: 0, diverged: 0, debris: 0 };
    const start = Date.now();
    const n = { op: 0 };
    let tables = files.map(() => [] as string[]);
    for (let i = 0; i < RUNS && Date.now() - start < BUDGET_MS; i++) {
      const duration = i % 3 === 2 ? 20 + Math.floor(Math.random() * 40) : undefined;
      // both images follow the same operations
      const allowed = await oneLife(tables[0]!, n, duration, out);
      out.kills++;
      // A kill between write and rename leaves the temporary file behind
      // (never the image half-written); the next server to open the image removes it.
      const debris = fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));
      expect(debris.every((f) => /^\.d[01]\.qcow2\.\d+\.[0-9a-f]{8}\.tmp$/.test(f)), debris.join(" ")).toBe(true);
      out.debris += debris.length;
      tables = files.map((f) => {
        const now = tableOf(f);
        const ok = allowed.some((a) => a.join(",") === now.join(","));
        expect(ok, `${path.basename(f)} after kill ${i}: ${JSON.stringify(now)} is none of ${JSON.stringify(allowed)}`).toBe(true);
        return now;
      });
      // The two images may differ if the kill came between their writes; go
      // on from the first one's state, and bring the second one in line.
      if (tables[0]!.join() !== tables[1]!.join()) {
        out.diverged++;
        realign(files[1]!, tables[1]!, tables[0]!);
        tables[1] = tableOf(files[1]!);
      }
    }
    // The real command-line tools agree the images are fine, and a last server opens both writable.
    for (const f of files) {
      for (const args of [["info", f], ["snapshot", "-l", f]]) {
        const r = spawnSync(process.execPath, [BIN, "img", ...args], { encoding: "utf8" });
        expect(r.status, r.stderr).toBe(0);
      }
    }
    const last = startServe([]);
    const client = await connectWhenUp(last.sock, last.child, last.stderr);
    expect(client, last.stderr()).toBeDefined();
    client!.send('{"execute": "query-named-block-nodes", "arguments": {"flat": true}}');
    await client!.until(() => client!.replies().length === 1, "query-named-block-nodes");
    const nodes = client!.replies()[0]!.return as Array<{ "node-name": string; ro: boolean }>;
    expect(nodes.filter((x) => x["node-name"].startsWith("fmt")).every((x) => !x.ro)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    client!.close();
    last.child.kill("SIGTERM");
    await new Promise((r) => last.child.once("exit", r));
    console.log(
      `sigkill: ${out.kills} kills (${out.startupKills} during start-up, ${out.killedMidOp} with an operation in flight, ` +
        `${out.diverged} between the two images' writes), ${out.opsConcluded} operations completed, ` +
        `${out.debris} temporary files left by kills (removed by the next server), ${Math.round((Date.now() - start) / 1000)} s`,
    );
    expect(out.kills).toBeGreaterThan(Math.min(RUNS, 5) - 1);
    expect(out.killedMidOp).toBeGreaterThan(0);
  }, 90_000);
});

/** Make `file`'s table hold the same tags as the other image (offline, with `img snapshot`). */
function realign(file: string, have: string[], want: string[]): void {
  const io = { out: () => undefined, err: () => undefined };
  for (const t of have) if (!want.includes(t)) expect(runImg(["snapshot", "-d", t, file], io)).toBe(0);
  for (const t of want) if (!have.includes(t)) expect(runImg(["snapshot", "-c", t, file], io)).toBe(0);
}
