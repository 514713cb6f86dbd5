// The data model of one documentation comment block, mirroring class QAPIDoc
// of QEMU 10.0's scripts/qapi/parser.py.
//
// Both doc-comment dialects fill this model: get-doc.ts (QEMU 10.0 rules)
// and legacy.ts (QEMU 7.2 rules).  The two differ in which section kinds
// exist and in a few checks done after parsing (connectMember, checkExpr,
// check), so a doc remembers which dialect produced it in `legacy`.

import { QAPISemError } from "../error.js";
import type { QAPISourceInfo } from "../source.js";
import type { QAPIExpression } from "../syntax/expression.js";
import { youngArray } from "../young.js";
import { stripNewlines } from "./pytext.js";

/**
 * Section kinds.  The values are QEMU's str(QAPIDoc.Kind.X), i.e. the name
 * in title case, which is what error messages and test dumps print.
 * EXAMPLE and NOTE exist only in legacy (QEMU 7.2) docs, where `Example:`,
 * `Examples:`, `Note:` and `Notes:` were section tags; QEMU 10.0 rejects
 * those tags, so a 10.0-mode doc never contains them.
 */
export enum Kind {
  PLAIN = "Plain",
  MEMBER = "Member",
  FEATURE = "Feature",
  RETURNS = "Returns",
  ERRORS = "Errors",
  SINCE = "Since",
  TODO = "Todo",
  EXAMPLE = "Example",
  NOTE = "Note",
}

/** QEMU's QAPIDoc.Kind.from_string(): the tag words of 10.0's sections. */
export function kindFromString(tag: string): Kind {
  switch (tag.toUpperCase()) {
    case "RETURNS":
      return Kind.RETURNS;
    case "ERRORS":
      return Kind.ERRORS;
    case "SINCE":
      return Kind.SINCE;
    case "TODO":
      return Kind.TODO;
  }
  throw new Error(`internal error: no doc section kind for '${tag}'`);
}

/** What connectFeature() needs of a schema feature (QAPISchemaFeature). */
export interface DocFeature {
  readonly name: string;
  readonly info: QAPISourceInfo | null;
}

/** What connectMember() needs of a schema member (QAPISchemaMember). */
export interface DocMember extends DocFeature {
  /** QEMU's QAPISchemaMember.role: 'member', 'value', 'branch', ... */
  readonly role: string;
}

// (Fields are `declare`d and assigned in the constructor, for speed: see
// QAPISourceInfo in ../source.ts.)
export class Section {
  /** Where the section begins. */
  declare info: QAPISourceInfo;
  declare readonly kind: Kind;
  /** The section text, without its tag. */
  declare text: string;
  /**
   * Legacy docs only: the tag exactly as QEMU 7.2 named the section
   * ('Returns', 'Notes', 'Examples', 'TODO', ...), or null for an untagged
   * section.  QEMU 7.2's test dump prints this name (None when untagged).
   * Always null in 10.0-mode docs.
   */
  declare readonly tag: string | null;

  constructor(info: QAPISourceInfo, kind: Kind, tag: string | null = null) {
    this.info = info;
    this.kind = kind;
    this.text = "";
    this.tag = tag;
  }

  appendLine(line: string): void {
    this.text += line + "\n";
  }
}

/** The description of one member or feature. */
export class ArgSection extends Section {
  declare readonly name: string;
  /** The schema member or feature described, set by QAPIDoc.connect*(). */
  declare member: DocFeature | null;

  constructor(info: QAPISourceInfo, kind: Kind, name: string) {
    super(info, kind);
    this.name = name;
    this.member = null;
  }

  connect(member: DocFeature): void {
    this.member = member;
  }
}

export class QAPIDoc {
  /** The doc comment block's first line. */
  declare readonly info: QAPISourceInfo;
  /** The documented definition's name; null for free-form documentation. */
  declare symbol: string | null;
  /** Parsed with QEMU 7.2's rules (see legacy.ts)? */
  declare readonly legacy: boolean;
  /** Every section in textual order (stub member sections inserted). */
  declare readonly allSections: Section[];
  /** The untagged section at the start. */
  declare readonly body: Section;
  /** Member descriptions by name, in the order documented. */
  declare readonly args: Map<string, ArgSection>;
  /** Feature descriptions by name. */
  declare readonly features: Map<string, ArgSection>;
  declare returns: Section | null;
  declare errors: Section | null;
  declare since: Section | null;
  /** Sections other than body, args and features. */
  declare readonly sections: Section[];
  /**
   * Legacy docs only: QEMU 7.2 splits a free-form block at each '=' heading
   * that follows text into several docs.  getDoc() returns the first and
   * lists the rest here, in order; getDocs() returns them all as a flat list
   * and leaves this empty.  Always empty for 10.0-mode docs.
   */
  declare readonly following: QAPIDoc[];

  constructor(info: QAPISourceInfo, symbol: string | null = null, legacy = false) {
    // (Fields assigned in the order declared, see Section; arrays from
    // youngArray(), see young.ts.)
    this.info = info;
    this.symbol = symbol;
    this.legacy = legacy;
    const body = new Section(info, Kind.PLAIN);
    this.allSections = youngArray();
    this.allSections.push(body);
    this.body = body;
    this.args = new Map();
    this.features = new Map();
    this.returns = null;
    this.errors = null;
    this.since = null;
    this.sections = youngArray();
    this.following = youngArray();
  }

  /** This doc and the docs QEMU 7.2 split off its block. */
  parts(): QAPIDoc[] {
    return this.following.length ? [this, ...this.following] : [this];
  }

  /**
   * Finish the doc (QEMU 10.0's QAPIDoc.end()): trim blank lines around
   * each section and demand text in every section but plain ones.  Legacy
   * docs were trimmed and checked section by section while parsing.
   */
  end(): void {
    if (this.legacy) {
      return;
    }
    for (const section of this.allSections) {
      section.text = stripNewlines(section.text);
      if (section.kind !== Kind.PLAIN && section.text === "") {
        throw new QAPISemError(section.info, `text required after '${section.kind}:'`);
      }
    }
  }

  /** Continue the current plain section with a new paragraph, or start one. */
  ensureUntaggedSection(info: QAPISourceInfo): void {
    const last = this.allSections[this.allSections.length - 1];
    if (last && last.kind === Kind.PLAIN) {
      if (!last.text) {
        // Nothing in it yet: it begins here.
        last.info = info;
      }
      last.text += "\n";
      return;
    }
    const section = new Section(info, Kind.PLAIN);
    this.sections.push(section);
    this.allSections.push(section);
  }

  newTaggedSection(info: QAPISourceInfo, kind: Kind, tag: string | null = null): Section {
    const section = new Section(info, kind, tag);
    if (kind === Kind.RETURNS) {
      this.returns = this.claimUnique(this.returns, section);
    } else if (kind === Kind.ERRORS) {
      this.errors = this.claimUnique(this.errors, section);
    } else if (kind === Kind.SINCE) {
      this.since = this.claimUnique(this.since, section);
    }
    this.sections.push(section);
    this.allSections.push(section);
    return section;
  }

  private claimUnique(existing: Section | null, section: Section): Section {
    if (existing) {
      throw new QAPISemError(section.info, `duplicated '${section.kind}' section`);
    }
    return section;
  }

  newArgument(info: QAPISourceInfo, name: string): ArgSection {
    return this.newDescription(info, name, Kind.MEMBER, this.args);
  }

  newFeature(info: QAPISourceInfo, name: string): ArgSection {
    return this.newDescription(info, name, Kind.FEATURE, this.features);
  }

  private newDescription(
    info: QAPISourceInfo,
    name: string,
    kind: Kind,
    desc: Map<string, ArgSection>,
  ): ArgSection {
    if (!name) {
      throw new QAPISemError(info, "invalid parameter name");
    }
    if (desc.has(name)) {
      throw new QAPISemError(info, `'${name}' parameter name duplicated`);
    }
    const section = new ArgSection(info, kind, name);
    this.allSections.push(section);
    desc.set(name, section);
    return section;
  }

  appendLine(line: string): void {
    this.allSections[this.allSections.length - 1]!.appendLine(line);
  }

  /**
   * Attach a schema member to its description.  An undocumented member is
   * an error in 10.0 unless the definition is listed in pragma
   * 'documentation-exceptions'; QEMU 7.2 accepted it silently.  Either way
   * it gets an empty stub description.
   */
  connectMember(member: DocMember): void {
    let section = this.args.get(member.name);
    if (!section) {
      if (!this.legacy) {
        if (!member.info) {
          throw new Error(`internal error: member '${member.name}' has no source info`);
        }
        if (!this.symbol || !member.info.pragma.documentationExceptions.includes(this.symbol)) {
          throw new QAPISemError(
            member.info,
            `${member.role} '${member.name}' lacks documentation`,
          );
        }
      }
      section = this.insertStub(member.name);
    }
    section.connect(member);
  }

  /** Insert an empty description after the documented members. */
  private insertStub(name: string): ArgSection {
    const section = new ArgSection(this.info, Kind.MEMBER, name);
    this.args.set(name, section);
    // Index 0 is the body.  QEMU 10.0 indexes past the end (and crashes)
    // when every section after the body is a member; we append instead.
    let index = 1;
    while (index < this.allSections.length && this.allSections[index]!.kind === Kind.MEMBER) {
      index++;
    }
    this.allSections.splice(index, 0, section);
    return section;
  }

  connectFeature(feature: DocFeature): void {
    const section = this.features.get(feature.name);
    if (!section) {
      throw new QAPISemError(feature.info, `feature '${feature.name}' lacks documentation`);
    }
    section.connect(feature);
  }

  /** Checks that need the definition the doc belongs to. */
  checkExpr(expr: QAPIExpression): void {
    const isCommand = expr.expr.has("command");
    if (this.legacy) {
      if (this.returns && !isCommand) {
        throw new QAPISemError(this.info, "'Returns:' is only valid for commands");
      }
      return;
    }
    if (isCommand) {
      if (this.returns && !expr.expr.has("returns")) {
        throw new QAPISemError(
          this.returns.info,
          "'Returns' section, but command doesn't return anything",
        );
      }
    } else {
      if (this.returns) {
        throw new QAPISemError(this.returns.info, "'Returns' section is only valid for commands");
      }
      if (this.errors) {
        throw new QAPISemError(this.errors.info, "'Errors' section is only valid for commands");
      }
    }
  }

  /** After connecting: every description must name a real member/feature. */
  check(): void {
    this.checkArgsSection(this.args, "member");
    this.checkArgsSection(this.features, "feature");
  }

  private checkArgsSection(args: Map<string, ArgSection>, what: string): void {
    // (values(), and no list unless something is bogus: this runs for every
    // doc, and `for (const [k, v] of map)` makes an array per entry.  A
    // section is filed under its own name.)
    let bogus: string[] | null = null;
    for (const section of args.values()) {
      if (!section.member) {
        (bogus ??= []).push(section.name);
      }
    }
    if (bogus === null) {
      return;
    }
    const many = bogus.length > 1;
    // 10.0 points at the first bogus description, 7.2 at the doc block.
    const info = this.legacy ? this.info : args.get(bogus[0]!)!.info;
    throw new QAPISemError(
      info,
      `documented ${what}${many ? "s" : ""} '${bogus.join("', '")}' ${many ? "do" : "does"} not exist`,
    );
  }
}
