/**
 * `qapi-ts serve` arguments, in QEMU 7.2's command-line syntax (mirrors the
 * option loop of softmmu/vl.c and, for -qmp, chardev/char.c
 * qemu_chr_parse_compat()).  Parsing only: opening images and creating
 * devices belongs to the simulated VM.
 *
 * Supported: -qmp / -qmp-pretty unix:PATH[,opts] | tcp:[HOST]:PORT[,opts] |
 * chardev:ID (repeatable; server=on|off, wait=on|off and the legacy flags
 * "server", "nowait"), -chardev socket,id=ID,... with -mon ID,mode=control
 * [,pretty=on], -blockdev (keyval or JSON), -device (QemuOpts or JSON), -S;
 * accepted and ignored: -nodefaults, -display, -machine, -accel, -m, -name,
 * -no-shutdown; ours: --snapshot-duration MS, --help.  Errors read like
 * QEMU's, "qapi-ts: -foo: invalid option", and mean exit status 1.
 */
import type { JsonObject } from "../support/dispatch-types.js";
import type { EndpointSpec } from "../qmp/server.js";
import {
  keyvalParse,
  OptionSyntaxError,
  parseBool,
  qemuOptsParse,
  qobjectFromJson,
  type QemuOpt,
} from "../qmp/keyval.js";

const PROG = "qapi-ts";

/** A -qmp monitor. */
export interface QmpOption {
  /** The argument as written. */
  arg: string;
  /** Chardev label, as QEMU names it ("compat_monitor0", ...). */
  label: string;
  endpoint: EndpointSpec;
  /** wait=on (QEMU's default for a server): block start-up until a client connects. */
  wait: boolean;
  /** -qmp-pretty or -mon ...,pretty=on: multi-line output. */
  pretty: boolean;
}

/** A -blockdev: its options before QAPI visiting. */
export interface BlockdevOption {
  arg: string;
  /** "keyval": every leaf is a string (QEMU visits them with the keyval visitor); "json": typed values. */
  form: "keyval" | "json";
  options: JsonObject;
}

/** A -device: its properties ("driver" included). */
export interface DeviceOption {
  arg: string;
  /** "opts": string values (QemuOpts, last repeated key wins); "json": typed values. */
  form: "opts" | "json";
  options: JsonObject;
}

export interface ServeConfig {
  qmp: QmpOption[];
  blockdevs: BlockdevOption[];
  devices: DeviceOption[];
  /** -S: do not start the CPUs (run state "prelaunch"). */
  startPaused: boolean;
  /** --snapshot-duration MS: simulated time a snapshot operation takes. */
  snapshotDurationMs?: number;
  /** --help / -h given: print serveUsage() and exit 0. */
  help: boolean;
  /** Options accepted and ignored, as written (for logging). */
  ignored: string[];
}

/** A command-line error; `message` is the full line to print on stderr. */
export class ServeArgsError extends Error {
  readonly exitCode = 1;
}

export function serveUsage(): string {
  return `usage: ${PROG} serve [options]

Runs a simulated QEMU 7.2 that answers QMP.  Options use QEMU's syntax:
  -qmp unix:PATH,server=on,wait=off     QMP on a Unix socket (repeatable)
  -qmp tcp:HOST:PORT,server=on,wait=off QMP on TCP, listening on HOST only
  -qmp-pretty ...                       the same, with multi-line JSON
  -chardev socket,id=ID,path=PATH,server=on,wait=off  with  -mon ID,mode=control[,pretty=on]
  -blockdev OPTIONS                     a block node: driver=qcow2,node-name=disk0,file.driver=file,file.filename=a.qcow2
                                        or JSON: '{"driver": "qcow2", ...}'
  -device DRIVER,PROP=VALUE,...         a guest device, e.g. ide-hd,drive=disk0
  -S                                    start with the CPUs stopped
  --snapshot-duration MS                how long a simulated snapshot takes
  -nodefaults -display X -machine X -accel X -m N -name X -no-shutdown
                                        accepted and ignored
  -h, --help                            this text
`;
}

/** -chardev socket backends and the monitors that use them, resolved after the loop. */
interface ParseState {
  chardevs: Map<string, { where: string; endpoint: EndpointSpec; wait: boolean }>;
  monitors: Array<{ where: string; arg: string; chardev: string; pretty: boolean }>;
  compatIndex: number;
}

type Handler = (cfg: ServeConfig, arg: string | undefined, name: string, st: ParseState) => void;

interface OptionDef {
  hasArg: boolean;
  handle: Handler;
}

const ignore: Handler = (cfg, arg, name) => {
  cfg.ignored.push(arg === undefined ? name : `${name} ${arg}`);
};

const OPTIONS: Record<string, OptionDef> = {
  qmp: { hasArg: true, handle: (_cfg, arg, name, st) => addCompatMonitor(st, arg!, name, false) },
  "qmp-pretty": { hasArg: true, handle: (_cfg, arg, name, st) => addCompatMonitor(st, arg!, name, true) },
  chardev: { hasArg: true, handle: (_cfg, arg, name, st) => addChardev(st, arg!, name) },
  mon: { hasArg: true, handle: (_cfg, arg, name, st) => addMon(st, arg!, name) },
  blockdev: {
    hasArg: true,
    handle: (cfg, arg, name) => cfg.blockdevs.push(parseBlockdev(arg!, name)),
  },
  device: {
    hasArg: true,
    handle: (cfg, arg, name) => cfg.devices.push(parseDevice(arg!, name)),
  },
  S: { hasArg: false, handle: (cfg) => void (cfg.startPaused = true) },
  "snapshot-duration": {
    hasArg: true,
    handle: (cfg, arg, name) => (cfg.snapshotDurationMs = parseMs(arg!, name)),
  },
  help: { hasArg: false, handle: (cfg) => void (cfg.help = true) },
  h: { hasArg: false, handle: (cfg) => void (cfg.help = true) },
  nodefaults: { hasArg: false, handle: ignore },
  "no-shutdown": { hasArg: false, handle: ignore },
  display: { hasArg: true, handle: ignore },
  machine: { hasArg: true, handle: ignore },
  M: { hasArg: true, handle: ignore },
  accel: { hasArg: true, handle: ignore },
  m: { hasArg: true, handle: ignore },
  name: { hasArg: true, handle: ignore },
};

/** error_report() with the option as location: "qapi-ts: -qmp X: msg". */
function fail(where: string, msg: string): never {
  throw new ServeArgsError(`${PROG}: ${where}: ${msg}`);
}

/** The option loop of qemu_init() (lookup_opt): "--foo" is the same as "-foo". */
export function parseServeArgs(argv: readonly string[]): ServeConfig {
  const cfg: ServeConfig = {
    qmp: [],
    blockdevs: [],
    devices: [],
    startPaused: false,
    help: false,
    ignored: [],
  };
  const st: ParseState = { chardevs: new Map(), monitors: [], compatIndex: 0 };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith("-") || word === "-" || word === "--") fail(word, "invalid option");
    const name = word.startsWith("--") ? word.slice(2) : word.slice(1);
    const def = Object.hasOwn(OPTIONS, name) ? OPTIONS[name]! : undefined;
    if (!def) fail(word, "invalid option");
    let arg: string | undefined;
    if (def.hasArg) {
      if (i + 1 >= argv.length) fail(word, "requires an argument");
      arg = argv[++i]!;
    }
    try {
      def.handle(cfg, arg, word, st);
    } catch (e) {
      if (e instanceof OptionSyntaxError) fail(`${word} ${arg}`, e.message);
      throw e;
    }
  }
  cfg.qmp = resolveMonitors(st);
  return cfg;
}

/** monitor_init_opts(): every monitor needs its own, existing chardev. */
function resolveMonitors(st: ParseState): QmpOption[] {
  const used = new Set<string>();
  return st.monitors.map((m) => {
    const chr = st.chardevs.get(m.chardev);
    if (!chr) fail(m.where, `chardev "${m.chardev}" not found`);
    if (used.has(m.chardev)) fail(m.where, `Device '${m.chardev}' is in use`);
    used.add(m.chardev);
    return { arg: m.arg, label: m.chardev, endpoint: chr.endpoint, wait: chr.wait, pretty: m.pretty };
  });
}

/** monitor_parse(): -qmp chardev:ID, or a compat chardev spec named compat_monitorN. */
function addCompatMonitor(st: ParseState, arg: string, word: string, pretty: boolean): void {
  const where = `${word} ${arg}`;
  const index = st.compatIndex++;
  if (arg.startsWith("chardev:")) {
    st.monitors.push({ where, arg, chardev: arg.slice(8), pretty });
    return;
  }
  const label = `compat_monitor${index}`;
  st.chardevs.set(label, { where, ...parseCompatChardev(arg, where) });
  st.monitors.push({ where, arg, chardev: label, pretty });
}

/** -chardev socket,id=ID,path=P|host=H,port=N,server=on,wait=off (QemuOpts, implied "backend"). */
function addChardev(st: ParseState, arg: string, word: string): void {
  const where = `${word} ${arg}`;
  const opts = qemuOptsParse(arg, "backend");
  const id = lastValue(opts, "id");
  for (const o of opts) if (o.name !== "id" && !CHARDEV_OPTS.has(o.name)) fail(where, `Invalid parameter '${o.name}'`);
  if (id === undefined) fail(where, "chardev: no id specified");
  if (st.chardevs.has(id)) fail(where, `Duplicate ID '${id}' for chardev`);
  const backend = lastValue(opts, "backend") ?? "";
  if (backend !== "socket") {
    if (KNOWN_BACKENDS.has(backend)) fail(where, `chardev backend '${backend}' is not supported by ${PROG}`);
    fail(where, `'${backend}' is not a valid char driver name`);
  }
  const rest = opts.filter((o) => o.name !== "id" && o.name !== "backend");
  const path = lastValue(rest, "path");
  let endpoint: EndpointSpec;
  if (path !== undefined) endpoint = { kind: "unix", path };
  else {
    const port = lastValue(rest, "port");
    if (port === undefined) fail(where, "chardev: socket: no port given");
    endpoint = { kind: "tcp", host: lastValue(rest, "host") ?? "", port: parsePort(port, where) };
  }
  st.chardevs.set(id, { where, endpoint, wait: serverWait(rest, where) });
}

/** -mon [chardev=]ID[,mode=control][,pretty=on]. */
function addMon(st: ParseState, arg: string, word: string): void {
  const where = `${word} ${arg}`;
  const opts = qemuOptsParse(arg, "chardev");
  for (const o of opts) {
    if (!["chardev", "mode", "pretty", "id"].includes(o.name)) fail(where, `Invalid parameter '${o.name}'`);
  }
  const mode = lastValue(opts, "mode") ?? "readline";
  if (mode !== "readline" && mode !== "control") fail(where, `Parameter 'mode' does not accept value '${mode}'`);
  if (mode === "readline") fail(where, `only QMP monitors (mode=control) are supported by ${PROG}`);
  const pretty = lastValue(opts, "pretty");
  const chardev = lastValue(opts, "chardev");
  if (chardev === undefined) fail(where, "Parameter 'chardev' is missing");
  st.monitors.push({ where, arg, chardev, pretty: pretty === undefined ? false : parseBool("pretty", pretty) });
}

function parseMs(arg: string, word: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(arg)) fail(`${word} ${arg}`, "expects a duration in milliseconds");
  return Number(arg);
}

/** Chardev options a socket backend knows (qemu_chardev_opts); the others are refused. */
const SOCKET_BOOL_OPTS = new Set(["server", "wait", "nodelay", "delay", "ipv4", "ipv6"]);
const CHARDEV_OPTS = new Set([
  "backend",
  "path",
  "host",
  "port",
  "fd",
  "localaddr",
  "localport",
  "to",
  "ipv4",
  "ipv6",
  "wait",
  "server",
  "delay",
  "nodelay",
  "reconnect",
  "telnet",
  "tn3270",
  "tls-creds",
  "tls-authz",
  "websocket",
  "width",
  "height",
  "cols",
  "rows",
  "mux",
  "signal",
  "logfile",
  "logappend",
  "abstract",
  "tight",
]);

/** qemu_chr_parse_compat() for unix: and tcp: (the only ones we serve). */
function parseCompatChardev(arg: string, where: string): { endpoint: EndpointSpec; wait: boolean } {
  let endpoint: EndpointSpec;
  let opts: QemuOpt[];
  if (arg.startsWith("unix:")) {
    opts = qemuOptsParse(arg.slice(5), "path");
    const path = lastValue(opts, "path");
    if (!path) fail(where, "a socket path is required (unix:PATH)");
    endpoint = { kind: "unix", path };
  } else if (arg.startsWith("tcp:")) {
    const rest = arg.slice(4);
    // sscanf("%64[^:]:%32[^,]%n"), else sscanf(":%32[^,]%n") with an empty host
    const m = /^([^:]{1,64}):([^,]{1,32})/.exec(rest) ?? /^():([^,]{1,32})/.exec(rest);
    if (!m) fail(where, `parse error: ${arg}`);
    const after = rest.slice(m[0].length);
    if (after !== "" && !after.startsWith(",")) fail(where, `parse error: ${arg}`);
    opts = after ? qemuOptsParse(after.slice(1)) : [];
    endpoint = { kind: "tcp", host: m[1]!, port: parsePort(m[2]!, where) };
  } else if (KNOWN_BACKENDS.has(arg.split(":")[0]!)) {
    fail(where, `chardev '${arg}' is not supported by ${PROG} (use unix: or tcp:)`);
  } else {
    fail(where, `'${arg}' is not a valid char driver`);
  }
  for (const o of opts) if (!CHARDEV_OPTS.has(o.name)) fail(where, `Invalid parameter '${o.name}'`);
  return {
    endpoint,
    wait: serverWait(
      opts.filter((o) => !["path", "host", "port"].includes(o.name)),
      where,
    ),
  };
}

function parsePort(port: string, where: string): number {
  if (!/^[0-9]+$/.test(port) || Number(port) > 65535) fail(where, `invalid port '${port}'`);
  return Number(port);
}

/** Socket options: server=on is required; wait defaults to on as in QEMU. */
function serverWait(opts: readonly QemuOpt[], where: string): boolean {
  for (const o of opts) {
    if (SOCKET_BOOL_OPTS.has(o.name)) parseBool(o.name, o.value);
    else if (!["path", "host", "port"].includes(o.name)) fail(where, `option '${o.name}' is not supported by ${PROG}`);
  }
  const serverOpt = lastValue(opts, "server");
  const server = serverOpt === undefined ? false : parseBool("server", serverOpt);
  const waitOpt = lastValue(opts, "wait");
  if (!server) {
    if (waitOpt !== undefined) fail(where, "'wait' option is incompatible with socket in client connect mode");
    fail(where, `only server mode is supported (add server=on,wait=off)`);
  }
  return waitOpt === undefined ? true : parseBool("wait", waitOpt);
}

/** Chardev backends QEMU knows but we do not serve. */
const KNOWN_BACKENDS = new Set([
  "null",
  "pty",
  "stdio",
  "file",
  "pipe",
  "udp",
  "vc",
  "serial",
  "parallel",
  "ringbuf",
  "memory",
  "mux",
  "msmouse",
  "wctablet",
  "braille",
  "testdev",
  "spicevmc",
  "spiceport",
  "qemu-vdagent",
  "dbus",
  "telnet",
  "websocket",
  "tn3270",
  "mon",
  "con",
  "COM1",
]);

function lastValue(opts: readonly QemuOpt[], name: string): string | undefined {
  return opts.filter((o) => o.name === name).at(-1)?.value;
}

/** qobject_input_visitor_new_str(optarg, "driver"): JSON if it starts with '{'. */
function parseBlockdev(arg: string, _word: string): BlockdevOption {
  if (arg.startsWith("{")) return { arg, form: "json", options: jsonObject(arg) };
  return { arg, form: "keyval", options: keyvalParse(arg, "driver") };
}

/** -device: JSON, or QemuOpts with the implied key "driver" (last repeated key wins). */
function parseDevice(arg: string, _word: string): DeviceOption {
  if (arg.startsWith("{")) return { arg, form: "json", options: jsonObject(arg) };
  const options: JsonObject = Object.create(null) as JsonObject;
  for (const o of qemuOptsParse(arg, "driver")) options[o.name] = o.value;
  return { arg, form: "opts", options };
}

function jsonObject(arg: string): JsonObject {
  const v = qobjectFromJson(arg);
  // A text starting with '{' that parses is an object.
  return v as JsonObject;
}
