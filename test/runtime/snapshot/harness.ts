// A small stand-in for the QMP server: runs a command on the simulated VM,
// records its answer between the events (as the wire would show them), then
// drains the main loop as the server does after writing a response.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SimulatedClock } from "../../../runtime/src/clock.js";
import { createVm, type SimulatedVm, type VmConfig } from "../../../runtime/src/vm/vm.js";
import { QmpError } from "../../../runtime/src/vm/qmp-errors.js";
import { createImage, newImageData } from "../../../runtime/src/img/create.js";
import type { BlockdevOptions } from "../../../runtime/src/types-local.js";

export type Wire = string | { return: unknown } | { error: { class: string; desc: string } };

export class Harness {
  readonly wire: Wire[] = [];
  readonly clock = new SimulatedClock();
  readonly vm: SimulatedVm;

  constructor(config: Partial<VmConfig> = {}) {
    this.vm = createVm({
      clock: this.clock,
      random: () => 0.42,
      ...config,
      events: {
        emit: (event: string, data?: object) => {
          const d = data as { status?: string } | undefined;
          this.wire.push(event === "JOB_STATUS_CHANGE" ? `JOB ${d?.status}` : event);
        },
      },
    });
  }

  /** Run one command; returns its result or the QmpError. */
  qmp<T>(fn: (vm: SimulatedVm) => T): T | QmpError {
    let out: T | QmpError;
    try {
      out = fn(this.vm);
      this.wire.push({ return: out });
    } catch (e) {
      if (!(e instanceof QmpError)) throw e;
      this.wire.push({ error: { class: e.errorClass, desc: e.desc } });
      out = e;
    }
    this.vm.mainLoop.drain();
    return out;
  }

  /** The wire since the last take(). */
  take(): Wire[] {
    return this.wire.splice(0);
  }

  jobs() {
    return this.vm.queryJobs();
  }

  snapshots(node: string) {
    const info = this.vm.queryNamedBlockNodes({}).find((n) => n["node-name"] === node);
    return (info?.image.snapshots ?? []).map((s) => ({ id: s.id, name: s.name, vm: s["vm-state-size"] }));
  }
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "qapi-ts-h5-"));
}

/** Create a simulated qcow2 (optionally with a data file) or raw image. */
export function makeImage(
  dir: string,
  name: string,
  fmt: "qcow2" | "raw" = "qcow2",
  opts: Record<string, string> = {},
): string {
  const file = path.join(dir, name);
  const o = new Map(Object.entries(opts));
  createImage(file, newImageData(fmt, 64 * 1024 * 1024, o));
  return file;
}

export function qcow2Node(nodeName: string, file: string, extra: Partial<BlockdevOptions> = {}): BlockdevOptions {
  return {
    driver: "qcow2",
    "node-name": nodeName,
    file: { driver: "file", filename: file },
    ...extra,
  } as BlockdevOptions;
}

export const OK = { return: {} };
