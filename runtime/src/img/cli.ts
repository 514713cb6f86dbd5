/**
 * `qapi-ts img`: the qemu-img subcommands the simulator's images need
 * (create, info, snapshot -l/-c/-a/-d), printing what qemu-img 7.2 prints
 * (qemu-img.c img_create / img_info / img_snapshot).
 */
import * as fs from "node:fs";
import type { ImageInfo } from "../types-local.js";
import { lockConflict, lockHint, probeFile, FileError, type ProbedFile } from "./image-file.js";
import {
  createImage,
  formattingLine,
  newImageData,
  parseOptions,
  parseSize,
  CreateError,
  type CreateOptions,
} from "./create.js";
import { imageInfoText, snapshotList } from "./format-text.js";
import { qcow2SpecificInfo, snapshotInfo } from "../block/query.js";
import { toQdictOrder } from "../vm/qdict-order.js";
import { BlockNode, createSnapshot, deleteSnapshot, findSnapshotByName, gotoSnapshot } from "../block/node.js";
import { truncateName } from "../snapshot/savevm.js";
import { RealClock } from "../clock.js";

/** Where the subcommands write. */
export interface ImgIo {
  out(text: string): void;
  err(text: string): void;
}

const PROG = "qemu-img";

class ImgFailure extends Error {}

/** error_report: "qemu-img: <msg>" on stderr. */
function fail(io: ImgIo, msg: string): never {
  io.err(`${PROG}: ${msg}\n`);
  throw new ImgFailure(msg);
}

/** error_exit: the message and the pointer to --help. */
function usageError(io: ImgIo, msg: string): never {
  fail(io, `${msg}\nTry '${PROG} --help' for more information`);
}

interface Parsed {
  flags: Map<string, string | true>;
  args: string[];
}

/**
 * GNU getopt over short options (`spec` like "f:o:q": a colon takes a value)
 * and the long options listed, permuting operands as glibc does.
 */
function getopt(io: ImgIo, argv: string[], spec: string, longs: Record<string, boolean> = {}): Parsed {
  const flags = new Map<string, string | true>();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (!(name in longs)) fail(io, `unrecognized option '${a}'`);
      if (longs[name]) {
        const v = inline ?? argv[++i];
        if (v === undefined) fail(io, `option '--${name}' requires an argument`);
        flags.set(name, v);
      } else flags.set(name, true);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const at = spec.indexOf(c);
        if (at < 0 || c === ":") fail(io, `invalid option -- '${c}'`);
        if (spec[at + 1] === ":") {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined) fail(io, `option requires an argument -- '${c}'`);
          // -o accumulates (accumulate_options); other options keep the last value.
          const prev = flags.get(c);
          flags.set(c, c === "o" && typeof prev === "string" ? `${prev},${v}` : v);
          break;
        }
        flags.set(c, true);
      }
      continue;
    }
    args.push(a);
  }
  return { flags, args };
}

// ---- create --------------------------------------------------------------------------

function imgCreate(io: ImgIo, argv: string[]): number {
  const { flags, args } = getopt(io, argv, "F:b:f:ho:qu", { object: true, help: false });
  const fmt = (flags.get("f") as string | undefined) ?? "raw";
  const quiet = flags.has("q");
  const file = args[0];
  if (file === undefined) usageError(io, "Expecting image file name");
  let size: bigint | undefined;
  if (args[1] !== undefined) {
    const parsed = parseSize(args[1]);
    if (parsed === "invalid") {
      io.err(`${PROG}: Invalid image size specified. You may use k, M, G, T, P or E suffixes for\n`);
      fail(io, "kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.");
    }
    if (parsed === "range" || parsed > 2n ** 63n - 1n) {
      fail(io, "Invalid image size specified. Must be between 0 and 9223372036854775807.");
    }
    size = parsed;
  }
  if (args.length > 2) usageError(io, `Unexpected argument: ${args[2]}`);
  if (fmt !== "qcow2" && fmt !== "raw") fail(io, `${file}: Unknown file format '${fmt}'`);
  const opts: CreateOptions = new Map();
  try {
    if (typeof flags.get("o") === "string") parseOptions(flags.get("o") as string, opts, fmt);
    // bdrv_img_create: the positional size wins over -o size=.
    if (size !== undefined) opts.set("size", String(size));
    if (!opts.has("size")) fail(io, `${file}: Image creation needs a size parameter`);
    const data = newImageData(fmt, Number(opts.get("size")), opts);
    if (!quiet) io.out(formattingLine(file, fmt, opts) + "\n");
    createImage(file, data);
  } catch (e) {
    if (e instanceof CreateError) fail(io, `${file}: ${e.message}`);
    if (e instanceof FileError) fail(io, `${file}: Could not create '${file}': ${e.strerror}`);
    throw e;
  }
  return 0;
}

// ---- open for reading ----------------------------------------------------------------

/** bdrv_open read-only (shared lock unless -U), with optional -f. */
function openForRead(io: ImgIo, file: string, fmt: string | undefined, forceShare: boolean): ProbedFile {
  let probed: ProbedFile;
  try {
    probed = probeFile(file);
  } catch (e) {
    const text = e instanceof FileError ? e.strerror : String(e);
    fail(io, `Could not open '${file}': Could not open '${file}': ${text}`);
  }
  if (!forceShare && probed.kind === "image") {
    const err = lockConflict(probed.holders, false);
    if (err) fail(io, `Could not open '${file}': ${err}\n${lockHint(file)}`);
  }
  if (fmt !== undefined && fmt !== "raw" && fmt !== "qcow2")
    fail(io, `Could not open '${file}': Unknown driver '${fmt}'`);
  if (fmt === "qcow2" && (probed.kind !== "image" || probed.data.format !== "qcow2")) {
    fail(io, `Could not open '${file}': Image is not in qcow2 format`);
  }
  // qcow2_do_open opens the external data file too.
  const dataFile = probed.kind === "image" && fmt !== "raw" ? probed.data.qcow2?.dataFile : undefined;
  if (dataFile !== undefined && !fs.existsSync(dataFile)) {
    fail(io, `Could not open '${file}': Could not open '${dataFile}': No such file or directory`);
  }
  return probed;
}

/** bdrv_query_image_info for a file opened by qemu-img. */
function fileImageInfo(file: string, probed: ProbedFile, fmt: string | undefined): ImageInfo {
  const asQcow2 = probed.kind === "image" && probed.data.format === "qcow2" && fmt !== "raw";
  let virtual = probed.fileSize;
  if (probed.kind === "image" && (asQcow2 || probed.data.format === "raw")) virtual = probed.data.virtualSize;
  let actual = probed.allocatedSize;
  const info: ImageInfo = {
    filename: file,
    format: asQcow2 ? "qcow2" : "raw",
    "dirty-flag": false,
    "actual-size": actual,
    "virtual-size": virtual,
  };
  if (asQcow2 && probed.kind === "image") {
    const q = probed.data.qcow2!;
    if (q.dataFile !== undefined) {
      try {
        actual += fs.statSync(q.dataFile).blocks * 512;
      } catch {
        /* a missing data file adds nothing */
      }
      info["actual-size"] = actual;
    }
    info["cluster-size"] = q.clusterSize;
    if (probed.data.snapshots.length > 0) info.snapshots = probed.data.snapshots.map(snapshotInfo);
    info["format-specific"] = { type: "qcow2", data: qcow2SpecificInfo(q) };
  }
  return info;
}

function imgInfo(io: ImgIo, argv: string[]): number {
  const { flags, args } = getopt(io, argv, "f:hU", {
    output: true,
    "force-share": false,
    "backing-chain": false,
    "image-opts": false,
    object: true,
    help: false,
  });
  if (args.length !== 1) usageError(io, "Expecting one image file name");
  const file = args[0]!;
  const output = (flags.get("output") as string | undefined) ?? "human";
  if (output !== "human" && output !== "json") fail(io, `--output must be used with human or json as argument.`);
  const fmt = flags.get("f") as string | undefined;
  const probed = openForRead(io, file, fmt, flags.has("U") || flags.has("force-share"));
  const info = fileImageInfo(file, probed, fmt);
  if (output === "json") io.out(JSON.stringify(toQdictOrder(info), null, 4) + "\n");
  else io.out(imageInfoText(info));
  return 0;
}

// ---- snapshot -l ----------------------------------------------------------------------

function imgSnapshot(io: ImgIo, argv: string[]): number {
  const { flags, args } = getopt(io, argv, "la:c:d:f:hqU", {
    object: true,
    "image-opts": false,
    "force-share": false,
    help: false,
  });
  const actions = ["l", "a", "c", "d"].filter((a) => flags.has(a));
  if (actions.length > 1) usageError(io, "Cannot mix '-l', '-a', '-c', '-d'");
  if (args.length !== 1) usageError(io, "Expecting one image file name");
  const file = args[0]!;
  const fmt = flags.get("f") as string | undefined;
  const action = actions[0];
  const forceShare = flags.has("U") || flags.has("force-share");
  if (action === "l" || action === undefined) {
    const probed = openForRead(io, file, fmt, forceShare);
    if (action === "l" && probed.kind === "image" && probed.data.format === "qcow2" && fmt !== "raw") {
      io.out(snapshotList(probed.data.snapshots.map(snapshotInfo)));
    }
    return 0;
  }
  const node = openForWrite(io, file, fmt);
  const name = flags.get(action) as string;
  if (action === "c") snapshotCreateOffline(io, node, name);
  else if (action === "a") {
    const detail = gotoSnapshot(node, name);
    if (detail !== undefined) fail(io, `Could not apply snapshot '${name}': ${detail}`);
  } else {
    const sn = findSnapshotByName(node, name);
    if (!sn) fail(io, `Could not delete snapshot '${name}': snapshot not found`);
    const detail = deleteSnapshot(node, sn.id, sn.name);
    if (detail !== undefined) fail(io, `Could not delete snapshot '${name}': ${detail ?? "Operation not supported"}`);
  }
  return 0;
}

/** img_open with BDRV_O_RDWR: the write lock must be free. */
function openForWrite(io: ImgIo, file: string, fmt: string | undefined): BlockNode {
  const probed = openForRead(io, file, fmt, true);
  if (probed.kind === "image") {
    const err = lockConflict(probed.holders, true);
    if (err) fail(io, `Could not open '${file}': ${err}\n${lockHint(file)}`);
  }
  const isQcow2 = probed.kind === "image" && probed.data.format === "qcow2" && fmt !== "raw";
  const node = new BlockNode({
    nodeName: "",
    autoNamed: true,
    driver: isQcow2 ? "qcow2" : "raw",
    readOnly: false,
    filename: file,
  });
  if (isQcow2 && probed.kind === "image") {
    node.image = probed.data;
    node.imagePath = file;
  } else {
    node.file = new BlockNode({ nodeName: "", autoNamed: true, driver: "file", readOnly: false, filename: file });
  }
  return node;
}

/** qemu-img snapshot -c: a disk-only snapshot dated now, VM clock 0. */
function snapshotCreateOffline(io: ImgIo, node: BlockNode, name: string): void {
  const rt = new RealClock().realtimeUs();
  const ret = createSnapshot(node, {
    name: truncateName(name),
    vmStateSize: 0,
    dateSec: Math.floor(rt / 1e6),
    dateNsec: (rt % 1e6) * 1000,
    vmClockNsec: 0,
    icount: -1,
  });
  if (ret < 0) fail(io, `Could not create snapshot '${name}': ${ret} (Operation not supported)`);
}

const HELP = `Usage: qapi-ts img <command> [options]

Manages the simulator's disk images, as qemu-img does for real ones (same
arguments, same output).  Images are JSON files in qapi-ts's own format:
virtual size, format options and the internal snapshot table.

Commands:
  create [-q] -f qcow2|raw [-o data_file=PATH] FILE SIZE
                         create an image (SIZE like 32M, 1G, 1073741824)
  info [--output=human|json] FILE
                         show the image's format, size and snapshots
  snapshot -l FILE       list the internal snapshots
  snapshot -c|-a|-d TAG FILE
                         create, apply or delete a snapshot offline
`;

/** Run one `img` subcommand with the given output streams; returns the exit code. */
export function runImg(argv: string[], io: ImgIo): number {
  const [cmd, ...rest] = argv;
  if (cmd === "--help" || cmd === "-h" || cmd === "help") {
    io.out(HELP);
    return 0;
  }
  if (cmd !== undefined && rest.length === 1 && (rest[0] === "--help" || rest[0] === "-h")) {
    io.out(HELP);
    return 0;
  }
  try {
    switch (cmd) {
      case "create":
        return imgCreate(io, rest);
      case "info":
        return imgInfo(io, rest);
      case "snapshot":
        return imgSnapshot(io, rest);
      case undefined:
        fail(io, "Not enough arguments\nTry 'qemu-img --help' for more information");
      default:
        fail(io, `Command not found: ${cmd}`);
    }
  } catch (e) {
    if (e instanceof ImgFailure) return 1;
    throw e;
  }
}

/** Entry for `qapi-ts img ARGS...` (argv without "img"). */
export async function imgMain(argv: string[]): Promise<number> {
  return runImg(argv, {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
