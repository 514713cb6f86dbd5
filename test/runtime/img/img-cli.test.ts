// `qapi-ts img` output compared with what qemu-img 7.2 prints.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { runImg } from "../../../runtime/src/img/cli.js";
import { parseSize, formattingLine } from "../../../runtime/src/img/create.js";
import { sizeToStr, formatG, snapshotHeader, snapshotRow } from "../../../runtime/src/img/format-text.js";
import { Harness, qcow2Node, tempDir } from "../snapshot/harness.js";

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function img(...argv: string[]) {
  let out = "";
  let err = "";
  const code = runImg(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("size parsing (qemu_strtosz)", () => {
  it.each([
    ["1G", 1073741824n],
    ["64M", 67108864n],
    ["64m", 67108864n],
    ["1k", 1024n],
    ["512", 512n],
    ["512b", 512n],
    ["1.5G", 1610612736n],
    ["0x10", 16n],
    ["1T", 1099511627776n],
  ])("%s", (text, n) => expect(parseSize(text)).toBe(n));
  it.each(["", "abc", "1Q", "-1", "1G2", "0x1.5"])("rejects %j", (text) => expect(parseSize(text)).toBe("invalid"));
});

describe("size_to_str", () => {
  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [1000, "0.977 KiB"],
    [1024, "1 KiB"],
    [656_384, "641 KiB"],
    [196_616, "192 KiB"],
    [67108864, "64 MiB"],
    [1073741824, "1 GiB"],
    [1610612736, "1.5 GiB"],
  ])("%d -> %s", (n, s) => expect(sizeToStr(n)).toBe(s));
  it("formats like %0.3g", () => {
    expect(formatG(0.9765625)).toBe("0.977");
    expect(formatG(100)).toBe("100");
    expect(formatG(999.9)).toBe("1e+03");
    expect(formatG(12.5)).toBe("12.5");
  });
});

describe("img create", () => {
  it("prints the qcow2 Formatting line", () => {
    const f = path.join(dir, "a.qcow2");
    const r = img("create", "-f", "qcow2", f, "1G");
    expect(r).toEqual({
      code: 0,
      err: "",
      out: `Formatting '${f}', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib size=1073741824 lazy_refcounts=off refcount_bits=16\n`,
    });
    expect(fs.readFileSync(f, "utf8").startsWith("QAPI-TS SIMULATED IMAGE v1\n")).toBe(true);
  });

  it("prints data_file in option order and creates the data file", () => {
    const f = path.join(dir, "a.qcow2");
    const d = path.join(dir, "a,data");
    const r = img("create", "-f", "qcow2", "-o", `data_file=${d.replace(/,/g, ",,")}`, f, "64M");
    expect(r.out).toBe(
      `Formatting '${f}', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib size=67108864 data_file=${d.replace(/,/g, ",,")} lazy_refcounts=off refcount_bits=16\n`,
    );
    expect(fs.existsSync(d)).toBe(true);
  });

  it("raw by default, -q silences", () => {
    const f = path.join(dir, "a.raw");
    expect(img("create", f, "1M").out).toBe(`Formatting '${f}', fmt=raw size=1048576\n`);
    expect(img("create", "-q", "-f", "raw", f, "1M")).toEqual({ code: 0, out: "", err: "" });
    expect(formattingLine("x", "raw", new Map([["size", "5"]]))).toBe("Formatting 'x', fmt=raw size=5");
  });

  it("accumulates -o, normalises sizes, and lets the positional size win", () => {
    const f = path.join(dir, "a.qcow2");
    expect(img("create", "-f", "qcow2", "-o", "cluster_size=128k", "-o", "lazy_refcounts=on,size=1M", f).out).toBe(
      `Formatting '${f}', fmt=qcow2 cluster_size=131072 extended_l2=off compression_type=zlib size=1048576 lazy_refcounts=on refcount_bits=16\n`,
    );
    expect(img("info", f).out).toContain("cluster_size: 131072\n");
    expect(img("info", f).out).toContain("lazy refcounts: true\n");
    expect(img("create", "-f", "qcow2", "-o", "size=1M", f, "2M").out).toContain(" size=2097152 ");
  });

  it("errors as qemu-img words them", () => {
    const f = path.join(dir, "a.qcow2");
    expect(img("create", "-f", "qcow2", f, "12Q")).toEqual({
      code: 1,
      out: "",
      err: "qemu-img: Invalid image size specified. You may use k, M, G, T, P or E suffixes for\nqemu-img: kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.\n",
    });
    expect(img("create", "-f", "qcow2", f).err).toBe(`qemu-img: ${f}: Image creation needs a size parameter\n`);
    expect(img("create", "-f", "qcow2", "-o", "bogus=1", f, "1G").err).toBe(
      `qemu-img: ${f}: Invalid parameter 'bogus'\n`,
    );
    expect(img("create", "-f", "vmdk", f, "1G").err).toBe(`qemu-img: ${f}: Unknown file format 'vmdk'\n`);
    expect(img("create", "-f", "qcow2", "-o", "lazy_refcounts=maybe", f, "1G").err).toBe(
      `qemu-img: ${f}: Parameter 'lazy_refcounts' expects 'on' or 'off'\n`,
    );
    expect(img("create", "-f", "qcow2", "-o", "cluster_size=big", f, "1G").err).toBe(
      `qemu-img: ${f}: Parameter 'cluster_size' expects a non-negative number below 2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.\n`,
    );
    expect(img("create", f, "1G", "extra").err).toBe(
      "qemu-img: Unexpected argument: extra\nTry 'qemu-img --help' for more information\n",
    );
    expect(img("create").err).toBe("qemu-img: Expecting image file name\nTry 'qemu-img --help' for more information\n");
  });
});

describe("img info and snapshot -l", () => {
  it("qcow2 without snapshots", () => {
    const f = path.join(dir, "a.qcow2");
    img("create", "-q", "-f", "qcow2", f, "1G");
    const r = img("info", f);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      new RegExp(
        `^image: ${f.replace(/[.]/g, "\\.")}\nfile format: qcow2\nvirtual size: 1 GiB \\(1073741824 bytes\\)\ndisk size: [0-9.]+ KiB\ncluster_size: 65536\n` +
          "Format specific information:\n    compat: 1.1\n    compression type: zlib\n    lazy refcounts: false\n    refcount bits: 16\n    corrupt: false\n    extended l2: false\n$",
      ),
    );
    expect(img("snapshot", "-l", f)).toEqual({ code: 0, out: "", err: "" });
  });

  it("raw image and foreign files", () => {
    const f = path.join(dir, "a.raw");
    img("create", "-q", f, "2M");
    expect(img("info", f).out).toMatch(
      /^image: .*\nfile format: raw\nvirtual size: 2 MiB \(2097152 bytes\)\ndisk size: .*\n$/,
    );
    const t = path.join(dir, "t.txt");
    fs.writeFileSync(t, "x".repeat(100));
    expect(img("info", t).out).toContain("virtual size: 100 B (100 bytes)\n");
    expect(img("info", "-f", "qcow2", t).err).toBe(`qemu-img: Could not open '${t}': Image is not in qcow2 format\n`);
    expect(img("info", path.join(dir, "none")).err).toBe(
      `qemu-img: Could not open '${dir}/none': Could not open '${dir}/none': No such file or directory\n`,
    );
  });

  it("lists snapshots made by the VM, and honours its lock", () => {
    const f = path.join(dir, "a.qcow2");
    img("create", "-q", "-f", "qcow2", f, "1G");
    const h = new Harness({ blockdevs: [qcow2Node("d", f)] });
    h.clock.advance(3_723_456);
    h.qmp((vm) => vm.snapshotSave({ "job-id": "j", tag: "first", vmstate: "d", devices: ["d"] }));
    const locked = img("snapshot", "-l", f);
    expect(locked).toEqual({
      code: 1,
      out: "",
      err: `qemu-img: Could not open '${f}': Failed to get shared "write" lock\nIs another process using the image [${f}]?\n`,
    });
    const shared = img("snapshot", "-U", "-l", f);
    const sn = h.vm.queryNamedBlockNodes({}).find((n) => n["node-name"] === "d")!.image.snapshots![0]!;
    const d = new Date(sn["date-sec"] * 1000);
    const p2 = (n: number) => String(n).padStart(2, "0");
    const date = `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
    expect(shared.out).toBe(
      "Snapshot list:\n" +
        "ID        TAG               VM SIZE                DATE     VM CLOCK     ICOUNT\n" +
        `1         first             641 KiB ${date} 01:02:03.456           \n`,
    );
    h.vm.shutdown();
    const info = img("info", f);
    expect(info.out).toContain("cluster_size: 65536\nSnapshot list:\nID        TAG ");
    expect(JSON.parse(img("info", "--output=json", f).out)).toMatchObject({
      "virtual-size": 1073741824,
      snapshots: [{ id: "1", name: "first" }],
    });
    expect(Object.keys(JSON.parse(img("info", "--output=json", f).out))[0]).toBe("snapshots");
  });

  it("snapshot rows pad like bdrv_snapshot_dump", () => {
    expect(snapshotHeader()).toBe("ID        TAG               VM SIZE                DATE     VM CLOCK     ICOUNT");
    const row = snapshotRow({
      id: "12",
      name: "a-rather-long-snapshot-name",
      "vm-state-size": 0,
      "date-sec": 0,
      "date-nsec": 0,
      "vm-clock-sec": 0,
      "vm-clock-nsec": 0,
      icount: 7,
    });
    expect(row.startsWith("12        a-rather-long-snapshot-name      0 B")).toBe(true);
    expect(row.endsWith(" 00:00:00.000          7")).toBe(true);
  });

  it("create over an image in use fails with the lock error", () => {
    const f = path.join(dir, "a.qcow2");
    img("create", "-q", "-f", "qcow2", f, "1G");
    const h = new Harness({ blockdevs: [qcow2Node("d", f)] });
    expect(img("create", "-q", "-f", "qcow2", f, "1G").err).toBe(
      `qemu-img: ${f}: Failed to get "write" lock\nIs another process using the image [${f}]?\n`,
    );
    h.vm.shutdown();
    expect(img("create", "-q", "-f", "qcow2", f, "1G").code).toBe(0);
  });

  it("snapshot -c / -a / -d offline", () => {
    const f = path.join(dir, "a.qcow2");
    img("create", "-q", "-f", "qcow2", f, "1G");
    expect(img("snapshot", "-c", "one", f)).toEqual({ code: 0, out: "", err: "" });
    expect(img("snapshot", "-c", "two", f).code).toBe(0);
    expect(img("snapshot", "-l", f).out).toMatch(
      /^Snapshot list:\nID .*\n1         one                   0 B .* 00:00:00.000           \n2         two  /,
    );
    expect(img("snapshot", "-a", "1", f).code).toBe(0);
    expect(img("snapshot", "-a", "three", f).err).toBe(
      "qemu-img: Could not apply snapshot 'three': Failed to load snapshot: No such file or directory\n",
    );
    expect(img("snapshot", "-d", "one", f).code).toBe(0);
    expect(img("snapshot", "-d", "one", f).err).toBe("qemu-img: Could not delete snapshot 'one': snapshot not found\n");
    expect(img("snapshot", "-l", "-c", "x", f).err).toBe(
      "qemu-img: Cannot mix '-l', '-a', '-c', '-d'\nTry 'qemu-img --help' for more information\n",
    );
  });

  it("snapshot -c on raw or with a data file is not supported", () => {
    const r = path.join(dir, "a.raw");
    img("create", "-q", r, "1M");
    expect(img("snapshot", "-c", "x", r).err).toBe(
      "qemu-img: Could not create snapshot 'x': -95 (Operation not supported)\n",
    );
    expect(img("snapshot", "-a", "x", r).err).toBe(
      "qemu-img: Could not apply snapshot 'x': Block driver does not support snapshots\n",
    );
    const q = path.join(dir, "d.qcow2");
    img("create", "-q", "-f", "qcow2", "-o", `data_file=${dir}/d.data`, q, "1M");
    expect(img("snapshot", "-c", "x", q).err).toBe(
      "qemu-img: Could not create snapshot 'x': -95 (Operation not supported)\n",
    );
    fs.rmSync(`${dir}/d.data`);
    expect(img("info", q).err).toBe(
      `qemu-img: Could not open '${q}': Could not open '${dir}/d.data': No such file or directory\n`,
    );
  });

  it("snapshot -c needs the write lock", () => {
    const f = path.join(dir, "a.qcow2");
    img("create", "-q", "-f", "qcow2", f, "1G");
    const h = new Harness({ blockdevs: [qcow2Node("d", f)] });
    expect(img("snapshot", "-c", "x", f).err).toBe(
      `qemu-img: Could not open '${f}': Failed to get "write" lock\nIs another process using the image [${f}]?\n`,
    );
    h.vm.shutdown();
  });
});
