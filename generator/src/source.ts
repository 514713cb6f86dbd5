// Source locations and pragma state, mirroring scripts/qapi/source.py.
//
// A QAPISourceInfo names a file, a line and the chain of files that included
// it.  It is copied (never mutated in place) when the lexer moves to another
// line, so every expression keeps the location it was read at.  The pragma
// object is shared by every info of one include tree, as in QEMU: a pragma
// set in one file applies to everything parsed after it.

/** Pragmas set by `{ 'pragma': {...} }` directives. */
export class QAPISchemaPragma {
  /** Are documentation comments required? */
  docRequired = false;
  /** Commands whose names may use '_'. */
  commandNameExceptions: string[] = [];
  /** Commands allowed to return a non-dictionary. */
  commandReturnsExceptions: string[] = [];
  /** Types, commands, and events with undocumented members. */
  documentationExceptions: string[] = [];
  /** Types whose member names may violate case conventions. */
  memberNameExceptions: string[] = [];
}

// The hot classes of the front end declare their fields (`declare`) and
// assign them in the constructor, in the order they used to be declared:
// with ES2022 class-field semantics each field is defined like
// Object.defineProperty(), which made constructing these objects (one per
// line, section, member...) several times slower.
export class QAPISourceInfo {
  declare fname: string;
  declare line: number;
  declare readonly parent: QAPISourceInfo | null;
  declare pragma: QAPISchemaPragma;
  declare defnMeta: string | null;
  declare defnName: string | null;

  constructor(fname: string, parent: QAPISourceInfo | null, pragma?: QAPISchemaPragma) {
    this.fname = fname;
    this.line = 1;
    this.parent = parent;
    this.pragma = pragma ?? (parent ? parent.pragma : new QAPISchemaPragma());
    this.defnMeta = null;
    this.defnName = null;
  }

  setDefn(meta: string, name: string): void {
    this.defnMeta = meta;
    this.defnName = name;
  }

  /** A copy of this info, `n` lines further down (QEMU's next_line()). */
  nextLine(n = 1): QAPISourceInfo {
    return this.atLine(this.line + n);
  }

  /** A copy of this info at an absolute line number. */
  atLine(line: number): QAPISourceInfo {
    // (A constructor call and plain stores: much cheaper than
    // Object.create() + Object.assign() on the lexer's hot path.)
    const info = new QAPISourceInfo(this.fname, this.parent, this.pragma);
    info.line = line;
    info.defnMeta = this.defnMeta;
    info.defnName = this.defnName;
    return info;
  }

  loc(): string {
    return `${this.fname}:${this.line}`;
  }

  inDefn(): string {
    if (this.defnName) {
      return `${this.fname}: In ${this.defnMeta} '${this.defnName}':\n`;
    }
    return "";
  }

  includePath(): string {
    let ret = "";
    for (let parent = this.parent; parent; parent = parent.parent) {
      ret = `In file included from ${parent.loc()}:\n` + ret;
    }
    return ret;
  }

  toString(): string {
    return this.includePath() + this.inDefn() + this.loc();
  }
}
