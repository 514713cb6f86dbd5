// QMP round-trip benchmark (issue 4, acceptance 5): requests per second on
// one Unix-socket connection, sequential (one in flight) and pipelined (100
// in flight), for query-status and query-jobs, against `qapi-ts serve` (the
// real process) and against a real QEMU 7.2 when qemu-system-x86_64 is
// installed, both measured by the same minimal client in the same run.
//
// The client is a raw socket that counts response lines: no JSON parsing, so
// what is measured is the servers.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createImage, newImageData } from "../runtime/src/img/create.js";
import { median, repoRoot } from "./util.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SEQ_REQUESTS = Number(process.env.BENCH_QMP_SEQ ?? 1000);
const PIPE_REQUESTS = Number(process.env.BENCH_QMP_PIPE ?? 4000);
const DEPTH = 100;

/** A minimal QMP client: writes requests, counts "\n"-terminated answers. */
export class BenchClient {
  private lines = 0;
  private wanted = 0;
  private wake: (() => void) | undefined;
  private onLine: ((n: number) => void) | undefined;
  /** Bytes of the current (partial) line and of the last complete one, when capturing. */
  private partial: Buffer[] = [];
  lastLine = "";
  capture = false;

  private constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
  }

  /** Connect, wait for the greeting, negotiate capabilities. */
  static async connect(path: string): Promise<BenchClient> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ path }, () => resolve(s));
      s.once("error", reject);
    });
    const c = new BenchClient(socket);
    c.capture = true;
    await c.waitFor(1);
    await c.call('{"execute": "qmp_capabilities"}');
    if (!c.lastLine.startsWith('{"return": {}')) throw new Error(`qmp_capabilities failed: ${c.lastLine}`);
    c.capture = false;
    return c;
  }

  private onData(chunk: Buffer): void {
    let n = 0;
    let from = 0;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
      n++;
      if (this.capture) {
        this.partial.push(chunk.subarray(from, i + 1));
        this.lastLine = Buffer.concat(this.partial).toString("latin1");
        this.partial = [];
        from = i + 1;
      }
    }
    if (this.capture && from < chunk.length) this.partial.push(Buffer.from(chunk.subarray(from)));
    if (n === 0) return;
    this.lines += n;
    this.onLine?.(n);
    if (this.wake && this.lines >= this.wanted) {
      const w = this.wake;
      this.wake = undefined;
      w();
    }
  }

  private waitFor(lines: number): Promise<void> {
    if (this.lines >= lines) return Promise.resolve();
    this.wanted = lines;
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Send one request and wait for its answer (the connection must be quiet: no events). */
  call(request: string): Promise<void> {
    const target = this.lines + 1;
    this.socket.write(request);
    return this.waitFor(target);
  }

  /** `total` requests, one at a time; returns requests per second. */
  async sequential(request: string, total: number): Promise<number> {
    const t0 = performance.now();
    for (let i = 0; i < total; i++) await this.call(request);
    return total / ((performance.now() - t0) / 1000);
  }

  /** `total` requests with `depth` in flight; returns requests per second. */
  async pipelined(request: string, total: number, depth: number): Promise<number> {
    const start = this.lines;
    let sent = 0;
    const send = (n: number): void => {
      const k = Math.min(n, total - sent);
      if (k <= 0) return;
      this.socket.write(request.repeat(k));
      sent += k;
    };
    const t0 = performance.now();
    this.onLine = send;
    send(depth);
    await this.waitFor(start + total);
    this.onLine = undefined;
    return total / ((performance.now() - t0) / 1000);
  }

  close(): void {
    this.socket.destroy();
  }
}

async function waitForSocket(path: string, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with status ${child.exitCode}`);
    if (existsSync(path)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what} did not create ${path}`);
}

interface Target {
  label: string;
  sock: string;
  child: ChildProcess;
}

async function startOurs(dir: string): Promise<Target> {
  const sock = join(dir, "ours.sock");
  const image = join(dir, "d0.qcow2");
  createImage(image, newImageData("qcow2", 32 * 1024 * 1024, new Map()));
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, "bin/qapi-ts.js"),
      "serve",
      "-nodefaults",
      "-display",
      "none",
      "-machine",
      "none",
      "-qmp",
      `unix:${sock},server=on,wait=off`,
      "-blockdev",
      `driver=file,filename=${image},node-name=disk0`,
      "-blockdev",
      "driver=qcow2,file=disk0,node-name=diskfmt0",
    ],
    { stdio: "ignore" },
  );
  await waitForSocket(sock, child, "qapi-ts serve");
  return { label: "qapi-ts serve", sock, child };
}

async function startQemu(dir: string): Promise<Target | undefined> {
  const bin = "qemu-system-x86_64";
  if (spawnSync(bin, ["--version"], { stdio: "ignore" }).status !== 0) return undefined;
  const sock = join(dir, "qemu.sock");
  const child = spawn(bin, ["-nodefaults", "-display", "none", "-machine", "none", "-qmp", `unix:${sock},server=on,wait=off`], {
    stdio: "ignore",
  });
  await waitForSocket(sock, child, bin);
  return { label: "QEMU 7.2", sock, child };
}

interface Case {
  command: string;
  mode: "sequential" | "pipelined";
}

/**
 * Median requests per second of RUNS batches, after WARMUP batches (a JIT
 * needs a few thousand requests to settle; QEMU, native code, does not care).
 */
async function measure(t: Target, c: Case): Promise<number> {
  const client = await BenchClient.connect(t.sock);
  try {
    const req = `{"execute": "${c.command}"}`;
    const batch = () =>
      c.mode === "sequential" ? client.sequential(req, SEQ_REQUESTS) : client.pipelined(req, PIPE_REQUESTS, DEPTH);
    for (let i = 0; i < WARMUP; i++) await batch();
    const rates: number[] = [];
    for (let i = 0; i < RUNS; i++) rates.push(await batch());
    return median(rates);
  } finally {
    client.close();
    // one client at a time per monitor: let the server notice the hang-up
    await new Promise((r) => setTimeout(r, 50));
  }
}

const WARMUP = Number(process.env.BENCH_WARMUP ?? 4);

const fmt = (rate: number): string => `${Math.round(rate).toLocaleString("en-US")}/s`.padStart(11);

export async function benchQmp(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "qapi-ts-bench-qmp-"));
  const targets: Target[] = [];
  try {
    targets.push(await startOurs(dir));
    const qemu = await startQemu(dir);
    if (qemu) targets.push(qemu);
    console.log(
      `qmp: round trips on one Unix-socket connection, median of ${RUNS} batches ` +
        `(sequential: ${SEQ_REQUESTS} requests, pipelined: ${PIPE_REQUESTS} with ${DEPTH} in flight)`,
    );
    if (!qemu) console.log("  (qemu-system-x86_64 not installed: QEMU baseline skipped)");
    const cases: Case[] = [
      { command: "query-status", mode: "sequential" },
      { command: "query-jobs", mode: "sequential" },
      { command: "query-status", mode: "pipelined" },
      { command: "query-jobs", mode: "pipelined" },
    ];
    for (const c of cases) {
      const rates = [];
      for (const t of targets) rates.push(await measure(t, c));
      const [ours, theirs] = rates;
      const ratio = theirs === undefined ? "" : `   ${(ours! / theirs).toFixed(1)}x QEMU (target 5x)`;
      const q = theirs === undefined ? "" : `   QEMU ${fmt(theirs)}`;
      console.log(`  ${`${c.command}, ${c.mode}`.padEnd(28)} qapi-ts ${fmt(ours!)}${q}${ratio}`);
    }
  } finally {
    for (const t of targets) t.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}
