/**
 * query-named-block-nodes and query-block answers, built as QEMU 7.2's
 * block/qapi.c builds them (bdrv_block_device_info, bdrv_query_image_info,
 * bdrv_query_snapshot_info_list, bdrv_query_info).
 */
import type { BlockDeviceInfo, BlockInfo, ImageInfo, SnapshotInfo, ImageInfoSpecificQCow2 } from "../types-local.js";
import type { ImageSnapshot, Qcow2Options } from "../img/image-file.js";
import type { BlockLayer } from "./block-layer.js";
import { listSnapshots, type BlockNode } from "./node.js";

/** SnapshotInfo from a table entry (icount only when recorded). */
export function snapshotInfo(sn: ImageSnapshot): SnapshotInfo {
  const info: SnapshotInfo = {
    id: sn.id,
    name: sn.name,
    "vm-state-size": sn.vmStateSize,
    "date-sec": sn.dateSec,
    "date-nsec": sn.dateNsec,
    "vm-clock-sec": Math.floor(sn.vmClockNsec / 1e9),
    "vm-clock-nsec": sn.vmClockNsec % 1e9,
  };
  if (sn.icount !== -1) info.icount = sn.icount;
  return info;
}

/** qcow2_get_specific_info for a version 3 image. */
export function qcow2SpecificInfo(q: Qcow2Options): ImageInfoSpecificQCow2 {
  // Members in schema order (the QDict keeps insertion order within a bucket).
  const data: ImageInfoSpecificQCow2 = { compat: q.compat } as ImageInfoSpecificQCow2;
  if (q.dataFile !== undefined) {
    data["data-file"] = q.dataFile;
    data["data-file-raw"] = q.dataFileRaw ?? false;
  }
  data["extended-l2"] = q.extendedL2;
  data["lazy-refcounts"] = q.lazyRefcounts;
  data.corrupt = false;
  data["refcount-bits"] = q.refcountBits;
  data["compression-type"] = q.compressionType;
  return data;
}

/** bdrv_query_image_info for one node. */
export function imageInfo(node: BlockNode): ImageInfo {
  const info: ImageInfo = {
    filename: node.filename,
    format: node.driver,
    "dirty-flag": false,
    "actual-size": node.allocated(),
    "virtual-size": node.virtualSize(),
  };
  if (node.driver === "qcow2" && node.image?.qcow2) info["cluster-size"] = node.image.qcow2.clusterSize;
  // raw_get_info forwards to its child: raw over qcow2 reports qcow2's cluster size
  const child = node.driver === "raw" ? node.file : undefined;
  if (child?.driver === "qcow2" && child.image?.qcow2) info["cluster-size"] = child.image.qcow2.clusterSize;
  const snaps = listSnapshots(node);
  if (snaps && snaps.length > 0) info.snapshots = snaps.map(snapshotInfo);
  if (node.driver === "qcow2" && node.image?.qcow2) {
    info["format-specific"] = { type: "qcow2", data: qcow2SpecificInfo(node.image.qcow2) };
  }
  return info;
}

/** bdrv_block_device_info (raw and qcow2 without backing: depth 0); `writeback` is the backend's. */
export function blockDeviceInfo(node: BlockNode, writeback = true): BlockDeviceInfo {
  return {
    file: node.filename,
    "node-name": node.nodeName,
    ro: node.readOnly,
    drv: node.driver,
    backing_file_depth: 0,
    encrypted: false,
    detect_zeroes: node.detectZeroes,
    bps: 0,
    bps_rd: 0,
    bps_wr: 0,
    iops: 0,
    iops_rd: 0,
    iops_wr: 0,
    image: imageInfo(node),
    cache: {
      writeback,
      direct: node.cacheDirect,
      "no-flush": node.cacheNoFlush,
    },
    write_threshold: 0,
  };
}

/** query-named-block-nodes: newest node first (QAPI_LIST_PREPEND). */
export function queryNamedBlockNodes(layer: BlockLayer, _flat = false): BlockDeviceInfo[] {
  // Without backing chains, flat and non-flat answers are the same.
  return [...layer.allNodes()].reverse().map((n) => blockDeviceInfo(n));
}

/**
 * query-block (qmp_query_block + bdrv_query_info): every BlockBackend that
 * has a name or a device, in creation order.  A backend without a device has
 * removable media and no I/O status; ide-hd and virtio-blk enable it.
 */
export function queryBlock(layer: BlockLayer): BlockInfo[] {
  return layer
    .blockBackends()
    .filter((b) => b.name !== "" || b.device)
    .map((b) => {
      const info: BlockInfo = {
        device: b.name,
        type: "unknown",
        removable: b.device === undefined,
        locked: false,
        inserted: blockDeviceInfo(b.node, b.writeback),
      };
      if (b.device) {
        info.qdev = b.device.qdev;
        info["io-status"] = "ok";
      }
      return info;
    });
}
