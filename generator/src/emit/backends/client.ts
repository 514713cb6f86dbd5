// The typed QMP client: the hand-written runtime client
// (runtime/src/client) instantiated with this schema's Commands and Events
// maps, so `client.execute("snapshot-save", {...})`, `client.on(...)` and
// `client.runJob(...)` are checked against the schema.

import type { QAPISchema } from "../../model/schema.js";
import type { Backend, GenContext } from "../backend.js";
import type { OutputSet } from "../output-set.js";
import { GeneratedFile } from "../printer.js";

function clientFile(ctx: GenContext): GeneratedFile {
  const f = new GeneratedFile(ctx.topPath("client.ts"), { source: ctx.opts.schemaPath });
  const mod = ctx.runtimeClientModule();
  const maps = `./${ctx.topPath("maps.ts")}`;
  const commands = f.import("Commands", maps, { typeOnly: true });
  const events = f.import("Events", maps, { typeOnly: true });
  const qmpClient = f.import("QmpClient", mod);
  const options = f.import("QmpClientOptions", mod, { typeOnly: true });
  const transport = f.import("Transport", mod, { typeOnly: true });
  const connectOptions = f.import("ConnectOptions", mod, { typeOnly: true });
  const connectUnix = f.import("connectUnix", mod);
  const connectTcp = f.import("connectTcp", mod);

  f.print("/** A QMP client typed by this schema's commands and events. */");
  f.print`export type Client = ${qmpClient}<${commands}, ${events}>;`;
  f.print();
  f.print("/** Negotiates capabilities on `transport` and returns a typed client. */");
  f.print`export function connectClient(`;
  f.indent(() => {
    f.print`transport: ${transport},`;
    f.print`options?: ${options},`;
  });
  f.print("): Promise<Client> {");
  f.indent(() => f.print`return ${qmpClient}.connect<${commands}, ${events}>(transport, options);`);
  f.print("}");
  f.print();
  f.print("/** Connects to a QMP Unix socket (e.g. `-qmp unix:PATH,server=on`). */");
  f.print`export async function connectUnixClient(`;
  f.indent(() => {
    f.print("path: string,");
    f.print`options?: ${options},`;
    f.print`connect?: ${connectOptions},`;
  });
  f.print("): Promise<Client> {");
  f.indent(() => f.print`return connectClient(await ${connectUnix}(path, connect), options);`);
  f.print("}");
  f.print();
  f.print("/** Connects to a QMP TCP socket (e.g. `-qmp tcp:HOST:PORT,server=on`). */");
  f.print`export async function connectTcpClient(`;
  f.indent(() => {
    f.print("host: string,");
    f.print("port: number,");
    f.print`options?: ${options},`;
    f.print`connect?: ${connectOptions},`;
  });
  f.print("): Promise<Client> {");
  f.indent(() => f.print`return connectClient(await ${connectTcp}(host, port, connect), options);`);
  f.print("}");
  return f;
}

export const clientBackend: Backend = {
  name: "client",
  generate(_schema: QAPISchema, out: OutputSet, ctx: GenContext): void {
    out.addFile(clientFile(ctx));
  },
};
