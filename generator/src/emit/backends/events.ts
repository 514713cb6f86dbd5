// Events: per module, a name constant and a typed emitter for each event
// (events/M.ts), mirroring QEMU's qapi_event_send_* functions
// (scripts/qapi/events.py).  Payload types come from maps.ts's `Events`.

import type { QAPISchemaEvent } from "../../model/entities.js";
import type { QAPISchema } from "../../model/schema.js";
import type { Backend, GenContext } from "../backend.js";
import { docSummary } from "../doc-text.js";
import type { OutputSet } from "../output-set.js";
import { GeneratedFile, jsDoc, list, str, type Printable } from "../printer.js";
import { schemaNames, type SchemaNames } from "../schema-names.js";

function hasData(e: QAPISchemaEvent): boolean {
  const t = e.argType;
  return t !== null && !(t.kind === "object" && t.isEmpty() && !t.branches);
}

function printEvent(f: GeneratedFile, ctx: GenContext, names: SchemaNames, e: QAPISchemaEvent): void {
  const events = f.import("Events", `./${ctx.topPath("maps.ts")}`, { typeOnly: true });
  const sink = f.import("EventSink", ctx.runtimeModule("events"), { typeOnly: true });
  const constant = names.event(e.name).name;
  const summary = docSummary(e.doc);
  const cond = ctx.recordedCondition(e);
  const deprecated = e.features.some((x) => x.name === "deprecated");
  f.print(jsDoc([`The name of event ${e.name}.`, ...(cond ? [`Only in builds where: ${cond}.`] : [])]));
  f.print`export const ${constant} = ${str(e.name)};`;
  f.print();
  f.print(
    jsDoc([
      `Emits ${e.name}${summary ? `: ${summary}` : "."}`,
      ...(deprecated ? ["", "@deprecated This event is deprecated in the schema."] : []),
    ]),
  );
  const fn = names.emitter(e.name).name;
  const params: Printable[] = [["sink: ", sink]];
  if (hasData(e)) params.push(["data: ", events, "[", str(e.name), "]"]);
  f.print("export function ", fn, list("(", params, ")"), ": void {");
  f.indent(() => f.print(hasData(e) ? `sink.emitEvent(${constant}, data);` : `sink.emitEvent(${constant});`));
  f.print("}");
}

export const eventsBackend: Backend = {
  name: "events",
  generate(schema: QAPISchema, out: OutputSet, ctx: GenContext): void {
    const names = schemaNames(schema);
    const files = new Map<string, GeneratedFile>();
    for (const { module, entity } of schema.walk()) {
      if (entity.kind !== "event" || !ctx.present(entity)) continue;
      const m = module.name;
      let f = files.get(m);
      if (f) {
        f.print();
      } else {
        f = new GeneratedFile(ctx.modulePath("events", m), { source: m });
        files.set(m, f);
      }
      printEvent(f, ctx, names, entity);
    }
    for (const f of files.values()) out.addFile(f);
  },
};
