/**
 * The generic half of command dispatch: the generated code supplies a table
 * of CommandDescriptors (one per schema command, with its argument
 * validator) and the typed handlers; this class implements the QMP server's
 * QmpDispatcher over them.  Mirrors what QEMU's generated qmp_marshal_*
 * functions and qapi/qmp-dispatch.c's compat-policy check do.
 *
 * Dependency-free apart from its sibling support files: generated code
 * imports it.
 */

import type { CommandMeta, JsonObject, QmpContext, QmpDispatcher } from "./dispatch-types.js";
import { QmpError } from "./qmp-error.js";
import { validateNoArgs } from "./validate.js";

/** Visits a command's arguments (a generated validator); throws QmpError. */
export type ArgsValidator = (value: unknown, name: string | null, options?: ValidateCallOptions) => unknown;

export interface ValidateCallOptions {
  /** The value came off the QMP wire (see qfloat.ts; checked alike either way). */
  readonly wire?: boolean;
  readonly policy?: CompatPolicy;
  readonly keyOrder?: KeyOrder;
}

/**
 * The keys of an argument object in the order they were inserted into it
 * (the JSON text's order, which the QMP parser records); Object.keys()
 * differs from it only for integer-like keys.
 */
export type KeyOrder = (obj: object) => readonly string[];

/** One command of the schema, as the generator describes it. */
export interface CommandDescriptor extends CommandMeta {
  /** 'coroutine': true in the schema (informational here). */
  readonly coroutine: boolean;
  /** Special features: "deprecated", "unstable" (for the compat policy). */
  readonly features: readonly string[];
  /**
   * The argument visitor, or null for a command without arguments (then any
   * argument is unexpected) or with 'gen': false (then arguments are passed
   * through unvisited, as QEMU passes the raw QDict).
   */
  readonly validateArgs: ArgsValidator | null;
  /** 'gen': false: the handler gets the raw arguments. */
  readonly gen: boolean;
}

/** QEMU's -compat deprecated-input=... / unstable-input=... */
export interface CompatPolicy {
  readonly deprecatedInput?: "accept" | "reject";
  readonly unstableInput?: "accept" | "reject";
}

export interface DispatcherOptions {
  readonly policy?: CompatPolicy;
  /** See KeyOrder: names the unexpected member QEMU names when there are several. */
  readonly keyOrder?: KeyOrder;
}

/** A handler: validated arguments in, result (or nothing) out. */
export type AnyHandler = (args: never, ctx: QmpContext) => unknown;

/**
 * QEMU's compat_policy_input_ok(): "Deprecated command x disabled by
 * policy" (class CommandNotFound for commands, GenericError for members).
 */
export function checkCompatPolicy(
  features: readonly string[],
  policy: CompatPolicy | undefined,
  errorClass: string,
  kind: string,
  name: string,
): void {
  if (!policy) return;
  if (features.includes("deprecated") && policy.deprecatedInput === "reject") {
    throw new QmpError(errorClass, `Deprecated ${kind} ${name} disabled by policy`);
  }
  if (features.includes("unstable") && policy.unstableInput === "reject") {
    throw new QmpError(errorClass, `Unstable ${kind} ${name} disabled by policy`);
  }
}

export class Dispatcher implements QmpDispatcher {
  constructor(
    private readonly table: ReadonlyMap<string, CommandDescriptor>,
    private readonly handlers: Readonly<Record<string, AnyHandler | undefined>>,
    private readonly options: DispatcherOptions = {},
  ) {}

  lookup(name: string): CommandMeta | undefined {
    const d = this.table.get(name);
    return d && this.handlerOf(name) ? d : undefined;
  }

  dispatch(name: string, args: JsonObject, ctx: QmpContext): unknown {
    const d = this.table.get(name);
    const handler = this.handlerOf(name);
    if (!d || !handler) {
      throw new QmpError("CommandNotFound", `The command ${name} has not been found`);
    }
    checkCompatPolicy(d.features, this.options.policy, "CommandNotFound", "command", name);
    return handler(this.visitArgs(d, args) as never, ctx);
  }

  private visitArgs(d: CommandDescriptor, args: JsonObject): unknown {
    if (!d.gen) return args;
    const { policy, keyOrder } = this.options;
    // A command without arguments visits an empty struct, as QEMU's
    // generated marshaller does (so any member is unexpected).
    const validate = d.validateArgs ?? validateNoArgs;
    return validate(args, null, { wire: true, policy, keyOrder });
  }

  private handlerOf(name: string): AnyHandler | undefined {
    return Object.prototype.hasOwnProperty.call(this.handlers, name) ? this.handlers[name] : undefined;
  }
}
