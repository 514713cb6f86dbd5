// Random command sequences: the wire shape of every snapshot command stays
// one of QEMU 7.2.22's patterns, and the snapshot tables keep qcow2's rules.
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as fs from "node:fs";
import { Harness, makeImage, qcow2Node, tempDir, type Wire } from "./harness.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const DISKS = ["d0", "d1", "d2"];
const op = fc.oneof(
  fc.record({
    kind: fc.constantFrom("save" as const, "load" as const),
    tag: fc.constantFrom("a", "b", "1", "2"),
    vmstate: fc.constantFrom(...DISKS, "zz"),
    devices: fc.subarray([...DISKS, "d0", "zz"], { maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant("delete" as const),
    tag: fc.constantFrom("a", "b", "1", "2"),
    devices: fc.subarray([...DISKS, "d0"], { maxLength: 4 }),
  }),
  fc.record({ kind: fc.constantFrom("stop" as const, "cont" as const, "dismiss-all" as const) }),
);

const SUCCESS = ["JOB waiting", "JOB pending", "JOB concluded"];
const FAILURE = ["JOB aborting", "JOB concluded"];

function checkShape(wire: Wire[], wasRunning: boolean, kind: string): "ok" | "failed" {
  expect(wire.slice(0, 2)).toEqual(["JOB created", "JOB running"]);
  const reply = wire.findIndex((w) => typeof w === "object");
  expect(wire[reply]).toEqual({ return: {} });
  const middle = wire.slice(2, reply);
  const tail = wire.slice(reply + 1);
  const ok = JSON.stringify(tail) === JSON.stringify(SUCCESS);
  if (!ok) expect(tail).toEqual(FAILURE);
  if (!wasRunning || kind === "delete") expect(middle).toEqual([]);
  else if (ok) expect(middle).toEqual(["STOP", "RESUME"]);
  else if (kind === "load") expect(middle).toEqual(["STOP"]);
  else expect([[], ["STOP", "RESUME"]]).toContainEqual(middle);
  return ok ? "ok" : "failed";
}

describe("random snapshot command sequences", () => {
  it("keep QEMU's wire patterns and qcow2 table rules", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const dir = tempDir();
        dirs.push(dir);
        const h = new Harness({ blockdevs: DISKS.map((d) => qcow2Node(d, makeImage(dir, `${d}.qcow2`))) });
        try {
          let n = 0;
          for (const o of ops) {
            const id = `j${n++}`;
            if (o.kind === "stop" || o.kind === "cont") {
              h.qmp((vm) => (o.kind === "stop" ? vm.stop() : vm.cont()));
              h.take();
              continue;
            }
            if (o.kind === "dismiss-all") {
              for (const j of h.jobs()) h.qmp((vm) => vm.jobDismiss({ id: j.id }));
              h.take();
              expect(h.jobs()).toEqual([]);
              continue;
            }
            const wasRunning = h.vm.queryStatus().running;
            if (o.kind === "delete") {
              const args = { "job-id": id, tag: o.tag, devices: o.devices };
              h.qmp((vm) => vm.snapshotDelete(args));
            } else if (o.kind === "save" || o.kind === "load") {
              const args = { "job-id": id, tag: o.tag, vmstate: o.vmstate, devices: o.devices };
              const isSave = o.kind === "save";
              h.qmp((vm) => (isSave ? vm.snapshotSave(args) : vm.snapshotLoad(args)));
            }
            const result = checkShape(h.take(), wasRunning, o.kind);
            const info = h.jobs()[0]!;
            expect(info).toMatchObject({ id, status: "concluded", "current-progress": 1, "total-progress": 1 });
            expect(info.error === undefined).toBe(result === "ok");
            if (o.kind === "load" && wasRunning)
              expect(h.vm.queryStatus().status).toBe(result === "ok" ? "running" : "restore-vm");
            for (const d of DISKS) {
              const ids = h.snapshots(d).map((s) => Number(s.id));
              expect(new Set(ids).size).toBe(ids.length);
            }
          }
        } finally {
          h.vm.shutdown();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
