/**
 * `qapi-ts serve` put together: the simulated VM, the generated dispatcher
 * over the command handlers, and the QMP server on the -qmp endpoints.
 *
 * The events of the VM (JOB_STATUS_CHANGE, STOP, RESUME) and of the
 * handlers (SHUTDOWN) all go through QmpServer.emitEvent, which stamps them
 * and writes them to every negotiated client.
 */
import { createDispatcher } from "../../../generated/dispatch.js";
import { emitShutdown } from "../../../generated/events/run-state.js";
import type { JsonObject } from "../support/dispatch-types.js";
import type { EventSink } from "../support/events.js";
import { isQmpError } from "../support/qmp-error.js";
import type { ServeConfig } from "../cli/serve-args.js";
import { QmpServer, type QmpEndpoint } from "../qmp/server.js";
import { insertionKeys } from "../qmp/qdict.js";
import type { Clock } from "../clock.js";
import { createVm, type SimulatedVm } from "../vm/vm.js";
import { CommandLineError, blockdevFromOption, deviceFromOption, driveFromArg } from "./command-line.js";
import { createHandlers } from "./handlers.js";

export interface StartOptions {
  config: ServeConfig;
  /** -drive arguments (taken out of argv before parseServeArgs). */
  drives?: readonly string[];
  clock?: Clock;
}

export interface RunningServer {
  readonly vm: SimulatedVm;
  readonly server: QmpServer;
  readonly endpoints: readonly QmpEndpoint[];
  /** Settles with the exit status once the server has stopped (quit, signal, stop()). */
  readonly done: Promise<number>;
  /**
   * Stop: SHUTDOWN event with `reason` (QEMU: "host-signal" for SIGTERM /
   * SIGINT), close every endpoint, release the image locks.
   */
  stop(reason?: "host-signal" | "host-qmp-quit"): Promise<void>;
}

/** Build the VM from the command line; CommandLineError names the faulty option. */
function buildVm(opts: StartOptions, events: EventSink): SimulatedVm {
  const cfg = opts.config;
  const blockdevs = cfg.blockdevs.map((b) => ({ b, options: blockdevFromOption(b) }));
  const drives = (opts.drives ?? []).map(driveFromArg);
  const devices = cfg.devices.map((d) => ({ d, options: deviceFromOption(d) }));
  const vm = createVm({
    events: { emit: (name, data) => events.emitEvent(name, data) },
    clock: opts.clock,
    startPaused: cfg.startPaused,
    snapshotDurationMs: cfg.snapshotDurationMs,
  });
  // QEMU opens every -blockdev, then every -drive, then creates the devices.
  const steps: Array<[word: string, arg: string, run: () => void]> = [
    ...blockdevs.map(({ b, options }): [string, string, () => void] => [
      "-blockdev",
      b.arg,
      () => vm.blockdevAdd(options),
    ]),
    ...drives.map((d): [string, string, () => void] => [
      "-drive",
      d.arg,
      () => {
        vm.blockdevAdd(d.blockdev);
        vm.blocks.addNamedBackend(d.id, d.nodeName);
      },
    ]),
    ...devices.map(({ d, options }): [string, string, () => void] => [
      "-device",
      d.arg,
      () => vm.blocks.attachDevice(options),
    ]),
  ];
  for (const [word, arg, run] of steps) {
    try {
      run();
    } catch (e) {
      vm.shutdown();
      if (isQmpError(e)) throw new CommandLineError(`qapi-ts: ${word} ${arg}: ${e.desc}`);
      throw e;
    }
  }
  return vm;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  let server: QmpServer | undefined;
  const events: EventSink = {
    emitEvent: (name, data) => server?.emitEvent(name, data as JsonObject | undefined),
  };
  const vm = buildVm(opts, events);
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  let stopping: Promise<void> | undefined;

  const close = (): Promise<void> =>
    (stopping ??= (async () => {
      await server!.close();
      vm.shutdown();
      finish(0);
    })());

  const handlers = createHandlers(vm, {
    events,
    // The reply is written right after the handler returns; the main loop
    // runs next (bottom halves), and only then do we close, as QEMU leaves
    // its main loop after the monitor has flushed the reply.
    onQuit: () => vm.mainLoop.bh(() => setImmediate(() => void close())),
  });
  server = new QmpServer({
    // keyOrder: the JSON text's key order, which decides the unexpected
    // argument QEMU names when there are several (integer-like keys!)
    dispatcher: createDispatcher(handlers, { keyOrder: insertionKeys }),
    loop: vm.mainLoop,
    clock: vm.clock,
  });
  try {
    for (const q of opts.config.qmp) await server.listen(q.endpoint, { label: q.label, pretty: q.pretty });
  } catch (e) {
    await server.close();
    vm.shutdown();
    const q = opts.config.qmp.find((x) => !server!.allEndpoints.some((ep) => ep.label === x.label));
    const where = q ? `-qmp ${q.arg}` : "-qmp";
    throw new CommandLineError(`qapi-ts: ${where}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // wait=on: QEMU does not start until a client has connected to each such monitor.
  for (const [i, q] of opts.config.qmp.entries()) if (q.wait) await server.allEndpoints[i]!.firstClient;

  return {
    vm,
    server,
    endpoints: server.allEndpoints,
    done,
    stop: (reason = "host-signal") => {
      if (!stopping) emitShutdown(events, { guest: false, reason });
      return close();
    },
  };
}
