/**
 * Text output of qemu-img 7.2: size_to_str (util/cutils.c), the snapshot
 * table (bdrv_snapshot_dump) and `qemu-img info` (bdrv_image_info_dump and
 * the QDict dump of format-specific information, in QDict hash order).
 */
import type { ImageInfo, SnapshotInfo } from "../types-local.js";
import { qdictOrder } from "../vm/qdict-order.js";

/** C printf "%.{p}g". */
export function formatG(value: number, precision = 3): string {
  if (value === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(value)));
  let s = value.toPrecision(precision);
  // toPrecision may round up into the next decade (999.5 -> "1.00e+3").
  const useExp = s.includes("e") ? Number(s.split("e")[1]) : exp;
  if (useExp < -4 || useExp >= precision) {
    const [m, e] = value.toExponential(precision - 1).split("e");
    const mant = m!.includes(".") ? m!.replace(/0+$/, "").replace(/\.$/, "") : m!;
    const en = Number(e);
    return `${mant}e${en < 0 ? "-" : "+"}${String(Math.abs(en)).padStart(2, "0")}`;
  }
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s;
}

const IEC_PREFIX = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/** size_to_str: "%0.3g %sB" with the binary prefix chosen as QEMU does. */
export function sizeToStr(val: number): string {
  const x = val / (1000 / 1024);
  // frexp exponent: x = m * 2^e with m in [0.5, 1).
  const e = x === 0 ? 0 : Math.floor(Math.log2(x)) + 1;
  const i = Math.trunc((e - 1) / 10) * 10;
  const div = 2 ** i;
  return `${formatG(val / div)} ${IEC_PREFIX[i / 10] ?? ""}B`;
}

function pad(s: string, width: number, left: boolean): string {
  if (s.length >= width) return s;
  return left ? s + " ".repeat(width - s.length) : " ".repeat(width - s.length) + s;
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

/** g_date_time_format(local, "%Y-%m-%d %H:%M:%S"). */
function localDate(sec: number): string {
  const d = new Date(sec * 1000);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** bdrv_snapshot_dump(NULL): the header line (no newline). */
export function snapshotHeader(): string {
  return (
    pad("ID", 10, true) +
    pad("TAG", 17, true) +
    pad("VM SIZE", 8, false) +
    pad("DATE", 20, false) +
    pad("VM CLOCK", 13, false) +
    pad("ICOUNT", 11, false)
  );
}

/** bdrv_snapshot_dump(sn): one row (no newline). */
export function snapshotRow(sn: SnapshotInfo): string {
  const clockNs = sn["vm-clock-sec"] * 1e9 + sn["vm-clock-nsec"];
  const secs = Math.floor(clockNs / 1e9);
  const clock = `${two(Math.floor(secs / 3600))}:${two(Math.floor(secs / 60) % 60)}:${two(secs % 60)}.${String(Math.floor(clockNs / 1e6) % 1000).padStart(3, "0")}`;
  const icount = sn.icount !== undefined ? String(sn.icount) : "";
  return (
    pad(sn.id, 9, true) +
    " " +
    pad(sn.name, 16, true) +
    " " +
    pad(sizeToStr(sn["vm-state-size"]), 8, false) +
    pad(localDate(sn["date-sec"]), 20, false) +
    pad(clock, 13, false) +
    pad(icount, 11, false)
  );
}

/** dump_snapshots / the "Snapshot list:" block. */
export function snapshotList(snapshots: readonly SnapshotInfo[]): string {
  if (snapshots.length === 0) return "";
  return `Snapshot list:\n${snapshotHeader()}\n${snapshots.map((s) => snapshotRow(s) + "\n").join("")}`;
}

/** dump_qdict: keys in QDict order, '-' shown as ' ', nested dicts indented. */
function dumpQdict(indent: number, obj: Record<string, unknown>): string {
  let out = "";
  for (const key of qdictOrder(Object.keys(obj))) {
    const v = obj[key];
    const composite = typeof v === "object" && v !== null;
    out += `${" ".repeat(indent * 4)}${key.replace(/-/g, " ")}:${composite ? "\n" : " "}`;
    out += composite ? dumpQdict(indent + 1, v as Record<string, unknown>) : `${String(v)}\n`;
  }
  return out;
}

/** bdrv_image_info_dump (qemu-img info, human output). */
export function imageInfoText(info: ImageInfo): string {
  const actual = info["actual-size"] === undefined ? "unavailable" : sizeToStr(info["actual-size"]);
  let out =
    `image: ${info.filename}\n` +
    `file format: ${info.format}\n` +
    `virtual size: ${sizeToStr(info["virtual-size"])} (${info["virtual-size"]} bytes)\n` +
    `disk size: ${actual}\n`;
  if (info["cluster-size"] !== undefined) out += `cluster_size: ${info["cluster-size"]}\n`;
  if (info["dirty-flag"]) out += "cleanly shut down: no\n";
  if (info.snapshots) out += snapshotList(info.snapshots);
  if (info["format-specific"]) {
    out += "Format specific information:\n";
    out += dumpQdict(1, info["format-specific"].data as unknown as Record<string, unknown>);
  }
  return out;
}
