// QEMU's own Python QMP library (python/qemu/qmp from the QEMU 10.0 source)
// against `node bin/qapi-ts.js serve`: connect, snapshot-save, wait for
// the job to conclude, query-jobs, job-dismiss (qemu_qmp_snapshot.py).
//
// Needs python3 and the unpacked QEMU 10.0 source (`bash
// ../shared/tools/qemu-source.sh 10.0`, or QAPI_TS_QEMU_SRC=<root>).  When
// either is missing the test is reported as SKIPPED with the reason, never
// as passed.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DIST_BUILT,
  NOT_BUILT_REASON,
  makeImage,
  startServe,
  stop,
  tempDir,
  type ServeProcess,
} from "../e2e/serve-process.js";

const SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), "qemu_qmp_snapshot.py");

/** The QEMU 10.0 source root, as qemu-source.sh would print it, if it is unpacked. */
function qemuSource(): string | undefined {
  const env = process.env.QAPI_TS_QEMU_SRC;
  if (env) return env;
  const cache = process.env.QEMU_SRC_CACHE ?? path.join(os.homedir(), ".cache", "qemu-src");
  const base = path.join(cache, "10.0");
  if (!fs.existsSync(base)) return undefined;
  const root = fs.readdirSync(base).find((d) => d.startsWith("qemu-") && fs.statSync(path.join(base, d)).isDirectory());
  return root ? path.join(base, root) : undefined;
}

function whyNot(): string | undefined {
  if (!DIST_BUILT) return NOT_BUILT_REASON;
  const py = spawnSync("python3", ["--version"], { encoding: "utf8" });
  if (py.status !== 0) return "python3 is not installed";
  const src = qemuSource();
  if (!src) return "the QEMU 10.0 source is not unpacked: run `bash ../shared/tools/qemu-source.sh 10.0`";
  if (!fs.existsSync(path.join(src, "python", "qemu", "qmp", "qmp_client.py"))) {
    return `${src}/python/qemu/qmp is missing`;
  }
  return undefined;
}

const reason = whyNot();
if (reason) console.warn(`[python qemu.qmp] SKIPPED (not passed): ${reason}`);

let server: ServeProcess | undefined;
let dir: string | undefined;
afterEach(() => {
  if (server) stop(server);
  server = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("QEMU's Python QMP library (qemu.qmp) against qapi-ts serve", () => {
  it.skipIf(reason !== undefined)(
    `completes a snapshot job${reason ? ` (skipped: ${reason})` : ""}`,
    async () => {
      dir = tempDir();
      const sock = path.join(dir, "qmp.sock");
      const img = makeImage(dir, "d0.qcow2");
      server = await startServe(
        [
          "-qmp",
          `unix:${sock},server=on,wait=off`,
          "-blockdev",
          `driver=qcow2,node-name=disk0,file.driver=file,file.filename=${img}`,
        ],
        sock,
      );
      const py = spawn("python3", [SCRIPT, qemuSource()!, sock], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      py.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      py.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
      const code = await new Promise<number | null>((resolve) => py.on("exit", (c) => resolve(c)));
      expect(out, out).toContain("job statuses: ['created', 'running', 'waiting', 'pending', 'concluded']");
      expect(code, out).toBe(0);
      expect(out.trim().split("\n").at(-1)).toBe("OK");
    },
    60_000,
  );
});
