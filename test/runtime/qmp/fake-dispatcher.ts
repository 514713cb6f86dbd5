/**
 * A small hand-written dispatcher standing in for the generated one: a few
 * real QEMU 7.2 commands (answers as QEMU gives them with -machine none -S)
 * and some test commands (async, events, no success response, a bug).
 */
import type {
  CommandMeta,
  JsonObject,
  QmpContext,
  QmpDispatcher,
} from "../../../runtime/src/support/dispatch-types.js";
import { QmpError } from "../../../runtime/src/support/qmp-error.js";
import { visitCapabilitiesArgs } from "../../../runtime/src/qmp/capabilities.js";

type Handler = (args: JsonObject, ctx: QmpContext) => unknown;

interface Entry {
  meta: CommandMeta;
  fn: Handler;
}

export class FakeDispatcher implements QmpDispatcher {
  readonly calls: string[] = [];
  private readonly table = new Map<string, Entry>();

  constructor() {
    this.add("qmp_capabilities", (args, ctx) => ctx.monitor.qmpCapabilities(visitCapabilitiesArgs(args)), {
      allowPreconfig: true,
    });
    this.add("query-status", () => ({
      running: false,
      singlestep: false,
      status: "prelaunch",
    }));
    this.add(
      "migrate-pause",
      () => {
        throw QmpError.generic("migrate-pause is currently only supported during postcopy-active state");
      },
      { allowOob: true },
    );
    this.add("x-oob-ok", () => ({ oob: true }), { allowOob: true });
    this.add("x-event", (args, ctx) => {
      ctx.emitEvent("X_EVENT", { n: 1 });
      return { done: true };
    });
    this.add("x-async", async (args, ctx) => {
      await new Promise((r) => setTimeout(r, Number(args["ms"] ?? 20n)));
      ctx.emitEvent("X_ASYNC_DONE");
      return { async: true };
    });
    this.add("x-noresp", () => undefined, { successResponse: false });
    this.add("x-bug", () => {
      throw new TypeError("oops");
    });
    this.add("x-args", (args) => args);
  }

  add(name: string, fn: Handler, meta: Partial<CommandMeta> = {}): void {
    this.table.set(name, {
      meta: {
        name,
        allowOob: false,
        allowPreconfig: false,
        successResponse: true,
        ...meta,
      },
      fn,
    });
  }

  lookup(name: string): CommandMeta | undefined {
    return this.table.get(name)?.meta;
  }

  dispatch(name: string, args: JsonObject, ctx: QmpContext): unknown {
    this.calls.push(name);
    return this.table.get(name)!.fn(args, ctx);
  }
}
