/**
 * From parsed `serve` options to what the VM takes: -blockdev visited as
 * QEMU visits it (keyval or JSON, then the generated BlockdevOptions
 * validator), legacy -drive turned into the nodes QEMU would make, -device
 * reduced to the properties the simulator uses.
 *
 * Errors are CommandLineError with the text QEMU prints after the option
 * ("qapi-ts: -blockdev ARG: Parameter 'driver' is missing").
 */
import { qmpSchema } from "../../../generated/introspect.js";
import { validateBlockdevOptions } from "../../../generated/validators/block-core.js";
import type { BlockdevOptions } from "../../../generated/types/block-core.js";
import { isQmpError } from "../support/qmp-error.js";
import type { BlockdevOption, DeviceOption } from "../cli/serve-args.js";
import { OptionSyntaxError, parseBool, qemuOptsParse } from "../qmp/keyval.js";
import type { DeviceOptions } from "../types-local.js";
import { KeyvalTyper } from "./keyval-input.js";

export class CommandLineError extends Error {}

const PROG = "qapi-ts";

function optionError(word: string, arg: string, msg: string): CommandLineError {
  return new CommandLineError(`${PROG}: ${word} ${arg}: ${msg}`);
}

let typer: KeyvalTyper | undefined;

/** -blockdev: visit_type_BlockdevOptions over the keyval or JSON input. */
export function blockdevFromOption(opt: BlockdevOption): BlockdevOptions {
  try {
    if (opt.form === "json") return validateBlockdevOptions(opt.options, null, { wire: true });
    typer ??= new KeyvalTyper(qmpSchema);
    const typed = typer.convert(opt.options, typer.argType("blockdev-add"));
    return validateBlockdevOptions(typed, null, { wire: false });
  } catch (e) {
    if (isQmpError(e)) throw optionError("-blockdev", opt.arg, e.desc);
    throw e;
  }
}

/** -device: the driver and the properties the simulated devices have. */
export function deviceFromOption(opt: DeviceOption): DeviceOptions {
  const o = opt.options;
  const text = (k: string): string | undefined => {
    const v = o[k];
    return v === undefined ? undefined : typeof v === "string" ? v : String(v);
  };
  const driver = text("driver");
  if (driver === undefined) throw optionError("-device", opt.arg, "Parameter 'driver' is missing");
  const dev: DeviceOptions = { driver };
  const drive = text("drive");
  if (drive !== undefined) dev.drive = drive;
  const id = text("id");
  if (id !== undefined) dev.id = id;
  return dev;
}

/** A legacy -drive (if=none only): the nodes it makes and its BlockBackend's name. */
export interface DriveOption {
  arg: string;
  id: string;
  nodeName: string;
  blockdev: BlockdevOptions;
}

const DRIVE_KEYS = new Set(["if", "id", "node-name", "file", "format", "readonly", "read-only", "cache", "media"]);

/**
 * drive_new() for `-drive if=none,id=X,node-name=N,file=F,format=qcow2|raw[,readonly=on]`:
 * a format node N over an automatically named file node, in a BlockBackend
 * named X (errors about the node then name X, as QEMU's do).  qapi-ts wants
 * the node name (QEMU would make one up): snapshot commands take node names.
 */
export function driveFromArg(arg: string): DriveOption {
  let opts: ReturnType<typeof qemuOptsParse>;
  try {
    opts = qemuOptsParse(arg, "file");
  } catch (e) {
    if (e instanceof OptionSyntaxError) throw optionError("-drive", arg, e.message);
    throw e;
  }
  const get = (k: string): string | undefined => opts.filter((o) => o.name === k).at(-1)?.value;
  for (const o of opts) {
    if (!DRIVE_KEYS.has(o.name)) throw optionError("-drive", arg, `option '${o.name}' is not supported by ${PROG}`);
  }
  const iface = get("if") ?? "ide";
  if (iface !== "none")
    throw optionError("-drive", arg, `only if=none is supported by ${PROG} (attach it with -device)`);
  const file = get("file");
  if (file === undefined) throw optionError("-drive", arg, `a file is required (file=PATH)`);
  const format = get("format");
  if (format !== "qcow2" && format !== "raw") {
    throw optionError("-drive", arg, `format=qcow2 or format=raw is required (${PROG} does not probe formats)`);
  }
  let readOnly = false;
  const ro = get("readonly") ?? get("read-only");
  try {
    if (ro !== undefined) readOnly = parseBool("readonly", ro);
  } catch (e) {
    if (e instanceof OptionSyntaxError) throw optionError("-drive", arg, e.message);
    throw e;
  }
  const nodeName = get("node-name");
  if (nodeName === undefined) throw optionError("-drive", arg, `node-name=NAME is required by ${PROG}`);
  const id = get("id");
  if (id === undefined) throw optionError("-drive", arg, "Parameter 'id' is missing");
  const blockdev = {
    driver: format,
    "node-name": nodeName,
    ...(readOnly ? { "read-only": true } : {}),
    file: { driver: "file", filename: file },
  } as BlockdevOptions;
  return { arg, id, nodeName, blockdev };
}

/**
 * Take the -drive options out of argv (parseServeArgs does not know them);
 * QEMU opens them after every -blockdev, so their order among the other
 * options does not matter.
 */
export function extractDrives(argv: readonly string[]): { rest: string[]; drives: string[] } {
  const rest: string[] = [];
  const drives: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if ((w === "-drive" || w === "--drive") && i + 1 < argv.length) drives.push(argv[++i]!);
    else rest.push(w);
  }
  return { rest, drives };
}
