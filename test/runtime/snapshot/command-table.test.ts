// The QMP-name table the server wiring uses, and QDict ordering of answers.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import { vmCommands } from "../../../runtime/src/vm/command-table.js";
import { qdictOrder, toQdictOrder } from "../../../runtime/src/vm/qdict-order.js";
import { Harness, makeImage, tempDir } from "./harness.js";

let dir: string;
let h: Harness;
beforeEach(() => {
  dir = tempDir();
  h = new Harness();
});
afterEach(() => {
  h.vm.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("vmCommands", () => {
  it("maps wire names and turns bigint arguments into numbers", () => {
    const cmds = vmCommands(h.vm);
    const img = makeImage(dir, "a.raw", "raw");
    expect(
      cmds["blockdev-add"]!({ driver: "raw", "node-name": "r", file: { driver: "file", filename: img }, size: 4096n }),
    ).toEqual({});
    const nodes = cmds["query-named-block-nodes"]!({ flat: true }) as Array<{ image: { "virtual-size": number } }>;
    expect(nodes[0]!.image["virtual-size"]).toBe(4096);
    expect(cmds["query-status"]!(undefined)).toEqual({ running: true, singlestep: false, status: "running" });
    expect(Object.keys(cmds).sort()).toContain("snapshot-save");
  });
});

describe("QDict order", () => {
  it("matches the order QEMU prints", () => {
    expect(qdictOrder(["id", "type", "status", "current-progress", "total-progress", "error"])).toEqual([
      "current-progress",
      "status",
      "total-progress",
      "type",
      "id",
      "error",
    ]);
    expect(qdictOrder(["running", "singlestep", "status"])).toEqual(["status", "singlestep", "running"]);
    expect(Object.keys(toQdictOrder({ id: "j", status: "created" }))).toEqual(["status", "id"]);
  });
});
