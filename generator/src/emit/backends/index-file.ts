// maps.ts (the Commands and Events maps, written by the types backend) and
// index.ts (the "index" backend, which must run last: it re-exports every
// TypeScript file the other backends put into the OutputSet).
//
// The maps are what generic, fully typed APIs are built on (the runtime's
// QmpClient<Commands, Events>, dispatch's CommandHandlers):
//   Commands[name] = { args: A; ret: R }
//     A: the argument type (implicit q_obj_NAME-arg, a named struct, or the
//        boxed type); Record<string, never> when the command takes none.
//     R: the 'returns' type; Record<string, never> when the command returns
//        nothing (QMP answers {"return": {}}).
//   Events[name] = the data type, or undefined for events without data.

import type { QAPISchemaCommand, QAPISchemaEvent } from "../../model/entities.js";
import type { QAPISchema } from "../../model/schema.js";
import type { Backend, GenContext } from "../backend.js";
import { compactJsDoc, definitionJsDoc } from "../jsdoc.js";
import type { OutputSet } from "../output-set.js";
import { GeneratedFile, list, moduleSpecifier, str, type Printable } from "../printer.js";
import { schemaNames } from "../schema-names.js";
import { propertyKey, quoteString } from "../ts-names.js";
import { typeRef } from "../type-ref.js";
import { frozenArrayConst } from "./types/layout.js";

/** The root module's name, for the header of top-level files. */
function rootModuleName(schema: QAPISchema): string {
  return schema.modules.find((m) => !m.name.startsWith("./"))?.name ?? schema.fname;
}

/** maps.ts: Commands, Events, COMMAND_NAMES, EVENT_NAMES. */
export function generateMaps(schema: QAPISchema, ctx: GenContext): GeneratedFile {
  const f = new GeneratedFile(ctx.topPath("maps.ts"), { source: rootModuleName(schema) });
  const commands: QAPISchemaCommand[] = [];
  const events: QAPISchemaEvent[] = [];
  for (const { entity } of schema.walk()) {
    if (!("name" in entity) || !ctx.present(entity)) continue;
    if (entity.kind === "command") commands.push(entity);
    else if (entity.kind === "event") events.push(entity);
  }
  const names = schemaNames(schema);
  const noneType = "Record<string, never>";

  f.print(
    compactJsDoc([
      "Every command of the schema: wire name -> `{ args; ret }`.",
      "",
      `\`args\` is \`${noneType}\` for commands without arguments; \`ret\` is`,
      `\`${noneType}\` for commands that return nothing (\`{}\` on the wire).`,
    ]),
  );
  f.block([f.export("interface", "Commands"), " {"], () => {
    for (const c of commands) {
      const args: Printable[] = c.argType && !isEmptyImplicit(c) ? typeRef(f, ctx, names, c.argType) : [noneType];
      const ret: Printable[] = c.retType ? typeRef(f, ctx, names, c.retType) : [noneType];
      f.print();
      f.print(definitionJsDoc(c, ctx).build());
      f.print(propertyKey(c.name), ": ", list("{", [["args: ", args], ["ret: ", ret]], "}", ";"), ";");
    }
  });
  f.print();
  f.print(compactJsDoc(["Every event of the schema: name -> data (undefined: the event has none)."]));
  f.block([f.export("interface", "Events"), " {"], () => {
    for (const e of events) {
      const data: Printable[] = e.argType && !isEmptyImplicit(e) ? typeRef(f, ctx, names, e.argType) : ["undefined"];
      f.print();
      f.print(definitionJsDoc(e, ctx).build());
      f.print(propertyKey(e.name), ": ", data, ";");
    }
  });
  f.print();
  f.print(compactJsDoc(["Every command name, in schema order."]));
  nameList(f, "COMMAND_NAMES", commands.map((c) => c.name));
  f.print();
  f.print(compactJsDoc(["Every event name, in schema order."]));
  nameList(f, "EVENT_NAMES", events.map((e) => e.name));
  return f;
}

// An implicit argument type without members ('data': {}) means no arguments.
function isEmptyImplicit(d: QAPISchemaCommand | QAPISchemaEvent): boolean {
  return d.argType !== null && d.argType.isImplicit() && d.argType.isEmpty();
}

function nameList(f: GeneratedFile, name: string, values: readonly string[]): void {
  frozenArrayConst(f, f.export("const", name), name, values.map(str));
}

// ---------------------------------------------------------------------------
// index.ts

/** Runs last: re-exports every TypeScript file already in the OutputSet. */
export const indexBackend: Backend = {
  name: "index",
  generate(schema: QAPISchema, out: OutputSet, ctx: GenContext): void {
    out.add(ctx.topPath("index.ts"), generateIndex(schema, out, ctx));
  },
};

interface FileExports {
  readonly path: string;
  /** Declared export names (null: the file re-exports with `export *`, names unknown). */
  readonly names: ReadonlyMap<string, boolean> | null;
}

const EXPORT_DECL =
  /^export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(const|let|var|function\*?|class|abstract\s+class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gmu;

/** Exported names of a generated file -> true if type-only. */
function exportedNames(text: string): Map<string, boolean> | null {
  if (/^export\s+\*/mu.test(text) || /^export\s*(type\s*)?\{/mu.test(text)) return null;
  const out = new Map<string, boolean>();
  for (const m of text.matchAll(EXPORT_DECL)) {
    const kind = m[1]!;
    out.set(m[2]!, kind === "interface" || kind === "type");
  }
  return out;
}

/**
 * index.ts text: `export * from` every file, except where two files export
 * the same name: the file listed first (path order) keeps it, later files
 * are re-exported by an explicit list without it (TypeScript rejects
 * ambiguous `export *` names).
 */
export function generateIndex(schema: QAPISchema, out: OutputSet, ctx: GenContext): string {
  const indexPath = ctx.topPath("index.ts");
  const files: FileExports[] = out
    .paths()
    .filter((p) => p !== indexPath && /\.ts$/u.test(p) && !p.endsWith(".d.ts"))
    .map((p) => ({ path: p, names: exportedNames(out.get(p)!) }));
  const f = new GeneratedFile(indexPath, { source: rootModuleName(schema) });
  f.print("// Everything generated from the schema, re-exported.");
  const seen = new Set<string>();
  for (const file of files) {
    const spec = quoteString(moduleSpecifier(`./${file.path}`, indexPath));
    const names = file.names ? [...file.names] : null;
    const clash = names?.some(([n]) => seen.has(n)) ?? false;
    if (!names || !clash) {
      names?.forEach(([n]) => seen.add(n));
      f.print(`export * from ${spec};`);
      continue;
    }
    const kept = names.filter(([n]) => !seen.has(n));
    kept.forEach(([n]) => seen.add(n));
    if (kept.length > 0) f.print(exportList(kept, spec));
  }
  return f.content();
}

function exportList(names: readonly [string, boolean][], spec: string): string {
  const allTypes = names.every(([, t]) => t);
  const parts = names.map(([n, t]) => (t && !allTypes ? `type ${n}` : n));
  const keyword = allTypes ? "export type" : "export";
  const oneLine = `${keyword} { ${parts.join(", ")} } from ${spec};`;
  // Prettier never breaks a list of one specifier, however long
  if (oneLine.length <= 80 || parts.length === 1) return oneLine;
  return `${keyword} {\n${parts.map((p) => `  ${p},`).join("\n")}\n} from ${spec};`;
}
