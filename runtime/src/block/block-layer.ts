/**
 * The simulated block graph: blockdev-add / blockdev-del for the file, qcow2
 * and raw drivers, and guest devices (-device ide-hd,drive=NODE) that attach
 * an anonymous BlockBackend to a node.
 *
 * Mirrors block.c (node-name rules, bdrv_open_inherit opening the file child
 * before the format node gets its name), block/qcow2.c qcow2_do_open (magic,
 * data-file rules), blockdev.c qmp_blockdev_add / qmp_blockdev_del (texts),
 * and file-posix.c locking (write lock for writable formats).
 */
import * as fs from "node:fs";
import type {
  BlockdevOptions,
  BlockdevRef,
  DeviceOptions,
  BlockdevOptionsQcow2,
  BlockdevOptionsRaw,
} from "../types-local.js";
import { genericError } from "../vm/qmp-errors.js";
import { idWellformed } from "../jobs/job.js";
import { acquireLock, newLockToken, probeFile, releaseLock, FileError, type ProbedFile } from "../img/image-file.js";
import { BlockNode } from "./node.js";
import { toJson } from "../qmp/json-writer.js";

/** A guest block device with its anonymous BlockBackend. */
export interface AttachedDevice {
  driver: string;
  id: string | undefined;
  /** Canonical QOM path used when the device has no id. */
  path: string;
  node: BlockNode;
  /** blk_get_attached_dev_id: what query-block shows as `qdev`. */
  qdev: string;
}

/**
 * A BlockBackend: named (legacy -drive id=...) or anonymous (made for a
 * -device that names a node).  query-block lists them in creation order.
 */
export interface BlockBackend {
  /** "" for an anonymous backend. */
  name: string;
  node: BlockNode;
  device: AttachedDevice | undefined;
  /** blk_enable_write_cache(). */
  writeback: boolean;
}

/** Options a child inherits from its parent when not given. */
interface Inherited {
  readOnly: boolean;
  forceShare: boolean;
}

const SUPPORTED_DEVICES = new Set(["ide-hd", "virtio-blk-pci"]);

/** BlockDriverState.node_name is char[32]. */
const NODE_NAME_MAX = 31;

export class BlockLayer {
  /** graph_bdrv_states: every named node, in creation order. */
  private nodes: BlockNode[] = [];
  private devices: AttachedDevice[] = [];
  private blks: BlockBackend[] = [];
  private autoNameCounter = 0;
  private anonDeviceCounter = 0;

  constructor(private readonly random: () => number = Math.random) {}

  // ---- lookup -----------------------------------------------------------------

  /** bdrv_find_node. */
  findNode(name: string): BlockNode | undefined {
    return this.nodes.find((n) => n.nodeName === name);
  }

  /** Nodes in creation order. */
  allNodes(): readonly BlockNode[] {
    return this.nodes;
  }

  attachedDevices(): readonly AttachedDevice[] {
    return this.devices;
  }

  /** Every BlockBackend, in creation order (blk_all_next). */
  blockBackends(): readonly BlockBackend[] {
    return this.blks;
  }

  /** A legacy -drive: the named BlockBackend `name` on `nodeName`. */
  addNamedBackend(name: string, nodeName: string): BlockBackend {
    if (this.blks.some((b) => b.name === name)) throw genericError(`Duplicate ID '${name}' for drive`);
    const node = this.findNode(nodeName);
    if (!node) throw genericError(`Cannot find device='${nodeName}' nor node-name='${nodeName}'`);
    node.backends++;
    node.backendName = name;
    const blk: BlockBackend = { name, node, device: undefined, writeback: true };
    this.blks.push(blk);
    return blk;
  }

  /**
   * The guest's device state was loaded from a snapshot: a virtio-blk device
   * whose guest never negotiated the write-cache feature turns its backend's
   * write cache off (virtio_blk_set_status), which query-block then shows.
   */
  guestStateLoaded(): void {
    for (const b of this.blks) if (b.device?.driver === "virtio-blk-pci") b.writeback = false;
  }

  // ---- blockdev-add ---------------------------------------------------------------

  /** qmp_blockdev_add: the root needs a node-name; failure leaves no trace. */
  blockdevAdd(opts: BlockdevOptions): void {
    if (opts["node-name"] === undefined) throw genericError("'node-name' must be specified for the root node");
    const created: BlockNode[] = [];
    try {
      const node = this.open(opts, { readOnly: false, forceShare: false }, created);
      if (node.driver === "file") refuseForeign(node);
      node.monitorOwned = true;
    } catch (e) {
      for (const n of created) this.forget(n);
      throw e;
    }
  }

  /** Open a BlockdevRef as a child: an existing node by name, or a new one. */
  private openRef(ref: BlockdevRef, parent: Inherited, created: BlockNode[]): BlockNode {
    if (typeof ref === "string") {
      const node = this.findNode(ref);
      if (!node) throw genericError(`Cannot find device='${ref}' nor node-name='${ref}'`);
      node.parentRefs++;
      return node;
    }
    const node = this.open(ref, parent, created);
    node.parentRefs++;
    return node;
  }

  /** bdrv_open_inherit for one definition (children open first). */
  private open(opts: BlockdevOptions, parent: Inherited, created: BlockNode[]): BlockNode {
    // read-only and force-share pass down to inline children (bdrv_inherited_options).
    const inh: Inherited = {
      readOnly: opts["read-only"] ?? parent.readOnly,
      forceShare: opts["force-share"] ?? parent.forceShare,
    };
    if (inh.forceShare && !inh.readOnly) throw genericError("force-share=on can only be used with read-only images");
    switch (opts.driver) {
      case "file":
        return this.openFile(opts.filename, opts, inh, created);
      case "qcow2":
        return this.openQcow2(opts, inh, created);
      case "raw":
        return this.openRaw(opts, inh, created);
      default:
        throw genericError(`Unknown driver '${(opts as { driver: string }).driver}'`);
    }
  }

  /** Check (or generate) a node name: bdrv_assign_node_name. */
  private assignName(requested: string | undefined): { name: string; auto: boolean } {
    if (requested === undefined) {
      const rnd = Math.floor(this.random() * 100);
      return { name: `#block${this.autoNameCounter++}${String(rnd).padStart(2, "0")}`, auto: true };
    }
    if (!idWellformed(requested)) throw genericError(`Invalid node-name: '${requested}'`);
    if (this.findNode(requested)) throw genericError(`Duplicate nodes with node-name='${requested}'`);
    if (Buffer.byteLength(requested) > NODE_NAME_MAX) throw genericError("Node name too long");
    return { name: requested, auto: false };
  }

  private register(node: BlockNode, created: BlockNode[]): BlockNode {
    this.nodes.push(node);
    created.push(node);
    return node;
  }

  private openFile(
    filename: string,
    opts: BlockdevOptions | undefined,
    inh: Inherited,
    created: BlockNode[],
  ): BlockNode {
    const { readOnly } = inh;
    const { name, auto } = this.assignName(opts?.["node-name"]);
    let st: fs.Stats;
    try {
      st = fs.statSync(filename);
      fs.accessSync(filename, readOnly ? fs.constants.R_OK : fs.constants.R_OK | fs.constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const text =
        code === "ENOENT"
          ? "No such file or directory"
          : code === "EACCES" || code === "EROFS"
            ? "Permission denied"
            : "Input/output error";
      throw genericError(`Could not open '${filename}': ${text}`);
    }
    const node = new BlockNode({
      ...baseInit(opts),
      nodeName: name,
      autoNamed: auto,
      driver: "file",
      readOnly,
      filename,
    });
    node.plainSize = st.size;
    node.lockingOff = opts?.driver === "file" && opts.locking === "off";
    node.allocatedSize = st.blocks * 512;
    const probed = safeProbe(filename);
    if (probed?.kind === "image" && probed.data.format === "raw") node.plainSize = probed.data.virtualSize;
    return this.register(node, created);
  }

  private openQcow2(opts: BlockdevOptionsQcow2, inh: Inherited, created: BlockNode[]): BlockNode {
    const { readOnly } = inh;
    // Simulated images never have a backing file; refuse rather than ignore one.
    if (opts.backing !== undefined && opts.backing !== null) {
      throw genericError("Backing files are not supported by the qapi-ts simulator");
    }
    const file = this.openRef(opts.file, inh, created);
    const { name, auto } = this.assignName(opts["node-name"]);
    const node = this.register(
      new BlockNode({
        ...baseInit(opts),
        nodeName: name,
        autoNamed: auto,
        driver: "qcow2",
        readOnly,
        filename: formatFilename("qcow2", file),
      }),
      created,
    );
    node.file = file;
    node.forceShare = inh.forceShare;
    this.lock(node, file);
    const probed = safeProbe(file.filename);
    if (probed?.kind !== "image" || probed.data.format !== "qcow2") throw genericError("Image is not in qcow2 format");
    node.image = probed.data;
    node.imagePath = file.filename;
    this.openDataFile(node, opts, inh, created);
    return node;
  }

  /** qcow2_do_open's data-file rules. */
  private openDataFile(node: BlockNode, opts: BlockdevOptionsQcow2, inh: Inherited, created: BlockNode[]): void {
    const stored = node.image?.qcow2?.dataFile;
    if (opts["data-file"] !== undefined) {
      node.dataFile = this.openRef(opts["data-file"], inh, created);
      if (stored === undefined) throw genericError("'data-file' can only be set for images with an external data file");
    } else if (stored !== undefined) {
      node.dataFile = this.openFile(stored, undefined, inh, created);
      node.dataFile.parentRefs++;
    }
    if (node.dataFile) this.lock(node, node.dataFile);
  }

  private openRaw(opts: BlockdevOptionsRaw, inh: Inherited, created: BlockNode[]): BlockNode {
    const { readOnly } = inh;
    const file = this.openRef(opts.file, inh, created);
    const { name, auto } = this.assignName(opts["node-name"]);
    const node = this.register(
      new BlockNode({
        ...baseInit(opts),
        nodeName: name,
        autoNamed: auto,
        driver: "raw",
        readOnly,
        filename: formatFilename("raw", file),
      }),
      created,
    );
    node.file = file;
    node.forceShare = inh.forceShare;
    if (file.driver === "file") refuseForeign(file);
    this.lock(node, file);
    node.rawSize = opts.size === undefined ? undefined : Number(opts.size);
    return node;
  }

  /**
   * raw_check_perm on a format node's protocol child: a writable format takes
   * the write lock, a read-only one forbids writers.  Only `file` children
   * lock (a format over a format relies on the lower one), and not with
   * locking=off.
   */
  private lock(node: BlockNode, child: BlockNode): void {
    if (child.driver !== "file" || child.lockingOff || node.forceShare) return;
    const path = child.filename;
    node.lockToken ??= newLockToken();
    let err: string | undefined;
    try {
      err = acquireLock(path, !node.readOnly, node.lockToken);
    } catch (e) {
      if (e instanceof FileError) throw genericError(`Could not open '${path}': ${e.strerror}`);
      throw e;
    }
    if (err) throw genericError(err);
    node.lockedPaths.push(path);
  }

  /** Drop a node from the graph and release its locks. */
  private forget(node: BlockNode): void {
    for (const p of node.lockedPaths) if (node.lockToken) releaseLock(p, node.lockToken);
    node.lockedPaths = [];
    this.nodes = this.nodes.filter((n) => n !== node);
  }

  // ---- blockdev-del ---------------------------------------------------------------

  /** qmp_blockdev_del, checks in QEMU's order. */
  blockdevDel(nodeName: string): void {
    const node = this.findNode(nodeName);
    if (!node) throw genericError(`Failed to find node with node-name='${nodeName}'`);
    if (node.backends > 0) throw genericError(`Node ${nodeName} is in use`);
    if (!node.monitorOwned) throw genericError(`Node ${nodeName} is not owned by the monitor`);
    if (node.parentRefs > 0) throw genericError(`Block device ${nodeName} is in use`);
    node.monitorOwned = false;
    this.unref(node);
  }

  /** bdrv_unref reaching zero: close the node and drop its children's references. */
  private unref(node: BlockNode): void {
    if (node.monitorOwned || node.parentRefs > 0 || node.backends > 0) return;
    this.forget(node);
    for (const child of [node.file, node.dataFile]) {
      if (!child) continue;
      child.parentRefs--;
      this.unref(child);
    }
  }

  // ---- guest devices --------------------------------------------------------------

  /**
   * -device ide-hd|virtio-blk-pci,drive=NAME[,id=ID]: NAME is a named
   * BlockBackend (legacy -drive) or a node, which gets an anonymous one.
   */
  attachDevice(dev: DeviceOptions): AttachedDevice {
    if (!SUPPORTED_DEVICES.has(dev.driver)) throw genericError(`'${dev.driver}' is not a valid device model name`);
    if (dev.drive === undefined) throw genericError("Device needs media, but drive is empty");
    const named = this.blks.find((b) => b.name !== "" && b.name === dev.drive);
    const node = named?.node ?? this.findNode(dev.drive);
    if (!node) throw genericError(`Property '${dev.driver}.drive' can't find value '${dev.drive}'`);
    if (named ? named.device !== undefined : node.backends > 0)
      throw genericError(`Property '${dev.driver}.drive' can't take value '${dev.drive}', it's in use`);
    if (node.readOnly) throw genericError("Block node is read-only");
    if (dev.id !== undefined && this.devices.some((d) => d.id === dev.id))
      throw genericError(`Duplicate device ID '${dev.id}'`);
    const path =
      dev.id !== undefined
        ? `/machine/peripheral/${dev.id}`
        : `/machine/peripheral-anon/device[${this.anonDeviceCounter++}]`;
    // virtio-blk-pci is a proxy: the backend hangs off its virtio-backend child, which has no id
    const qdev = dev.driver === "virtio-blk-pci" ? `${path}/virtio-backend` : (dev.id ?? path);
    const device: AttachedDevice = { driver: dev.driver, id: dev.id, path, node, qdev };
    if (named) {
      named.device = device;
    } else {
      node.backends++;
      this.blks.push({ name: "", node, device, writeback: true });
    }
    this.devices.push(device);
    return device;
  }

  /** Release every lock (the process is quitting). */
  closeAll(): void {
    for (const n of [...this.nodes].reverse()) this.forget(n);
    this.devices = [];
    this.blks = [];
  }
}

/**
 * bdrv_refresh_filename for a format node: over a protocol (file) node it
 * shows the host file; over another format node (raw over qcow2) QEMU can
 * only describe it by its open options, as a "json:{...}" filename.
 */
function formatFilename(driver: string, file: BlockNode): string {
  return file.driver === "file" ? file.filename : `json:${toJson({ driver, file: openOptions(file) })}`;
}

/** bs->full_open_options of a node without strong options of its own. */
function openOptions(node: BlockNode): object {
  if (node.driver === "file" || !node.file) return { driver: node.driver, filename: node.filename };
  return { driver: node.driver, file: openOptions(node.file) };
}

/**
 * Safety (qapi-ts, not QEMU): a file node used directly or under raw must be
 * a simulated image, so a mistyped path never exposes an unrelated file to
 * the guest.  (Under qcow2 the format check already refuses it, with
 * QEMU's "Image is not in qcow2 format".)
 */
function refuseForeign(file: BlockNode): void {
  if (safeProbe(file.filename)?.kind !== "image") {
    throw genericError(
      `Could not open '${file.filename}': not a qapi-ts simulated image (create one with 'qapi-ts img create')`,
    );
  }
}

function baseInit(opts: BlockdevOptions | undefined) {
  return {
    detectZeroes: opts?.["detect-zeroes"],
    cacheDirect: opts?.cache?.direct,
    cacheNoFlush: opts?.cache?.["no-flush"],
  };
}

function safeProbe(file: string): ProbedFile | undefined {
  try {
    return probeFile(file);
  } catch {
    return undefined;
  }
}
