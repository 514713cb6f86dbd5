// blockdev-add / blockdev-del / devices and the query answers of the
// simulated block layer.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import { Harness, makeImage, qcow2Node, tempDir, OK } from "../snapshot/harness.js";
import type { BlockdevOptions } from "../../../runtime/src/types-local.js";

let dir: string;
let h: Harness;
const vms: Harness[] = [];

function vm(config: ConstructorParameters<typeof Harness>[0] = {}) {
  const x = new Harness(config);
  vms.push(x);
  return x;
}

beforeEach(() => {
  dir = tempDir();
  h = vm();
});
afterEach(() => {
  for (const x of vms.splice(0)) x.vm.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const add = (o: unknown) => h.qmp((v) => v.blockdevAdd(o as BlockdevOptions));
const err = (desc: string) => [{ error: { class: "GenericError", desc } }];

describe("blockdev-add", () => {
  it("adds qcow2 over an inline file with a generated child name", () => {
    add(qcow2Node("disk0", makeImage(dir, "a.qcow2")));
    expect(h.take()).toEqual([OK]);
    const names = h.vm.queryNamedBlockNodes({}).map((n) => n["node-name"]);
    expect(names).toEqual(["disk0", "#block042"]);
  });

  it("needs a root node-name", () => {
    add({ driver: "file", filename: makeImage(dir, "a.qcow2") });
    expect(h.take()).toEqual(err("'node-name' must be specified for the root node"));
  });

  it("checks node names as bdrv_assign_node_name", () => {
    const f = makeImage(dir, "a.qcow2");
    add({ driver: "file", "node-name": "1x", filename: f });
    expect(h.take()).toEqual(err("Invalid node-name: '1x'"));
    add({ driver: "file", "node-name": "n".repeat(32), filename: f });
    expect(h.take()).toEqual(err("Node name too long"));
    add({ driver: "file", "node-name": "n".repeat(31), filename: f });
    add({ driver: "file", "node-name": "n".repeat(31), filename: f });
    expect(h.take()).toEqual([OK, ...err(`Duplicate nodes with node-name='${"n".repeat(31)}'`)]);
  });

  it("reports missing files and non-qcow2 images", () => {
    add({ driver: "file", "node-name": "f", filename: `${dir}/missing` });
    expect(h.take()).toEqual(err(`Could not open '${dir}/missing': No such file or directory`));
    fs.writeFileSync(`${dir}/text`, "hello\n");
    add(qcow2Node("q", `${dir}/text`));
    expect(h.take()).toEqual(err("Image is not in qcow2 format"));
    add(qcow2Node("q", makeImage(dir, "r.raw", "raw")));
    expect(h.take()).toEqual(err("Image is not in qcow2 format"));
    // nothing was left behind by the failures
    expect(h.vm.queryNamedBlockNodes({})).toEqual([]);
  });

  it("references an existing node by name", () => {
    add({ driver: "file", "node-name": "proto", filename: makeImage(dir, "a.qcow2") });
    add({ driver: "qcow2", "node-name": "fmt", file: "proto" });
    add({ driver: "qcow2", "node-name": "x", file: "ghost" });
    expect(h.take()).toEqual([OK, OK, ...err("Cannot find device='ghost' nor node-name='ghost'")]);
  });

  it("opens the data file recorded in a qcow2 image", () => {
    const img = makeImage(dir, "d.qcow2", "qcow2", { data_file: `${dir}/d.data` });
    add(qcow2Node("q", img));
    const nodes = h.vm.queryNamedBlockNodes({});
    expect(nodes.map((n) => [n["node-name"]!.startsWith("#block"), n.file])).toEqual([
      [true, `${dir}/d.data`],
      [false, img],
      [true, img],
    ]);
    expect(nodes[1]!.image["format-specific"]).toEqual({
      type: "qcow2",
      data: {
        compat: "1.1",
        "data-file": `${dir}/d.data`,
        "data-file-raw": false,
        "extended-l2": false,
        "lazy-refcounts": false,
        corrupt: false,
        "refcount-bits": 16,
        "compression-type": "zlib",
      },
    });
  });

  it("refuses data-file for an image without one", () => {
    add({ driver: "file", "node-name": "df", filename: makeImage(dir, "x.raw", "raw") });
    add(qcow2Node("q", makeImage(dir, "a.qcow2"), { "data-file": "df" } as Partial<BlockdevOptions>));
    expect(h.take()).toEqual([OK, ...err("'data-file' can only be set for images with an external data file")]);
  });
});

describe("image locks", () => {
  it("a second writer of the same image fails", () => {
    const img = makeImage(dir, "a.qcow2");
    add(qcow2Node("a", img));
    add(qcow2Node("b", img));
    expect(h.take()).toEqual([OK, ...err('Failed to get "write" lock')]);
    const other = vm();
    other.qmp((v) => v.blockdevAdd(qcow2Node("a", img)));
    expect(other.take()).toEqual(err('Failed to get "write" lock'));
  });

  it("a reader conflicts with a writer, both ways", () => {
    const img = makeImage(dir, "a.qcow2");
    add(qcow2Node("w", img));
    add(qcow2Node("r", img, { "read-only": true }));
    expect(h.take()).toEqual([OK, ...err('Failed to get shared "write" lock')]);
    h.qmp((v) => v.blockdevDel({ "node-name": "w" }));
    add(qcow2Node("r", img, { "read-only": true }));
    add(qcow2Node("w", img));
    expect(h.take()).toEqual([OK, OK, ...err('Failed to get "write" lock')]);
  });

  it("locking=off on the file node takes no lock", () => {
    const img = makeImage(dir, "a.qcow2");
    add({ driver: "qcow2", "node-name": "a", file: { driver: "file", filename: img, locking: "off" } });
    add({ driver: "qcow2", "node-name": "b", file: { driver: "file", filename: img, locking: "off" } });
    expect(h.take()).toEqual([OK, OK]);
  });

  it("force-share: read-only only, and then no lock", () => {
    const img = makeImage(dir, "a.qcow2");
    add(qcow2Node("w", img));
    add(qcow2Node("fs", img, { "force-share": true } as Partial<BlockdevOptions>));
    expect(h.take()).toEqual([OK, ...err("force-share=on can only be used with read-only images")]);
    add(qcow2Node("fs", img, { "force-share": true, "read-only": true } as Partial<BlockdevOptions>));
    expect(h.take()).toEqual([OK]);
  });

  it("refuses a backing node rather than ignoring it", () => {
    const img = makeImage(dir, "a.qcow2");
    add({ ...qcow2Node("a", img), backing: "x" });
    expect(h.take()).toEqual(err("Backing files are not supported by the qapi-ts simulator"));
    add({ ...qcow2Node("a", img), backing: null });
    expect(h.take()).toEqual([OK]);
  });

  it("blockdev-del and shutdown release the lock", () => {
    const img = makeImage(dir, "a.qcow2");
    add(qcow2Node("a", img));
    h.qmp((v) => v.blockdevDel({ "node-name": "a" }));
    add(qcow2Node("a", img));
    expect(h.take()).toEqual([OK, OK, OK]);
    h.vm.shutdown();
    const other = vm();
    other.qmp((v) => v.blockdevAdd(qcow2Node("a", img)));
    expect(other.take()).toEqual([OK]);
  });

  function holdBy(img: string, pid: number, start?: string) {
    const holder = { pid, host: os.hostname(), token: "x", write: true, start };
    fs.writeFileSync(
      img,
      fs.readFileSync(img, "utf8").replace('"holders": []', `"holders": [${JSON.stringify(holder)}]`),
    );
  }

  it("a lock held by another live process is honoured", () => {
    const img = makeImage(dir, "a.qcow2");
    holdBy(img, process.ppid);
    add(qcow2Node("a", img));
    expect(h.take()).toEqual(err('Failed to get "write" lock'));
  });

  it("a lock recorded by an earlier process with a reused pid is ignored", () => {
    if (!fs.existsSync("/proc/self/stat")) return;
    const img = makeImage(dir, "a.qcow2");
    holdBy(img, process.ppid, "1");
    add(qcow2Node("a", img));
    expect(h.take()).toEqual([OK]);
  });

  it("a lock of a dead process is ignored", () => {
    const img = makeImage(dir, "a.qcow2");
    holdBy(img, 999_999_999);
    add(qcow2Node("a", img));
    expect(h.take()).toEqual([OK]);
  });
});

describe("blockdev-del", () => {
  it("checks in QEMU's order", () => {
    h = vm({
      blockdevs: [
        { driver: "file", "node-name": "proto", filename: makeImage(dir, "a.qcow2") },
        { driver: "qcow2", "node-name": "fmt", file: "proto" },
        qcow2Node("dev", makeImage(dir, "b.qcow2")),
      ],
      devices: [{ driver: "ide-hd", drive: "dev" }],
    });
    const del = (n: string) => h.qmp((v) => v.blockdevDel({ "node-name": n }));
    del("ghost");
    expect(h.take()).toEqual(err("Failed to find node with node-name='ghost'"));
    del("dev");
    expect(h.take()).toEqual(err("Node dev is in use"));
    const child = h.vm.queryNamedBlockNodes({}).find((n) => n.file.endsWith("b.qcow2") && n.drv === "file")![
      "node-name"
    ]!;
    del(child);
    expect(h.take()).toEqual(err(`Node ${child} is not owned by the monitor`));
    del("proto");
    expect(h.take()).toEqual(err("Block device proto is in use"));
    del("fmt");
    del("proto");
    expect(h.take()).toEqual([OK, OK]);
  });
});

describe("query-block and query-named-block-nodes", () => {
  it("shows attached devices with their BlockDeviceInfo", () => {
    const img = makeImage(dir, "a.qcow2");
    h = vm({ blockdevs: [qcow2Node("disk0", img)], devices: [{ driver: "ide-hd", drive: "disk0", id: "ide0" }] });
    const [info] = h.vm.queryBlock();
    expect(info).toMatchObject({
      device: "",
      qdev: "ide0",
      type: "unknown",
      removable: false,
      locked: false,
      "io-status": "ok",
    });
    expect(info!.inserted).toMatchObject({
      file: img,
      "node-name": "disk0",
      ro: false,
      drv: "qcow2",
      backing_file_depth: 0,
      encrypted: false,
      detect_zeroes: "off",
      bps: 0,
      iops_wr: 0,
      cache: { writeback: true, direct: false, "no-flush": false },
      write_threshold: 0,
    });
    expect(info!.inserted!.image).toMatchObject({
      filename: img,
      format: "qcow2",
      "virtual-size": 64 * 1024 * 1024,
      "cluster-size": 65536,
      "dirty-flag": false,
    });
    expect("snapshots" in info!.inserted!.image).toBe(false);
  });

  it("names anonymous devices by QOM path", () => {
    h = vm({ blockdevs: [qcow2Node("d", makeImage(dir, "a.qcow2"))], devices: [{ driver: "ide-hd", drive: "d" }] });
    expect(h.vm.queryBlock()[0]!.qdev).toBe("/machine/peripheral-anon/device[0]");
  });

  it("device errors", () => {
    expect(() => vm({ devices: [{ driver: "ide-hd", drive: "nope" }] })).toThrow(
      "Property 'ide-hd.drive' can't find value 'nope'",
    );
    const img = makeImage(dir, "a.qcow2");
    expect(() =>
      vm({ blockdevs: [qcow2Node("ro", img, { "read-only": true })], devices: [{ driver: "ide-hd", drive: "ro" }] }),
    ).toThrow("Block node is read-only");
  });
});
