// The docs backend's view of a schema: pages (one per module) of headings,
// free-form prose and definition sections, with everything the renderers
// print already decided (order, tables, links, conditions, features).
//
// Order follows QEMU's doc generator (docs/sphinx/qapidoc.py): doc
// comments in source order, free-form blocks as headings and text, each
// documented definition with its doc's sections in textual order, the
// member table where its first member description stands.  Implicit
// argument types (q_obj_*-arg) are inlined into their command or event, as
// QEMU's docs do.  Definitions without a doc comment (QEMU 7.2 schemas
// allow that) follow their module's documented ones, so every definition
// has a section to link to.

import { Kind, type QAPIDoc, type Section } from "../../../doc/qapidoc.js";
import type {
  QAPISchemaAlternateType,
  QAPISchemaDefinition,
  QAPISchemaEnumType,
  QAPISchemaObjectType,
  QAPISchemaType,
} from "../../../model/entities.js";
import type { QAPISchemaFeature, QAPISchemaMember } from "../../../model/members.js";
import type { QAPISchema } from "../../../model/schema.js";
import { moduleBaseName, type GenContext } from "../../backend.js";
import { codeLines, parseDocText, plainText, type Block, type Inline } from "./doc-tree.js";

/** A type as shown in a table: its name, and the definition to link to. */
export interface TypeLink {
  readonly name: string;
  /** Name of a definition with a section, or null (built-ins). */
  readonly target: string | null;
  readonly array: boolean;
}

export interface Row {
  /** The member, value, feature or alternative; null for "members of" rows. */
  readonly name: string | null;
  /** Text before the type for rows without a name ("The members of"). */
  readonly lead: readonly Inline[];
  readonly type: TypeLink | null;
  readonly optional: boolean;
  readonly desc: readonly Block[];
  readonly cond: string | null;
  readonly features: readonly string[];
}

export interface Table {
  readonly title: string;
  readonly kind: "members" | "values" | "features";
  readonly rows: readonly Row[];
}

export type Part =
  | { readonly t: "blocks"; readonly blocks: readonly Block[] }
  | { readonly t: "table"; readonly table: Table }
  | { readonly t: "section"; readonly title: string; readonly type: TypeLink | null; readonly blocks: readonly Block[] }
  | { readonly t: "example"; readonly title: readonly Inline[]; readonly blocks: readonly Block[] };

export interface DefView {
  readonly name: string;
  readonly id: string;
  readonly kind: "Command" | "Event" | "Struct" | "Union" | "Alternate" | "Enum";
  readonly cond: string | null;
  readonly deprecated: readonly Block[] | null;
  readonly unstable: readonly Block[] | null;
  readonly since: string | null;
  /** First paragraph as plain text (index, search). */
  readonly summary: string;
  readonly parts: readonly Part[];
}

export type PageItem =
  | { readonly t: "heading"; readonly level: number; readonly id: string; readonly c: readonly Inline[] }
  | { readonly t: "prose"; readonly blocks: readonly Block[] }
  | { readonly t: "def"; readonly def: DefView };

export interface Page {
  /** Module base name ("job", "sub/x"): the Markdown file is docs/<base>.md. */
  readonly base: string;
  /** The module as named by the schema (for headers). */
  readonly source: string;
  readonly id: string;
  readonly items: readonly PageItem[];
}

export interface DocsModel {
  readonly pages: readonly Page[];
  /** Definition name -> module base of the page that documents it. */
  readonly homes: ReadonlyMap<string, string>;
}

export function defId(name: string): string {
  return `def-${name}`;
}

export function moduleId(base: string): string {
  return `mod-${base}`;
}

/** Builds the pages of every module that documents something. */
export function buildDocsModel(schema: QAPISchema, ctx: GenContext): DocsModel {
  return new ModelBuilder(schema, ctx).build();
}

class ModelBuilder {
  private readonly homes = new Map<string, string>();
  private readonly items = new Map<string, PageItem[]>();
  private readonly sources = new Map<string, string>();
  private headingCount = 0;

  constructor(
    private readonly schema: QAPISchema,
    private readonly ctx: GenContext,
  ) {}

  build(): DocsModel {
    // First pass: which definitions get a section, and on which page.
    const documented: QAPISchemaDefinition[] = [];
    for (const { module, entity } of this.schema.walk()) {
      if (entity.kind === "include" || entity.kind === "builtin" || entity.kind === "array") continue;
      if (entity.isImplicit() || !this.ctx.present(entity)) continue;
      const base = moduleBaseName(module);
      this.homes.set(entity.name, base);
      this.sources.set(base, module.name);
      documented.push(entity);
    }
    const done = new Set<string>();
    const seen = new Set<QAPIDoc>();
    for (const top of this.schema.docs) {
      for (const doc of top.parts()) {
        if (seen.has(doc)) continue; // a 7.2 block listed both flat and split
        seen.add(doc);
        this.addDoc(doc, done);
      }
    }
    for (const defn of documented) {
      if (!done.has(defn.name)) this.page(this.homes.get(defn.name)!).push({ t: "def", def: this.definition(defn, null) });
    }
    const pages: Page[] = [];
    for (const module of this.schema.modules) {
      const base = moduleBaseName(module);
      const items = this.items.get(base);
      if (items && items.some((x) => x.t === "def" || x.t === "prose" || x.t === "heading")) {
        pages.push({ base, source: this.sources.get(base) ?? module.name, id: moduleId(base), items });
      }
    }
    return { pages, homes: this.homes };
  }

  private page(base: string): PageItem[] {
    let items = this.items.get(base);
    if (!items) this.items.set(base, (items = []));
    return items;
  }

  private addDoc(doc: QAPIDoc, done: Set<string>): void {
    if (doc.symbol === null) {
      const module = this.schema.moduleByFname(doc.info.fname);
      const base = moduleBaseName(module);
      this.sources.set(base, module.name);
      this.freeForm(this.page(base), doc);
      return;
    }
    const defn = this.schema.lookupEntity(doc.symbol);
    if (!defn || !this.homes.has(defn.name) || done.has(defn.name)) return;
    done.add(defn.name);
    this.page(this.homes.get(defn.name)!).push({ t: "def", def: this.definition(defn, doc) });
  }

  /** A free-form block: `= Heading` lines become page headings. */
  private freeForm(items: PageItem[], doc: QAPIDoc): void {
    let prose: Block[] = [];
    const flush = () => {
      if (prose.length > 0) items.push({ t: "prose", blocks: prose });
      prose = [];
    };
    for (const s of doc.allSections) {
      for (const b of parseDocText(s.text)) {
        if (b.t === "heading") {
          flush();
          items.push({ t: "heading", level: b.level, id: `sec-${++this.headingCount}`, c: b.c });
        } else {
          prose.push(b);
        }
      }
    }
    flush();
  }

  // --- definitions ----------------------------------------------------------

  private definition(defn: QAPISchemaDefinition, doc: QAPIDoc | null): DefView {
    const parts: Part[] = [];
    const members = this.memberTable(defn, doc);
    const features = this.featureTable(defn.features, doc);
    let membersPlaced = members === null;
    let featuresPlaced = features === null;
    const placeMembers = () => {
      if (!membersPlaced) parts.push({ t: "table", table: members! });
      membersPlaced = true;
    };
    let since: string | null = null;
    let summary = "";
    const sections = doc ? doc.allSections : [];
    // Without member descriptions (a boxed or named argument type, or an
    // undocumented 7.2 definition) the table follows the body.
    const tableAfterBody = !sections.some((s) => s.kind === Kind.MEMBER);
    for (const s of sections) {
      if (tableAfterBody && s !== doc?.body) placeMembers();
      switch (s.kind) {
        case Kind.PLAIN: {
          const blocks = parseDocText(s.text);
          if (s === doc?.body) summary = summaryOf(blocks);
          if (blocks.length > 0) parts.push({ t: "blocks", blocks });
          break;
        }
        case Kind.MEMBER:
          placeMembers();
          break;
        case Kind.FEATURE:
          placeMembers();
          if (!featuresPlaced) parts.push({ t: "table", table: features! });
          featuresPlaced = true;
          break;
        case Kind.RETURNS:
          placeMembers();
          parts.push(this.returns(defn, s));
          break;
        case Kind.ERRORS:
        case Kind.NOTE:
          parts.push({ t: "section", title: s.tag ?? s.kind, type: null, blocks: parseDocText(s.text, { dedent: true }) });
          break;
        case Kind.SINCE:
          since = oneLine(s.text);
          break;
        case Kind.EXAMPLE:
          parts.push({ t: "example", title: [], blocks: [{ t: "code", lines: codeLines(s.text) }] });
          break;
        case Kind.TODO:
          break; // QEMU's docs leave TODOs out too
      }
    }
    placeMembers();
    if (!featuresPlaced) parts.push({ t: "table", table: features! });
    if (defn.kind === "command" && defn.retType && !doc?.returns) {
      parts.push({ t: "section", title: "Returns", type: this.typeLink(defn.retType), blocks: [] });
    }
    return {
      name: defn.name,
      id: defId(defn.name),
      kind: kindLabel(defn),
      cond: this.ctx.recordedCondition(defn),
      deprecated: this.special(defn.features, "deprecated", doc),
      unstable: this.special(defn.features, "unstable", doc),
      since,
      summary,
      parts,
    };
  }

  private returns(defn: QAPISchemaDefinition, s: Section): Part {
    const type = defn.kind === "command" && defn.retType ? this.typeLink(defn.retType) : null;
    return { t: "section", title: s.tag ?? "Returns", type, blocks: parseDocText(s.text, { dedent: true }) };
  }

  private special(features: readonly QAPISchemaFeature[], name: string, doc: QAPIDoc | null): Block[] | null {
    const f = features.find((x) => x.name === name && this.ctx.present(x));
    if (!f) return null;
    return parseDocText(doc?.features.get(name)?.text ?? "", { dedent: true });
  }

  private memberTable(defn: QAPISchemaDefinition, doc: QAPIDoc | null): Table | null {
    switch (defn.kind) {
      case "command":
      case "event": {
        const title = defn.kind === "command" ? "Arguments" : "Data";
        const arg = defn.argType;
        if (!arg) return null;
        const rows = arg.isImplicit() ? this.memberRows(arg.members, doc) : [this.membersOf(arg)];
        return rows.length > 0 ? { title, kind: "members", rows } : null;
      }
      case "object":
        return this.objectTable(defn, doc);
      case "alternate":
        return this.alternateTable(defn, doc);
      case "enum":
        return this.enumTable(defn, doc);
      default:
        return null;
    }
  }

  private objectTable(type: QAPISchemaObjectType, doc: QAPIDoc | null): Table | null {
    const rows: Row[] = [];
    const base = type.base;
    if (base && !base.isImplicit()) {
      rows.push(this.membersOf(base));
      rows.push(...this.memberRows(type.localMembers, doc));
    } else {
      rows.push(...this.memberRows(type.members, doc));
    }
    const branches = type.branches;
    if (branches) {
      const tag = branches.tagMember.name;
      for (const v of branches.variants) {
        if (v.type.name === "q_empty" || !this.ctx.present(v)) continue;
        const lead: Inline[] = [
          { t: "text", v: "When " },
          { t: "code", v: tag },
          { t: "text", v: " is " },
          { t: "code", v: v.name },
          { t: "text", v: ": the members of" },
        ];
        rows.push({ ...this.membersOf(v.type as QAPISchemaObjectType), lead, cond: this.ctx.recordedCondition(v) });
      }
    }
    return rows.length > 0 ? { title: "Members", kind: "members", rows } : null;
  }

  private alternateTable(type: QAPISchemaAlternateType, doc: QAPIDoc | null): Table {
    const rows = type.alternatives.variants
      .filter((v) => this.ctx.present(v))
      .map((v) => this.row(v, doc, this.typeLink(v.type), false, []));
    return { title: "Alternatives", kind: "members", rows };
  }

  private enumTable(type: QAPISchemaEnumType, doc: QAPIDoc | null): Table {
    const rows = type.members.filter((m) => this.ctx.present(m)).map((m) => this.row(m, doc, null, false, m.features));
    return { title: "Values", kind: "values", rows };
  }

  private featureTable(features: readonly QAPISchemaFeature[], doc: QAPIDoc | null): Table | null {
    const rows = features.filter((f) => this.ctx.present(f)).map((f) => this.row(f, doc, null, false, [], "features"));
    return rows.length > 0 ? { title: "Features", kind: "features", rows } : null;
  }

  private memberRows(
    members: readonly (QAPISchemaMember & {
      readonly type: QAPISchemaType;
      readonly optional: boolean;
      readonly features: readonly QAPISchemaFeature[];
    })[],
    doc: QAPIDoc | null,
  ): Row[] {
    return members.filter((m) => this.ctx.present(m)).map((m) => this.row(m, doc, this.typeLink(m.type), m.optional, m.features));
  }

  private row(
    m: QAPISchemaMember,
    doc: QAPIDoc | null,
    type: TypeLink | null,
    optional: boolean,
    features: readonly QAPISchemaFeature[],
    from: "args" | "features" = "args",
  ): Row {
    const text = doc?.[from].get(m.name)?.text ?? "";
    return {
      name: m.name,
      lead: [],
      type,
      optional,
      desc: parseDocText(text, { dedent: true }),
      cond: this.ctx.recordedCondition(m),
      features: features.filter((f) => this.ctx.present(f)).map((f) => f.name),
    };
  }

  private membersOf(type: QAPISchemaObjectType): Row {
    return {
      name: null,
      lead: [{ t: "text", v: "The members of" }],
      type: this.typeLink(type),
      optional: false,
      desc: [],
      cond: null,
      features: [],
    };
  }

  typeLink(type: QAPISchemaType): TypeLink {
    if (type.kind === "array") return { ...this.typeLink(type.elementType), array: true };
    return { name: type.name, target: this.homes.has(type.name) ? type.name : null, array: false };
  }
}

function kindLabel(defn: QAPISchemaDefinition): DefView["kind"] {
  switch (defn.kind) {
    case "command":
      return "Command";
    case "event":
      return "Event";
    case "enum":
      return "Enum";
    case "alternate":
      return "Alternate";
    default:
      return defn.kind === "object" && defn.branches ? "Union" : "Struct";
  }
}

/** The first paragraph as one line of plain text. */
function summaryOf(blocks: readonly Block[]): string {
  const first = blocks.find((b) => b.t === "p");
  return first && first.t === "p" ? plainText(first.c).replace(/\s+/gu, " ").trim() : "";
}

function oneLine(text: string): string {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .join(" ");
}

