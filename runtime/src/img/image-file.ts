/**
 * The simulator's on-disk image format and its file handling.
 *
 * A simulated image is a text file: one magic line, then JSON with the
 * image's format (qcow2 or raw), virtual size, format options (data_file,
 * cluster size, ...), the qcow2 snapshot table and the lock holders.  The
 * magic line lets a qcow2 open refuse any other file, as QEMU refuses a file
 * without QCOW_MAGIC ("Image is not in qcow2 format").
 *
 * Writes are atomic (temporary file in the same directory, fsync, rename,
 * fsync of the directory), so a crash leaves either the old or the new
 * image.  Nothing else is ever written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import { randomBytes } from "node:crypto";

export const IMAGE_MAGIC = "QAPI-TS SIMULATED IMAGE v1";

/** One qcow2 snapshot table entry (QCowSnapshot). */
export interface ImageSnapshot {
  id: string;
  name: string;
  /** vm_state_size: bytes of VM state saved with it (0 = disk-only). */
  vmStateSize: number;
  dateSec: number;
  dateNsec: number;
  vmClockNsec: number;
  /** -1 unless record/replay was active. */
  icount: number;
  /** Virtual disk size when the snapshot was taken (restored by goto). */
  diskSize: number;
  /** Bytes of VM state present in the snapshot's L1 (what a load would read). */
  vmStateArea: number;
}

/** A process holding a lock on the image (what fcntl OFD locks record in QEMU). */
export interface LockHolder {
  pid: number;
  host: string;
  /** Identifies the opener inside its process (one per node). */
  token: string;
  /** true: write permission, shared with nobody; false: reader that does not share write. */
  write: boolean;
  /** Start time of the process (Linux), to tell a reused pid from the holder. */
  start?: string;
}

/** The image's content. */
export interface ImageData {
  format: "qcow2" | "raw";
  virtualSize: number;
  /** qcow2 only. */
  qcow2?: Qcow2Options;
  snapshots: ImageSnapshot[];
  /** Bytes of VM state in the active layer's VM state area (left by a failed save). */
  vmStateArea: number;
}

export interface Qcow2Options {
  compat: string;
  clusterSize: number;
  lazyRefcounts: boolean;
  refcountBits: number;
  compressionType: "zlib" | "zstd";
  extendedL2: boolean;
  /** Name of the external data file as stored in the image header. */
  dataFile?: string;
  dataFileRaw?: boolean;
}

interface ImageFileJson extends ImageData {
  holders: LockHolder[];
}

/** What a file on disk turned out to be. */
export type ProbedFile =
  | { kind: "image"; data: ImageData; holders: LockHolder[]; fileSize: number; allocatedSize: number }
  | { kind: "foreign"; fileSize: number; allocatedSize: number };

/** An OS-level failure with the errno text QEMU would print (strerror). */
export class FileError extends Error {
  constructor(
    readonly code: string,
    readonly strerror: string,
  ) {
    super(strerror);
  }
}

const STRERROR: Record<string, string> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  EROFS: "Read-only file system",
  ENOSPC: "No space left on device",
  EEXIST: "File exists",
};

/** Turn a Node fs error into a FileError with strerror's text. */
export function toFileError(e: unknown): FileError {
  const code = (e as NodeJS.ErrnoException)?.code ?? "EIO";
  return new FileError(code, STRERROR[code] ?? "Input/output error");
}

/** Read and classify a file; throws FileError if it cannot be read. */
export function probeFile(file: string): ProbedFile {
  let text: Buffer;
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
    if (st.isDirectory()) throw Object.assign(new Error("dir"), { code: "EISDIR" });
    const fd = fs.openSync(file, "r");
    try {
      const head = Buffer.alloc(IMAGE_MAGIC.length + 1);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      if (n < head.length || head.toString("latin1") !== IMAGE_MAGIC + "\n") {
        return { kind: "foreign", fileSize: st.size, allocatedSize: st.blocks * 512 };
      }
    } finally {
      fs.closeSync(fd);
    }
    text = fs.readFileSync(file);
  } catch (e) {
    throw toFileError(e);
  }
  const json = parseBody(text.toString("utf8").slice(IMAGE_MAGIC.length + 1));
  if (!json) return { kind: "foreign", fileSize: st.size, allocatedSize: st.blocks * 512 };
  const { holders, ...data } = json;
  return { kind: "image", data, holders, fileSize: st.size, allocatedSize: st.blocks * 512 };
}

function parseBody(body: string): ImageFileJson | undefined {
  try {
    const v = JSON.parse(body) as ImageFileJson;
    if (v && (v.format === "qcow2" || v.format === "raw") && Array.isArray(v.snapshots)) {
      v.holders ??= [];
      return v;
    }
  } catch {
    /* a damaged body is treated like a foreign file */
  }
  return undefined;
}

/** Serialise an image (magic line + JSON). */
export function serialiseImage(data: ImageData, holders: LockHolder[]): string {
  const body: ImageFileJson = { ...data, holders };
  return `${IMAGE_MAGIC}\n${JSON.stringify(body, null, 1)}\n`;
}

/**
 * Replace `file` atomically with `content`: write a temporary file next to
 * it, fsync it, rename it over the target, fsync the directory.
 */
export function writeFileAtomic(file: string, content: string): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let mode = 0o644;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    /* new file */
  }
  try {
    const fd = fs.openSync(tmp, "wx", mode);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw toFileError(e);
  }
  fsyncDir(dir);
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* some file systems refuse fsync on directories; the rename stands */
  }
}

/**
 * Write an image's data, keeping the lock holders currently on disk (other
 * processes may have registered since we read it).
 */
export function writeImage(file: string, data: ImageData): void {
  let holders: LockHolder[] = [];
  try {
    const cur = probeFile(file);
    if (cur.kind === "image") holders = cur.holders;
  } catch {
    /* new file */
  }
  writeFileAtomic(file, serialiseImage(data, holders));
}

// ---- locks ------------------------------------------------------------------

const HOST = os.hostname();

/** A fresh token naming one opener in this process. */
export function newLockToken(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Linux process start time (field 22 of /proc/PID/stat), so that a lock
 * left by a dead process is not mistaken for one of a new process that got
 * the same pid.  Undefined where /proc is not available.
 */
function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
    // the command name (field 2) may contain spaces: split after its ')'
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

const SELF_START = processStart(process.pid);

function alive(h: LockHolder): boolean {
  if (h.host !== HOST) return true;
  if (h.pid === process.pid && h.start === SELF_START) return true;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (h.start === undefined) return true;
  const now = processStart(h.pid);
  return now === undefined || now === h.start;
}

/** Holders of live processes, others than `token`. */
function others(holders: LockHolder[], token: string | undefined): LockHolder[] {
  return holders.filter((h) => h.token !== token && alive(h));
}

/**
 * raw_check_lock_bytes: the text QEMU reports when the lock cannot be taken,
 * or undefined.  A writer conflicts with any other opener; a reader that
 * does not share write conflicts with a writer.
 */
export function lockConflict(holders: LockHolder[], write: boolean, token?: string): string | undefined {
  const rivals = others(holders, token);
  if (write && rivals.length > 0) return 'Failed to get "write" lock';
  if (!write && rivals.some((h) => h.write)) return 'Failed to get shared "write" lock';
  return undefined;
}

/** The hint QEMU appends to a lock error (printed by qemu-img, not in QMP). */
export function lockHint(file: string): string {
  return `Is another process using the image [${file}]?`;
}

/**
 * Take a lock on an image file: returns the error text, or undefined when
 * the lock is now held (recorded in the file).  Foreign files are not locked.
 */
export function acquireLock(file: string, write: boolean, token: string): string | undefined {
  const probed = probeFile(file);
  if (probed.kind !== "image") return undefined;
  removeStaleTemps(file);
  const conflict = lockConflict(probed.holders, write, token);
  if (conflict) return conflict;
  const holders = probed.holders.filter((h) => h.token !== token && alive(h));
  holders.push({ pid: process.pid, host: HOST, token, write, ...(SELF_START ? { start: SELF_START } : {}) });
  writeFileAtomic(file, serialiseImage(probed.data, holders));
  // Another process may have replaced the file between our read and our
  // rename: read it back, and give up if our record did not survive.
  const after = probeFile(file);
  if (after.kind !== "image" || !after.holders.some((h) => h.token === token)) {
    return write ? 'Failed to get "write" lock' : 'Failed to get shared "write" lock';
  }
  const late = lockConflict(after.holders, write, token);
  if (late) releaseLock(file, token);
  return late;
}

/**
 * Remove the temporary files a writer killed between write and rename left
 * next to `file` (".NAME.PID.HEX.tmp" whose PID is no live process), so a
 * crash leaves no debris once the image is opened again.
 */
function removeStaleTemps(file: string): void {
  const dir = path.dirname(path.resolve(file));
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue;
    try {
      fs.unlinkSync(path.join(dir, name));
    } catch {
      /* removed by someone else meanwhile */
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Drop our lock (closing the node). Errors are ignored, as on close. */
export function releaseLock(file: string, token: string): void {
  try {
    const probed = probeFile(file);
    if (probed.kind !== "image" || !probed.holders.some((h) => h.token === token)) return;
    writeFileAtomic(
      file,
      serialiseImage(
        probed.data,
        probed.holders.filter((h) => h.token !== token),
      ),
    );
  } catch {
    /* file gone: nothing to release */
  }
}
