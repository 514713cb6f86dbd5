/**
 * `qemu-img create` for the simulated formats: size parsing as
 * qemu_strtosz does it, the create options of qcow2 and raw, the
 * "Formatting ..." line (qemu_opts_print over the driver's option list) and
 * the image files (a qcow2 with data_file also creates the data file).
 */
import * as fs from "node:fs";
import { lockConflict, lockHint, probeFile, serialiseImage, writeFileAtomic, type ImageData } from "./image-file.js";

const SUFFIX = "BKMGTPE";

/**
 * qemu_strtosz (util/cutils.c do_strtosz, default suffix B, unit 1024):
 * a number (decimal or 0x hex, optionally with a decimal fraction) and an
 * optional suffix B/K/M/G/T/P/E (either case).  Returns the byte count or
 * "invalid" / "range".
 */
export function parseSize(text: string): bigint | "invalid" | "range" {
  const m = /^\s*(0[xX][0-9a-fA-F]+|\d+)(\.\d*)?([bBkKmMgGtTpPeE])?$/.exec(text);
  if (!m) return "invalid";
  const [, intPart, frac, suffix] = m;
  const isHex = /^0[xX]/.test(intPart!);
  if (isHex && frac) return "invalid";
  const mul = 1024n ** BigInt(SUFFIX.indexOf((suffix ?? "B").toUpperCase()));
  let val = BigInt(intPart!) * mul;
  if (frac && frac.length > 1) {
    // The fraction applies to the unit; QEMU rejects fractions of a byte.
    const f = Number("0" + frac);
    if (mul === 1n && f !== 0) return "invalid";
    val += BigInt(Math.floor(f * Number(mul)));
  }
  if (val >= 2n ** 64n) return "range";
  return val;
}

/** Create options of one format, in QEMU's list order (for qemu_opts_print). */
interface OptDesc {
  name: string;
  type: "size" | "number" | "string" | "bool";
  def?: string;
}

const QCOW2_OPTS: OptDesc[] = [
  { name: "encryption", type: "bool" },
  { name: "encrypt.format", type: "string" },
  { name: "cluster_size", type: "size", def: "65536" },
  { name: "extended_l2", type: "bool", def: "off" },
  { name: "preallocation", type: "string" },
  { name: "compression_type", type: "string", def: "zlib" },
  { name: "size", type: "size" },
  { name: "compat", type: "string" },
  { name: "backing_file", type: "string" },
  { name: "backing_fmt", type: "string" },
  { name: "data_file", type: "string" },
  { name: "data_file_raw", type: "bool" },
  { name: "lazy_refcounts", type: "bool", def: "off" },
  { name: "refcount_bits", type: "number", def: "16" },
  { name: "nocow", type: "bool" },
  { name: "extent_size_hint", type: "size" },
];

const RAW_OPTS: OptDesc[] = [
  { name: "size", type: "size" },
  { name: "nocow", type: "bool" },
  { name: "preallocation", type: "string" },
  { name: "extent_size_hint", type: "size" },
];

/** Options this simulator acts on (others are accepted and printed only). */
export type CreateOptions = Map<string, string>;

export class CreateError extends Error {}

/** qemu_opts_do_parse for "-o a=b,c=d" (",," escapes a comma), with the option types' checks. */
export function parseOptions(text: string, into: CreateOptions, fmt: string): void {
  const descs = fmt === "qcow2" ? QCOW2_OPTS : RAW_OPTS;
  for (const part of text.replace(/,,/g, "\u0000").split(",")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = (eq < 0 ? "on" : part.slice(eq + 1)).replace(/\u0000/g, ",");
    const desc = descs.find((d) => d.name === name);
    if (!desc) throw new CreateError(`Invalid parameter '${name}'`);
    into.set(name, checkValue(desc, value));
  }
}

/** parse_option_size / parse_option_number / parse_option_bool. */
function checkValue(desc: OptDesc, value: string): string {
  switch (desc.type) {
    case "size": {
      const n = parseSize(value);
      if (n === "range") throw new CreateError(`Value '${value}' is out of range for parameter '${desc.name}'`);
      if (n === "invalid") {
        throw new CreateError(
          `Parameter '${desc.name}' expects a non-negative number below 2^64\n` +
            "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.",
        );
      }
      return String(n);
    }
    case "number":
      if (!/^\d+$/.test(value)) throw new CreateError(`Parameter '${desc.name}' expects a number`);
      return String(BigInt(value));
    case "bool":
      if (value !== "on" && value !== "off") throw new CreateError(`Parameter '${desc.name}' expects 'on' or 'off'`);
      return value;
    default:
      return value;
  }
}

/** escaped_print: commas doubled. */
function escaped(v: string): string {
  return v.replace(/,/g, ",,");
}

/** The "Formatting ..." line qemu-img prints before creating. */
export function formattingLine(file: string, fmt: string, opts: CreateOptions): string {
  const descs = fmt === "qcow2" ? QCOW2_OPTS : RAW_OPTS;
  const parts: string[] = [];
  for (const d of descs) {
    const given = opts.get(d.name);
    const value = given ?? d.def;
    if (value === undefined) continue;
    if (d.type === "string") parts.push(`${d.name}=${escaped(value)}`);
    else if ((d.type === "size" || d.type === "number") && given !== undefined) parts.push(`${d.name}=${value}`);
    else parts.push(`${d.name}=${value}`);
  }
  return `Formatting '${file}', fmt=${fmt} ${parts.join(" ")}`;
}

function onOff(v: string | undefined, def: boolean, name: string): boolean {
  if (v === undefined) return def;
  if (v === "on") return true;
  if (v === "off") return false;
  throw new CreateError(`Parameter '${name}' expects 'on' or 'off'`);
}

/** The image data a create produces. */
export function newImageData(fmt: "qcow2" | "raw", size: number, opts: CreateOptions): ImageData {
  const data: ImageData = { format: fmt, virtualSize: size, snapshots: [], vmStateArea: 0 };
  if (fmt === "qcow2") {
    data.qcow2 = {
      compat: opts.get("compat") ?? "1.1",
      clusterSize: Number(parseSizeOr(opts.get("cluster_size"), 65536n)),
      lazyRefcounts: onOff(opts.get("lazy_refcounts"), false, "lazy_refcounts"),
      refcountBits: Number(opts.get("refcount_bits") ?? 16),
      compressionType: opts.get("compression_type") === "zstd" ? "zstd" : "zlib",
      extendedL2: onOff(opts.get("extended_l2"), false, "extended_l2"),
    };
    const dataFile = opts.get("data_file");
    if (dataFile !== undefined) {
      data.qcow2.dataFile = dataFile;
      data.qcow2.dataFileRaw = onOff(opts.get("data_file_raw"), false, "data_file_raw");
    } else if (opts.has("data_file_raw") && onOff(opts.get("data_file_raw"), false, "data_file_raw")) {
      throw new CreateError("data-file-raw requires data-file");
    }
  }
  return data;
}

function parseSizeOr(v: string | undefined, def: bigint): bigint {
  if (v === undefined) return def;
  const n = parseSize(v);
  if (typeof n !== "bigint") throw new CreateError("Parameter 'cluster_size' expects a non-negative number below 2^64");
  return n;
}

/** Refuse to replace a file another live process has open (raw_co_create's lock). */
function checkNotInUse(file: string): void {
  if (!fs.existsSync(file)) return;
  const probed = probeFile(file);
  if (probed.kind !== "image") return;
  const err = lockConflict(probed.holders, true);
  if (err) throw new CreateError(`${err}\n${lockHint(file)}`);
}

/** Write the image (and a qcow2's data file) atomically. */
export function createImage(file: string, data: ImageData): void {
  checkNotInUse(file);
  const dataFile = data.qcow2?.dataFile;
  if (dataFile !== undefined) {
    checkNotInUse(dataFile);
    writeFileAtomic(
      dataFile,
      serialiseImage({ format: "raw", virtualSize: data.virtualSize, snapshots: [], vmStateArea: 0 }, []),
    );
  }
  writeFileAtomic(file, serialiseImage(data, []));
}
