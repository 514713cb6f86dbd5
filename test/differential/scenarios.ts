// Scripted QMP scenarios for the differential tests.  Each one is played
// against a real QEMU 7.2 (recorded under test/fixtures/qemu-7.2/scenarios)
// and against `qapi-ts serve`; the transcripts must agree.
//
// The scenarios follow the sections of ../shared/spec/qemu-snapshot-jobs.md
// and carry the spec's scenario names where it has one ([save-load-delete],
// [tag-id-clash], ...).  Every scenario starts a fresh server in a fresh
// directory; `$DIR` in a message stands for that directory.

import type { ImageSpec, Scenario, Step } from "./qmp-driver.js";

// ---------------------------------------------------------------------------
// Message helpers

/** One QMP command as a line of JSON. */
export function cmd(
  execute: string,
  args?: Record<string, unknown>,
  id?: unknown,
): Step {
  const msg: Record<string, unknown> = { execute };
  if (args !== undefined) msg["arguments"] = args;
  if (id !== undefined) msg["id"] = id;
  return { send: JSON.stringify(msg) + "\n" };
}

/** Text written verbatim; `replies` says how many replies it produces. */
function raw(send: string, replies = 1, note?: string): Step {
  return note === undefined ? { send, replies } : { send, replies, note };
}

/** Several commands in a single write (pipelining). */
function batch(...steps: Step[]): Step {
  return { send: steps.map((s) => s.send).join(""), replies: steps.length };
}

const qcow2 = (file: string, size = "32M"): ImageSpec => ({
  file,
  format: "qcow2",
  size,
});

/** blockdev-add of a qcow2 node over an inline file node. */
function addQcow2(
  node: string,
  file: string,
  extra: Record<string, unknown> = {},
): Step {
  return cmd("blockdev-add", {
    driver: "qcow2",
    "node-name": node,
    file: { driver: "file", filename: `$DIR/${file}` },
    ...extra,
  });
}

function save(
  jobId: string,
  tag: string,
  vmstate: string,
  devices: string[],
): Step {
  return cmd("snapshot-save", { "job-id": jobId, tag, vmstate, devices });
}

function load(
  jobId: string,
  tag: string,
  vmstate: string,
  devices: string[],
): Step {
  return cmd("snapshot-load", { "job-id": jobId, tag, vmstate, devices });
}

function del(jobId: string, tag: string, devices: string[]): Step {
  return cmd("snapshot-delete", { "job-id": jobId, tag, devices });
}

const queryJobs = cmd("query-jobs");
const queryStatus = cmd("query-status");
const nodes = cmd("query-named-block-nodes", { flat: true });
const dismiss = (id: string) => cmd("job-dismiss", { id });
const cont = cmd("cont");

const oneDisk = {
  images: [qcow2("d0.qcow2")],
  setup: [addQcow2("disk0", "d0.qcow2")],
};
const twoDisks = {
  images: [qcow2("d0.qcow2"), qcow2("d1.qcow2")],
  setup: [addQcow2("disk0", "d0.qcow2"), addQcow2("disk1", "d1.qcow2")],
};

// ---------------------------------------------------------------------------
// Successful save / load / delete

const saveLoadDelete: Scenario = {
  name: "save-load-delete",
  description:
    "save, load and delete on one qcow2 disk of a running VM (spec 1, 6, 9)",
  images: oneDisk.images,
  steps: [
    ...oneDisk.setup,
    save("save0", "snap0", "disk0", ["disk0"]),
    queryJobs,
    nodes,
    load("load0", "snap0", "disk0", ["disk0"]),
    queryStatus,
    del("delete0", "snap0", ["disk0"]),
    queryJobs,
    dismiss("save0"),
    dismiss("load0"),
    dismiss("delete0"),
    queryJobs,
    nodes,
  ],
};

const saveLoadDeleteTwo: Scenario = {
  name: "save-load-delete-two-disks",
  description:
    "save, load and delete on two qcow2 disks; only the vmstate disk gets VM state",
  images: twoDisks.images,
  steps: [
    ...twoDisks.setup,
    save("save0", "snap0", "disk1", ["disk0", "disk1"]),
    nodes,
    cmd("query-block"),
    load("load0", "snap0", "disk1", ["disk0", "disk1"]),
    del("delete0", "snap0", ["disk1", "disk0"]),
    queryJobs,
    nodes,
  ],
};

const saveLoadDeletePaused: Scenario = {
  name: "save-load-delete-paused",
  description:
    "the same on a VM started with -S: no STOP/RESUME, run state stays prelaunch",
  images: twoDisks.images,
  args: ["-S"],
  steps: [
    ...twoDisks.setup,
    queryStatus,
    save("save0", "snap0", "disk0", ["disk0", "disk1"]),
    queryStatus,
    nodes,
    load("load0", "snap0", "disk0", ["disk0", "disk1"]),
    queryStatus,
    del("delete0", "snap0", ["disk0", "disk1"]),
    queryJobs,
    cont,
    queryStatus,
    cmd("stop"),
    save("save1", "snap1", "disk0", ["disk0"]),
    queryStatus,
    nodes,
  ],
};

const snapshotTable: Scenario = {
  name: "snapshot-table",
  description:
    "snapshot ids, empty and long tags, id reuse after deleting the largest (spec 6)",
  images: oneDisk.images,
  args: ["-S"],
  steps: [
    ...oneDisk.setup,
    save("s1", "a", "disk0", ["disk0"]),
    save("s2", "", "disk0", ["disk0"]),
    save("s3", "x".repeat(300), "disk0", ["disk0"]),
    nodes,
    del("d1", "", ["disk0"]),
    del("d2", "x".repeat(300), ["disk0"]),
    del("d3", "x".repeat(255), ["disk0"]),
    nodes,
    save("s4", "b", "disk0", ["disk0"]),
    nodes,
    queryJobs,
  ],
};

const tagEncoding: Scenario = {
  name: "tag-encoding",
  description:
    "non-ASCII tags, and the 255-byte truncation cutting a UTF-8 character in two (spec 6)",
  images: oneDisk.images,
  args: ["-S"],
  steps: [
    ...oneDisk.setup,
    save("s1", "\u00fc-snap \ud83d\ude00", "disk0", ["disk0"]),
    save("s2", "\u00e9".repeat(200), "disk0", ["disk0"]),
    nodes,
    save("s3", "\u00e9".repeat(200), "disk0", ["disk0"]),
    del("d1", "\u00e9".repeat(200), ["disk0"]),
    load("l1", "\u00fc-snap \ud83d\ude00", "disk0", ["disk0"]),
    load("l2", "\u00e9".repeat(127), "disk0", ["disk0"]),
    nodes,
    del("d2", "\u00fc-snap \ud83d\ude00", ["disk0"]),
    queryJobs,
  ],
};

const rawOverQcow2: Scenario = {
  name: "raw-over-qcow2",
  description:
    "a raw node over a qcow2 node passes snapshots down to its child (spec 4)",
  images: oneDisk.images,
  steps: [
    ...oneDisk.setup,
    cmd("blockdev-add", { driver: "raw", "node-name": "rawq", file: "disk0" }),
    save("save0", "snap0", "rawq", ["rawq"]),
    nodes,
    load("load0", "snap0", "rawq", ["rawq"]),
    del("delete0", "snap0", ["rawq"]),
    queryJobs,
  ],
};

const commandLineDrives: Scenario = {
  name: "command-line-drives",
  description:
    "nodes from -blockdev and legacy -drive, attached to guest devices; errors name a " +
    "node by its BlockBackend name when it has one (spec 4, [save-attached-devices])",
  images: [qcow2("d0.qcow2"), qcow2("d1.qcow2"), qcow2("d2.qcow2")],
  args: [
    "-blockdev",
    "driver=qcow2,node-name=disk0,file.driver=file,file.filename=$DIR/d0.qcow2",
    "-drive",
    "if=none,id=drive1,node-name=node1,file=$DIR/d1.qcow2,format=qcow2",
    "-drive",
    "if=none,id=drive2,node-name=node2,file=$DIR/d2.qcow2,format=qcow2,readonly=on",
    "-device",
    "virtio-blk-pci,drive=disk0",
    "-device",
    "virtio-blk-pci,drive=drive1,id=vd1",
  ],
  steps: [
    cmd("query-block"),
    save("save0", "snap0", "disk0", ["disk0", "node1", "node2"]),
    save("save1", "snap0", "drive1", ["drive1"]),
    save("save2", "snap0", "node1", ["disk0", "node1"]),
    nodes,
    load("load0", "snap0", "node1", ["disk0", "node1"]),
    load("load1", "snap0", "node1", ["node2"]),
    cont,
    del("delete0", "snap0", ["node1", "disk0"]),
    queryJobs,
    cmd("query-block"),
  ],
};

// ---------------------------------------------------------------------------
// Device list errors (spec 4)

const devicesEmpty: Scenario = {
  name: "devices-empty",
  description:
    "devices [] for save, load and delete; a failed load leaves the VM stopped",
  images: oneDisk.images,
  steps: [
    ...oneDisk.setup,
    save("save0", "snap0", "disk0", []),
    load("load0", "snap0", "disk0", []),
    queryStatus,
    del("delete0", "snap0", []),
    queryJobs,
    cont,
    queryStatus,
  ],
};

const unknownNode: Scenario = {
  name: "unknown-node",
  description: "unknown node names in devices and vmstate",
  images: oneDisk.images,
  args: ["-S"],
  steps: [
    ...oneDisk.setup,
    save("save0", "snap0", "nope", ["nope"]),
    save("save1", "snap0", "disk0", ["disk0", "nope", "other"]),
    save("save2", "snap0", "nope", ["disk0"]),
    load("load0", "snap0", "disk0", ["nope"]),
    del("delete0", "snap0", ["disk0", "nope"]),
    cmd("snapshot-save", {
      "job-id": "save3",
      tag: "snap0",
      vmstate: "Disk0",
      devices: ["DISK0"],
    }),
    queryJobs,
    nodes,
  ],
};

const fileNode: Scenario = {
  name: "file-node",
  description:
    "a file (protocol) node cannot hold snapshots; vmstate on a node not listed",
  images: oneDisk.images,
  steps: [
    cmd("blockdev-add", {
      driver: "file",
      "node-name": "file0",
      filename: "$DIR/d0.qcow2",
    }),
    cmd("blockdev-add", {
      driver: "qcow2",
      "node-name": "disk0",
      file: "file0",
    }),
    save("save0", "snap0", "file0", ["file0"]),
    save("save1", "snap0", "disk0", ["disk0", "file0"]),
    save("save2", "snap0", "file0", ["disk0"]),
    load("load0", "snap0", "file0", ["file0"]),
    cont,
    del("delete0", "snap0", ["file0"]),
    queryJobs,
  ],
};

const rawNode: Scenario = {
  name: "raw-node",
  description: "a raw node over a file cannot hold snapshots",
  images: [{ file: "r0.raw", format: "raw", size: "32M" }],
  args: ["-S"],
  steps: [
    cmd("blockdev-add", {
      driver: "raw",
      "node-name": "raw0",
      file: { driver: "file", filename: "$DIR/r0.raw" },
    }),
    save("save0", "snap0", "raw0", ["raw0"]),
    load("load0", "snap0", "raw0", ["raw0"]),
    del("delete0", "snap0", ["raw0"]),
    queryJobs,
    nodes,
  ],
};

const readOnlyQcow2: Scenario = {
  name: "read-only-qcow2",
  description: "a read-only qcow2 node is refused with the 'writable' message",
  images: twoDisks.images,
  steps: [
    addQcow2("disk0", "d0.qcow2"),
    addQcow2("ro1", "d1.qcow2", { "read-only": true }),
    save("save0", "snap0", "disk0", ["disk0", "ro1"]),
    save("save1", "snap0", "disk0", ["disk0"]),
    load("load0", "snap0", "disk0", ["disk0", "ro1"]),
    cont,
    del("delete0", "snap0", ["ro1"]),
    queryJobs,
    nodes,
  ],
};

// ---------------------------------------------------------------------------
// Tags (spec 4, 5)

const tagExists: Scenario = {
  name: "tag-exists",
  description: "saving a tag that every listed device already has fails",
  images: twoDisks.images,
  steps: [
    ...twoDisks.setup,
    save("save0", "snap0", "disk0", ["disk0", "disk1"]),
    save("save1", "snap0", "disk0", ["disk0", "disk1"]),
    save("save2", "snap0", "disk1", ["disk1"]),
    queryJobs,
    nodes,
  ],
};

const partialTag: Scenario = {
  name: "partial-tag",
  description:
    "a tag that only some devices have: those get a second snapshot of that name",
  images: twoDisks.images,
  args: ["-S"],
  steps: [
    ...twoDisks.setup,
    save("save0", "t", "disk0", ["disk0"]),
    save("save1", "t", "disk1", ["disk0", "disk1"]),
    nodes,
    load("load0", "t", "disk1", ["disk0", "disk1"]),
    load("load1", "t", "disk0", ["disk0"]),
    del("delete0", "t", ["disk0", "disk1"]),
    nodes,
    queryJobs,
  ],
};

const vmstateNotInDevices: Scenario = {
  name: "vmstate-not-in-devices",
  description: "vmstate must name one of the listed devices",
  images: twoDisks.images,
  steps: [
    ...twoDisks.setup,
    save("save0", "snap0", "disk1", ["disk0"]),
    save("save1", "snap0", "disk0", ["disk0", "disk1"]),
    load("load0", "snap0", "disk1", ["disk0"]),
    queryStatus,
    cont,
    queryJobs,
    nodes,
  ],
};

const loadMissingTag: Scenario = {
  name: "load-missing-tag",
  description:
    "loading a tag that is missing on some device; the VM stays stopped until cont",
  images: twoDisks.images,
  steps: [
    ...twoDisks.setup,
    load("load0", "nope", "disk0", ["disk0"]),
    queryStatus,
    cont,
    save("save0", "snap0", "disk0", ["disk0"]),
    load("load1", "snap0", "disk0", ["disk0", "disk1"]),
    queryStatus,
    cmd("stop"),
    queryStatus,
    cont,
    queryStatus,
    queryJobs,
  ],
};

const loadMissingTagPaused: Scenario = {
  name: "load-missing-tag-paused",
  description: "the same with -S: no events, run state stays prelaunch",
  images: oneDisk.images,
  args: ["-S"],
  steps: [
    ...oneDisk.setup,
    load("load0", "nope", "disk0", ["disk0"]),
    queryStatus,
    queryJobs,
    // 'stop' on a VM that has not run yet changes nothing.
    cmd("stop"),
    queryStatus,
  ],
};

const diskOnlyLoad: Scenario = {
  name: "disk-only-load",
  description: "a snapshot without VM state cannot be the vmstate of a load",
  images: twoDisks.images,
  steps: [
    ...twoDisks.setup,
    save("save0", "snap0", "disk0", ["disk0", "disk1"]),
    load("load0", "snap0", "disk1", ["disk0", "disk1"]),
    queryStatus,
    cont,
    load("load1", "snap0", "disk0", ["disk0", "disk1"]),
    queryJobs,
    nodes,
  ],
};

const tagIdClash: Scenario = {
  name: "tag-id-clash",
  description:
    "a tag equal to another snapshot's id: the revert finds that snapshot by id",
  images: twoDisks.images,
  steps: [
    ...twoDisks.setup,
    save("save0", "x", "disk1", ["disk0", "disk1"]),
    save("save1", "1", "disk0", ["disk0", "disk1"]),
    nodes,
    load("load0", "1", "disk0", ["disk0"]),
    queryStatus,
    // No 'cont' here: the guest would run on a half-loaded state and reset
    // itself (a RESET event at a moment that differs from run to run).
    queryJobs,
    nodes,
  ],
};

const deleteMissingTag: Scenario = {
  name: "delete-missing-tag",
  description: "deleting a tag that some or all devices lack succeeds",
  images: twoDisks.images,
  args: ["-S"],
  steps: [
    ...twoDisks.setup,
    del("delete0", "nope", ["disk0"]),
    save("save0", "snap0", "disk0", ["disk0"]),
    del("delete1", "snap0", ["disk1", "disk0"]),
    nodes,
    queryJobs,
  ],
};

const duplicateDevice: Scenario = {
  name: "duplicate-device",
  description: "a node listed twice is processed twice",
  images: oneDisk.images,
  args: ["-S"],
  steps: [
    ...oneDisk.setup,
    save("save0", "t", "disk0", ["disk0", "disk0"]),
    nodes,
    load("load0", "t", "disk0", ["disk0", "disk0"]),
    save("save1", "t", "disk0", ["disk0"]),
    nodes,
    del("delete0", "t", ["disk0", "disk0"]),
    nodes,
    queryJobs,
  ],
};

const saveFailsMidway: Scenario = {
  name: "save-fails-midway",
  description:
    "a qcow2 with an external data file fails at snapshot creation, after STOP; " +
    "the cleanup deletes the older snapshot of the same name (spec 5)",
  images: [
    qcow2("d0.qcow2"),
    {
      file: "d1.qcow2",
      format: "qcow2",
      size: "32M",
      options: ["-o", "data_file=d1.data"],
    },
  ],
  steps: [
    ...twoDisks.setup,
    save("save0", "old", "disk0", ["disk0"]),
    save("save1", "old", "disk0", ["disk0", "disk1"]),
    queryStatus,
    nodes,
    // Not here: a save with vmstate on the data-file image itself.  QEMU
    // 7.2.22 aborts on it (assertion in bdrv_co_write_req_prepare, the VM
    // state is written past the end of the data file); see the README.
    save("save2", "new", "disk0", ["disk1"]),
    load("load0", "old", "disk0", ["disk0"]),
    del("delete0", "old", ["disk1"]),
    queryJobs,
  ],
};

// ---------------------------------------------------------------------------
// Jobs (spec 2, 3, 7)

const allVerbs = (id: string): Step[] => [
  cmd("job-cancel", { id }),
  cmd("job-pause", { id }),
  cmd("job-resume", { id }),
  cmd("job-complete", { id }),
  cmd("job-finalize", { id }),
];

const jobVerbsConcluded: Scenario = {
  name: "job-verbs-concluded",
  description:
    "every job verb on a concluded snapshot job, then on the dismissed one",
  images: oneDisk.images,
  args: ["-S"],
  steps: [
    ...oneDisk.setup,
    save("save0", "snap0", "disk0", ["disk0"]),
    ...allVerbs("save0"),
    queryJobs,
    dismiss("save0"),
    ...allVerbs("save0"),
    dismiss("save0"),
    dismiss("Save0"),
    queryJobs,
  ],
};

const jobVerbsPipelined: Scenario = {
  name: "job-verbs-pipelined",
  description:
    "commands sent with a snapshot command in one write only run after the job concluded",
  images: oneDisk.images,
  steps: [
    ...oneDisk.setup,
    batch(
      save("save0", "snap0", "disk0", ["disk0"]),
      queryJobs,
      cmd("job-cancel", { id: "save0" }),
      dismiss("save0"),
      queryJobs,
    ),
    batch(
      load("load0", "snap0", "disk0", ["disk0"]),
      queryStatus,
      del("delete0", "snap0", ["disk0"]),
      queryJobs,
    ),
  ],
};

const queryJobsOrder: Scenario = {
  name: "query-jobs-order",
  description:
    "query-jobs lists the newest job first; a re-created id goes to the front",
  images: oneDisk.images,
  args: ["-S"],
  steps: [
    ...oneDisk.setup,
    save("a", "snap0", "disk0", ["disk0"]),
    del("b", "nope", ["disk0"]),
    load("c", "snap0", "disk0", ["disk0"]),
    save("d", "snap0", "disk0", ["disk0"]),
    queryJobs,
    dismiss("b"),
    queryJobs,
    del("b", "snap0", ["disk0"]),
    queryJobs,
  ],
};

const blockJobVerbs: Scenario = {
  name: "block-job-verbs",
  description: "snapshot jobs are not block jobs: block-job-* do not find them",
  images: oneDisk.images,
  args: ["-S"],
  steps: [
    ...oneDisk.setup,
    save("save0", "snap0", "disk0", ["disk0"]),
    cmd("query-block-jobs"),
    cmd("block-job-cancel", { device: "save0" }),
    cmd("block-job-cancel", { device: "save0", force: true }),
    cmd("block-job-pause", { device: "save0" }),
    cmd("block-job-resume", { device: "save0" }),
    cmd("block-job-complete", { device: "save0" }),
    cmd("block-job-set-speed", { device: "save0", speed: 1 }),
    cmd("block-job-dismiss", { id: "save0" }),
    cmd("block-job-finalize", { id: "save0" }),
    cmd("block-job-cancel", { device: "nope" }),
    queryJobs,
  ],
};

const badIds = [
  "",
  "1abc",
  "-x",
  "_x",
  ".x",
  "a b",
  "x/y",
  "x\u00e9",
  "\u00e9",
  "a\tb",
  "a+b",
];

const jobIdValidation: Scenario = {
  name: "job-id-validation",
  description: "job-id syntax and uniqueness (spec 7)",
  images: oneDisk.images,
  args: ["-S"],
  steps: [
    ...oneDisk.setup,
    ...badIds.map((id) => del(id, "t", ["disk0"])),
    del("a-b.c_D9", "t", ["disk0"]),
    del("Z", "t", ["disk0"]),
    del("a".repeat(200), "t", ["disk0"]),
    del("a-b.c_D9", "t", ["disk0"]),
    save("a-b.c_D9", "t", "disk0", ["disk0"]),
    load("a-b.c_D9", "t", "disk0", ["disk0"]),
    del("A-B.C_D9", "t", ["disk0"]),
    queryJobs,
    dismiss("a-b.c_D9"),
    save("a-b.c_D9", "t", "disk0", ["disk0"]),
    queryJobs,
  ],
};

// ---------------------------------------------------------------------------
// Argument errors (spec 10.7)

const argumentErrors: Scenario = {
  name: "argument-errors",
  description: "argument checking order and texts of the input visitor",
  images: oneDisk.images,
  args: ["-S"],
  steps: [
    ...oneDisk.setup,
    cmd("snapshot-save", {}),
    cmd("snapshot-save", { "job-id": "j" }),
    cmd("snapshot-save", { "job-id": "j", tag: "t" }),
    cmd("snapshot-save", { "job-id": "j", tag: "t", vmstate: "disk0" }),
    cmd("snapshot-save", { tag: "t", foo: 1 }),
    cmd("snapshot-save", { devices: ["disk0"], vmstate: 3, tag: "t" }),
    cmd("snapshot-save", {
      "job-id": 1,
      tag: "t",
      vmstate: "disk0",
      devices: ["disk0"],
    }),
    cmd("snapshot-save", {
      "job-id": null,
      tag: "t",
      vmstate: "disk0",
      devices: ["disk0"],
    }),
    cmd("snapshot-save", {
      "job-id": "j",
      tag: true,
      vmstate: "disk0",
      devices: ["disk0"],
    }),
    cmd("snapshot-save", {
      "job-id": "j",
      tag: "t",
      vmstate: "disk0",
      devices: "disk0",
    }),
    cmd("snapshot-save", {
      "job-id": "j",
      tag: "t",
      vmstate: "disk0",
      devices: ["disk0", 1],
    }),
    cmd("snapshot-save", {
      "job-id": "j",
      tag: "t",
      vmstate: "disk0",
      devices: [null],
    }),
    cmd("snapshot-save", {
      "job-id": "j",
      tag: "t",
      vmstate: "disk0",
      devices: {},
    }),
    cmd("snapshot-save", {
      "job-id": "j",
      tag: "t",
      vmstate: "disk0",
      devices: ["disk0"],
      foo: 1,
    }),
    cmd("snapshot-delete", {
      "job-id": "j",
      tag: "t",
      vmstate: "disk0",
      devices: ["disk0"],
    }),
    cmd("snapshot-load", {
      "job-id": "j",
      tag: "t",
      vmstate: ["disk0"],
      devices: ["disk0"],
    }),
    cmd("snapshot-save", {
      "job-id": "j",
      tag: 1.5,
      vmstate: "disk0",
      devices: ["disk0"],
    }),
    cmd("job-dismiss", {}),
    cmd("job-dismiss", { id: 7 }),
    cmd("job-dismiss", { id: "x", force: true }),
    cmd("query-named-block-nodes", { flat: "yes" }),
    cmd("query-named-block-nodes", { flat: 1 }),
    cmd("block-job-set-speed", { device: "x", speed: "fast" }),
    cmd("block-job-set-speed", { device: "x", speed: 1.5 }),
    cmd("block-job-set-speed", { device: "x", speed: 1e30 }),
    cmd("blockdev-add", { driver: "nope" }),
    cmd("blockdev-add", { "node-name": "x" }),
    cmd("blockdev-add", { driver: "qcow2", "node-name": "x" }),
    cmd("blockdev-add", {
      driver: "file",
      "node-name": "x",
      filename: "$DIR/d0.qcow2",
      aio: "magic",
    }),
    cmd("blockdev-del", { "node-name": "nope" }),
    cmd("blockdev-del", {}),
    cmd("query-status", { foo: 1 }),
    raw('{"execute": "query-status", "arguments": null}\n'),
    raw('{"execute": "query-status", "arguments": []}\n'),
    raw('{"execute": "query-status", "arguments": "x"}\n'),
    queryJobs,
  ],
};

// ---------------------------------------------------------------------------
// Protocol (spec 10.1-10.6)

const protocolErrors: Scenario = {
  name: "protocol-errors",
  description:
    "JSON and QMP input errors, ids, unknown commands, repeated negotiation",
  steps: [
    raw("[1, 2]\n"),
    raw('"hello"\n'),
    raw("42\n"),
    raw("null\n"),
    raw('{"execute": 1}\n'),
    raw(
      '{"execute": "query-status", "arguments": {}, "id": "x", "control": 1}\n',
    ),
    raw('{"exec": "query-status"}\n'),
    raw("{}\n"),
    raw('{"id": 5}\n'),
    raw('{"execute": "nope"}\n'),
    raw('{"execute": "nope", "id": {"x": [1, null]}}\n'),
    raw('{"execute": "query-status", "id": "a"}\n'),
    raw('{"execute": "query-status", "id": 1}\n'),
    raw('{"execute": "query-status", "id": null}\n'),
    raw('{"execute": "query-status", "id": [true, 2.5, "\\u00e9"]}\n'),
    raw("{'execute': 'query-status'}\n"),
    raw(
      '{"execute": "query-status"}{"execute": "query-version", "id": 2}\n',
      2,
    ),
    raw('{"execute": "query-status"}}\n', 2),
    raw('{"execute":\n "query-status"\n}\n', 1, "newlines inside a request"),
    raw('{"a" 1}\n'),
    raw('{"a": 1 "b": 2}\n'),
    raw("[1 2]\n"),
    raw("{1: 2}\n"),
    raw('{"a": tru}\n'),
    raw('{"a": "\\x"}\n'),
    raw('{"a": 1,}\n'),
    raw('{"a": 1, "a": 2}\n'),
    raw("]\n"),
    raw('{"execute": "query-status", "arguments": null}\n'),
    raw('{"exec-oob": "query-status"}\n'),
    raw('{"exec-oob": "query-status", "execute": "query-status"}\n'),
    cmd("qmp_capabilities"),
    cmd("qmp_capabilities", undefined, "again"),
    cmd("query-version"),
    raw(
      '{"execute": "query-status"}\n{"execute": "query-jobs", "id": "j"}\n',
      2,
    ),
  ],
};

const beforeNegotiation: Scenario = {
  name: "before-negotiation",
  description: "capabilities negotiation mode: only qmp_capabilities exists",
  negotiate: false,
  steps: [
    cmd("query-status"),
    cmd("query-status", undefined, 1),
    cmd("nope"),
    raw('{"execute": "query-status", "arguments": 1}\n'),
    raw('{"execute": "query-status", "foo": 1}\n'),
    raw("[]\n"),
    cmd("qmp_capabilities", { enable: ["oob", "bogus"] }),
    cmd("qmp_capabilities", { enable: "oob" }),
    cmd("qmp_capabilities", { enable: [], foo: 1 }),
    raw('{"exec-oob": "qmp_capabilities"}\n'),
    cmd("qmp_capabilities", undefined, "neg"),
    cmd("qmp_capabilities"),
    cmd("query-status"),
  ],
};

const execOob: Scenario = {
  name: "exec-oob",
  description: "out-of-band execution after negotiating the oob capability",
  negotiate: false,
  steps: [
    cmd("qmp_capabilities", { enable: ["oob"] }),
    raw('{"exec-oob": "query-status"}\n'),
    raw('{"exec-oob": "query-status", "id": "o1"}\n'),
    raw('{"exec-oob": "nope", "id": "o2"}\n'),
    raw(
      '{"exec-oob": "query-status", "execute": "query-status", "id": "o3"}\n',
    ),
    raw('{"exec-oob": 1}\n'),
    raw('{"execute": "query-status", "id": "i1"}\n'),
  ],
};

const status = (id: string) =>
  raw(`{"execute": "query-status", "id": ${id}}\n`);

const jsonEdgeCases: Scenario = {
  name: "json-edge-cases",
  description:
    "lexer and number corner cases: stray bytes, nesting limit, bad UTF-8, ids QEMU re-prints",
  args: ["-S"],
  steps: [
    raw("@\n"),
    raw('{"execute": "query-status"}@\n', 2),
    raw("[".repeat(1025) + "\n", 1, "nesting depth limit: 1025 levels"),
    cmd("query-status"),
    raw("[".repeat(1024) + "]".repeat(1024) + "\n", 1, "1024 levels are fine"),
    {
      send: '{"execute": "query-status", "id": "\u00ff"}\n',
      replies: 2,
      latin1: true,
      note: "byte 0xff",
    },
    { send: "\u0000\n", replies: 1, note: "a NUL byte" },
    status('"\u00e9"'),
    status('"\\u00e9"'),
    raw("{'execute': 'query-status', 'id': 'a\"b'}\n"),
    status('"\\ud83d\\ude00"'),
    status('"\ud83d\ude00"'),
    status('"\\u0000"'),
    status('"\\/\\b\\f\\n\\r\\t\\u001f\\u007f"'),
    status("1e400"),
    status("12345678901234567890"),
    status("123456789012345678"),
    status("-9223372036854775809"),
    status("-0.0"),
    status("1.0"),
    status("0.1"),
    status("1e-7"),
    status("[]"),
    status("{}"),
    status("true"),
  ],
};

const runState: Scenario = {
  name: "run-state",
  description: "query-status, stop and cont, on a running VM",
  steps: [
    queryStatus,
    cmd("stop"),
    queryStatus,
    cmd("stop"),
    cont,
    queryStatus,
    cont,
    cmd("query-block"),
    cmd("query-named-block-nodes"),
    cmd("query-block-jobs"),
    queryJobs,
    cmd("quit"),
  ],
};

export const SCENARIOS: Scenario[] = [
  saveLoadDelete,
  saveLoadDeleteTwo,
  saveLoadDeletePaused,
  snapshotTable,
  tagEncoding,
  rawOverQcow2,
  commandLineDrives,
  devicesEmpty,
  unknownNode,
  fileNode,
  rawNode,
  readOnlyQcow2,
  tagExists,
  partialTag,
  vmstateNotInDevices,
  loadMissingTag,
  loadMissingTagPaused,
  diskOnlyLoad,
  tagIdClash,
  deleteMissingTag,
  duplicateDevice,
  saveFailsMidway,
  jobVerbsConcluded,
  jobVerbsPipelined,
  queryJobsOrder,
  blockJobVerbs,
  jobIdValidation,
  argumentErrors,
  protocolErrors,
  beforeNegotiation,
  execOob,
  jsonEdgeCases,
  runState,
];
