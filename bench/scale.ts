// Scale benchmark (issue 4, acceptance 5): `query-jobs` with up to 10,000
// concluded jobs and `query-named-block-nodes` with up to 1,000 qcow2 nodes
// of 100 snapshots each, over a real Unix socket against the server wired as
// `qapi-ts serve` wires it (in this process, so its heap can be measured).
// Printed at several sizes with the cost per item, to show growth is linear.
//
// State is made cheaply: concluded jobs through the VM API (snapshot-delete
// with no devices concludes at once, with an error), images written directly
// in the simulator's image format with their 100-entry snapshot tables.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parseServeArgs } from "../runtime/src/cli/serve-args.js";
import { serialiseImage, type ImageData, type ImageSnapshot } from "../runtime/src/img/image-file.js";
import { startServer, type RunningServer } from "../runtime/src/server/start.js";
import { BenchClient } from "./qmp.js";
import { median } from "./util.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const JOB_SIZES = [1000, 2000, 5000, 10000];
const NODE_SIZES = [100, 250, 500, 1000];
const SNAPSHOTS_PER_NODE = 100;

/** A full collection (v8's gc, reachable without --expose-gc). */
function collector(): () => void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  return () => {
    gc();
    gc();
  };
}

interface Sample {
  ms: number;
  bytes: number;
  items: number;
}

/** Median round trip of `request` on a fresh connection; checks the answer's length. */
async function roundTrip(sock: string, request: string): Promise<Sample> {
  const client = await BenchClient.connect(sock);
  client.capture = true;
  try {
    await client.call(request); // warm-up, and the answer to check
    const answer = JSON.parse(client.lastLine) as { return?: unknown[] };
    if (!Array.isArray(answer.return)) throw new Error(`unexpected answer: ${client.lastLine.slice(0, 200)}`);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await client.call(request);
      times.push(performance.now() - t0);
    }
    return { ms: median(times), bytes: client.lastLine.length, items: answer.return.length };
  } finally {
    client.close();
    await new Promise((r) => setTimeout(r, 20));
  }
}

const MB = 1024 * 1024;

function line(size: number, unit: string, s: Sample, heap: number, rss: number): string {
  const per = (s.ms * 1000) / size;
  return (
    `  ${String(size).padStart(6)} ${unit.padEnd(6)} ${s.ms.toFixed(1).padStart(8)} ms  ${per.toFixed(2).padStart(7)} µs/${unit.replace(/s$/, "")}` +
    `  answer ${(s.bytes / MB).toFixed(1).padStart(5)} MB  heap +${(heap / MB).toFixed(1).padStart(6)} MB` +
    ` (${Math.round(heap / size).toLocaleString("en-US").padStart(7)} B/${unit.replace(/s$/, "")})  rss ${(rss / MB).toFixed(0)} MB`
  );
}

async function scaleJobs(running: RunningServer, sock: string, gc: () => void): Promise<void> {
  console.log(`  query-jobs, concluded snapshot-delete jobs (median of ${RUNS}):`);
  gc();
  const base = process.memoryUsage().heapUsed;
  let made = 0;
  for (const size of JOB_SIZES) {
    for (; made < size; made++) {
      running.vm.snapshotDelete({ "job-id": `job${made}`, tag: "t", devices: [] });
      if (made % 500 === 0) running.vm.mainLoop.drain();
    }
    running.vm.mainLoop.drain();
    gc();
    const mem = process.memoryUsage();
    const s = await roundTrip(sock, '{"execute": "query-jobs"}');
    if (s.items !== size) throw new Error(`query-jobs listed ${s.items} jobs, expected ${size}`);
    console.log(line(size, "jobs", s, mem.heapUsed - base, mem.rss));
  }
}

function snapshotTable(n: number): ImageSnapshot[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(i + 1),
    name: `snap${i}`,
    vmStateSize: i % 2 ? 0 : 4 * MB,
    dateSec: 1_700_000_000 + i,
    dateNsec: 0,
    vmClockNsec: i * 1_000_000_000,
    icount: -1,
    diskSize: 32 * MB,
    vmStateArea: 0,
  }));
}

async function scaleNodes(running: RunningServer, sock: string, dir: string, gc: () => void): Promise<void> {
  console.log(`  query-named-block-nodes, qcow2 nodes (each over a file node) with ${SNAPSHOTS_PER_NODE} snapshots each (median of ${RUNS}):`);
  const data: ImageData = {
    format: "qcow2",
    virtualSize: 32 * MB,
    qcow2: { compat: "1.1", clusterSize: 65536, lazyRefcounts: false, refcountBits: 16, compressionType: "zlib", extendedL2: false },
    snapshots: snapshotTable(SNAPSHOTS_PER_NODE),
    vmStateArea: 0,
  };
  const text = serialiseImage(data, []);
  gc();
  const base = process.memoryUsage().heapUsed;
  let made = 0;
  let setup = 0;
  for (const size of NODE_SIZES) {
    const t0 = performance.now();
    for (; made < size; made++) {
      const file = join(dir, `n${made}.qcow2`);
      writeFileSync(file, text);
      // read-only with force-share: no image lock to write, so setting up 1,000 nodes stays quick
      running.vm.blockdevAdd({
        driver: "qcow2",
        "node-name": `fmt${made}`,
        "read-only": true,
        "force-share": true,
        file: { driver: "file", filename: file },
      });
    }
    setup += performance.now() - t0;
    gc();
    const mem = process.memoryUsage();
    const s = await roundTrip(sock, '{"execute": "query-named-block-nodes"}');
    if (s.items !== 2 * size) throw new Error(`query-named-block-nodes listed ${s.items} nodes, expected ${2 * size}`);
    console.log(line(size, "nodes", s, mem.heapUsed - base, mem.rss));
  }
  console.log(`  (opening the ${made} images took ${(setup / 1000).toFixed(1)} s in all; not part of the times above)`);
}

export async function benchScale(): Promise<void> {
  const gc = collector();
  const dir = mkdtempSync(join(tmpdir(), "qapi-ts-bench-scale-"));
  const sock = join(dir, "qmp.sock");
  const running = await startServer({ config: parseServeArgs(["-qmp", `unix:${sock},server=on,wait=off`]) });
  try {
    console.log("scale: one server in this process, answers over a Unix socket; heap measured after a full GC");
    await scaleJobs(running, sock, gc);
    await scaleNodes(running, sock, dir, gc);
  } finally {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
