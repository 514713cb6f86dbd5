// Shared set-up for the robustness tests: temp dirs with qcow2 images, the
// in-process server exactly as `qapi-ts serve` wires it, and a raw client
// that reads "\r\n" lines and parses them.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createImage, newImageData } from "../../../runtime/src/img/create.js";
import { parseServeArgs } from "../../../runtime/src/cli/serve-args.js";
import { startServer, type RunningServer } from "../../../runtime/src/server/start.js";
import { RawClient, type Reply } from "../qmp/client.js";

export { RawClient, type Reply };

export function tempDir(prefix = "qapi-ts-robust-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function makeQcow2(dir: string, name: string, size = 32 * 1024 * 1024): string {
  const file = path.join(dir, name);
  createImage(file, newImageData("qcow2", size, new Map()));
  return file;
}

/** `-blockdev` pairs for file node diskN over FILE and qcow2 node fmtN. */
export function blockdevArgs(files: readonly string[]): string[] {
  return files.flatMap((f, i) => [
    "-blockdev",
    `driver=file,filename=${f},node-name=disk${i}`,
    "-blockdev",
    `driver=qcow2,file=disk${i},node-name=fmt${i}`,
  ]);
}

/** The serve wiring in-process, on Unix sockets `sockets` (argv as `qapi-ts serve` takes it). */
export async function startInProcess(sockets: readonly string[], extra: readonly string[]): Promise<RunningServer> {
  const argv = [...sockets.flatMap((s) => ["-qmp", `unix:${s},server=on,wait=off`]), ...extra];
  return startServer({ config: parseServeArgs(argv) });
}

/**
 * A second client that keeps `depth` query-status requests in flight and
 * checks each answer comes back in order with its id, until stopped.
 */
export class PipelineProbe {
  sent = 0;
  received = 0;
  readonly problems: string[] = [];
  private stopped = false;
  private seen = 0;

  constructor(
    private readonly client: RawClient,
    private readonly depth = 8,
  ) {
    client.socket.on("data", () => this.pump());
  }

  start(): void {
    this.stopped = false;
    this.pump();
  }

  private pump(): void {
    const lines = this.client.lines;
    for (; this.seen < lines.length; this.seen++) {
      const r = JSON.parse(lines[this.seen]!) as Reply;
      if (r.event !== undefined) continue;
      const want = `probe-${this.received}`;
      const ret = r.return as { status?: unknown; running?: unknown } | undefined;
      if (r.id !== want || typeof ret?.status !== "string" || typeof ret.running !== "boolean") {
        this.problems.push(`expected query-status reply ${want}, got ${lines[this.seen]}`);
      }
      this.received++;
    }
    while (!this.stopped && this.sent - this.received < this.depth) {
      this.client.send(`{"execute": "query-status", "id": "probe-${this.sent++}"}`);
    }
  }

  /** Stop sending and wait for every outstanding answer. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.client.until(() => this.received === this.sent, "probe replies");
  }
}
