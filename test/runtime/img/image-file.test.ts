// The simulated image file: magic, atomic replacement, lock records.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  IMAGE_MAGIC,
  acquireLock,
  lockConflict,
  probeFile,
  releaseLock,
  serialiseImage,
  writeFileAtomic,
  writeImage,
  FileError,
  type ImageData,
} from "../../../runtime/src/img/image-file.js";
import { tempDir } from "../snapshot/harness.js";

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const data = (size = 1024): ImageData => ({ format: "raw", virtualSize: size, snapshots: [], vmStateArea: 0 });
const others = () => fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));

describe("atomic writes", () => {
  it("replaces the file and leaves no temporary file", () => {
    const f = path.join(dir, "x.img");
    writeFileAtomic(f, serialiseImage(data(1), []));
    fs.chmodSync(f, 0o600);
    writeImage(f, data(2));
    expect(probeFile(f)).toMatchObject({ kind: "image", data: { virtualSize: 2 } });
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    expect(others()).toEqual([]);
  });

  it("a failed rename keeps the target and removes the temporary file", () => {
    const target = path.join(dir, "adir");
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "keep"), "k");
    expect(() => writeFileAtomic(target, "new")).toThrow(FileError);
    expect(fs.readFileSync(path.join(target, "keep"), "utf8")).toBe("k");
    expect(others()).toEqual([]);
  });

  it("keeps the lock holders already on disk when writing data", () => {
    const f = path.join(dir, "x.img");
    writeFileAtomic(f, serialiseImage(data(), []));
    expect(acquireLock(f, true, "tok")).toBeUndefined();
    writeImage(f, data(4096));
    const p = probeFile(f);
    expect(p.kind === "image" && p.holders.map((h) => h.token)).toEqual(["tok"]);
  });
});

describe("probe", () => {
  it("tells images from foreign files by the magic line", () => {
    const f = path.join(dir, "x.img");
    writeFileAtomic(f, serialiseImage(data(), []));
    expect(fs.readFileSync(f, "utf8").split("\n")[0]).toBe(IMAGE_MAGIC);
    const g = path.join(dir, "plain");
    fs.writeFileSync(g, "{}");
    expect(probeFile(g)).toMatchObject({ kind: "foreign", fileSize: 2 });
    const broken = path.join(dir, "broken");
    fs.writeFileSync(broken, IMAGE_MAGIC + "\n{not json");
    expect(probeFile(broken).kind).toBe("foreign");
    expect(() => probeFile(path.join(dir, "none"))).toThrow("No such file or directory");
  });
});

describe("locks", () => {
  const me = (token: string, write: boolean) => ({ pid: process.pid, host: os.hostname(), token, write });

  it("writer vs writer, reader vs writer", () => {
    expect(lockConflict([me("a", true)], true, "b")).toBe('Failed to get "write" lock');
    expect(lockConflict([me("a", false)], true, "b")).toBe('Failed to get "write" lock');
    expect(lockConflict([me("a", true)], false, "b")).toBe('Failed to get shared "write" lock');
    expect(lockConflict([me("a", false)], false, "b")).toBeUndefined();
    expect(lockConflict([me("a", true)], true, "a")).toBeUndefined();
  });

  it("acquire records the holder in the file, release removes it", () => {
    const f = path.join(dir, "x.img");
    writeFileAtomic(f, serialiseImage(data(), []));
    expect(acquireLock(f, true, "one")).toBeUndefined();
    expect(acquireLock(f, true, "two")).toBe('Failed to get "write" lock');
    releaseLock(f, "one");
    expect(acquireLock(f, true, "two")).toBeUndefined();
    expect(others()).toEqual([]);
  });
});
