// Durability: a server killed with SIGKILL at any moment of a snapshot-save
// leaves every image either before or after the operation, never corrupt,
// and its lock does not outlive it (the next server opens the image
// writable).  The kill lands at increasing delays after the command is
// written, so it falls before, during and after the image writes.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DIST_BUILT,
  LineConn,
  NOT_BUILT_REASON,
  cli,
  makeImage,
  startServe,
  stop,
  tempDir,
  type ServeProcess,
} from "./serve-process.js";

if (!DIST_BUILT) console.warn(`[e2e] SKIPPED: ${NOT_BUILT_REASON}`);

let dir: string | undefined;
let server: ServeProcess | undefined;
afterEach(() => {
  if (server) stop(server);
  server = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The tags `qapi-ts img snapshot -l` lists (it fails on a corrupt image). */
function tags(file: string): string[] {
  const r = cli(["img", "snapshot", "-l", file]);
  expect(r.status, `img snapshot -l ${file}: ${r.stderr}`).toBe(0);
  return r.stdout
    .split("\n")
    .slice(2)
    .filter((l) => l.trim() !== "")
    .map((l) => l.trim().split(/\s+/)[1]!);
}

describe.skipIf(!DIST_BUILT)("SIGKILL during snapshot-save", () => {
  it("leaves both images before or after the save, and unlocked", async () => {
    dir = tempDir();
    const d0 = makeImage(dir, "d0.qcow2");
    const d1 = makeImage(dir, "d1.qcow2");
    // per image: the snapshots it had after the previous round (a save cut
    // between the two images may leave the new one on the first only, as in QEMU)
    const kept = new Map<string, string[]>();
    for (const [i, delayMs] of [0, 1, 3, 6, 10, 20, 40, 80].entries()) {
      const sock = path.join(dir, `s${i}`);
      server = await startServe(
        [
          ...["-qmp", `unix:${sock},server=on,wait=off`],
          ...["-blockdev", `driver=qcow2,node-name=disk0,file.driver=file,file.filename=${d0}`],
          ...["-blockdev", `driver=qcow2,node-name=disk1,file.driver=file,file.filename=${d1}`],
        ],
        sock,
      );
      const c = await LineConn.connect({ path: sock });
      await c.take(1);
      await c.request('{"execute": "qmp_capabilities"}');
      c.send(
        `{"execute": "snapshot-save", "arguments": {"job-id": "j", "tag": "t${i}", "vmstate": "disk0", "devices": ["disk0", "disk1"]}}\n`,
      );
      await new Promise((r) => setTimeout(r, delayMs));
      server.child.kill("SIGKILL");
      await server.exited;
      server = undefined;
      c.close();
      for (const file of [d0, d1]) {
        const before = kept.get(file) ?? [];
        const now = tags(file);
        // everything saved before is still there, and at most this save's snapshot was added
        expect(now.slice(0, before.length)).toEqual(before);
        expect(now.slice(before.length).length).toBeLessThanOrEqual(1);
        expect(now.slice(before.length).every((t) => t === `t${i}`)).toBe(true);
        kept.set(file, now);
      }
    }
    // the lock of the last killed server does not block a new writer
    const sock = path.join(dir, "final");
    server = await startServe(
      [
        "-qmp",
        `unix:${sock},server=on,wait=off`,
        "-blockdev",
        `driver=qcow2,node-name=disk0,file.driver=file,file.filename=${d0}`,
      ],
      sock,
    );
    expect(server.child.exitCode).toBeNull();
  }, 120_000);
});
