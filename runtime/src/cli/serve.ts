/**
 * `qapi-ts serve [QEMU options]`: the simulated QEMU 7.2 (see
 * runtime/src/server/start.ts).  With no options at all it runs a demo:
 * two fresh qcow2 images in a temporary directory, served on a Unix socket
 * whose path it prints (`npm start`).
 *
 * Exit status: 0 after `quit` or SIGINT/SIGTERM (image locks released),
 * 1 for a command-line error (one line on stderr naming the option).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseServeArgs, serveUsage, ServeArgsError, type ServeConfig } from "./serve-args.js";
import { CommandLineError, extractDrives } from "../server/command-line.js";
import { startServer, type RunningServer } from "../server/start.js";
import { createImage, newImageData } from "../img/create.js";

const DRIVE_USAGE = `  -drive if=none,id=ID,node-name=N,file=F,format=qcow2|raw[,readonly=on]
                                        a legacy drive (if=none only)
`;

export async function serveCommand(argv: string[]): Promise<number> {
  if (argv.length === 0) return demo();
  const { rest, drives } = extractDrives(argv);
  let config: ServeConfig;
  try {
    config = parseServeArgs(rest);
  } catch (e) {
    if (e instanceof ServeArgsError) return fail(e.message);
    throw e;
  }
  if (config.help) {
    process.stdout.write(serveUsage() + DRIVE_USAGE);
    return 0;
  }
  if (config.qmp.length === 0) {
    return fail("qapi-ts: no -qmp option: give one, e.g. -qmp unix:/tmp/qmp.sock,server=on,wait=off");
  }
  return serve(config, drives);
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

async function serve(config: ServeConfig, drives: string[], onReady?: (s: RunningServer) => void): Promise<number> {
  let running: RunningServer;
  try {
    running = await startServer({ config, drives });
  } catch (e) {
    if (e instanceof CommandLineError) return fail(e.message);
    throw e;
  }
  const onSignal = (): void => void running.stop("host-signal");
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  onReady?.(running);
  try {
    return await running.done;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** The example set-up: file nodes disk0/disk1 under qcow2 nodes diskfmt0/diskfmt1. */
async function demo(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qapi-ts-demo-"));
  const sock = path.join(dir, "qmp.sock");
  const argv = ["-qmp", `unix:${sock},server=on,wait=off`];
  for (const i of [0, 1]) {
    const file = path.join(dir, `d${i}.qcow2`);
    createImage(file, newImageData("qcow2", 32 * 1024 * 1024, new Map()));
    argv.push("-blockdev", `driver=file,filename=${file},node-name=disk${i}`);
    argv.push("-blockdev", `driver=qcow2,file=disk${i},node-name=diskfmt${i}`);
  }
  try {
    return await serve(parseServeArgs(argv), [], () => process.stdout.write(demoText(dir, sock, argv)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function demoText(dir: string, sock: string, argv: string[]): string {
  const save =
    '{"execute": "snapshot-save", "arguments": {"job-id": "save0", "tag": "snap0", ' +
    '"vmstate": "diskfmt0", "devices": ["diskfmt0", "diskfmt1"]}}';
  return `qapi-ts demo: a simulated QEMU 7.2 with two 32 MiB qcow2 disks (nodes diskfmt0, diskfmt1)
  images:      ${dir}/d0.qcow2, ${dir}/d1.qcow2 (removed on exit)
  same as:     qapi-ts serve ${argv.join(" ")}
QMP socket: ${sock}

Try it:
  socat READLINE UNIX-CONNECT:${sock}
and type, one line each:
  {"execute": "qmp_capabilities"}
  ${save}
  {"execute": "query-jobs"}
  {"execute": "job-dismiss", "arguments": {"id": "save0"}}
  {"execute": "quit"}
or with QEMU's Python QMP shell:  qmp-shell ${sock}

Ctrl-C stops the server.
`;
}
