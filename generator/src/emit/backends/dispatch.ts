// Command dispatch: per module a table of command descriptors
// (commands/M.ts), and dispatch.ts with the typed `CommandHandlers` and
// `createDispatcher()`, which plugs into the runtime's QMP server.
//
// What QEMU generates as qmp_marshal_* functions and qmp_init_marshal()
// (scripts/qapi/commands.py) becomes data here: the descriptor names the
// argument visitor, and runtime/src/support/dispatcher.ts does the rest.

import type { QAPISchemaCommand } from "../../model/entities.js";
import type { QAPISchema } from "../../model/schema.js";
import type { Backend, GenContext } from "../backend.js";
import { moduleBaseName } from "../backend.js";
import type { OutputSet } from "../output-set.js";
import { GeneratedFile, list, str, type Printable } from "../printer.js";
import { schemaNames, type SchemaNames } from "../schema-names.js";
import { camelCase, quoteString } from "../ts-names.js";
import { importDecl } from "../type-ref.js";

/** The identifier of a module's command table: "job" -> jobCommands. */
function tableName(module: string): string {
  return `${camelCase(moduleBaseName(module).replace(/\//gu, "-"))}Commands`;
}

/** The generated argument visitor of a command, or null (see CommandDescriptor). */
function argsValidator(f: GeneratedFile, ctx: GenContext, names: SchemaNames, c: QAPISchemaCommand): Printable {
  return c.argType && c.gen ? importDecl(f, ctx, "validators", names.validator(c.argType), false) : "null";
}

function moduleTable(ctx: GenContext, names: SchemaNames, module: string, cmds: QAPISchemaCommand[]): GeneratedFile {
  const f = new GeneratedFile(ctx.modulePath("commands", module), { source: module });
  const desc = f.import("CommandDescriptor", ctx.runtimeModule("dispatcher"), { typeOnly: true });
  f.print`/** The commands defined in ${module}, as the dispatcher sees them. */`;
  f.print`export const ${tableName(module)}: readonly ${desc}[] = [`;
  f.indent(() => {
    for (const c of cmds) {
      f.print("{");
      f.indent(() => {
        f.print`name: ${str(c.name)},`;
        f.print`allowOob: ${String(c.allowOob)},`;
        f.print`allowPreconfig: ${String(c.allowPreconfig)},`;
        f.print`successResponse: ${String(c.successResponse)},`;
        f.print`coroutine: ${String(c.coroutine)},`;
        f.print`gen: ${String(c.gen)},`;
        f.print(`features: [${c.features.filter((x) => ctx.present(x)).map((x) => quoteString(x.name)).join(", ")}],`);
        const validator = argsValidator(f, ctx, names, c);
        // Too long for the line: prettier puts the value on the next one.
        const width = "    validateArgs: ".length + (c.argType && c.gen ? names.validator(c.argType).name.length : 4) + 1;
        if (width <= 80) f.print("validateArgs: ", validator, ",");
        else {
          f.print("validateArgs:");
          f.indent(() => f.print(validator, ","));
        }
      });
      f.print("},");
    }
  });
  f.print("];");
  return f;
}

function dispatchFile(ctx: GenContext, modules: readonly string[]): GeneratedFile {
  const f = new GeneratedFile(ctx.topPath("dispatch.ts"), { source: ctx.opts.schemaPath });
  const commands = f.import("Commands", `./${ctx.topPath("maps.ts")}`, { typeOnly: true });
  const qmpContext = f.import("QmpContext", ctx.runtimeModule("dispatch-types"), { typeOnly: true });
  const qmpDispatcher = f.import("QmpDispatcher", ctx.runtimeModule("dispatch-types"), { typeOnly: true });
  const descriptorT = f.import("CommandDescriptor", ctx.runtimeModule("dispatcher"), { typeOnly: true });
  const options = f.import("DispatcherOptions", ctx.runtimeModule("dispatcher"), { typeOnly: true });
  const dispatcher = f.import("Dispatcher", ctx.runtimeModule("dispatcher"));
  const tables = modules.map((m) => f.import(tableName(m), `./${ctx.modulePath("commands", m)}`));

  f.print("/** A command's handler: validated arguments in, its result out. */");
  f.print`export type CommandHandler<K extends keyof ${commands}> = (`;
  f.indent(() => {
    f.print`args: ${commands}[K]["args"],`;
    f.print`ctx: ${qmpContext},`;
  });
  f.print`) => ${commands}[K]["ret"] | Promise<${commands}[K]["ret"]>;`;
  f.print();
  f.print("/** One handler per command of the schema, keyed by the command's wire name. */");
  f.print`export type CommandHandlers = { [K in keyof ${commands}]: CommandHandler<K> };`;
  f.print();
  f.print("/** Every command's descriptor, by wire name. */");
  f.print`export const COMMAND_TABLE: ReadonlyMap<string, ${descriptorT}> = new Map(`;
  f.indent(() => {
    if (tables.length === 0) {
      f.print("[],");
    } else {
      // Flat when it fits (a schema of one or two modules), as prettier prints it.
      f.print(list("[", tables.map((t) => ["...", t]), "]"), ".map((d) => [d.name, d]),");
    }
  });
  f.print(");");
  f.print();
  f.print("/**");
  f.print(" * A dispatcher for the runtime's QMP server: validates arguments as QEMU's");
  f.print(" * input visitor does, applies the compat policy, calls the handler.");
  f.print(" */");
  const factory = (fn: string, handlersType: string): void => {
    f.print`export function ${fn}(`;
    f.indent(() => {
      f.print`handlers: ${handlersType},`;
      f.print`options?: ${options},`;
    });
    f.print`): ${qmpDispatcher} {`;
    f.indent(() => f.print`return new ${dispatcher}(COMMAND_TABLE, handlers, options);`);
    f.print("}");
  };
  factory("createDispatcher", "CommandHandlers");
  f.print();
  f.print("/** Like createDispatcher, for servers that implement only some commands. */");
  factory("createPartialDispatcher", "Partial<CommandHandlers>");
  return f;
}

export const dispatchBackend: Backend = {
  name: "dispatch",
  generate(schema: QAPISchema, out: OutputSet, ctx: GenContext): void {
    const names = schemaNames(schema);
    const byModule = new Map<string, QAPISchemaCommand[]>();
    for (const { module, entity } of schema.walk()) {
      if (entity.kind !== "command" || !ctx.present(entity)) continue;
      byModule.set(module.name, [...(byModule.get(module.name) ?? []), entity]);
    }
    for (const [m, cmds] of byModule) out.addFile(moduleTable(ctx, names, m, cmds));
    out.addFile(dispatchFile(ctx, [...byModule.keys()]));
  },
};
